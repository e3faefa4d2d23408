"""The JSON API of statements under IV.1(A)6: registering one on a decision, the named
delegations' confirmations and declines, resubmitting, withdrawing; and who holds a
group's presidency (the European Union's statements are delivered through it)."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from drafting import services as drafting
from plenary import serialize
from plenary.api.common import date_field, delegation_names, field, names_field, parse_json
from plenary.http import api_actor, run
from plenary.routing import Route
from workflow import services as workflow
from workflow import statements


def _named(session, data: dict) -> list:
    return [drafting.named_delegation(session, name, "delegation in also_on_behalf_of")
            for name in names_field(data, "also_on_behalf_of")]


def _answer(session, statement) -> dict:
    """The statement as GET /api/v1/statements/{id} shows it, with its decision."""
    decision = statement.decision
    return serialize.statement_json(statement, delegation_names(session)) | {
        "decision": {"id": decision.id, "symbol": decision.symbol}}


async def register(request: Request) -> Response:
    """
    summary: Register an interpretative statement or formal reservation on a decision
    description: >-
      A drafter for its own delegation: naming other delegations (also_on_behalf_of), the
      statement awaits their confirmation and has no attachment number yet. The Chair or
      the secretariat records a statement as delivered, co-signers included. A group's
      statement is accepted only from the delegation holding the group's presidency on
      the day of adoption (403 naming it); the same statement twice is 409.
    parameters:
      - $ref: '#/components/parameters/Id'
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [delegation, kind, original_language, text]
            properties:
              delegation: {type: string, example: Russian Federation}
              kind: {type: string, enum: [interpretative_statement, formal_reservation]}
              original_language:
                type: string
                description: 'en, fr, de, it, ru, es (or ENGLISH … SPANISH), in any case'
              text: {type: string, description: paragraphs separated by a blank line}
              also_on_behalf_of: {type: array, nullable: true, items: {type: string}}
              group:
                type: string
                nullable: true
                description: 'a group delivered for by the delegation holding its presidency'
                enum: [European Union]
    responses:
      201: {$ref: '#/components/responses/StatementRegistered'}
      400: {$ref: '#/components/responses/BadRequest'}
      401: {$ref: '#/components/responses/Unauthorized'}
      403: {$ref: '#/components/responses/Forbidden'}
      404: {$ref: '#/components/responses/NotFound'}
      409: {$ref: '#/components/responses/Conflict'}
      413: {$ref: '#/components/responses/TooLarge'}
      422: {$ref: '#/components/responses/Invalid'}
    """
    decision_id, raw = request.path_params["id"], await request.body()

    def work(session):
        actor = api_actor(request, session)
        data = parse_json(raw)
        decision = workflow.get_decision(session, decision_id)
        statement = statements.register(
            session, actor, decision,
            delegation=drafting.named_delegation(session, field(data, "delegation", str),
                                                 "delegation"),
            kind=field(data, "kind", str),
            original_language=field(data, "original_language", str),
            text=field(data, "text", str), also_on_behalf_of=_named(session, data),
            group=field(data, "group", str, required=False),
        )
        return {"id": statement.id, "status": statement.status,
                "attachment": statement.position, "decision": decision.symbol}

    return JSONResponse(await run(request, work), status_code=201)


async def get_statement(request: Request) -> Response:
    """
    summary: A statement with its status and who has confirmed it
    description: >-
      A statement not registered yet is shown only to its author's delegation and to the
      delegations it names; to anyone else it does not exist (404).
    parameters:
      - $ref: '#/components/parameters/Id'
    responses:
      200: {$ref: '#/components/responses/StatementOfDecision'}
      401: {$ref: '#/components/responses/Unauthorized'}
      404: {$ref: '#/components/responses/NotFound'}
    """
    statement_id = request.path_params["id"]

    def work(session):
        actor = api_actor(request, session)
        return _answer(session, statements.get_statement(session, statement_id, actor))

    return JSONResponse(await run(request, work))


def _statement_step(step, action: str, summary: str, body_doc: str = ""):
    """A handler for one action on a statement: `step(session, actor, statement, data)`;
    the answer is the statement as it now stands."""

    async def handler(request: Request) -> Response:
        statement_id, raw = request.path_params["id"], await request.body()

        def work(session):
            actor = api_actor(request, session)
            # An action that takes no body (confirm) does not read one.
            data = parse_json(raw or b"{}") if body_doc else {}
            statement = statements.get_statement(session, statement_id, actor, action)
            step(session, actor, statement, data)
            return _answer(session, statement)

        return JSONResponse(await run(request, work))

    body_answers = """
      400: {$ref: '#/components/responses/BadRequest'}
      413: {$ref: '#/components/responses/TooLarge'}
      422: {$ref: '#/components/responses/Invalid'}""" if body_doc else ""
    handler.__doc__ = f"""
    summary: {json.dumps(summary)}
    description: 'refused (409) in the wrong status of the statement, or once the decision
      is issued; a statement this user may not see is 404'
    parameters:
      - $ref: '#/components/parameters/Id'
    {body_doc}
    responses:
      200: {{$ref: '#/components/responses/StatementOfDecision'}}
      401: {{$ref: '#/components/responses/Unauthorized'}}
      403: {{$ref: '#/components/responses/Forbidden'}}
      404: {{$ref: '#/components/responses/NotFound'}}
      409: {{$ref: '#/components/responses/Conflict'}}{body_answers}
    """
    return handler


def _body(required: list[str], properties: str) -> str:
    required_line = f"\n            required: {required}" if required else ""
    return f"""requestBody:
      content:
        application/json:
          schema:
            type: object{required_line}
            properties: {properties}"""


def _decline(session, actor, statement, data):
    statements.decline(session, actor, statement,
                       field(data, "reason", str, required=False, default=""))


def _resubmit(session, actor, statement, data):
    field(data, "also_on_behalf_of", list)  # required: an empty list is a choice, absence not
    statements.resubmit(session, actor, statement, _named(session, data))


def _withdraw(session, actor, statement, data):
    statements.withdraw(session, actor, statement,
                        field(data, "reason", str, required=False, default=""))


async def list_groups(request: Request) -> Response:
    """
    summary: The groups a delegation speaks for, with their presidencies
    responses:
      200: {$ref: '#/components/responses/GroupList'}
      401: {$ref: '#/components/responses/Unauthorized'}
    """

    def work(session):
        api_actor(request, session)
        presidencies = statements.list_presidencies(session)
        return {"groups": [
            {"name": name, "presidencies": [serialize.presidency_json(p)
                                            for p in presidencies if p.group == name]}
            for name in statements.GROUPS]}

    return JSONResponse(await run(request, work))


async def set_presidency(request: Request) -> Response:
    """
    summary: Record who holds a group's presidency, and when (the secretariat)
    description: The period may not end before it starts, nor overlap another of the group (409).
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            required: [name, presidency, from, until]
            properties:
              name: {type: string, enum: [European Union]}
              presidency: {type: string, example: Estonia}
              from: {type: string, format: date, example: '2017-07-01'}
              until: {type: string, format: date, example: '2017-12-31'}
    responses:
      201: {$ref: '#/components/responses/Presidency'}
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
        presidency = statements.set_presidency(
            session, actor, group=field(data, "name", str),
            delegation=drafting.named_delegation(session, field(data, "presidency", str),
                                                 "presidency"),
            starts_on=date_field(data, "from"), ends_on=date_field(data, "until"))
        return serialize.presidency_json(presidency)

    return JSONResponse(await run(request, work), status_code=201)


