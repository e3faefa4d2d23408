"""Signing in and out, and the signed-in user's own page: who they are, how they want their
notices by e-mail, and their API tokens (created, last used, expires), each with a revoke
button that works without JavaScript."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from plenary import accounts, notice_rules, notice_settings, signin
from plenary.feedback import Done
from plenary.http import SESSION_COOKIE, check_csrf, run
from plenary.pages.common import form_action, read_form, render, render_in_transaction, signed_in
from plenary.routing import Route


async def account_page(request: Request) -> Response:
    def work(session):
        user = signed_in(request, session)
        tokens = accounts.list_tokens(session, user)
        return {"user": user, "tokens": tokens,
                "states": {t.id: accounts.token_state(t) for t in tokens},
                "notice_email": notice_settings.preference(session, user.id).email,
                "email_settings": notice_rules.EMAIL_SETTINGS}

    return await render_in_transaction(request, "plenary/account.html", work)


async def revoke_token(request: Request) -> Response:
    token_id = request.path_params["id"]

    def work(session, actor, form):
        # Only one's own: another user's token id is "not found", not "forbidden".
        accounts.revoke_token(session, accounts.find_token(session, token_id, actor.user_id),
                              actor)
        return Done("/account", f"API token {token_id} is revoked: it no longer works")

    return await form_action(request, work)


async def set_notice_email(request: Request) -> Response:
    def work(session, actor, form):
        notice_settings.set_email(session, actor, form.get("email"))
        chosen = notice_rules.EMAIL_SETTINGS.get(str(form.get("email")), "saved")
        return Done("/account#notice-email", f"Notices by e-mail: {chosen}")

    return await form_action(request, work)


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


async def logout(request: Request) -> Response:
    form = await read_form(request)
    check_csrf(request, form.get("csrf"), request.app.state.settings.secret_key)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await run(request, lambda session: accounts.end_session(session, token))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _safe_next(request: Request, value=None) -> str:
    # Only a path on this site: an absolute URL here would be an open redirect.
    target = str(value if value is not None else request.query_params.get("next", "/"))
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


routes = [
    Route("/account", account_page, name="account"),
    Route("/account/tokens/{id:id}/revoke", revoke_token, methods=["POST"],
          name="revoke_token"),
    Route("/account/notice-email", set_notice_email, methods=["POST"], name="notice_email"),
    Route("/login", login_form, methods=["GET"], name="login"),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"], name="logout"),
]
