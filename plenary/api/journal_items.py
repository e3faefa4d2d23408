"""The JSON API of what was said under each agenda item of a journal of the day: its
speakers, the documents cited and the statements annexed (the Chair or the secretariat).

Speakers and documents are named by their position under the item (1, 2 …), annexes by
their number in the journal ("Annex 2" is .../annexes/2). Every answer is the whole
journal, as GET /api/v1/journals/{id} gives it. A part of plenary.api.meetings' area, in a
module of its own to keep both short."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from drafting.errors import Invalid
from plenary import serialize
from plenary.api.common import field, parse_json
from plenary.http import api_actor, run
from plenary.routing import Route
from workflow import journal_items
from workflow import services as workflow

ITEM = "/api/v1/journals/{id:id}/agenda/{number:id}"


async def _change(request: Request, change, status: int = 200, fields=None) -> Response:
    """Read the body (when `fields` names what it may hold), find the journal, then
    `change(session, actor, journal, number, data)`; answer the journal."""
    journal_id, number = request.path_params["id"], request.path_params["number"]
    raw = await request.body() if fields is not None else b""

    def work(session):
        actor = api_actor(request, session)
        data = _checked(parse_json(raw), fields) if fields is not None else {}
        journal = workflow.get_journal(session, journal_id)
        change(session, actor, journal, number, data)
        return serialize.journal_json(journal)

    return JSONResponse(await run(request, work), status_code=status)


def _checked(data: dict, fields: tuple[str, ...]) -> dict:
    # A misspelt field would otherwise change nothing and still answer 200.
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise Invalid(f"unknown field {unknown[0]!r}; send {' or '.join(fields)}")
    return data


def _changes(data: dict, text: str, kind: type, position: str) -> dict:
    if not data:
        raise Invalid(f"nothing to change: send {text}, {position} or both")
    return {"text": field(data, text, kind) if text in data else None,
            "position": field(data, position, int) if position in data else None}


def _optional_int(data: dict, name: str) -> int | None:
    return field(data, name, int, required=False)


async def add_speaker(request: Request) -> Response:
    """
    summary: Add a speaker under an agenda item (the Chair or the secretariat)
    description: >-
      At the end, or at `position` (the speakers from there move down one). The name is a
      delegation, the Chairperson, an organisation, or a line such as "Estonia-European
      Union (with the candidate countries …)": at most 500 characters. An item has at most
      100 speakers, a journal 1,000 (409 past either).
    parameters:
      - $ref: '#/components/parameters/Id'
      - $ref: '#/components/parameters/AgendaNumber'
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [name]
            properties:
              name: {type: string, maxLength: 500, example: Russian Federation}
              position: {type: integer, minimum: 1, nullable: true, example: 2,
                         description: "the place; null or absent: the last"}
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

    def change(session, actor, journal, number, data):
        journal_items.add_speaker(session, actor, journal, number, field(data, "name", str),
                                  _optional_int(data, "position"))

    return await _change(request, change, 201, ("name", "position"))


async def change_speaker(request: Request) -> Response:
    """
    summary: Correct a speaker's name, or move the speaker (the Chair or the secretariat)
    description: >-
      Only the fields sent change; at least one, and no other. Moving a speaker to a
      position closes up the others between: the order is that of the floor.
    parameters:
      - $ref: '#/components/parameters/Id'
      - $ref: '#/components/parameters/AgendaNumber'
      - $ref: '#/components/parameters/LinePosition'
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            minProperties: 1
            additionalProperties: false
            properties:
              name: {type: string, maxLength: 500, example: Chairperson}
              position: {type: integer, minimum: 1, example: 1}
    responses:
      200: {$ref: '#/components/responses/Journal'}
      400: {$ref: '#/components/responses/BadRequest'}
      401: {$ref: '#/components/responses/Unauthorized'}
      403: {$ref: '#/components/responses/Forbidden'}
      404: {$ref: '#/components/responses/NotFound'}
      413: {$ref: '#/components/responses/TooLarge'}
      422: {$ref: '#/components/responses/Invalid'}
    """
    position = request.path_params["position"]

    def change(session, actor, journal, number, data):
        wanted = _changes(data, "name", str, "position")
        journal_items.change_speaker(session, actor, journal, number, position,
                                     name=wanted["text"], new_position=wanted["position"])

    return await _change(request, change, fields=("name", "position"))


