"""The notifications page: what the signed-in user's delegation or office, and everyone,
has been told, newest first, a page at a time."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from drafting import notice_lists
from drafting import services as drafting
from plenary.pages import render_in_transaction, signed_in
from plenary.paging import page_links, page_request

PAGE_NOTICES = 100


async def notifications_page(request: Request) -> Response:
    def work(session):
        user = signed_in(request, session)
        limit, cursor = page_request(request, notice_lists.ORDERING, default_limit=PAGE_NOTICES)
        page = drafting.notices_page_for_user(session, delegation_id=user.delegation_id,
                                              role=user.role, user_id=user.id, limit=limit,
                                              cursor=cursor)
        return {"user": user, "notices": page.items,
                **page_links(request, page, notice_lists.ORDERING)}

    return await render_in_transaction(request, "plenary/notifications.html", work)


routes = [
    Route("/notifications", notifications_page, name="notifications"),
]
