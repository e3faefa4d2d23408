"""What every page uses: rendering with the session still open (render_in_transaction),
form actions in the writer's transaction with their CSRF check (form_action), the
signed-in user, form fields that must be whole numbers, and safe `back` addresses.

Pages work without JavaScript. Every form carries a CSRF token bound to the session.
A form action says what it did on the next page, is refused inside its own form on its
own page, and asks before what cannot be undone (plenary/feedback.py)."""

from __future__ import annotations

import inspect
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Match, Route

from drafting.errors import DomainError, Invalid
from plenary import accounts, feedback
from plenary.feedback import CONFIRM_FIELD, CONFIRMED, Done, Refused
from plenary.http import check_csrf, in_transaction, page_user, run
from plenary.inputs import check_form

MAX_FORM_FIELDS = 300  # the revision form lists the first page of pending amendments


class SignInRequired(DomainError):
    code = "sign_in_required"
    status = 401


def render(request: Request, name: str, context: dict, status: int = 200) -> Response:
    # base.html asks `{% if user %}` and the environment is StrictUndefined: pages shown
    # before sign-in (login, errors) would fail with "'user' is undefined" without this.
    context = {"user": None, "flash": feedback.take_flash(request), **context}
    response = request.app.state.templates.TemplateResponse(request, name, context,
                                                            status_code=status)
    feedback.clear_taken_flash(request, response)
    return response


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


REDISPLAYED = frozenset({403, 404, 409, 413, 422})  # refusals of what the form asked


async def form_action(request: Request, work, *, confirm=None, page: str = "") -> Response:
    """Check the form, run `work(session, actor, form)`; it returns where to go next, or a
    Done (where, and the message the next page shows).

    An irreversible action passes `confirm(session, actor, form) -> Confirmation`: until
    the form carries confirm=yes, the answer is a page asking for it. A refusal is shown
    on the page the form is on (its `back` field, the Referer, else `page`), inside that
    form, with what the user typed; the error page is the last resort."""
    form = await read_form(request)
    check_csrf(request, form.get("csrf"), request.app.state.settings.secret_key)

    def in_session(session):
        actor = accounts.actor_for(signed_in(request, session))
        return work(session, actor, form)

    def rehearsed(session):
        # The action is tried and rolled back (its savepoint, by the writer): a refusal
        # shows in the form at once, and only an action that would succeed is asked about.
        actor = accounts.actor_for(signed_in(request, session))
        asked = confirm(session, actor, form)
        work(session, actor, form)
        raise Rehearsed(asked)

    try:
        if confirm is not None and form.get(CONFIRM_FIELD) != CONFIRMED:
            try:
                await run(request, rehearsed)
            except Rehearsed as rehearsal:
                return await _ask(request, form, rehearsal.asked, page)
        done = await run(request, in_session)
    except DomainError as exc:
        if isinstance(exc, SignInRequired) or exc.status not in REDISPLAYED:
            raise
        return await _redisplay(request, form, exc, page)
    if not isinstance(done, Done):
        return RedirectResponse(done, status_code=303)
    response = RedirectResponse(done.url, status_code=303)
    feedback.set_flash(request, response, done.message)
    return response


def form_page(request: Request, form, default: str = "") -> str:
    """The page the form was on: its `back` field, else the Referer on this site."""
    back = back_address(form, "")
    if back:
        return back
    referer, site = request.headers.get("referer", ""), f"{request.url.scheme}://{request.url.netloc}"
    if referer.startswith(site + "/"):
        return back_address({"back": referer[len(site):]}, default)
    return default


class Rehearsed(Exception):  # noqa: N818 - not an error: the rehearsal's outcome
    """An irreversible action tried without its confirmation: it would succeed."""

    def __init__(self, asked):
        super().__init__("rehearsed")
        self.asked = asked


async def _ask(request: Request, form, asked, page: str) -> Response:
    """The confirmation page: what will happen and what cannot be undone, with the same
    fields re-posted plus confirm=yes, and a way back."""
    fields = [(k, str(v)) for k, v in form.multi_items() if k not in ("csrf", CONFIRM_FIELD)]
    cancel = form_page(request, form, page) or "/"
    if "back" not in form:  # the confirmed post's refusal shows on the page it came from
        fields.append(("back", cancel))

    def read(session):
        user = signed_in(request, session)
        return render(request, "plenary/confirm.html", {
            "user": user, "asked": asked, "fields": fields, "action": request.url.path,
            "cancel": cancel})

    return await run_in_threadpool(in_transaction, request, read)


async def _redisplay(request: Request, form, exc: DomainError, page: str) -> Response:
    target = form_page(request, form, page)
    refused = Refused(form_id=str(form.get("form", ""))[:100], message=exc.message,
                      values={k: [str(v) for v in form.getlist(k)] for k in form.keys()
                              if k not in ("csrf", CONFIRM_FIELD)},
                      field_name=getattr(exc, "field", None))
    response = await _render_get(request, target, refused) if target else None
    if response is None:
        raise exc
    response.status_code = exc.status
    response.headers.update(getattr(exc, "headers", None) or {})
    return response


async def _render_get(request: Request, target: str, refused: Refused) -> Response | None:
    """The page at `target` (a path on this site) as its GET handler renders it, with the
    refusal in request.state; None when no page answers there."""
    path, _, query = target.partition("#")[0].partition("?")
    if path.startswith("/api/") or "/document." in path:  # no page: the API, a download
        return None
    skip = {b"content-type", b"content-length", b"idempotency-key"}
    scope = {**request.scope, "method": "GET", "path": path, "raw_path": path.encode(),
             "query_string": query.encode(),
             "headers": [(k, v) for k, v in request.scope["headers"] if k not in skip]}
    for route in request.app.routes:
        if isinstance(route, Route) and inspect.iscoroutinefunction(route.endpoint):
            match, child = route.matches(scope)
            if match == Match.FULL:
                break
    else:
        return None
    scope.update(child)
    scope["state"] = {**request.scope.get("state", {}), feedback.FEEDBACK: refused}
    try:
        response = await child["endpoint"](Request(scope, request.receive))
    except DomainError:
        return None
    return response if hasattr(response, "template") else None


def whole_number(form, name: str, what: str) -> int:
    value = str(form.get(name, "")).strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 9:  # "²".isdigit() too
        raise field_error(Invalid(f"{what} must be a whole number"), name)
    return int(value)


def field_error(error: DomainError, name: str) -> DomainError:
    """The error, naming the form field it is about (the page marks that field)."""
    error.field = name
    return error


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
