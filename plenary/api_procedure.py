"""The JSON API of the procedure (thin for now): meetings and their journals, adoption
at a meeting, issuing the decision document. Statements are plenary.api_statements."""

from __future__ import annotations

from datetime import date, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from drafting import audit
from drafting import services as drafting
from drafting.errors import Invalid
from plenary import serialize
from plenary.api import delegation_names, field, parse_json
from plenary.http import api_actor, run
from workflow import services as workflow
from workflow import silence


def date_field(data: dict, name: str) -> date:
    value = field(data, name, str)
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise Invalid(f"the field {name!r} must be a date such as 2017-12-08") from exc


def names_field(data: dict, name: str) -> list[str]:
    names = field(data, name, list, required=False, default=[])
    if not all(isinstance(n, str) for n in names):
        raise Invalid(f"the field {name!r} must be a list of names of participating States")
    return names


async def list_meetings(request: Request) -> Response:
    """
    summary: Meetings of every body, the latest first, with their journals
    responses:
      200: {description: '{"meetings": [{"id", "body", "number", "place", "journals"}]}'}
    """

    def work(session):
        api_actor(request, session)
        return {"meetings": [serialize.meeting_json(m) for m in workflow.list_meetings(session)]}

    return JSONResponse(await run(request, work))


async def create_meeting(request: Request) -> Response:
    """
    summary: Create a meeting of a body (the Chair or the secretariat)
    requestBody:
      content:
        application/json:
          schema:
            type: object
            required: [body, number, place, first_day, last_day]
            properties:
              body: {type: string, enum: [MC, PC, FSC]}
              number: {type: integer, description: '24 for the 24th MC; the PC plenary number'}
              place: {type: string}
              first_day: {type: string, format: date}
              last_day: {type: string, format: date}
    responses:
      201: {description: the meeting}
      409: {description: the body has a meeting with that number}
    """
    raw = await request.body()

    def work(session):
        actor = api_actor(request, session)
        data = parse_json(raw)
        meeting = workflow.create_meeting(
            session, actor, body=field(data, "body", str), number=field(data, "number", int),
            place=field(data, "place", str), starts_on=date_field(data, "first_day"),
            ends_on=date_field(data, "last_day"),
        )
        return serialize.meeting_json(meeting)

    return JSONResponse(await run(request, work), status_code=201)


async def open_journal(request: Request) -> Response:
    """
    summary: Open the journal of a meeting day (the Chair or the secretariat)
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    requestBody:
      content:
        application/json:
          schema:
            type: object
            required: [number, date]
            properties:
              number: {type: integer, description: 'the day of an MC meeting; the PC plenary'}
              date: {type: string, format: date}
              chairperson: {type: string}
    responses:
      201: {description: the journal}
    """
    meeting_id, raw = request.path_params["id"], await request.body()

    def work(session):
        actor = api_actor(request, session)
        data = parse_json(raw)
        journal = workflow.open_journal(
            session, actor, workflow.get_meeting(session, meeting_id),
            number=field(data, "number", int), day=date_field(data, "date"),
            chairperson=field(data, "chairperson", str, required=False, default=""),
        )
        return serialize.journal_json(journal)

    return JSONResponse(await run(request, work), status_code=201)


async def get_journal(request: Request) -> Response:
    """
    summary: A journal of the day with its agenda items and entries
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    responses:
      200: {description: the journal}
    """
    journal_id = request.path_params["id"]

    def work(session):
        api_actor(request, session)
        return serialize.journal_json(workflow.get_journal(session, journal_id))

    return JSONResponse(await run(request, work))


