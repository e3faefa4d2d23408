"""The server-rendered pages: sign in and out, the dashboard, a draft, a decision.

They work without JavaScript. Every form carries a CSRF token bound to the session.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from drafting import draft_lists
from drafting import services as drafting
from drafting.errors import DomainError, Invalid
from exports.build import decision_document
from exports.formats import DECISION_FORMATS, DECISION_FROM_RECORDS, prepare_decision
from plenary import accounts, list_queries, paging, signin
from plenary.exporting import export_response
from plenary.http import SESSION_COOKIE, check_csrf, page_user, run
from plenary.inputs import check_form
from plenary.routing import Route
from workflow import decision_lists, silence, statements
from workflow import services as workflow
from workflow.models import LANGUAGES, STATEMENT_KINDS

MAX_FORM_FIELDS = 300  # the revision form lists the first page of pending amendments
DASHBOARD_NOTICES = 10  # the latest; /notifications lists more
DASHBOARD_DECISIONS = 20  # the latest; /decisions lists them all, page by page


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


async def login_form(request: Request) -> Response:
    return render(request, "plenary/login.html", {"next": _safe_next(request), "error": None})


async def login(request: Request) -> Response:
    form = await read_form(request)
    check_csrf(request, form.get("csrf"), request.app.state.settings.secret_key)
    email, password = str(form.get("email", "")), str(form.get("password", ""))
    hours = request.app.state.settings.session_hours

    token = await signin.sign_in(request, email, password)
    if not isinstance(token, str):
        return _login_refused(request, form, email, token)
    response = RedirectResponse(_safe_next(request, form.get("next")), status_code=303)
    response.set_cookie(
        SESSION_COOKIE, token, max_age=hours * 3600, httponly=True, samesite="lax",
        secure=request.app.state.settings.https or request.url.scheme == "https",
    )
    return response


def _login_refused(request: Request, form, email: str, refused) -> Response:
    """The form again: 401 for a wrong password, 429 (with Retry-After) while paused."""
    context = {"next": _safe_next(request, form.get("next")), "error": True, "email": email,
               "refused": refused.message if refused else None}
    if refused is None:
        return render(request, "plenary/login.html", context, status=401)
    response = render(request, "plenary/login.html", context, status=429)
    response.headers["Retry-After"] = str(refused.seconds)
    return response


def _safe_next(request: Request, value=None) -> str:
    # Only a path on this site: an absolute URL here would be an open redirect.
    target = str(value if value is not None else request.query_params.get("next", "/"))
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


async def logout(request: Request) -> Response:
    form = await read_form(request)
    check_csrf(request, form.get("csrf"), request.app.state.settings.secret_key)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await run(request, lambda session: accounts.end_session(session, token))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


async def dashboard(request: Request) -> Response:
    def work(session):
        user = signed_in(request, session)
        query = list_queries.draft_query(request)
        drafts = drafting.list_drafts(session, **query)
        return {
            "user": user,
            "drafts": drafts.items, "states": query["states"],
            "draft_counts": draft_lists.counts_by_state(session),
            **paging.page_links(request, drafts, draft_lists.ORDERING),
            "decisions": decision_lists.page_of_decisions(
                session, limit=DASHBOARD_DECISIONS).items,
            "notices": drafting.notices_for_user(session, delegation_id=user.delegation_id,
                                                 role=user.role, user_id=user.id,
                                                 limit=DASHBOARD_NOTICES),
            "silences": silence.all_running(session),
        }

    return await render_in_transaction(request, "plenary/dashboard.html", work)


async def decision_page(request: Request) -> Response:
    decision_id = request.path_params["id"]

    def work(session):
        user = signed_in(request, session)
        decision = workflow.get_decision(session, decision_id)
        return {"user": user, "decision": decision, "doc": decision_document(session, decision),
                "formats": [*DECISION_FORMATS, *DECISION_FROM_RECORDS],
                **statement_form_context(session, user, decision)}

    return await render_in_transaction(request, "plenary/decision.html", work)


async def decision_download(request: Request) -> Response:
    decision_id, fmt = request.path_params["id"], request.path_params["fmt"]

    def prepare(session):
        actor = accounts.actor_for(signed_in(request, session))
        return actor, prepare_decision(session, workflow.get_decision(session, decision_id), fmt)

    return await export_response(request, fmt, prepare)


def statement_form_context(session, user, decision) -> dict:
    """What the statement forms offer: a drafter speaks only for its own delegation; the
    statements awaiting its delegation's answer; for each statement shown, only the
    actions the rules permit this user now; and who holds each group's presidency on the
    day of adoption, the one delegation that delivers the group's statement."""
    everyone = drafting.list_delegations(session)
    delegations = everyone
    if user.role == "drafter":
        delegations = [d for d in everyone if d.id == user.delegation_id]
    actor = accounts.actor_for(user)
    awaiting = statements.awaiting_for(session, decision, actor)
    actions = {s.id: [a for a in statements.ACTIONS if statements.permitted(actor, s, a)]
               for s in [*awaiting, *decision.statements]}
    return {"delegations": delegations, "all_delegations": everyone, "kinds": STATEMENT_KINDS,
            "languages": LANGUAGES, "groups": list(statements.GROUPS), "awaiting": awaiting,
            "presidencies": {group: statements.presidency_on(session, group, decision.adopted_on)
                             for group in statements.GROUPS},
            "cosigner_labels": statements.COSIGNER_LABELS,
            "actions": actions, "unconfirmed": len(statements.unconfirmed(decision))}


def login_redirect(request: Request) -> Response:
    return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)


routes = [
    Route("/", dashboard, name="dashboard"),
    Route("/login", login_form, methods=["GET"], name="login"),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"], name="logout"),
    Route("/decisions/{id:id}", decision_page, name="decision"),
    Route("/decisions/{id:id}/document.{fmt}", decision_download, name="decision_document"),
]
