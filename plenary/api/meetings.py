"""The JSON API of meetings and the journal of the day: list and create meetings, open a
journal for a meeting day, read and keep it (its agenda items, times, Chairperson and next
meeting: the Chair or the secretariat), and the journal as an issued document."""

from __future__ import annotations

from datetime import time

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from drafting.errors import Invalid
from drafting.models import BODIES
from exports.formats import JOURNAL_FORMATS, prepare_journal
from plenary import paging, serialize
from plenary.api.common import date_field, field, parse_json
from plenary.exporting import export_response
from plenary.http import api_actor, run
from plenary.inputs import parse_clock_time, query_choice
from plenary.routing import Route
from workflow import journals, meeting_lists
from workflow import services as workflow

PATCHABLE = ("opened_at", "closed_at", "suspensions", "chairperson", "session_title",
             "next_meeting")


def time_field(data: dict, name: str, current: time | None) -> time | None:
    """A time such as "10:10" (local, 24-hour); null clears it; absent keeps `current`."""
    if name not in data:
        return current
    value = data[name]
    if value is None:
        return None
    return parse_clock_time(field(data, name, str), f"the field {name!r}")


def suspensions_field(data: dict) -> list[tuple[time, time | None]]:
    """[{"suspended_at": "13:05", "resumed_at": "15:10"}, …]; resumed_at may be null."""
    periods = field(data, "suspensions", list)
    if len(periods) > journals.MAX_SUSPENSIONS or not all(isinstance(p, dict)
                                                          for p in periods):
        raise Invalid(f"the field 'suspensions' must be a list of at most "
                      f"{journals.MAX_SUSPENSIONS} objects with suspended_at and resumed_at")
    return [(parse_clock_time(field(p, "suspended_at", str), "the field 'suspended_at'"),
             time_field(p, "resumed_at", None)) for p in periods]


async def list_journals(request: Request) -> Response:
    """
    summary: The journals of every meeting day, the latest first, a page at a time
    description: >-
      Follow `next` for the following page (null on the last) and `previous` for the one
      before (null on the first). GET /api/v1/journals/{id} has a journal's content.
    parameters:
      - {name: body, in: query, required: false, schema: {type: string, enum: [MC, PC, FSC]}}
      - $ref: '#/components/parameters/Limit'
      - $ref: '#/components/parameters/Cursor'
    responses:
      200: {$ref: '#/components/responses/JournalList'}
      401: {$ref: '#/components/responses/Unauthorized'}
      422: {$ref: '#/components/responses/Invalid'}
    """

    def work(session):
        api_actor(request, session)
        limit, cursor = paging.page_request(request, meeting_lists.JOURNAL_ORDERING)
        body = query_choice(request, "body", BODIES)
        page = meeting_lists.page_of_journals(session, limit=limit, cursor=cursor, body=body)
        return {"journals": [{"id": j.id, "meeting_id": j.meeting_id, "body": j.meeting.body,
                              "number": j.number, "symbol": journals.symbol_of(j),
                              "day": j.day.isoformat()} for j in page.items],
                **paging.links(request, page, meeting_lists.JOURNAL_ORDERING)}

    return JSONResponse(await run(request, work))


