"""The JSON API of the journal of the day: its agenda items, times, Chairperson and next
meeting (the Chair or the secretariat), and the journal as an issued document."""

from __future__ import annotations

from datetime import datetime, time

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from drafting.errors import Invalid
from exports.formats import export_journal
from plenary import serialize
from plenary.api import field, parse_json
from plenary.http import api_actor, download, run
from workflow import journals
from workflow import services as workflow

PATCHABLE = ("opened_at", "closed_at", "chairperson", "next_meeting")


def time_field(data: dict, name: str, current: time | None) -> time | None:
    """A time such as "10:10" (local, 24-hour); null clears it; absent keeps `current`."""
    if name not in data:
        return current
    value = data[name]
    if value is None:
        return None
    try:
        return datetime.strptime(field(data, name, str).strip(), "%H:%M").time()
    except ValueError:
        raise Invalid(f"the field {name!r} must be a time such as 10:10 or 13:05") from None


async def add_agenda_item(request: Request) -> Response:
    """
    summary: Add an agenda item to a journal of the day (the Chair or the secretariat)
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    requestBody:
      content:
        application/json:
          schema:
            type: object
            required: [number, title]
            properties:
              number: {type: integer, minimum: 1, example: 7}
              title: {type: string, example: Adoption of the decisions and documents}
    responses:
      201: {description: 'the journal, as GET /api/v1/journals/{id}'}
      404: {description: no such journal}
      409: {description: the journal has an agenda item with that number}
      422: {description: the number is below 1 or the title is missing}
    """
    journal_id, raw = request.path_params["id"], await request.body()

    def work(session):
        actor = api_actor(request, session)
        data = parse_json(raw)
        journal = workflow.get_journal(session, journal_id)
        journals.add_agenda_item(session, actor, journal, field(data, "number", int),
                                 field(data, "title", str))
        return serialize.journal_json(journal)

    return JSONResponse(await run(request, work), status_code=201)


async def update_journal(request: Request) -> Response:
    """
    summary: Record a journal's times, Chairperson or next meeting (the Chair or the secretariat)
    description: >-
      Only the fields sent change. Times are the local times of the meeting day, 24-hour;
      null clears a time. The journal writes them as "Opened: 10.10 a.m.".
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    requestBody:
      content:
        application/json:
          schema:
            type: object
            properties:
              opened_at: {type: string, nullable: true, example: '10:10'}
              closed_at: {type: string, nullable: true, example: '13:05'}
              chairperson: {type: string, example: 'Mr. S. Kurz, Chairperson-in-Office'}
              next_meeting: {type: string, example: '6 and 7 December 2018, in Milan'}
    responses:
      200: {description: 'the journal, as GET /api/v1/journals/{id}'}
      404: {description: no such journal}
      422: {description: 'an unknown field, a malformed time, or closing before opening'}
    """
    journal_id, raw = request.path_params["id"], await request.body()

    def work(session):
        actor = api_actor(request, session)
        data = parse_json(raw)
        _check_patch(data)
        journal = workflow.get_journal(session, journal_id)
        if "opened_at" in data or "closed_at" in data:
            journals.set_times(session, actor, journal,
                               time_field(data, "opened_at", journal.opened_at),
                               time_field(data, "closed_at", journal.closed_at))
        if "chairperson" in data:
            journals.set_chairperson(session, actor, journal,
                                     field(data, "chairperson", str, required=False, default=""))
        if "next_meeting" in data:
            journals.set_next_meeting(session, actor, journal,
                                      field(data, "next_meeting", str, required=False,
                                            default=""))
        return serialize.journal_json(journal)

    return JSONResponse(await run(request, work))


def _check_patch(data: dict) -> None:
    # A misspelt field would otherwise change nothing and still answer 200.
    unknown = sorted(set(data) - set(PATCHABLE))
    if unknown:
        raise Invalid(f"unknown field {unknown[0]!r}; a journal takes {', '.join(PATCHABLE)}")
    if not data:
        raise Invalid(f"nothing to change: send one of {', '.join(PATCHABLE)}")


async def journal_document(request: Request) -> Response:
    """
    summary: The journal of the day as a document, with the decisions adopted appended
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
      - {name: format, in: query, required: false, schema: {type: string, enum: [txt, md]}}
    responses:
      200: {description: 'the document, as a download named after its symbol (MC(24).JOUR-2.txt)'}
      400: {description: unknown format; the message lists the formats}
      404: {description: no such journal}
    """
    journal_id = request.path_params["id"]
    fmt = request.query_params.get("format", "txt")

    def work(session):
        actor = api_actor(request, session)
        return export_journal(session, workflow.get_journal(session, journal_id), fmt, actor)

    return download(await run(request, work))


routes = [
    Route("/api/v1/journals/{id:int}/agenda", add_agenda_item, methods=["POST"]),
    Route("/api/v1/journals/{id:int}", update_journal, methods=["PATCH"]),
    Route("/api/v1/journals/{id:int}/document", journal_document, methods=["GET"]),
]
