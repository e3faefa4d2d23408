"""The drafters' pages: the consolidated draft with every pending amendment beside its
paragraph, the amendment forms, an amendment's own page (with its conflict to reconcile),
comparing revisions, and the consensus map."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from drafting import amendment_labels, amendment_lists, amendments, discussion, revisions
from drafting import services as drafting
from drafting.compare import compare
from drafting.consolidated import amendment_redline, consolidated
from drafting.errors import Invalid
from drafting.models import LIVE_STATUSES, PENDING_STATUSES
from exports.formats import DRAFT_FORMATS, prepare_draft
from plenary import accounts, paging
from plenary.exporting import export_response
from plenary.inputs import query_number
from plenary.pages import form_action, render_in_transaction, signed_in, whole_number
from plenary.routing import Route
from workflow import services as workflow
from workflow import silence

DRAFT_PAGE_AMENDMENTS = 50  # pending amendments beside the text; the list pages the rest
DISCUSSION_PAGE = 20  # top-level comments (each with its replies) on an amendment's page


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
        }

    return await render_in_transaction(request, "plenary/draft.html", work)


def _edited(request: Request, revision):
    """The paragraph the Chair chose (?edit=key) for a compromise edit: the revision form
    then starts from its current text. An unknown key chooses none."""
    key = request.query_params.get("edit")
    return next((p for p in revision.paragraphs if p.key == key), None)


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
                "name": amendment_labels.label_of(session, amendment, current.paragraphs),
                "redline_ops": amendment_redline(amendment),
                **_discussion(request, session, user, amendment)}

    return await render_in_transaction(request, "plenary/amendment.html", work)


def _discussion(request: Request, session, user, amendment) -> dict:
    """The amendment's thread, a page of top-level comments at a time, and what the user
    may do in it."""
    actor = accounts.actor_for(user)
    limit, cursor = paging.page_request(request, discussion.ORDERING,
                                        default_limit=DISCUSSION_PAGE)
    threads = discussion.page_of_threads(session, amendment, limit=limit, cursor=cursor)
    return {"threads": threads.items,
            "thread_pages": paging.page_links(request, threads, discussion.ORDERING),
            "discussion_open": discussion.is_open(session, amendment),
            "may_comment": discussion.may_post(session, actor, amendment),
            "may_mark": discussion.may_mark(session, actor, amendment)}


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


def _back(form, default: str) -> str:
    back = str(form.get("back", ""))
    return back if back.startswith("/") and not back.startswith("//") else default


async def post_comment(request: Request) -> Response:
    amendment_id = request.path_params["id"]

    def work(session, actor, form):
        reply_to = str(form.get("reply_to", "")).strip()
        comment = discussion.post(
            session, actor, amendments.get_amendment(session, amendment_id),
            str(form.get("text", "")),
            reply_to=whole_number(form, "reply_to", "the comment replied to") if reply_to
            else None)
        return f"{_back(form, f'/amendments/{amendment_id}')}#comment-{comment.id}"

    return await form_action(request, work)


async def mark_compromise(request: Request) -> Response:
    comment_id = request.path_params["id"]

    def work(session, actor, form):
        comment = discussion.get_comment(session, comment_id)
        discussion.mark_compromise(session, actor, comment, form.get("compromise") == "1")
        back = _back(form, f"/amendments/{comment.amendment_id}")
        return f"{back}#comment-{comment.id}"

    return await form_action(request, work)


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
        revisions.issue_revision(
            session, actor, drafting.get_draft(session, draft_id), incorporate=ids,
            edits=edits, base_revision=whole_number(form, "base_revision", "the base revision"))
        return f"/drafts/{draft_id}"

    return await form_action(request, work)


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
    Route("/drafts/{id:id}/amendments", propose, methods=["POST"]),
    Route("/drafts/{id:id}/revisions", issue_revision, methods=["POST"]),
    Route("/amendments/{id:id}", amendment_page),
    Route("/amendments/{id:id}/support", _amendment_form(amendments.support),
          methods=["POST"]),
    Route("/amendments/{id:id}/unsupport", _amendment_form(amendments.unsupport),
          methods=["POST"]),
    Route("/amendments/{id:id}/withdraw", _amendment_form(amendments.withdraw),
          methods=["POST"]),
    Route("/amendments/{id:id}/accept", _amendment_form(amendments.accept, "reason"),
          methods=["POST"]),
    Route("/amendments/{id:id}/reject", _amendment_form(amendments.reject, "reason"),
          methods=["POST"]),
    Route("/amendments/{id:id}/rewrite", _amendment_form(amendments.rewrite, "text"),
          methods=["POST"]),
    Route("/amendments/{id:id}/confirm", _amendment_form(amendments.confirm),
          methods=["POST"]),
    Route("/amendments/{id:id}/comments", post_comment, methods=["POST"]),
    Route("/comments/{id:id}/compromise", mark_compromise, methods=["POST"]),
]