async def add_agenda_item(request: Request) -> Response:
    """
    summary: Add an agenda item to a journal of the day (the Chair or the secretariat)
    description: The title may not be empty (at most 2,000 characters).
    parameters:
      - $ref: '#/components/parameters/Id'
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [number, title]
            properties:
              number: {type: integer, minimum: 1, maximum: 999, example: 7}
              title: {type: string, example: Adoption of the decisions and documents}
    responses:
      201: {$ref: '#/components/responses/Journal'}
      400: {$ref: '#/components/responses/BadRequest'}
      401: {$ref: '#/components/responses/Unauthorized'}
      403: {$ref: '#/components/responses/Forbidden'}
      404: {$ref: '#/components/responses/NotFound'}
      409: {$ref: '#/components/responses/Conflict'}
      413: {$ref: '#/components/responses/TooLarge'}
      422: {$ref: '#/components/responses/Invalid'}
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


AGENDA_ITEM_FIELDS = ("title", "number")


async def change_agenda_item(request: Request) -> Response:
    """
    summary: Rename an agenda item, or move it to another number (the Chair or the secretariat)
    description: >-
      Only the fields sent change; at least one, and no other. The agenda is in the order of
      its numbers: moving an item onto a number another item holds swaps the two.
    parameters:
      - $ref: '#/components/parameters/Id'
      - {name: number, in: path, required: true,
         schema: {type: integer, minimum: 1, maximum: 999}, example: 7}
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            minProperties: 1
            additionalProperties: false
            properties:
              title: {type: string, example: Adoption of the decisions and documents}
              number: {type: integer, minimum: 1, maximum: 999, example: 8}
    responses:
      200: {$ref: '#/components/responses/Journal'}
      400: {$ref: '#/components/responses/BadRequest'}
      401: {$ref: '#/components/responses/Unauthorized'}
      403: {$ref: '#/components/responses/Forbidden'}
      404: {$ref: '#/components/responses/NotFound'}
      413: {$ref: '#/components/responses/TooLarge'}
      422: {$ref: '#/components/responses/Invalid'}
    """
    journal_id, number = request.path_params["id"], request.path_params["number"]
    raw = await request.body()

    def work(session):
        actor = api_actor(request, session)
        data = parse_json(raw)
        unknown = sorted(set(data) - set(AGENDA_ITEM_FIELDS))
        if unknown or not data:
            raise Invalid(f"send title, number or both to change the agenda item"
                          f"{f'; unknown field {unknown[0]!r}' if unknown else ''}")
        journal = workflow.get_journal(session, journal_id)
        journals.change_agenda_item(
            session, actor, journal, number,
            title=field(data, "title", str) if "title" in data else None,
            new_number=field(data, "number", int) if "number" in data else None)
        return serialize.journal_json(journal)

    return JSONResponse(await run(request, work))


async def update_journal(request: Request) -> Response:
    """
    summary: Record a journal's times, Chairperson or next meeting (the Chair or the secretariat)
    description: >-
      Only the fields sent change; at least one, and no other. Times are the local times of
      the meeting day, 24-hour; null clears a time. The journal writes them as "Opened:
      10.10 a.m.". It cannot close before it opens. `suspensions` replaces every suspension
      recorded (at most 10, in order, within the opening and closing times; only the last
      may lack its resumption): the journal writes "Suspended: 1.05 p.m.", "Resumed: …".
    parameters:
      - $ref: '#/components/parameters/Id'
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            minProperties: 1
            additionalProperties: false
            properties:
              opened_at: {type: string, nullable: true, example: '10:10'}
              closed_at: {type: string, nullable: true, example: '13:05'}
              suspensions:
                type: array
                maxItems: 10
                items:
                  type: object
                  required: [suspended_at]
                  properties:
                    suspended_at: {type: string, example: '13:05'}
                    resumed_at: {type: string, nullable: true, example: '15:10'}
              chairperson: {type: string, nullable: true,
                            description: 'at most 200 characters, spaces collapsed',
                            example: 'Mr. S. Kurz, Chairperson-in-Office'}
              session_title: {type: string, nullable: true,
                              description: 'the second line of the title; at most 200 characters',
                              example: '3rd PLENARY MEETING (CLOSED)'}
              next_meeting: {type: string, nullable: true,
                             example: '6 and 7 December 2018, in Milan'}
    responses:
      200: {$ref: '#/components/responses/Journal'}
      400: {$ref: '#/components/responses/BadRequest'}
      401: {$ref: '#/components/responses/Unauthorized'}
      403: {$ref: '#/components/responses/Forbidden'}
      404: {$ref: '#/components/responses/NotFound'}
      413: {$ref: '#/components/responses/TooLarge'}
      422: {$ref: '#/components/responses/Invalid'}
    """
    journal_id, raw = request.path_params["id"], await request.body()

    def work(session):
        actor = api_actor(request, session)
        data = parse_json(raw)
        _check_patch(data)
        journal = workflow.get_journal(session, journal_id)
        periods = suspensions_field(data) if "suspensions" in data else None
        if "opened_at" in data or "closed_at" in data:
            journals.set_times(session, actor, journal,
                               time_field(data, "opened_at", journal.opened_at),
                               time_field(data, "closed_at", journal.closed_at),
                               suspensions=periods)
        if periods is not None:
            journals.set_suspensions(session, actor, journal, periods)
        if "chairperson" in data:
            journals.set_chairperson(session, actor, journal,
                                     field(data, "chairperson", str, required=False, default=""))
        if "session_title" in data:
            journals.set_session_title(session, actor, journal, field(
                data, "session_title", str, required=False, default=""))
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
      - $ref: '#/components/parameters/Id'
      - $ref: '#/components/parameters/JournalFormat'
    responses:
      200: {$ref: '#/components/responses/JournalDocument'}
      401: {$ref: '#/components/responses/Unauthorized'}
      404: {$ref: '#/components/responses/NotFound'}
      422: {$ref: '#/components/responses/Invalid'}
      503: {description: 'busy: as many long exports as the server renders at once are
             being prepared (retry after Retry-After); or PDF export lacks its libraries'}
    """
    journal_id = request.path_params["id"]

    def prepare(session):
        actor = api_actor(request, session)
        fmt = query_choice(request, "format", JOURNAL_FORMATS, "txt")
        return actor, prepare_journal(session, workflow.get_journal(session, journal_id), fmt)

    return await export_response(request, request.query_params.get("format", "txt"), prepare)