async def remove_speaker(request: Request) -> Response:
    """
    summary: Remove a speaker from an agenda item (the Chair or the secretariat)
    description: >-
      The speakers after it move up one. A speaker whose statement is annexed is kept
      (409) until the annex is removed.
    parameters:
      - $ref: '#/components/parameters/Id'
      - $ref: '#/components/parameters/AgendaNumber'
      - $ref: '#/components/parameters/LinePosition'
    responses:
      200: {$ref: '#/components/responses/Journal'}
      401: {$ref: '#/components/responses/Unauthorized'}
      403: {$ref: '#/components/responses/Forbidden'}
      404: {$ref: '#/components/responses/NotFound'}
      409: {$ref: '#/components/responses/Conflict'}
    """
    position = request.path_params["position"]

    def change(session, actor, journal, number, data):
        journal_items.remove_speaker(session, actor, journal, number, position)

    return await _change(request, change)


async def add_document(request: Request) -> Response:
    """
    summary: Cite a document under an agenda item (the Chair or the secretariat)
    description: >-
      A document symbol such as PC.DEL/1229/20, MC.GAL/3/17 or PC.DEC/1048/Corr.1 (422
      otherwise); written as documents print it. At the end, or at `position`. An item
      has at most 50 documents, a journal 500, and cites each once (409).
    parameters:
      - $ref: '#/components/parameters/Id'
      - $ref: '#/components/parameters/AgendaNumber'
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [symbol]
            properties:
              symbol: {type: string, maxLength: 60, example: PC.DEL/1229/20}
              position: {type: integer, minimum: 1, nullable: true, example: 1,
                         description: "the place; null or absent: the last"}
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

    def change(session, actor, journal, number, data):
        journal_items.add_document(session, actor, journal, number,
                                   field(data, "symbol", str), _optional_int(data, "position"))

    return await _change(request, change, 201, ("symbol", "position"))


async def change_document(request: Request) -> Response:
    """
    summary: Correct a cited document's symbol, or move it (the Chair or the secretariat)
    description: >-
      Only the fields sent change; at least one, and no other. A symbol the item cites
      already is 409.
    parameters:
      - $ref: '#/components/parameters/Id'
      - $ref: '#/components/parameters/AgendaNumber'
      - $ref: '#/components/parameters/LinePosition'
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            minProperties: 1
            additionalProperties: false
            properties:
              symbol: {type: string, maxLength: 60, example: PC.DEL/1230/20}
              position: {type: integer, minimum: 1, example: 1}
    responses:
      200: {$ref: '#/components/responses/Journal'}
      400: {$ref: '#/components/responses/BadRequest'}
      401: {$ref: '#/components/responses/Unauthorized'}
      403: {$ref: '#/components/responses/Forbidden'}
      404: {$ref: '#/components/responses/NotFound'}
      409: {$ref: '#/components/responses/Conflict'}
      413: {$ref: '#/components/responses/TooLarge'}
      422: {$ref: '#/components/responses/Invalid'}
    """
    position = request.path_params["position"]

    def change(session, actor, journal, number, data):
        wanted = _changes(data, "symbol", str, "position")
        journal_items.change_document(session, actor, journal, number, position,
                                      symbol=wanted["text"], new_position=wanted["position"])

    return await _change(request, change, fields=("symbol", "position"))


async def remove_document(request: Request) -> Response:
    """
    summary: Remove a cited document from an agenda item (the Chair or the secretariat)
    parameters:
      - $ref: '#/components/parameters/Id'
      - $ref: '#/components/parameters/AgendaNumber'
      - $ref: '#/components/parameters/LinePosition'
    responses:
      200: {$ref: '#/components/responses/Journal'}
      401: {$ref: '#/components/responses/Unauthorized'}
      403: {$ref: '#/components/responses/Forbidden'}
      404: {$ref: '#/components/responses/NotFound'}
    """
    position = request.path_params["position"]

    def change(session, actor, journal, number, data):
        journal_items.remove_document(session, actor, journal, number, position)

    return await _change(request, change)


async def add_annex(request: Request) -> Response:
    """
    summary: Annex a statement made in debate to the journal (the Chair or the secretariat)
    description: >-
      The statement of the speaker at position `speaker` under the item, who then reads
      "Russian Federation (Annex 1)". Annexes are numbered in the journal's order (agenda
      item, then speaker). The text: paragraphs separated by a blank line, at most 20,000
      characters. A speaker has one annex; an item at most 30, a journal 100 (409).
    parameters:
      - $ref: '#/components/parameters/Id'
      - $ref: '#/components/parameters/AgendaNumber'
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [speaker, text]
            properties:
              speaker: {type: integer, minimum: 1, example: 2}
              text: {type: string, maxLength: 20000, example: "Mr. Chairperson,\\n\\nThank you."}
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

    def change(session, actor, journal, number, data):
        journal_items.add_annex(session, actor, journal, number, field(data, "speaker", int),
                                field(data, "text", str))

    return await _change(request, change, 201, ("speaker", "text"))


