"""The JSON API of amendments: propose one, list and read them, support, withdraw, accept,
reject, rewrite, and confirm one rebased onto a new revision."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from drafting import amendment_lists, amendments
from drafting import services as drafting
from plenary import list_queries, paging, serialize
from plenary.api.common import field, parse_json
from plenary.http import api_actor, run
from plenary.routing import Route


async def propose(request: Request) -> Response:
    """
    summary: Propose an amendment to a paragraph, for the drafter's own delegation
    description: >-
      text is required to modify or insert after a paragraph, and must change it; text and
      rationale refuse control characters (at most 10,000 and 5,000 characters, spaces
      collapsed).
    parameters:
      - $ref: '#/components/parameters/Id'
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [paragraph, action]
            properties:
              paragraph: {type: string, description: the paragraph's key}
              action: {type: string, enum: [modify, insert_after, delete]}
              text: {type: string, nullable: true, description: the new wording}
              rationale: {type: string, nullable: true}
              base_revision: {type: integer, nullable: true, minimum: 0, maximum: 2147483647,
                              description: the revision it was written against (default current)}
    responses:
      201: {$ref: '#/components/responses/Amendment'}
      400: {$ref: '#/components/responses/BadRequest'}
      401: {$ref: '#/components/responses/Unauthorized'}
      403: {$ref: '#/components/responses/Forbidden'}
      404: {$ref: '#/components/responses/NotFound'}
      409: {$ref: '#/components/responses/Conflict'}
      413: {$ref: '#/components/responses/TooLarge'}
      422: {$ref: '#/components/responses/Invalid'}
    """
    draft_id, raw = request.path_params["id"], await request.body()

    def work(session):
        actor = api_actor(request, session)
        data = parse_json(raw)
        amendment = amendments.propose(
            session, actor, drafting.get_draft(session, draft_id),
            paragraph_key=field(data, "paragraph", str), action=field(data, "action", str),
            text=field(data, "text", str, required=False),
            rationale=field(data, "rationale", str, required=False),
            base_revision=field(data, "base_revision", int, required=False),
        )
        return serialize.amendment_json(amendment)

    return JSONResponse(await run(request, work), status_code=201)


async def list_amendments(request: Request) -> Response:
    """
    summary: A draft's amendments, a page at a time, the pending ones first
    description: >-
      Pending amendments (submitted, accepted, needs_rebase) come first, then the closed
      ones, each in the order proposed. `counts` gives the number in every status (of the
      paragraph, if one is asked for). Follow `next` for the following page (null on the
      last) and `previous` for the one before (null on the first).
    parameters:
      - $ref: '#/components/parameters/Id'
      - name: status
        in: query
        required: false
        description: 'only these statuses: repeat it, or separate them by commas'
        schema:
          type: array
          items:
            type: string
            enum: [submitted, accepted, needs_rebase, withdrawn, rejected, incorporated,
                   contained]
        style: form
        explode: true
      - {name: paragraph, in: query, required: false, schema: {type: string, maxLength: 32},
         description: only the amendments of this paragraph (its key)}
      - $ref: '#/components/parameters/Limit'
      - $ref: '#/components/parameters/Cursor'
    responses:
      200: {$ref: '#/components/responses/AmendmentList'}
      401: {$ref: '#/components/responses/Unauthorized'}
      404: {$ref: '#/components/responses/NotFound'}
      422: {$ref: '#/components/responses/Invalid'}
    """
    draft_id = request.path_params["id"]

    def work(session):
        api_actor(request, session)
        draft = drafting.get_draft(session, draft_id)
        query = list_queries.amendment_query(request)
        page = amendment_lists.page_of_amendments(session, draft, **query)
        return {"amendments": [serialize.amendment_json(a) for a in page.items],
                "counts": amendment_lists.counts_by_status(session, draft, query["paragraph"]),
                **paging.links(request, page, amendment_lists.ORDERING)}

    return JSONResponse(await run(request, work))


async def get_amendment(request: Request) -> Response:
    """
    summary: One amendment
    parameters:
      - $ref: '#/components/parameters/Id'
    responses:
      200: {$ref: '#/components/responses/Amendment'}
      401: {$ref: '#/components/responses/Unauthorized'}
      404: {$ref: '#/components/responses/NotFound'}
    """
    amendment_id = request.path_params["id"]

    def work(session):
        api_actor(request, session)
        return serialize.amendment_json(amendments.get_amendment(session, amendment_id))

    return JSONResponse(await run(request, work))


def _amendment_action(use_case, *fields: str, required: tuple[str, ...] = ()):
    """A handler for one action on an amendment; `fields` are its text fields, of which
    `required` must be sent (the others may be left out or null)."""

    async def handler(request: Request) -> Response:
        amendment_id, raw = request.path_params["id"], await request.body()

        def work(session):
            actor = api_actor(request, session)
            data = parse_json(raw or b"{}")
            values = [field(data, name, str, required=False, default="") for name in fields]
            amendment = amendments.get_amendment(session, amendment_id)
            return serialize.amendment_json(use_case(session, actor, amendment, *values))

        return JSONResponse(await run(request, work))

    properties = ", ".join(
        f"{name}: {{type: string{'' if name in required else ', nullable: true'}}}"
        for name in fields)
    required_line = f"required: {list(required)}" if required else ""  # never an empty list
    handler.__doc__ = f"""
    summary: {use_case.__name__.capitalize()} an amendment
    description: {json.dumps((use_case.__doc__ or "").split(chr(10))[0])}
    parameters:
      - $ref: '#/components/parameters/Id'
    requestBody:
      required: false
      content:
        application/json:
          schema:
            type: object
            {required_line}
            properties: {{{properties}}}
    responses:
      200: {{$ref: '#/components/responses/Amendment'}}
      400: {{$ref: '#/components/responses/BadRequest'}}
      401: {{$ref: '#/components/responses/Unauthorized'}}
      403: {{$ref: '#/components/responses/Forbidden'}}
      404: {{$ref: '#/components/responses/NotFound'}}
      409: {{$ref: '#/components/responses/Conflict'}}
      413: {{$ref: '#/components/responses/TooLarge'}}
      422: {{$ref: '#/components/responses/Invalid'}}
    """
    return handler


routes = [
    Route("/api/v1/drafts/{id:id}/amendments", propose, methods=["POST"]),
    Route("/api/v1/drafts/{id:id}/amendments", list_amendments, methods=["GET"]),
    Route("/api/v1/amendments/{id:id}", get_amendment, methods=["GET"]),
    Route("/api/v1/amendments/{id:id}/support", _amendment_action(amendments.support),
          methods=["POST"]),
    Route("/api/v1/amendments/{id:id}/unsupport", _amendment_action(amendments.unsupport),
          methods=["POST"]),
    Route("/api/v1/amendments/{id:id}/withdraw", _amendment_action(amendments.withdraw),
          methods=["POST"]),
    Route("/api/v1/amendments/{id:id}/accept", _amendment_action(amendments.accept, "reason"),
          methods=["POST"]),
    Route("/api/v1/amendments/{id:id}/reject",
          _amendment_action(amendments.reject, "reason", required=("reason",)),
          methods=["POST"]),
    Route("/api/v1/amendments/{id:id}/rewrite",
          _amendment_action(amendments.rewrite, "text", required=("text",)),
          methods=["POST"]),
    Route("/api/v1/amendments/{id:id}/confirm", _amendment_action(amendments.confirm),
          methods=["POST"]),
]