async def list_meetings(request: Request) -> Response:
    """
    summary: Meetings of every body, the latest first, with their journals, a page at a time
    description: >-
      Follow `next` for the following page (null on the last) and `previous` for the one
      before (null on the first). A meeting has at most 31 journals.
    parameters:
      - $ref: '#/components/parameters/Limit'
      - $ref: '#/components/parameters/Cursor'
    responses:
      200: {$ref: '#/components/responses/MeetingList'}
      401: {$ref: '#/components/responses/Unauthorized'}
      422: {$ref: '#/components/responses/Invalid'}
    """

    def work(session):
        api_actor(request, session)
        limit, cursor = paging.page_request(request, meeting_lists.ORDERING)
        page = meeting_lists.page_of_meetings(session, limit=limit, cursor=cursor)
        return {"meetings": [serialize.meeting_json(m) for m in page.items],
                **paging.links(request, page, meeting_lists.ORDERING)}

    return JSONResponse(await run(request, work))


async def create_meeting(request: Request) -> Response:
    """
    summary: Create a meeting of a body (the Chair or the secretariat)
    description: The last day may not come before the first; numbers start at 1.
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [body, number, place, first_day, last_day]
            properties:
              body: {type: string, enum: [MC, PC, FSC]}
              number: {type: integer, minimum: 1, maximum: 2147483647,
                       description: '24 for the 24th MC; the PC plenary number'}
              place: {type: string, maxLength: 100}
              first_day: {type: string, format: date}
              last_day: {type: string, format: date}
    responses:
      201: {$ref: '#/components/responses/Meeting'}
      400: {$ref: '#/components/responses/BadRequest'}
      401: {$ref: '#/components/responses/Unauthorized'}
      403: {$ref: '#/components/responses/Forbidden'}
      409: {$ref: '#/components/responses/Conflict'}
      413: {$ref: '#/components/responses/TooLarge'}
      422: {$ref: '#/components/responses/Invalid'}
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
    description: >-
      The date must be a day of the meeting. Adoptions by silence not yet announced go into
      the new journal.
    parameters:
      - $ref: '#/components/parameters/Id'
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [number, date]
            properties:
              number: {type: integer, minimum: 1, maximum: 2147483647,
                       description: 'the day of an MC meeting; the PC plenary'}
              date: {type: string, format: date}
              chairperson: {type: string, nullable: true}
    responses:
      201: {$ref: '#/components/responses/Journal'}
      400: {$ref: '#/components/responses/BadRequest'}
      401: {$ref: '#/components/responses/Unauthorized'}
      403: {$ref: '#/components/responses/Forbidden'}
      404: {$ref: '#/components/responses/NotFound'}
      409: {$ref: '#/components/responses/Conflict'}
      413: {$ref: '#/components/responses/TooLarge'}
      422: {$ref: '#/components/responses/Invalid'}
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
      - $ref: '#/components/parameters/Id'
    responses:
      200: {$ref: '#/components/responses/Journal'}
      401: {$ref: '#/components/responses/Unauthorized'}
      404: {$ref: '#/components/responses/NotFound'}
    """
    journal_id = request.path_params["id"]

    def work(session):
        api_actor(request, session)
        return serialize.journal_json(workflow.get_journal(session, journal_id))

    return JSONResponse(await run(request, work))


routes = [
    Route("/api/v1/journals", list_journals, methods=["GET"]),
    Route("/api/v1/journals/{id:id}/agenda", add_agenda_item, methods=["POST"]),
    Route("/api/v1/journals/{id:id}/agenda/{number:id}", change_agenda_item,
          methods=["PATCH"]),
    Route("/api/v1/journals/{id:id}", update_journal, methods=["PATCH"]),
    Route("/api/v1/journals/{id:id}/document", journal_document, methods=["GET"]),
    Route("/api/v1/meetings", list_meetings, methods=["GET"]),
    Route("/api/v1/meetings", create_meeting, methods=["POST"]),
    Route("/api/v1/meetings/{id:id}/journals", open_journal, methods=["POST"]),
    Route("/api/v1/journals/{id:id}", get_journal, methods=["GET"]),
]
