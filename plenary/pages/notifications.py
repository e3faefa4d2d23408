"""The notifications page: what the signed-in user's delegation or office, and everyone,
has been told, newest first, a page at a time, the unread ones marked; and the forms that
mark one notice, or all of them, read (reading the page marks nothing: a GET never
writes)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from drafting import notice_lists
from drafting import services as drafting
from plenary import accounts, notice_settings
from plenary.feedback import Done
from plenary.pages.common import form_action, render_in_transaction, signed_in, whole_number
from plenary.paging import page_links, page_request
from plenary.routing import Route

PAGE_NOTICES = 100


async def notifications_page(request: Request) -> Response:
    def work(session):
        user = signed_in(request, session)
        limit, cursor = page_request(request, notice_lists.ORDERING, default_limit=PAGE_NOTICES)
        page = drafting.notices_page_for_user(session, delegation_id=user.delegation_id,
                                              role=user.role, user_id=user.id, limit=limit,
                                              cursor=cursor)
        actor = accounts.actor_for(user)
        return {"user": user, "notices": page.items,
                "read": notice_settings.read_ids(session, actor, page.items),
                "unread_total": notice_settings.unread_count(session, actor),
                "through": notice_settings.newest_id(session, actor),
                "here": _this_page(request),
                **page_links(request, page, notice_lists.ORDERING)}

    return await render_in_transaction(request, "plenary/notifications.html", work)


def _this_page(request: Request) -> str:
    query = request.url.query
    return "/notifications" + (f"?{query}" if query else "")


def _back(form) -> str:
    # Back to the page of the list the form was on; only a page of this list.
    back = str(form.get("back", "/notifications"))
    if back == "/notifications" or (back.startswith("/notifications?") and "\\" not in back):
        return back
    return "/notifications"


async def mark_read(request: Request) -> Response:
    notice_id = request.path_params["id"]

    def work(session, actor, form):
        notice_settings.mark_read(session, actor, notice_id)
        return Done(_back(form), "The notification is marked read")

    return await form_action(request, work)


async def mark_all_read(request: Request) -> Response:
    def work(session, actor, form):
        through = None
        if str(form.get("through", "")).strip():
            through = whole_number(form, "through", "the newest notification shown")
        notice_settings.mark_all_read(session, actor, through)
        return Done(_back(form), "Every notification shown is marked read")

    return await form_action(request, work)


routes = [
    Route("/notifications", notifications_page, name="notifications"),
    Route("/notifications/{id:id}/read", mark_read, methods=["POST"], name="mark_notice_read"),
    Route("/notifications/read", mark_all_read, methods=["POST"], name="mark_notices_read"),
]
