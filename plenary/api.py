"""The JSON API, version 1. Each handler: parse, call one use case, serialise.

Errors are {"error": {"code", "message"}} with their status (see plenary.app).
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from drafting import services as drafting
from drafting.errors import DomainError, Invalid
from exports.formats import export_decision
from plenary import serialize
from plenary.http import api_actor, download, run
from workflow import services as workflow
from workflow import silence


class BadRequest(DomainError):
    code = "bad_request"
    status = 400


def parse_json(raw: bytes) -> dict:
    try:
        data = json.loads(raw or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequest(f"the request body is not valid JSON: {exc}") from exc
    except RecursionError as exc:
        # json.loads recurses once per nesting level: "[[[[…" within the body limit would
        # otherwise end as a 500.
        raise BadRequest("the request body is not valid JSON: it is nested too deeply") from exc
    if not isinstance(data, dict):
        raise Invalid("the request body must be a JSON object")
    return data


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
    return value


def delegation_names(session) -> dict[int, str]:
    return {d.id: d.name for d in drafting.list_delegations(session)}


async def create_draft(request: Request) -> Response:
    """
    summary: Table a draft from plain text or Markdown
    requestBody:
      content:
        application/json:
          schema:
            type: object
            required: [body, text]
            properties:
              body: {type: string, enum: [MC, PC, FSC]}
              text: {type: string, description: the draft in plain text or Markdown}
              title: {type: string, description: overrides the title found in the text}
              symbol: {type: string, example: MC.DD/12/17}
              sponsors: {type: array, items: {type: string}}
    responses:
      201: {description: 'the draft, as GET /api/v1/drafts/{id}'}
      413: {description: the text is too long}
      422: {description: the text's structure cannot be read; the message names the line}
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
    summary: Every draft with its state and current revision
    responses:
      200: {description: '{"drafts": [{"id", "symbol", "title", "body", "state", "revision"}]}'}
    """

    def work(session):
        api_actor(request, session)
        return {"drafts": [serialize.draft_summary_json(d) for d in drafting.list_drafts(session)]}

    return JSONResponse(await run(request, work))


async def get_draft(request: Request) -> Response:
    """
    summary: A draft at its current revision, paragraph by paragraph
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    responses:
      200:
        description: >-
          {"id", "symbol", "title", "body", "state", "revision", "sponsors",
          "paragraphs": [{"key", "kind", "label", "text"}]}
      404: {description: no such draft}
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
    summary: Adopted decisions, newest first; filter by symbol
    parameters:
      - {name: symbol, in: query, required: false, schema: {type: string}, example: MC.DEC/7/17}
    responses:
      200: {description: '{"decisions": [decision, ...]}'}
    """
    symbol = request.query_params.get("symbol")

    def work(session):
        api_actor(request, session)
        names = delegation_names(session)
        decisions = workflow.list_decisions(session, symbol)
        return {"decisions": [serialize.decision_json(d, names) for d in decisions]}

    return JSONResponse(await run(request, work))


async def get_decision(request: Request) -> Response:
    """
    summary: A decision with its adopted text and attached statements
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    responses:
      200: {description: the decision}
      404: {description: no such decision}
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
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
      - {name: format, in: query, required: false, schema: {type: string, enum: [txt, md]}}
    responses:
      200: {description: the document, as a download named after the symbol}
      400: {description: unknown format; the message lists the formats}
    """
    decision_id = request.path_params["id"]
    fmt = request.query_params.get("format", "txt")

    def work(session):
        actor = api_actor(request, session)
        return export_decision(session, workflow.get_decision(session, decision_id), fmt, actor)

    return download(await run(request, work))


routes = [
    Route("/api/v1/drafts", create_draft, methods=["POST"]),
    Route("/api/v1/drafts", list_drafts, methods=["GET"]),
    Route("/api/v1/drafts/{id:int}", get_draft, methods=["GET"]),
    Route("/api/v1/decisions", list_decisions, methods=["GET"]),
    Route("/api/v1/decisions/{id:int}", get_decision, methods=["GET"]),
    Route("/api/v1/decisions/{id:int}/document", decision_document, methods=["GET"]),
]
