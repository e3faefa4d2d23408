"""The signed-in user's own page: who they are, how they want their notices by e-mail, and
their API tokens (created, last used, expires), each with a revoke button that works
without JavaScript."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from plenary import accounts, notice_rules, notice_settings
from plenary.pages import form_action, render_in_transaction, signed_in
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
        return "/account"

    return await form_action(request, work)


async def set_notice_email(request: Request) -> Response:
    def work(session, actor, form):
        notice_settings.set_email(session, actor, form.get("email"))
        return "/account#notice-email"

    return await form_action(request, work)


routes = [
    Route("/account", account_page, name="account"),
    Route("/account/tokens/{id:id}/revoke", revoke_token, methods=["POST"],
          name="revoke_token"),
    Route("/account/notice-email", set_notice_email, methods=["POST"], name="notice_email"),
]