async def change_annex(request: Request) -> Response:
    """
    summary: Correct an annex's text, or move it to another speaker (the Chair or the secretariat)
    description: >-
      Only the fields sent change; at least one, and no other. `speaker` is the position
      of a speaker under the same item, without an annex of their own (409); the annexes
      are renumbered in the journal's order.
    parameters:
      - $ref: '#/components/parameters/Id'
      - $ref: '#/components/parameters/AgendaNumber'
      - $ref: '#/components/parameters/AnnexNumber'
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            minProperties: 1
            additionalProperties: false
            properties:
              speaker: {type: integer, minimum: 1, example: 3}
              text: {type: string, maxLength: 20000}
    responses:
      200: {$ref: '#/components/responses/Journal'}
      400: {$ref: '#/components/responses/BadRequest'}
      401: {$ref: '#/components/responses/Unauthorized'}
      403: {$ref: '#/components/responses/Forbidden'}
      404: {$ref: '#/components/responses/NotFound'}
      409: {$ref: '#/components/responses/Conflict'}
      413: {$ref: '#/components/responses/TooLarge'}
      422: {$ref: '#/components/responses/Invalid'}
    """
    annex = request.path_params["annex"]

    def change(session, actor, journal, number, data):
        wanted = _changes(data, "text", str, "speaker")
        journal_items.change_annex(session, actor, journal, number, annex,
                                   text=wanted["text"], speaker=wanted["position"])

    return await _change(request, change, fields=("speaker", "text"))


async def remove_annex(request: Request) -> Response:
    """
    summary: Remove an annex from the journal (the Chair or the secretariat)
    description: The speaker stays; the later annexes are renumbered.
    parameters:
      - $ref: '#/components/parameters/Id'
      - $ref: '#/components/parameters/AgendaNumber'
      - $ref: '#/components/parameters/AnnexNumber'
    responses:
      200: {$ref: '#/components/responses/Journal'}
      401: {$ref: '#/components/responses/Unauthorized'}
      403: {$ref: '#/components/responses/Forbidden'}
      404: {$ref: '#/components/responses/NotFound'}
    """
    annex = request.path_params["annex"]

    def change(session, actor, journal, number, data):
        journal_items.remove_annex(session, actor, journal, number, annex)

    return await _change(request, change)


routes = [
    Route(f"{ITEM}/speakers", add_speaker, methods=["POST"]),
    Route(f"{ITEM}/speakers/{{position:id}}", change_speaker, methods=["PATCH"]),
    Route(f"{ITEM}/speakers/{{position:id}}", remove_speaker, methods=["DELETE"]),
    Route(f"{ITEM}/documents", add_document, methods=["POST"]),
    Route(f"{ITEM}/documents/{{position:id}}", change_document, methods=["PATCH"]),
    Route(f"{ITEM}/documents/{{position:id}}", remove_document, methods=["DELETE"]),
    Route(f"{ITEM}/annexes", add_annex, methods=["POST"]),
    Route(f"{ITEM}/annexes/{{annex:id}}", change_annex, methods=["PATCH"]),
    Route(f"{ITEM}/annexes/{{annex:id}}", remove_annex, methods=["DELETE"]),
]
