"""The JSON API of an amendment's discussion: read the thread a page at a time, comment
or reply, and (the Chair) mark a comment as a compromise proposal."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from drafting import amendments, discussion, limits
from plenary import paging, serialize
from plenary.api.common import field, parse_json
from plenary.http import api_actor, run
from plenary.routing import Route


async def list_comments(request: Request) -> Response:
    """
    summary: An amendment's discussion, a page of top-level comments at a time
    description: >-
      Top-level comments come oldest first, each with all its replies (oldest first). `open`
      says whether new comments are taken (the amendment is pending and its draft neither
      adopted nor withdrawn); `count` is the number of comments and replies, at most 500.
      Follow `next` for the following page (null on the last) and `previous` for the one
      before (null on the first). Everyone signed in reads it, observers too.
    parameters:
      - $ref: '#/components/parameters/Id'
      - $ref: '#/components/parameters/Limit'
      - $ref: '#/components/parameters/Cursor'
    responses:
      200: {$ref: '#/components/responses/Discussion'}
      401: {$ref: '#/components/responses/Unauthorized'}
      404: {$ref: '#/components/responses/NotFound'}
      422: {$ref: '#/components/responses/Invalid'}
    """
    amendment_id = request.path_params["id"]

    def work(session):
        api_actor(request, session)
        amendment = amendments.get_amendment(session, amendment_id)
        limit, cursor = paging.page_request(request, discussion.ORDERING)
        page = discussion.page_of_threads(session, amendment, limit=limit, cursor=cursor)
        return {"comments": [serialize.thread_json(t) for t in page.items],
                "open": discussion.is_open(session, amendment),
                "count": limits.comment_count(session, amendment.id),
                **paging.links(request, page, discussion.ORDERING)}

    return JSONResponse(await run(request, work))


async def post_comment(request: Request) -> Response:
    """
    summary: Comment on an amendment, or reply to one of its comments
    description: >-
      A drafter speaks for its own delegation, the Chair and the secretariat for their
      office; observers read only. text is required (at most 5,000 characters, spaces
      collapsed, no control characters). reply_to names a comment of this amendment; a
      reply to a reply joins the same top-level comment. Refused (409) once the amendment
      is no longer pending or its draft is adopted or withdrawn, and beyond 500 comments
      (MAX_COMMENTS_PER_AMENDMENT). The amendment's delegation is told of it by notice.
    parameters:
      - $ref: '#/components/parameters/Id'
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [text]
            properties:
              text: {type: string}
              reply_to: {type: integer, nullable: true, minimum: 1, maximum: 2147483647,
                         description: the comment this replies to}
    responses:
      201: {$ref: '#/components/responses/Comment'}
      400: {$ref: '#/components/responses/BadRequest'}
      401: {$ref: '#/components/responses/Unauthorized'}
      403: {$ref: '#/components/responses/Forbidden'}
      404: {$ref: '#/components/responses/NotFound'}
      409: {$ref: '#/components/responses/Conflict'}
      413: {$ref: '#/components/responses/TooLarge'}
      422: {$ref: '#/components/responses/Invalid'}
    """
    amendment_id, raw = request.path_params["id"], await request.body()

    def work(session):
        actor = api_actor(request, session)
        data = parse_json(raw)
        comment = discussion.post(session, actor, amendments.get_amendment(session, amendment_id),
                                  field(data, "text", str),
                                  reply_to=field(data, "reply_to", int, required=False))
        return serialize.comment_json(comment)

    return JSONResponse(await run(request, work), status_code=201)


async def mark_compromise(request: Request) -> Response:
    """
    summary: Mark a comment as a compromise proposal, or unmark it (the Chair)
    description: >-
      compromise true marks it, false unmarks it; refused (409) if it is already so, and
      once the amendment's discussion is closed. The amendment's delegation is told of a mark.
    parameters:
      - $ref: '#/components/parameters/Id'
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [compromise]
            properties:
              compromise: {type: boolean}
    responses:
      200: {$ref: '#/components/responses/Comment'}
      400: {$ref: '#/components/responses/BadRequest'}
      401: {$ref: '#/components/responses/Unauthorized'}
      403: {$ref: '#/components/responses/Forbidden'}
      404: {$ref: '#/components/responses/NotFound'}
      409: {$ref: '#/components/responses/Conflict'}
      413: {$ref: '#/components/responses/TooLarge'}
      422: {$ref: '#/components/responses/Invalid'}
    """
    comment_id, raw = request.path_params["id"], await request.body()

    def work(session):
        actor = api_actor(request, session)
        data = parse_json(raw)
        comment = discussion.mark_compromise(session, actor,
                                             discussion.get_comment(session, comment_id),
                                             field(data, "compromise", bool))
        return serialize.comment_json(comment)

    return JSONResponse(await run(request, work))


routes = [
    Route("/api/v1/amendments/{id:id}/comments", list_comments, methods=["GET"]),
    Route("/api/v1/amendments/{id:id}/comments", post_comment, methods=["POST"]),
    Route("/api/v1/comments/{id:id}/compromise", mark_compromise, methods=["POST"]),
]