async def adopt(request: Request) -> Response:
    """
    summary: Record the adoption of a draft at a meeting (the Chair); numbers the decision
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    requestBody:
      content:
        application/json:
          schema:
            type: object
            required: [journal, agenda_item]
            properties:
              journal: {type: integer, description: the id of the journal of the day}
              agenda_item: {type: integer}
              agenda_title: {type: string}
    responses:
      201: {description: '{"decision": {"id", "symbol", "number"}}'}
      409: {description: the draft cannot be adopted in its state}
    """
    draft_id, raw = request.path_params["id"], await request.body()

    def work(session):
        actor = api_actor(request, session)
        data = parse_json(raw)
        decision = workflow.adopt_at_meeting(
            session, actor, drafting.get_draft(session, draft_id),
            workflow.get_journal(session, field(data, "journal", int)),
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
            data = parse_json(raw or b"{}")
            draft = drafting.get_draft(session, draft_id)
            zone = request.app.state.settings.zone
            step(session, actor, draft, data, zone)
            answer = serialize.draft_json(draft, drafting.revision_of(session, draft))
            answer["silence"] = serialize.silence_json(silence.running(session, draft), zone)
            return answer

        return JSONResponse(await run(request, work))

    handler.__doc__ = f"""
    summary: {summary}
    parameters:
      - {{name: id, in: path, required: true, schema: {{type: integer}}}}
    {body_doc}
    responses:
      200: {{description: the draft with its new state}}
      403: {{description: not for this user}}
      409: {{description: 'not possible in the state of the draft; the message names it'}}
    """
    return handler


def _deadline(data: dict) -> datetime:
    value = field(data, "deadline", str)
    try:
        deadline = datetime.fromisoformat(value)
    except ValueError as exc:
        raise Invalid("the deadline must be ISO 8601 with its offset, such as "
                      "2017-12-01T12:00:00+01:00") from exc
    if deadline.tzinfo is None:
        raise Invalid("the deadline has no time zone: add its offset, such as +01:00")
    return deadline


START_SILENCE_BODY = """requestBody:
      content:
        application/json:
          schema:
            type: object
            required: [deadline]
            properties:
              deadline: {type: string, format: date-time, example: '2017-12-01T12:00:00+01:00'}"""
BREAK_SILENCE_BODY = """requestBody:
      content:
        application/json:
          schema:
            type: object
            required: [kind]
            properties:
              kind: {type: string, enum: [objection, amendment]}
              reason: {type: string}
              amendment:
                type: object
                properties: {paragraph: {type: string}, action: {type: string},
                             text: {type: string}, rationale: {type: string}}"""


def _start_silence(session, actor, draft, data, zone):
    silence.start(session, actor, draft, _deadline(data), zone=zone)


def _break_silence(session, actor, draft, data, zone):
    amendment = data.get("amendment")
    if amendment is not None and not isinstance(amendment, dict):
        raise Invalid('"amendment" must be an object: {"paragraph", "action", "text"}')
    silence.break_(session, actor, draft, kind=field(data, "kind", str),
                   reason=field(data, "reason", str, required=False, default=""),
                   amendment=amendment)


async def issue_decision(request: Request) -> Response:
    """
    summary: Issue the decision document (the secretariat); later statements are refused
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    responses:
      200: {description: the decision}
      409: {description: issued already}
    """
    decision_id = request.path_params["id"]

    def work(session):
        actor = api_actor(request, session)
        decision = workflow.issue(session, actor, workflow.get_decision(session, decision_id))
        return serialize.decision_json(decision, delegation_names(session))

    return JSONResponse(await run(request, work))


async def draft_events(request: Request) -> Response:
    """
    summary: The audit trail of a draft, oldest first
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    responses:
      200: {description: '{"events": [{"id", "at", "name", "actor_role", "data", "hash"}]}'}
    """
    draft_id = request.path_params["id"]

    def work(session):
        api_actor(request, session)
        draft = drafting.get_draft(session, draft_id)
        return {"events": [serialize.event_json(e)
                           for e in audit.events_of_draft(session, draft.id)]}

    return JSONResponse(await run(request, work))


routes = [
    Route("/api/v1/drafts/{id:int}/open", _draft_step(
        lambda session, actor, draft, data, zone: workflow.open_negotiation(session, actor,
                                                                             draft),
        "Open a tabled draft for negotiation (the Chair)"), methods=["POST"]),
    Route("/api/v1/drafts/{id:int}/withdraw", _draft_step(
        lambda session, actor, draft, data, zone: workflow.withdraw(session, actor, draft),
        "Withdraw a draft before adoption (the Chair)"), methods=["POST"]),
    Route("/api/v1/drafts/{id:int}/silence", _draft_step(
        _start_silence, "Put the current revision under silence until a deadline (the Chair)",
        START_SILENCE_BODY), methods=["POST"]),
    Route("/api/v1/drafts/{id:int}/silence/break", _draft_step(
        _break_silence, "Break silence with a written objection or amendment (a delegation)",
        BREAK_SILENCE_BODY), methods=["POST"]),
    Route("/api/v1/decisions/{id:int}/issue", issue_decision, methods=["POST"]),
    Route("/api/v1/drafts/{id:int}/events", draft_events, methods=["GET"]),
    Route("/api/v1/meetings", list_meetings, methods=["GET"]),
    Route("/api/v1/meetings", create_meeting, methods=["POST"]),
    Route("/api/v1/meetings/{id:int}/journals", open_journal, methods=["POST"]),
    Route("/api/v1/journals/{id:int}", get_journal, methods=["GET"]),
    Route("/api/v1/drafts/{id:int}/adopt", adopt, methods=["POST"]),
]
