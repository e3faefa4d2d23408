"""The JSON API of notifications: what the token's user has been told, which of it they
have read, and how they want it by e-mail."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from drafting import notice_lists
from drafting import services as drafting
from drafting.errors import Invalid
from drafting.models import Notice
from plenary import notice_settings, paging
from plenary.api.common import field, parse_json
from plenary.http import api_actor, run
from plenary.inputs import MAX_INT
from plenary.routing import Route

API_NOTICES = 50


def notice_json(n: Notice, read: bool) -> dict:
    return {"id": n.id, "message": n.message, "link": n.link, "draft_id": n.draft_id,
            "created_at": n.created_at.isoformat(), "read": read}


async def list_notifications(request: Request) -> Response:
    """
    summary: The notifications of the token's user, newest first, a page at a time
    description: >-
      Those addressed to the user's delegation, to the user's role (the Chair, the
      secretariat) and to everyone. `link` is a path on this site; `read` says whether the
      user marked it read, and `unread` counts their unread notifications (up to 100:
      100 means 100 or more). Reading the list marks nothing read. Follow `next` for older
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
        read = notice_settings.read_ids(session, actor, page.items)
        return {"notifications": [notice_json(n, n.id in read) for n in page.items],
                "unread": notice_settings.unread_count(session, actor),
                **paging.links(request, page, notice_lists.ORDERING)}

    return JSONResponse(await run(request, work))


async def mark_read(request: Request) -> Response:
    """
    summary: Mark one notification of the token's user read
    description: >-
      Marking it again changes nothing. A notification addressed to others is 404, like one
      that does not exist.
    parameters:
      - $ref: '#/components/parameters/Id'
    responses:
      200: {$ref: '#/components/responses/NotificationRead'}
      401: {$ref: '#/components/responses/Unauthorized'}
      404: {$ref: '#/components/responses/NotFound'}
    """
    notice_id = request.path_params["id"]

    def work(session):
        actor = api_actor(request, session)
        notice = notice_settings.mark_read(session, actor, notice_id)
        return {"id": notice.id, "read": True,
                "unread": notice_settings.unread_count(session, actor)}

    return JSONResponse(await run(request, work))


async def mark_all_read(request: Request) -> Response:
    """
    summary: Mark all the notifications of the token's user read
    description: >-
      Every notification up to `through` (the id of the newest one the user was shown), or
      all of them when it is left out or null: one that arrived after the user looked stays
      unread. The body may be empty. Answers how many remain unread.
    requestBody:
      required: false
      content:
        application/json:
          schema:
            type: object
            properties:
              through: {type: integer, minimum: 1, maximum: 2147483647, nullable: true}
    responses:
      200: {$ref: '#/components/responses/NotificationsRead'}
      400: {$ref: '#/components/responses/BadRequest'}
      401: {$ref: '#/components/responses/Unauthorized'}
      413: {$ref: '#/components/responses/TooLarge'}
      422: {$ref: '#/components/responses/Invalid'}
    """
    raw = await request.body()

    def work(session):
        actor = api_actor(request, session)
        data = parse_json(raw) if raw.strip() else {}
        through = field(data, "through", int, required=False)
        if through is not None and not 1 <= through <= MAX_INT:
            raise Invalid(f"the field 'through' must be a notification id, 1 to {MAX_INT}")
        return {"unread": notice_settings.mark_all_read(session, actor, through)}

    return JSONResponse(await run(request, work))


def settings_json(preference) -> dict:
    return {"email": preference.email}


async def get_settings(request: Request) -> Response:
    """
    summary: How the token's user gets notifications by e-mail
    description: >-
      `immediate`: an e-mail for each notification as it comes; `digest`: one e-mail a day
      at 07:00 in the body's time zone with the notifications of the day before; `none`:
      no e-mail. Every notification is listed in the app whatever the setting.
    responses:
      200: {$ref: '#/components/responses/NotificationSettings'}
      401: {$ref: '#/components/responses/Unauthorized'}
    """

    def work(session):
        actor = api_actor(request, session)
        return settings_json(notice_settings.preference(session, actor.user_id))

    return JSONResponse(await run(request, work))


async def set_settings(request: Request) -> Response:
    """
    summary: Choose how the token's user gets notifications by e-mail
    description: >-
      `immediate`, `digest` (one e-mail a day at 07:00 in the body's time zone, with the
      notifications of the day before) or `none`. Any other value is 422 naming the three.
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [email]
            properties:
              email: {type: string, enum: [immediate, digest, none]}
    responses:
      200: {$ref: '#/components/responses/NotificationSettings'}
      400: {$ref: '#/components/responses/BadRequest'}
      401: {$ref: '#/components/responses/Unauthorized'}
      413: {$ref: '#/components/responses/TooLarge'}
      422: {$ref: '#/components/responses/Invalid'}
    """
    raw = await request.body()

    def work(session):
        actor = api_actor(request, session)
        data = parse_json(raw)
        return settings_json(notice_settings.set_email(session, actor, data.get("email")))

    return JSONResponse(await run(request, work))


routes = [
    Route("/api/v1/notifications", list_notifications, methods=["GET"]),
    Route("/api/v1/notifications/read", mark_all_read, methods=["POST"]),
    Route("/api/v1/notifications/{id:id}/read", mark_read, methods=["POST"]),
    Route("/api/v1/account/notification-settings", get_settings, methods=["GET"]),
    Route("/api/v1/account/notification-settings", set_settings, methods=["PATCH"]),
]
