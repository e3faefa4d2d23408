"""The JSON API of decisions: list and read them, export the decision document with its
statements, and issue it (the secretariat)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from exports.formats import prepare_decision
from plenary import paging, serialize
from plenary.api.common import delegation_names
from plenary.api.schema import DECISION_DOCUMENT_FORMATS
from plenary.exporting import export_response
from plenary.http import api_actor, run
from plenary.inputs import query_choice, query_text
from plenary.routing import Route
from workflow import decision_lists
from workflow import services as workflow


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


async def issue_decision(request: Request) -> Response:
    """
    summary: Issue the decision document (the secretariat); later statements are refused
    description: Refused (409) if issued already, or while a statement awaits confirmation.
    parameters:
      - $ref: '#/components/parameters/Id'
    responses:
      200: {$ref: '#/components/responses/Decision'}
      401: {$ref: '#/components/responses/Unauthorized'}
      403: {$ref: '#/components/responses/Forbidden'}
      404: {$ref: '#/components/responses/NotFound'}
      409: {$ref: '#/components/responses/Conflict'}
    """
    decision_id = request.path_params["id"]

    def work(session):
        actor = api_actor(request, session)
        decision = workflow.issue(session, actor, workflow.get_decision(session, decision_id))
        return serialize.decision_json(decision, delegation_names(session))

    return JSONResponse(await run(request, work))


routes = [
    Route("/api/v1/decisions", list_decisions, methods=["GET"]),
    Route("/api/v1/decisions/{id:id}", get_decision, methods=["GET"]),
    Route("/api/v1/decisions/{id:id}/document", decision_document, methods=["GET"]),
    Route("/api/v1/decisions/{id:id}/issue", issue_decision, methods=["POST"]),
]
