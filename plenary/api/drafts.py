"""The JSON API of drafts and their revised texts: table a draft, list and read drafts;
issue Rev.N (the Chair), read any revision, compare two revisions, export a draft.

Each handler: parse, call one use case, serialise."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from drafting import draft_lists, revisions
from drafting import services as drafting
from drafting.compare import compare
from drafting.errors import Invalid
from exports.formats import DRAFT_FORMATS, prepare_draft
from plenary import compilation_requests as compilations
from plenary import list_queries, paging, serialize
from plenary.api.common import field, parse_json
from plenary.exporting import export_response
from plenary.http import api_actor, run
from plenary.inputs import check_value, query_choice, query_number
from plenary.routing import Route
from workflow import silence


async def create_draft(request: Request) -> Response:
    """
    summary: Table a draft from plain text or Markdown (the Chair or the secretariat)
    description: >-
      Optional fields may be null or left out alike. The title is the text's first line
      unless given. Statements attached below the decision ("Attachment", "Attachment 1")
      are refused with a 422 naming each, never dropped: they are registered on the decision.
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


async def issue_revision(request: Request) -> Response:
    """
    summary: Issue the next revised text (the Chair), while the draft is negotiating
    description: >-
      incorporate names amendments of this draft; each edit names a paragraph of the current
      revision. Every delegation is told what became of its amendments.
    parameters:
      - $ref: '#/components/parameters/Id'
    requestBody:
      required: true
      content:
        application/json:
          schema:
            type: object
            properties:
              incorporate:
                type: array
                nullable: true
                items: {type: integer, minimum: -2147483648, maximum: 2147483647}
              edits:
                type: array
                nullable: true
                items:
                  type: object
                  required: [paragraph, text]
                  properties: {paragraph: {type: string}, text: {type: string}}
              base_revision: {type: integer, nullable: true, minimum: -2147483648,
                              maximum: 2147483647, description: refused (409) if not current}
    responses:
      201: {$ref: '#/components/responses/RevisionIssued'}
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
    return [(check_value(e["paragraph"], f"edits[{i}].paragraph"),
             check_value(e["text"], f"edits[{i}].text")) for i, e in enumerate(edits)]


async def get_revision(request: Request) -> Response:
    """
    summary: A draft at any revision
    parameters:
      - $ref: '#/components/parameters/Id'
      - $ref: '#/components/parameters/RevisionNumber'
    responses:
      200: {$ref: '#/components/responses/Draft'}
      401: {$ref: '#/components/responses/Unauthorized'}
      404: {$ref: '#/components/responses/NotFound'}
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
    description: Paragraphs are followed by key, so renumbered and moved ones are recognised.
    parameters:
      - $ref: '#/components/parameters/Id'
      - {name: from, in: query, required: true,
         schema: {type: integer, minimum: 0, maximum: 2147483647}}
      - {name: to, in: query, required: true,
         schema: {type: integer, minimum: 0, maximum: 2147483647}}
    responses:
      200: {$ref: '#/components/responses/Comparison'}
      401: {$ref: '#/components/responses/Unauthorized'}
      404: {$ref: '#/components/responses/NotFound'}
      422: {$ref: '#/components/responses/Invalid'}
    """
    draft_id = request.path_params["id"]

    def work(session):
        api_actor(request, session)
        old, new = _revision_param(request, "from"), _revision_param(request, "to")
        draft = drafting.get_draft(session, draft_id)
        rows = compare(drafting.revision_of(session, draft, old).paragraphs,
                       drafting.revision_of(session, draft, new).paragraphs)
        return serialize.compare_json(draft, old, new, rows)

    return JSONResponse(await run(request, work))


async def draft_document(request: Request) -> Response:
    """
    summary: A draft as a document, clean, redlined against an earlier revision, or marked up
    description: >-
      against must be earlier than revision; amendments=pending marks every pending
      amendment on the current revision, attributed (docx: Word tracked changes).
      compilation=pending|all is instead the compilation of amendments (html, pdf or docx
      only; without revision, against and amendments): each paragraph of the current
      revision beside its amendments, pending only or all with their outcome, each with its
      label, delegation, supporters, status and redline; paragraph (a key or a label,
      repeated) narrows it. One compilation lists at most 500 amendments and 200,000
      characters of them: beyond, 422 saying how to narrow it.
    parameters:
      - $ref: '#/components/parameters/Id'
      - $ref: '#/components/parameters/DraftFormat'
      - {name: revision, in: query, required: false,
         schema: {type: integer, minimum: 0, maximum: 2147483647}}
      - {name: against, in: query, required: false,
         schema: {type: integer, minimum: 0, maximum: 2147483647}}
      - {name: amendments, in: query, required: false, schema: {type: string, enum: [pending]}}
      - {name: compilation, in: query, required: false,
         schema: {type: string, enum: [pending, all]}}
      - name: paragraph
        in: query
        required: false
        description: 'with compilation: only these paragraphs (key or label), repeated'
        schema: {type: array, maxItems: 50, items: {type: string, maxLength: 32}}
        style: form
        explode: true
    responses:
      200: {$ref: '#/components/responses/DraftDocument'}
      401: {$ref: '#/components/responses/Unauthorized'}
      404: {$ref: '#/components/responses/NotFound'}
      422: {$ref: '#/components/responses/Invalid'}
      503: {description: 'busy: as many long exports as the server renders at once are
             being prepared (retry after Retry-After); or PDF export lacks its libraries'}
    """
    draft_id = request.path_params["id"]

    def prepare(session):
        actor = api_actor(request, session)
        fmt = query_choice(request, "format", DRAFT_FORMATS, "txt")
        if compilations.wants_compilation(request):
            draft = drafting.get_draft(session, draft_id)
            return actor, compilations.prepare(request, session, draft, fmt)
        revision = query_number(request, "revision", what="a revision number")
        against = query_number(request, "against", what="a revision number")
        marked = query_choice(request, "amendments", ["pending"])
        return actor, prepare_draft(session, drafting.get_draft(session, draft_id), fmt,
                                    revision=revision, against=against,
                                    amendments=marked == "pending")

    return await export_response(request, request.query_params.get("format", "txt"), prepare)


def _revision_param(request: Request, name: str) -> int:
    value = query_number(request, name, what="a revision number")
    if value is None:
        raise Invalid(f"give ?{name}= as a revision number (0 for the text as tabled)")
    return value


routes = [
    Route("/api/v1/drafts/{id:id}/revisions", issue_revision, methods=["POST"]),
    Route("/api/v1/drafts/{id:id}/revisions/{n:id}", get_revision, methods=["GET"]),
    Route("/api/v1/drafts/{id:id}/compare", compare_revisions, methods=["GET"]),
    Route("/api/v1/drafts/{id:id}/document", draft_document, methods=["GET"]),
    Route("/api/v1/drafts", create_draft, methods=["POST"]),
    Route("/api/v1/drafts", list_drafts, methods=["GET"]),
    Route("/api/v1/drafts/{id:id}", get_draft, methods=["GET"]),
]