routes = [
    Route("/api/v1/decisions/{id:id}/statements", register, methods=["POST"]),
    Route("/api/v1/statements/{id:id}", get_statement, methods=["GET"]),
    Route("/api/v1/statements/{id:id}/confirm", _statement_step(
        lambda session, actor, statement, data: statements.confirm(session, actor, statement),
        "confirm", "Confirm that a statement also speaks for your delegation (a named "
        "delegation)"), methods=["POST"]),
    Route("/api/v1/statements/{id:id}/decline", _statement_step(
        _decline, "decline", "Decline to be named in a statement: it returns to its author",
        _body([], "{reason: {type: string, nullable: true}}")), methods=["POST"]),
    Route("/api/v1/statements/{id:id}/resubmit", _statement_step(
        _resubmit, "resubmit", "Resubmit a returned statement with a new list of delegations "
        "(its author)",
        _body(["also_on_behalf_of"], "{also_on_behalf_of: {type: array, items: {type: "
                                     "string}}}")), methods=["POST"]),
    Route("/api/v1/statements/{id:id}/withdraw", _statement_step(
        _withdraw, "withdraw", "Withdraw a statement registered in error (the secretariat, "
        "with a reason) or one not registered yet (also its author)",
        _body([], "{reason: {type: string, nullable: true, "
                 "description: 'required from the secretariat'}}")),
          methods=["POST"]),
    Route("/api/v1/groups", list_groups, methods=["GET"]),
    Route("/api/v1/groups", set_presidency, methods=["POST"]),
]
