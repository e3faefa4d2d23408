"""The drafters' pages: the consolidated draft with every pending amendment beside its
paragraph, the amendment forms, an amendment's own page (with its conflict to reconcile),
comparing revisions, and the consensus map."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from drafting import amendments, revisions
from drafting import services as drafting
from drafting.compare import compare
from drafting.consolidated import amendment_redline, consensus_map, consolidated
from drafting.errors import Invalid
from exports.formats import DRAFT_FORMATS, export_draft
from plenary import accounts
from plenary.http import download, run
from plenary.pages import form_action, render_in_transaction, signed_in, whole_number
from workflow import services as workflow
from workflow import silence


def _revision_number(request: Request, name: str, default: int) -> int:
    value = request.query_params.get(name)
    if value is None:
        return default
    if not value.isdigit():
        raise Invalid(f"?{name}= takes a revision number")
    return int(value)


async def draft_page(request: Request) -> Response:
    draft_id = request.path_params["id"]

    def work(session):
        user = signed_in(request, session)
        draft = drafting.get_draft(session, draft_id)
        number = _revision_number(request, "revision", draft.current_revision)
        revision = drafting.revision_of(session, draft, number)
        current = number == draft.current_revision
        found = amendments.list_amendments(session, draft) if current else []
        return {
            "user": user, "draft": draft, "revision": revision, "current": current,
            "lines": consolidated(revision.paragraphs, found),
            "needs_rebase": [a for a in found if a.status == "needs_rebase"],
            "revisable": [a for a in found if a.status in ("submitted", "accepted")],
            "journals": (workflow.journals_of_body(session, draft.body)
                         if user.role == "chair" else []),
            "silence": silence.running(session, draft),
            "formats": list(DRAFT_FORMATS),
        }

    return await render_in_transaction(request, "plenary/draft.html", work)


async def amendment_page(request: Request) -> Response:
    amendment_id = request.path_params["id"]

    def work(session):
        user = signed_in(request, session)
        amendment = amendments.get_amendment(session, amendment_id)
        draft = drafting.get_draft(session, amendment.draft_id)
        current = drafting.revision_of(session, draft)
        paragraph = next((p for p in current.paragraphs if p.key == amendment.paragraph_key),
                         None)
        return {"user": user, "amendment": amendment, "draft": draft, "paragraph": paragraph,
                "redline_ops": amendment_redline(amendment)}

    return await render_in_transaction(request, "plenary/amendment.html", work)


async def compare_page(request: Request) -> Response:
    draft_id = request.path_params["id"]

    def work(session):
        user = signed_in(request, session)
        draft = drafting.get_draft(session, draft_id)
        new = _revision_number(request, "to", draft.current_revision)
        old = _revision_number(request, "from", max(new - 1, 0))
        rows = compare(drafting.revision_of(session, draft, old).paragraphs,
                       drafting.revision_of(session, draft, new).paragraphs)
        return {"user": user, "draft": draft, "old": old, "new": new, "rows": rows}

    return await render_in_transaction(request, "plenary/compare.html", work)


async def map_page(request: Request) -> Response:
    draft_id = request.path_params["id"]

    def work(session):
        user = signed_in(request, session)
        draft = drafting.get_draft(session, draft_id)
        revision = drafting.revision_of(session, draft)
        lines = consolidated(revision.paragraphs, amendments.list_amendments(session, draft))
        order = [d.name for d in drafting.list_delegations(session)]
        return {"user": user, "draft": draft, "map": consensus_map(lines, order)}

    return await render_in_transaction(request, "plenary/consensus_map.html", work)


async def propose(request: Request) -> Response:
    draft_id = request.path_params["id"]

    def work(session, actor, form):
        amendment = amendments.propose(
            session, actor, drafting.get_draft(session, draft_id),
            paragraph_key=str(form.get("paragraph", "")), action=str(form.get("action", "")),
            text=str(form.get("text", "")) if form.get("action") != "delete" else None,
            rationale=str(form.get("rationale", "")),
            base_revision=whole_number(form, "base_revision", "the base revision"),
        )
        return f"/drafts/{draft_id}#{amendment.paragraph_key}"

    return await form_action(request, work)


def _amendment_form(use_case, *fields: str):
    async def handler(request: Request) -> Response:
        amendment_id = request.path_params["id"]

        def work(session, actor, form):
            amendment = amendments.get_amendment(session, amendment_id)
            use_case(session, actor, amendment, *(str(form.get(f, "")) for f in fields))
            back = str(form.get("back", ""))
            return back if back.startswith("/") and not back.startswith("//") else (
                f"/amendments/{amendment_id}")

        return await form_action(request, work)

    return handler


async def issue_revision(request: Request) -> Response:
    draft_id = request.path_params["id"]

    def work(session, actor, form):
        edits = []
        if str(form.get("edit_paragraph", "")).strip():
            edits = [(str(form["edit_paragraph"]), str(form.get("edit_text", "")))]
        ids = [int(v) for v in form.getlist("incorporate") if str(v).isdigit()]
        revisions.issue_revision(
            session, actor, drafting.get_draft(session, draft_id), incorporate=ids,
            edits=edits, base_revision=whole_number(form, "base_revision", "the base revision"))
        return f"/drafts/{draft_id}"

    return await form_action(request, work)


async def draft_download(request: Request) -> Response:
    draft_id, fmt = request.path_params["id"], request.path_params["fmt"]
    params = request.query_params
    revision = _revision_number(request, "revision", -1)
    against = _revision_number(request, "against", -1)

    def work(session):
        actor = accounts.actor_for(signed_in(request, session))
        return export_draft(session, drafting.get_draft(session, draft_id), fmt,
                            revision=None if revision < 0 else revision,
                            against=None if against < 0 else against,
                            amendments=params.get("amendments") == "pending", actor=actor)

    return download(await run(request, work))


routes = [
    Route("/drafts/{id:int}/document.{fmt}", draft_download),
    Route("/drafts/{id:int}", draft_page, name="draft"),
    Route("/drafts/{id:int}/compare", compare_page),
    Route("/drafts/{id:int}/map", map_page),
    Route("/drafts/{id:int}/amendments", propose, methods=["POST"]),
    Route("/drafts/{id:int}/revisions", issue_revision, methods=["POST"]),
    Route("/amendments/{id:int}", amendment_page),
    Route("/amendments/{id:int}/support", _amendment_form(amendments.support),
          methods=["POST"]),
    Route("/amendments/{id:int}/unsupport", _amendment_form(amendments.unsupport),
          methods=["POST"]),
    Route("/amendments/{id:int}/withdraw", _amendment_form(amendments.withdraw),
          methods=["POST"]),
    Route("/amendments/{id:int}/accept", _amendment_form(amendments.accept, "reason"),
          methods=["POST"]),
    Route("/amendments/{id:int}/reject", _amendment_form(amendments.reject, "reason"),
          methods=["POST"]),
    Route("/amendments/{id:int}/rewrite", _amendment_form(amendments.rewrite, "text"),
          methods=["POST"]),
    Route("/amendments/{id:int}/confirm", _amendment_form(amendments.confirm),
          methods=["POST"]),
]
