"""The JSON API of notifications: what the token's user has been told."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from drafting import notice_lists
from drafting import services as drafting
from drafting.models import Notice
from plenary import paging
from plenary.http import api_actor, run

API_NOTICES = 50


def notice_json(n: Notice) -> dict:
    return {"id": n.id, "message": n.message, "link": n.link, "draft_id": n.draft_id,
            "created_at": n.created_at.isoformat()}


async def list_notifications(request: Request) -> Response:
    """
    summary: The notifications of the token's user, newest first, a page at a time
    description: >-
      Those addressed to the user's delegation, to the user's role (the Chair, the
      secretariat) and to everyone. `link` is a path on this site. Follow `next` for older
      notifications (null on the last page) and `previous` for newer ones (null on the
      first).
    parameters:
      - $ref: '#/components/parameters/Limit'
      - $ref: '#/components/parameters/Cursor'
    responses:
      200: {$ref: '#/components/responses/NotificationList'}
      401: {$ref: '#/components/responses/Unauthorized'}
      422: {$ref: '#/components/responses/Invalid'}
    """

    def work(session):
        actor = api_actor(request, session)
        limit, cursor = paging.page_request(request, notice_lists.ORDERING,
                                            default_limit=API_NOTICES)
        page = drafting.notices_page_for_user(
            session, delegation_id=actor.delegation_id, role=actor.role,
            user_id=actor.user_id, limit=limit, cursor=cursor)
        return {"notifications": [notice_json(n) for n in page.items],
                **paging.links(request, page, notice_lists.ORDERING)}

    return JSONResponse(await run(request, work))


routes = [
    Route("/api/v1/notifications", list_notifications, methods=["GET"]),
]
