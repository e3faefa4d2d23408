"""The drafters' pages of a draft: the dashboard, the consolidated draft with every pending
amendment beside its paragraph, comparing revisions, the consensus map, the Chair's
revision form (Rev.N) and the draft's document in each format."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from drafting import (
    amendment_labels,
    amendment_lists,
    draft_lists,
    revisions,
)
from drafting import services as drafting
from drafting.compare import compare
from drafting.consolidated import consolidated
from drafting.errors import Invalid
from drafting.models import LIVE_STATUSES, PENDING_STATUSES
from exports.formats import (
    DRAFT_FORMATS,
    prepare_draft,
)
from plenary import accounts, list_queries, paging
from plenary import compilation_requests as compilations
from plenary.exporting import export_response
from plenary.feedback import Confirmation, Done, revision_message
from plenary.inputs import query_number
from plenary.pages.common import form_action, render_in_transaction, signed_in, whole_number
from plenary.routing import Route
from workflow import decision_lists, silence
from workflow import services as workflow

DRAFT_PAGE_AMENDMENTS = 50  # pending amendments beside the text; the list pages the rest
DASHBOARD_NOTICES = 10  # the latest; /notifications lists more
DASHBOARD_DECISIONS = 20  # the latest; /decisions lists them all, page by page


async def dashboard(request: Request) -> Response:
    def work(session):
        user = signed_in(request, session)
        query = list_queries.draft_query(request)
        drafts = drafting.list_drafts(session, **query)
        return {
            "user": user,
            "drafts": drafts.items, "states": query["states"],
            "draft_counts": draft_lists.counts_by_state(session),
            **paging.page_links(request, drafts, draft_lists.ORDERING),
            "decisions": decision_lists.page_of_decisions(
                session, limit=DASHBOARD_DECISIONS).items,
            "notices": drafting.notices_for_user(session, delegation_id=user.delegation_id,
                                                 role=user.role, user_id=user.id,
                                                 limit=DASHBOARD_NOTICES),
            "silences": silence.all_running(session),
        }

    return await render_in_transaction(request, "plenary/dashboard.html", work)


def _revision_number(request: Request, name: str, default: int) -> int:
    return query_number(request, name, default, what="a revision number")


async def draft_page(request: Request) -> Response:
    draft_id = request.path_params["id"]

    def work(session):
        user = signed_in(request, session)
        draft = drafting.get_draft(session, draft_id)
        number = _revision_number(request, "revision", draft.current_revision)
        revision = drafting.revision_of(session, draft, number)
        current = number == draft.current_revision
        # Only the first page of pending amendments is shown beside the text, with counts
        # per paragraph and per status: the list page (/drafts/{id}/amendments) has the rest.
        found = amendment_lists.page_of_amendments(
            session, draft, limit=DRAFT_PAGE_AMENDMENTS, statuses=PENDING_STATUSES
        ).items if current else []
        return {
            "user": user, "draft": draft, "revision": revision, "current": current,
            "lines": consolidated(revision.paragraphs, found),
            "names": amendment_labels.labels_of(session, draft, found, revision.paragraphs),
            "edit": _edited(request, revision) if current else None,
            "needs_rebase": [a for a in found if a.status == "needs_rebase"],
            "revisable": [a for a in found if a.status in LIVE_STATUSES],
            "pending_counts": (amendment_lists.pending_by_paragraph(session, draft)
                               if current else {}),
            "status_counts": amendment_lists.counts_by_status(session, draft) if current else {},
            "shown": len(found),
            "journals": (workflow.journals_for_adoption(session, draft,
                                                        request.app.state.settings.zone)
                         if user.role == "chair" else []),
            "silence": silence.running(session, draft),
            "formats": list(DRAFT_FORMATS),
            "compilation_formats": list(compilations.FORMATS),
        }

    return await render_in_transaction(request, "plenary/draft.html", work)


def _edited(request: Request, revision):
    """The paragraph the Chair chose (?edit=key) for a compromise edit: the revision form
    then starts from its current text. An unknown key chooses none."""
    key = request.query_params.get("edit")
    return next((p for p in revision.paragraphs if p.key == key), None)


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
        found = amendment_lists.consensus_map_of(session, draft, revision.paragraphs,
                                                 drafting.list_delegations(session))
        return {"user": user, "draft": draft, "map": found}

    return await render_in_transaction(request, "plenary/consensus_map.html", work)


async def issue_revision(request: Request) -> Response:
    draft_id = request.path_params["id"]

    def work(session, actor, form):
        edits = []
        if str(form.get("edit_paragraph", "")).strip():
            edits = [(str(form["edit_paragraph"]), str(form.get("edit_text", "")))]
        # Ticked boxes carry ids the page wrote; anything else is no amendment of ours.
        ids = [int(v) for v in map(str, form.getlist("incorporate"))
               if v.isascii() and v.isdigit() and len(v) <= 9]
        ids = list(dict.fromkeys(ids + _typed_ids(form)))
        draft = drafting.get_draft(session, draft_id)
        outcome = revisions.issue_revision(
            session, actor, draft, incorporate=ids,
            edits=edits, base_revision=whole_number(form, "base_revision", "the base revision"))
        return Done(f"/drafts/{draft_id}", revision_message(
            draft.revision_symbol(outcome.revision.number), outcome))

    def asked(session, actor, form):
        draft = drafting.get_draft(session, draft_id)
        symbol = draft.revision_symbol(draft.current_revision + 1)
        return Confirmation(
            f"Issue {symbol}?", f"{symbol} becomes the current text of {draft.symbol}, with the "
            "amendments you ticked incorporated and your compromise edit, if any; every other "
            "pending amendment is rebased onto it or flagged to be rewritten, and every "
            "delegation is told.",
            "a revised text is never withdrawn; a later revision can change it again.",
            f"Issue {symbol}")

    return await form_action(request, work, confirm=asked, page=f"/drafts/{draft_id}")


def _typed_ids(form) -> list[int]:
    """The amendments typed by number into the revision form ("12, 15 19"): those beyond
    the first page, which the form cannot list as checkboxes."""
    words = str(form.get("incorporate_more", "")).replace(",", " ").split()
    if not all(w.isascii() and w.isdigit() and len(w) <= 9 for w in words):
        raise Invalid("list the other amendments to incorporate by their numbers, separated "
                      "by commas (12, 15, 19)")
    return [int(w) for w in words]


async def draft_download(request: Request) -> Response:
    draft_id, fmt = request.path_params["id"], request.path_params["fmt"]
    params = request.query_params
    revision = _revision_number(request, "revision", -1)
    against = _revision_number(request, "against", -1)

    def prepare(session):
        actor = accounts.actor_for(signed_in(request, session))
        if compilations.wants_compilation(request):
            draft = drafting.get_draft(session, draft_id)
            return actor, compilations.prepare(request, session, draft, fmt)
        return actor, prepare_draft(session, drafting.get_draft(session, draft_id), fmt,
                                    revision=None if revision < 0 else revision,
                                    against=None if against < 0 else against,
                                    amendments=params.get("amendments") == "pending")

    return await export_response(request, fmt, prepare)


routes = [
    Route("/drafts/{id:id}/document.{fmt}", draft_download),
    Route("/drafts/{id:id}", draft_page, name="draft"),
    Route("/drafts/{id:id}/compare", compare_page),
    Route("/drafts/{id:id}/map", map_page),
    Route("/drafts/{id:id}/revisions", issue_revision, methods=["POST"]),
    Route("/", dashboard, name="dashboard"),
]
