"""The JSON API of a draft's procedure: open it for negotiation, withdraw it, put it under
silence and break silence, record its adoption at a meeting, and read its history."""

from __future__ import annotations

from datetime import datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from drafting import audit
from drafting import services as drafting
from drafting.errors import Invalid, NotFound
from plenary import paging, serialize
from plenary.api.common import field, parse_json
from plenary.http import api_actor, run
from plenary.inputs import check_value, parse_instant
from plenary.routing import Route
from workflow import services as workflow
from workflow import silence


def _named_journal(session, journal_id: int):
    """The journal a request body names: one that does not exist is an error in the body."""
    try:
        return workflow.get_journal(session, journal_id)
    except NotFound as missing:
        raise Invalid(str(missing)) from None


async def adopt(request: Request) -> Response:
    """
    summary: Record the adoption of a draft at a meeting (the Chair); numbers the decision
    description: >-
      Dated by the journal: 409 for a journal before the draft was tabled, after today, or
      before the sequence's latest adoption; 422 if the journal named in the body does not
      exist (404 is kept for the draft in the path).
    parameters:
      - $ref: '#/components/parameters/Id'
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [journal, agenda_item]
            properties:
              journal: {type: integer, minimum: -2147483648, maximum: 2147483647,
                        description: the id of the journal of the day}
              agenda_item: {type: integer, minimum: 1, maximum: 2147483647}
              agenda_title: {type: string, nullable: true}
    responses:
      201: {$ref: '#/components/responses/Adoption'}
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
        draft = drafting.get_draft(session, draft_id)
        decision = workflow.adopt_at_meeting(
            session, actor, draft, _named_journal(session, field(data, "journal", int)),
            agenda_item=field(data, "agenda_item", int),
            agenda_title=field(data, "agenda_title", str, required=False, default=""),
        )
        return {"decision": {"id": decision.id, "symbol": decision.symbol,
                             "number": decision.number}}

    return JSONResponse(await run(request, work), status_code=201)


def _draft_step(step, summary: str, body_doc: str = ""):
    """A handler for one step of the procedure on a draft: `step(session, actor, draft,
    data, zone)`; the answer is the draft with its state (and its silence, if any)."""

    async def handler(request: Request) -> Response:
        draft_id, raw = request.path_params["id"], await request.body()

        def work(session):
            actor = api_actor(request, session)
            # A step that takes no body (open, withdraw) does not read one.
            data = parse_json(raw or b"{}") if body_doc else {}
            draft = drafting.get_draft(session, draft_id)
            zone = request.app.state.settings.zone
            step(session, actor, draft, data, zone)
            answer = serialize.draft_json(draft, drafting.revision_of(session, draft))
            answer["silence"] = serialize.silence_json(silence.running(session, draft), zone)
            return answer

        return JSONResponse(await run(request, work))

    body_answers = """
      400: {$ref: '#/components/responses/BadRequest'}
      413: {$ref: '#/components/responses/TooLarge'}
      422: {$ref: '#/components/responses/Invalid'}""" if body_doc else ""
    handler.__doc__ = f"""
    summary: {summary}
    parameters:
      - $ref: '#/components/parameters/Id'
    {body_doc}
    responses:
      200: {{$ref: '#/components/responses/Draft'}}
      401: {{$ref: '#/components/responses/Unauthorized'}}
      403: {{$ref: '#/components/responses/Forbidden'}}
      404: {{$ref: '#/components/responses/NotFound'}}
      409: {{$ref: '#/components/responses/Conflict'}}{body_answers}
    """
    return handler


def _deadline(data: dict) -> datetime:
    return parse_instant(field(data, "deadline", str), "the deadline")


START_SILENCE_BODY = """requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [deadline]
            properties:
              deadline: {type: string, format: date-time, example: '2017-12-01T12:00:00+01:00'}"""
BREAK_SILENCE_BODY = """requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [kind]
            properties:
              kind: {type: string, enum: [objection, amendment]}
              reason: {type: string, nullable: true, description: required for an objection}
              amendment:
                type: object
                nullable: true
                description: 'required for kind amendment: as POST .../amendments takes it'
                properties: {paragraph: {type: string},
                             action: {type: string, enum: [modify, insert_after, delete]},
                             text: {type: string, nullable: true},
                             rationale: {type: string, nullable: true}}"""


def _start_silence(session, actor, draft, data, zone):
    silence.start(session, actor, draft, _deadline(data), zone=zone)


AMENDMENT_FIELDS = ("paragraph", "action", "text", "rationale")


def _break_silence(session, actor, draft, data, zone):
    amendment = data.get("amendment")
    if amendment is not None and not isinstance(amendment, dict):
        raise Invalid('"amendment" must be an object: {"paragraph", "action", "text"}')
    if amendment is not None:  # its fields, checked as every field is
        amendment = {name: check_value(amendment.get(name), f"amendment.{name}")
                     for name in AMENDMENT_FIELDS}
    silence.break_(session, actor, draft, kind=field(data, "kind", str),
                   reason=field(data, "reason", str, required=False, default=""),
                   amendment=amendment)


async def draft_events(request: Request) -> Response:
    """
    summary: The audit trail of a draft, oldest first, a page at a time
    description: >-
      Follow `next` for the following page (null on the last) and `previous` for the one
      before (null on the first).
    parameters:
      - $ref: '#/components/parameters/Id'
      - $ref: '#/components/parameters/Limit'
      - $ref: '#/components/parameters/Cursor'
    responses:
      200: {$ref: '#/components/responses/EventList'}
      401: {$ref: '#/components/responses/Unauthorized'}
      404: {$ref: '#/components/responses/NotFound'}
      422: {$ref: '#/components/responses/Invalid'}
    """
    draft_id = request.path_params["id"]

    def work(session):
        api_actor(request, session)
        draft = drafting.get_draft(session, draft_id)
        limit, cursor = paging.page_request(request, audit.EVENT_ORDERING)
        page = audit.page_of_events(session, draft.id, limit=limit, cursor=cursor)
        return {"events": [serialize.event_json(e) for e in page.items],
                **paging.links(request, page, audit.EVENT_ORDERING)}

    return JSONResponse(await run(request, work))


routes = [
    Route("/api/v1/drafts/{id:id}/open", _draft_step(
        lambda session, actor, draft, data, zone: workflow.open_negotiation(session, actor,
                                                                             draft),
        "Open a tabled draft for negotiation (the Chair)"), methods=["POST"]),
    Route("/api/v1/drafts/{id:id}/withdraw", _draft_step(
        lambda session, actor, draft, data, zone: workflow.withdraw(session, actor, draft),
        "Withdraw a draft before adoption (the Chair)"), methods=["POST"]),
    Route("/api/v1/drafts/{id:id}/silence", _draft_step(
        _start_silence, "Put the current revision under silence until a deadline (the Chair)",
        START_SILENCE_BODY), methods=["POST"]),
    Route("/api/v1/drafts/{id:id}/silence/break", _draft_step(
        _break_silence, "Break silence with a written objection or amendment (a delegation)",
        BREAK_SILENCE_BODY), methods=["POST"]),
    Route("/api/v1/drafts/{id:id}/events", draft_events, methods=["GET"]),
    Route("/api/v1/drafts/{id:id}/adopt", adopt, methods=["POST"]),
]
