"""The JSON API of amendments and revised texts: propose, support, withdraw, accept,
reject, rewrite; issue Rev.N; read any revision; compare two revisions."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from drafting import amendments, revisions
from drafting import services as drafting
from drafting.compare import compare
from drafting.errors import Invalid
from exports.formats import export_draft
from plenary import serialize
from plenary.api import field, parse_json
from plenary.http import api_actor, download, run


async def propose(request: Request) -> Response:
    """
    summary: Propose an amendment to a paragraph, for the drafter's own delegation
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    requestBody:
      content:
        application/json:
          schema:
            type: object
            required: [paragraph, action]
            properties:
              paragraph: {type: string, description: the paragraph's key}
              action: {type: string, enum: [modify, insert_after, delete]}
              text: {type: string, description: the new wording (modify, insert_after)}
              rationale: {type: string}
              base_revision: {type: integer, description: the revision it was written against}
    responses:
      201: {description: 'the amendment, with "status", "delegation", "redline"'}
      409: {description: the draft is not open for negotiation}
      422: {description: unknown paragraph, empty or unchanged text, text too long}
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
    summary: Every amendment of a draft, with its status, supporters and redline
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    responses:
      200: {description: '{"amendments": [...]}'}
    """
    draft_id = request.path_params["id"]

    def work(session):
        api_actor(request, session)
        found = amendments.list_amendments(session, drafting.get_draft(session, draft_id))
        return {"amendments": [serialize.amendment_json(a) for a in found]}

    return JSONResponse(await run(request, work))


async def get_amendment(request: Request) -> Response:
    """
    summary: One amendment
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    responses:
      200: {description: the amendment}
    """
    amendment_id = request.path_params["id"]

    def work(session):
        api_actor(request, session)
        return serialize.amendment_json(amendments.get_amendment(session, amendment_id))

    return JSONResponse(await run(request, work))


def _amendment_action(use_case, *fields: str):
    async def handler(request: Request) -> Response:
        amendment_id, raw = request.path_params["id"], await request.body()

        def work(session):
            actor = api_actor(request, session)
            data = parse_json(raw or b"{}")
            values = [field(data, name, str, required=False, default="") for name in fields]
            amendment = amendments.get_amendment(session, amendment_id)
            return serialize.amendment_json(use_case(session, actor, amendment, *values))

        return JSONResponse(await run(request, work))

    handler.__doc__ = f"""
    summary: {use_case.__name__.capitalize()} an amendment
    parameters:
      - {{name: id, in: path, required: true, schema: {{type: integer}}}}
    requestBody:
      content:
        application/json:
          schema:
            type: object
            properties: {{{", ".join(f"{name}: {{type: string}}" for name in fields)}}}
    responses:
      200: {{description: the amendment}}
      403: {{description: not allowed for this user}}
      409: {{description: not possible in the draft's state or the amendment's status}}
    """
    return handler


async def issue_revision(request: Request) -> Response:
    """
    summary: Issue the next revised text (the Chair)
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    requestBody:
      content:
        application/json:
          schema:
            type: object
            properties:
              incorporate: {type: array, items: {type: integer}}
              edits:
                type: array
                items:
                  type: object
                  properties: {paragraph: {type: string}, text: {type: string}}
              base_revision: {type: integer, description: refused (409) if no longer current}
    responses:
      201:
        description: >-
          {"revision", "symbol", "incorporated", "rebased", "needs_rebase", "contained"}
      409: {description: another revision was issued meanwhile, or amendments collide}
    """
    draft_id, raw = request.path_params["id"], await request.body()

    def work(session):
        actor = api_actor(request, session)
        data = parse_json(raw)
        draft = drafting.get_draft(session, draft_id)
        outcome = revisions.issue_revision(
            session, actor, draft, incorporate=_ids(data), edits=_edits(data),
            base_revision=field(data, "base_revision", int, required=False),
        )
        return {"revision": outcome.revision.number,
                "symbol": draft.revision_symbol(outcome.revision.number),
                "incorporated": outcome.incorporated, "rebased": outcome.rebased,
                "needs_rebase": outcome.needs_rebase, "contained": outcome.contained}

    return JSONResponse(await run(request, work), status_code=201)


def _ids(data: dict) -> list[int]:
    ids = field(data, "incorporate", list, required=False, default=[])
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise Invalid("the field 'incorporate' must be a list of amendment ids")
    return ids


def _edits(data: dict) -> list[tuple[str, str]]:
    edits = field(data, "edits", list, required=False, default=[])
    if not all(isinstance(e, dict) and isinstance(e.get("paragraph"), str)
               and isinstance(e.get("text"), str) for e in edits):
        raise Invalid('each edit must be {"paragraph": key, "text": new wording}')
    return [(e["paragraph"], e["text"]) for e in edits]


async def get_revision(request: Request) -> Response:
    """
    summary: A draft at any revision
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
      - {name: n, in: path, required: true, schema: {type: integer}}
    responses:
      200: {description: 'the draft, as GET /api/v1/drafts/{id}, at revision n'}
    """
    draft_id, number = request.path_params["id"], request.path_params["n"]

    def work(session):
        api_actor(request, session)
        draft = drafting.get_draft(session, draft_id)
        return serialize.draft_json(draft, drafting.revision_of(session, draft, number))

    return JSONResponse(await run(request, work))


async def compare_revisions(request: Request) -> Response:
    """
    summary: Two revisions compared paragraph by paragraph (a redline per paragraph)
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
      - {name: from, in: query, required: true, schema: {type: integer}}
      - {name: to, in: query, required: true, schema: {type: integer}}
    responses:
      200:
        description: >-
          {"from", "to", "paragraphs": [{"key", "from_label", "to_label", "change",
          "moved", "redline"}]}
    """
    draft_id = request.path_params["id"]
    old, new = _revision_param(request, "from"), _revision_param(request, "to")

    def work(session):
        api_actor(request, session)
        draft = drafting.get_draft(session, draft_id)
        rows = compare(drafting.revision_of(session, draft, old).paragraphs,
                       drafting.revision_of(session, draft, new).paragraphs)
        return serialize.compare_json(draft, old, new, rows)

    return JSONResponse(await run(request, work))


async def draft_document(request: Request) -> Response:
    """
    summary: A draft as a document, clean or redlined
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
      - {name: format, in: query, required: false, schema: {type: string, enum: [txt, md]}}
      - {name: revision, in: query, required: false, schema: {type: integer}}
      - {name: against, in: query, required: false, schema: {type: integer}}
      - {name: amendments, in: query, required: false, schema: {type: string, enum: [pending]}}
    responses:
      200: {description: 'the document, a download named after the symbol: MC.DD-3-26-Rev.1.txt'}
      400: {description: unknown format; the message lists the formats}
    """
    draft_id, fmt = request.path_params["id"], request.query_params.get("format", "txt")
    revision = _optional_revision(request, "revision")
    against = _optional_revision(request, "against")
    marked = request.query_params.get("amendments")
    if marked not in (None, "pending"):
        raise Invalid("amendments= takes only the value pending")

    def work(session):
        actor = api_actor(request, session)
        return export_draft(session, drafting.get_draft(session, draft_id), fmt,
                            revision=revision, against=against,
                            amendments=marked == "pending", actor=actor)

    return download(await run(request, work))


def _optional_revision(request: Request, name: str) -> int | None:
    return _revision_param(request, name) if name in request.query_params else None


def _revision_param(request: Request, name: str) -> int:
    value = request.query_params.get(name, "")
    if not value.isdigit():
        raise Invalid(f"give ?{name}= as a revision number (0 for the text as tabled)")
    return int(value)


routes = [
    Route("/api/v1/drafts/{id:int}/amendments", propose, methods=["POST"]),
    Route("/api/v1/drafts/{id:int}/amendments", list_amendments, methods=["GET"]),
    Route("/api/v1/amendments/{id:int}", get_amendment, methods=["GET"]),
    Route("/api/v1/amendments/{id:int}/support", _amendment_action(amendments.support),
          methods=["POST"]),
    Route("/api/v1/amendments/{id:int}/unsupport", _amendment_action(amendments.unsupport),
          methods=["POST"]),
    Route("/api/v1/amendments/{id:int}/withdraw", _amendment_action(amendments.withdraw),
          methods=["POST"]),
    Route("/api/v1/amendments/{id:int}/accept", _amendment_action(amendments.accept, "reason"),
          methods=["POST"]),
    Route("/api/v1/amendments/{id:int}/reject", _amendment_action(amendments.reject, "reason"),
          methods=["POST"]),
    Route("/api/v1/amendments/{id:int}/rewrite", _amendment_action(amendments.rewrite, "text"),
          methods=["POST"]),
    Route("/api/v1/amendments/{id:int}/confirm", _amendment_action(amendments.confirm),
          methods=["POST"]),
    Route("/api/v1/drafts/{id:int}/revisions", issue_revision, methods=["POST"]),
    Route("/api/v1/drafts/{id:int}/revisions/{n:int}", get_revision, methods=["GET"]),
    Route("/api/v1/drafts/{id:int}/compare", compare_revisions, methods=["GET"]),
    Route("/api/v1/drafts/{id:int}/document", draft_document, methods=["GET"]),
]
