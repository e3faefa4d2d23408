"""The notifications page: what the signed-in user's delegation or office, and everyone,
has been told, newest first."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from drafting import services as drafting
from plenary.pages import render_in_transaction, signed_in

PAGE_NOTICES = 100


async def notifications_page(request: Request) -> Response:
    def work(session):
        user = signed_in(request, session)
        notices = drafting.notices_for_user(session, delegation_id=user.delegation_id,
                                            role=user.role, limit=PAGE_NOTICES)
        return {"user": user, "notices": notices}

    return await render_in_transaction(request, "plenary/notifications.html", work)


routes = [
    Route("/notifications", notifications_page, name="notifications"),
]
