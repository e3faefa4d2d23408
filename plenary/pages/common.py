"""What every page uses: rendering with the session still open (render_in_transaction),
form actions in the writer's transaction with their CSRF check (form_action), the
signed-in user, form fields that must be whole numbers, and safe `back` addresses.

Pages work without JavaScript. Every form carries a CSRF token bound to the session."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from drafting.errors import DomainError, Invalid
from plenary import accounts
from plenary.http import check_csrf, page_user, run
from plenary.inputs import check_form

MAX_FORM_FIELDS = 300  # the revision form lists the first page of pending amendments


class SignInRequired(DomainError):
    code = "sign_in_required"
    status = 401


def render(request: Request, name: str, context: dict, status: int = 200) -> Response:
    # base.html asks `{% if user %}` and the environment is StrictUndefined: pages shown
    # before sign-in (login, errors) would fail with "'user' is undefined" without this.
    context = {"user": None, **context}
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


async def render_in_transaction(request: Request, name: str, work) -> Response:
    """Run `work(session)` and render the page it returns the context of, with the session
    still open: templates follow lazy relationships (user.delegation, decision.draft,
    sponsor.delegation, decision.statements), which fail with DetachedInstanceError once
    the request's session is closed."""
    return await run(request, lambda session: render(request, name, work(session)))


MAX_FORM_PART = 200_000  # a statement's text fits; a pasted book does not


async def read_form(request: Request):
    """The submitted form, bounded, every field storable (422 naming the field otherwise:
    PostgreSQL refuses a NUL character, which a form can carry as %00)."""
    form = await request.form(max_fields=MAX_FORM_FIELDS, max_files=0,
                              max_part_size=MAX_FORM_PART)
    check_form(form)
    return form


async def form_action(request: Request, work) -> Response:
    """Check the form, run `work(session, actor, form)`; it returns where to go next."""
    form = await read_form(request)
    check_csrf(request, form.get("csrf"), request.app.state.settings.secret_key)

    def in_session(session):
        actor = accounts.actor_for(signed_in(request, session))
        return work(session, actor, form)

    return RedirectResponse(await run(request, in_session), status_code=303)


def whole_number(form, name: str, what: str) -> int:
    value = str(form.get(name, "")).strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 9:  # "²".isdigit() too
        raise Invalid(f"{what} must be a whole number")
    return int(value)


def signed_in(request: Request, session):
    user = page_user(request, session)
    if user is None:
        raise SignInRequired("sign in to continue")
    return user


def login_redirect(request: Request) -> Response:
    return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)


def back_address(form, default: str) -> str:
    """The form's own `back` field when it is a path on this site, else `default`: never
    "//elsewhere" or "/\\elsewhere", which browsers read as another host."""
    back = str(form.get("back", ""))
    if back.startswith("/") and not back.startswith("//") and "\\" not in back:
        return back
    return default
