"""The JSON API of notifications: what the token's user has been told."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from drafting import services as drafting
from drafting.models import Notice
from plenary.http import api_actor, run

API_NOTICES = 50


def notice_json(n: Notice) -> dict:
    return {"id": n.id, "message": n.message, "link": n.link, "draft_id": n.draft_id,
            "created_at": n.created_at.isoformat()}


async def list_notifications(request: Request) -> Response:
    """
    summary: The latest notifications of the token's user, newest first
    description: >-
      Those addressed to the user's delegation, to the user's role (the Chair, the
      secretariat) and to everyone. `link` is a path on this site.
    responses:
      200: {description: '{"notifications": [{"id", "message", "link", "draft_id", "created_at"}]}'}
      401: {description: 'no API token, or an unknown one'}
    """

    def work(session):
        actor = api_actor(request, session)
        notices = drafting.notices_for_user(session, delegation_id=actor.delegation_id,
                                            role=actor.role, limit=API_NOTICES)
        return {"notifications": [notice_json(n) for n in notices]}

    return JSONResponse(await run(request, work))


routes = [
    Route("/api/v1/notifications", list_notifications, methods=["GET"]),
]
