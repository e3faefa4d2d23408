"""The JSON API, version 1. Each handler: parse, call one use case, serialise.

Errors are {"error": {"code", "message"}} with their status (see plenary.app).
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from drafting import draft_lists
from drafting import services as drafting
from drafting.errors import DomainError, Invalid
from exports.formats import prepare_decision
from plenary import list_queries, paging, serialize
from plenary.api_schema import DECISION_DOCUMENT_FORMATS
from plenary.exporting import export_response
from plenary.http import api_actor, run
from plenary.inputs import MAX_INT, check_value, query_choice, query_text
from plenary.routing import Route
from workflow import decision_lists, silence
from workflow import services as workflow


class BadRequest(DomainError):
    code = "bad_request"
    status = 400


def parse_json(raw: bytes) -> dict:
    """The request body as a JSON object: 400 if it is not JSON. Read its fields with
    `field`, which refuses unstorable values (422)."""
    try:
        data = json.loads(raw or b"null", parse_int=_bounded_int, parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequest(f"the request body is not valid JSON: {exc}") from exc
    except RecursionError as exc:
        # json.loads recurses once per nesting level: "[[[[…" within the body limit would
        # otherwise end as a 500.
        raise BadRequest("the request body is not valid JSON: it is nested too deeply") from exc
    if not isinstance(data, dict):
        raise Invalid("the request body must be a JSON object")
    return data


def _bounded_int(digits: str) -> int:
    # int() refuses more than 4,300 digits (a ValueError, so a 500). Any number this long
    # is out of range anyway: a stand-in past the range lets `field` name it, if read.
    return int(digits) if len(digits) <= 20 else MAX_INT + 1


def _no_constant(name: str):
    # json.loads accepts NaN and Infinity, which are not JSON (RFC 8259).
    raise BadRequest(f"the request body is not valid JSON: {name} is not a JSON value")


# The JSON names of the types a field may have: a client writes JSON, not Python.
JSON_TYPES = {str: "a string", list: "an array", dict: "an object", int: "an integer",
              bool: "a boolean"}


def field(data: dict, name: str, kind: type, required: bool = True, default=None):
    value = data.get(name, default)
    if value is None:
        if required:
            raise Invalid(f"the field {name!r} is required")
        return default
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise Invalid(f"the field {name!r} must be {JSON_TYPES.get(kind, kind.__name__)}")
    return check_value(value, name)


def delegation_names(session) -> dict[int, str]:
    return {d.id: d.name for d in drafting.list_delegations(session)}


async def create_draft(request: Request) -> Response:
    """
    summary: Table a draft from plain text or Markdown (the Chair or the secretariat)
    description: >-
      Optional fields may be null or left out alike. The title is the text's first line
      unless given.
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [body, text]
            properties:
              body: {type: string, enum: [MC, PC, FSC]}
              text: {type: string, description: the draft in plain text or Markdown}
              title: {type: string, nullable: true, maxLength: 1000,
                      description: overrides the title found in the text}
              symbol: {type: string, nullable: true, example: MC.DD/12/17,
                       description: 'the next free one of its body and year if left out'}
              sponsors: {type: array, nullable: true, items: {type: string},
                         description: names of participating States}
    responses:
      201: {$ref: '#/components/responses/Draft'}
      400: {$ref: '#/components/responses/BadRequest'}
      401: {$ref: '#/components/responses/Unauthorized'}
      403: {$ref: '#/components/responses/Forbidden'}
      409: {$ref: '#/components/responses/Conflict'}
      413: {$ref: '#/components/responses/TooLarge'}
      422: {$ref: '#/components/responses/Invalid'}
    """
    raw = await request.body()

    def work(session):
        # Who is asking comes first: a caller without a valid token gets 401 whatever it
        # sent, and learns nothing from validation messages.
        actor = api_actor(request, session)
        data = parse_json(raw)
        sponsors = field(data, "sponsors", list, required=False, default=[])
        if not all(isinstance(s, str) for s in sponsors):
            raise Invalid("the field 'sponsors' must be a list of names of participating States")
        draft = drafting.import_draft(
            session, actor,
            body=field(data, "body", str), text=field(data, "text", str),
            title=field(data, "title", str, required=False),
            symbol=field(data, "symbol", str, required=False), sponsors=sponsors,
        )
        return serialize.draft_json(draft, drafting.revision_of(session, draft))

    return JSONResponse(await run(request, work), status_code=201)


async def list_drafts(request: Request) -> Response:
    """
    summary: The drafts with their state and current revision, a page at a time
    description: >-
      The drafts still open (proposed, negotiating, under silence) come first, then the
      adopted and withdrawn ones, each newest first; `counts` gives the number of drafts in
      every state. Follow `next` for the following page (null on the last) and `previous`
      for the one before (null on the first).
    parameters:
      - name: state
        in: query
        required: false
        description: 'only these states: repeat it, or separate them by commas'
        schema:
          type: array
          items: {type: string, enum: [proposed, negotiating, under_silence, adopted, withdrawn]}
        style: form
        explode: true
      - $ref: '#/components/parameters/Limit'
      - $ref: '#/components/parameters/Cursor'
    responses:
      200: {$ref: '#/components/responses/DraftList'}
      401: {$ref: '#/components/responses/Unauthorized'}
      422: {$ref: '#/components/responses/Invalid'}
    """

    def work(session):
        api_actor(request, session)
        page = drafting.list_drafts(session, **list_queries.draft_query(request))
        return {"drafts": [serialize.draft_summary_json(d) for d in page.items],
                "counts": draft_lists.counts_by_state(session),
                **paging.links(request, page, draft_lists.ORDERING)}

    return JSONResponse(await run(request, work))


async def get_draft(request: Request) -> Response:
    """
    summary: A draft at its current revision, paragraph by paragraph
    description: A paragraph's key never changes; `silence` is set while one runs.
    parameters:
      - $ref: '#/components/parameters/Id'
    responses:
      200: {$ref: '#/components/responses/Draft'}
      401: {$ref: '#/components/responses/Unauthorized'}
      404: {$ref: '#/components/responses/NotFound'}
    """
    draft_id = request.path_params["id"]

    def work(session):
        api_actor(request, session)
        draft = drafting.get_draft(session, draft_id)
        answer = serialize.draft_json(draft, drafting.revision_of(session, draft))
        answer["silence"] = serialize.silence_json(silence.running(session, draft),
                                                   request.app.state.settings.zone)
        return answer

    return JSONResponse(await run(request, work))


async def list_decisions(request: Request) -> Response:
    """
    summary: Adopted decisions, newest first, a page at a time; filter by symbol
    description: >-
      Follow `next` for the following page (null on the last) and `previous` for the one
      before (null on the first).
    parameters:
      - {name: symbol, in: query, required: false, schema: {type: string}, example: MC.DEC/7/17}
      - $ref: '#/components/parameters/Limit'
      - $ref: '#/components/parameters/Cursor'
    responses:
      200: {$ref: '#/components/responses/DecisionList'}
      401: {$ref: '#/components/responses/Unauthorized'}
      422: {$ref: '#/components/responses/Invalid'}
    """
    def work(session):
        api_actor(request, session)
        names = delegation_names(session)
        limit, cursor = paging.page_request(request, decision_lists.ORDERING)
        page = decision_lists.page_of_decisions(session, limit=limit, cursor=cursor,
                                                symbol=query_text(request, "symbol"))
        return {"decisions": [serialize.decision_json(d, names) for d in page.items],
                **paging.links(request, page, decision_lists.ORDERING)}

    return JSONResponse(await run(request, work))


async def get_decision(request: Request) -> Response:
    """
    summary: A decision with its adopted text and attached statements
    parameters:
      - $ref: '#/components/parameters/Id'
    responses:
      200: {$ref: '#/components/responses/Decision'}
      401: {$ref: '#/components/responses/Unauthorized'}
      404: {$ref: '#/components/responses/NotFound'}
    """
    decision_id = request.path_params["id"]

    def work(session):
        api_actor(request, session)
        decision = workflow.get_decision(session, decision_id)
        return serialize.decision_json(decision, delegation_names(session))

    return JSONResponse(await run(request, work))


async def decision_document(request: Request) -> Response:
    """
    summary: The issued document of a decision with its attachments
    description: akn is Akoma Ntoso 3.0; html is print-ready A4.
    parameters:
      - $ref: '#/components/parameters/Id'
      - $ref: '#/components/parameters/DecisionFormat'
    responses:
      200: {$ref: '#/components/responses/DecisionDocument'}
      401: {$ref: '#/components/responses/Unauthorized'}
      404: {$ref: '#/components/responses/NotFound'}
      422: {$ref: '#/components/responses/Invalid'}
      503: {description: 'busy: as many long exports as the server renders at once are
             being prepared (retry after Retry-After); or PDF export lacks its libraries'}
    """
    decision_id = request.path_params["id"]

    def prepare(session):
        actor = api_actor(request, session)
        fmt = query_choice(request, "format", DECISION_DOCUMENT_FORMATS, "txt")
        return actor, prepare_decision(session, workflow.get_decision(session, decision_id),
                                       fmt)

    return await export_response(request, request.query_params.get("format", "txt"), prepare)


routes = [
    Route("/api/v1/drafts", create_draft, methods=["POST"]),
    Route("/api/v1/drafts", list_drafts, methods=["GET"]),
    Route("/api/v1/drafts/{id:id}", get_draft, methods=["GET"]),
    Route("/api/v1/decisions", list_decisions, methods=["GET"]),
    Route("/api/v1/decisions/{id:id}", get_decision, methods=["GET"]),
    Route("/api/v1/decisions/{id:id}/document", decision_document, methods=["GET"]),
]
