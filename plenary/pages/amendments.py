"""An amendment's pages: proposing one, its own page (with its conflict to reconcile and its
discussion), the forms to support, withdraw, accept, reject, rewrite or confirm it, and
the list of a draft's amendments with its filters."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from drafting import amendment_labels, amendment_lists, amendments
from drafting import services as drafting
from drafting.consolidated import amendment_redline
from drafting.models import AMENDMENT_STATUSES, Delegation
from plenary.feedback import Confirmation, Done
from plenary.list_queries import amendment_query
from plenary.pages.common import form_action, render_in_transaction, signed_in, whole_number
from plenary.pages.discussion import discussion_panel
from plenary.paging import page_links
from plenary.routing import Route


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
                **discussion_panel(request, session, user, amendment)}

    return await render_in_transaction(request, "plenary/amendment.html", work)


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
        return Done(f"/drafts/{draft_id}#{amendment.paragraph_key}",
                    f"{amendment_labels.label_of(session, amendment)} proposed")

    return await form_action(request, work, page=f"/drafts/{draft_id}")


DONE = {  # what each form did, after the amendment's name
    "support": "supported", "unsupport": "no longer supported", "withdraw": "withdrawn",
    "accept": "accepted", "reject": "rejected", "rewrite": "rewritten",
    "confirm": "confirmed in its rebased wording"}


def _amendment_form(use_case, *fields: str, confirm=None):
    verb = DONE[use_case.__name__]

    async def handler(request: Request) -> Response:
        amendment_id = request.path_params["id"]

        def work(session, actor, form):
            amendment = amendments.get_amendment(session, amendment_id)
            use_case(session, actor, amendment, *(str(form.get(f, "")) for f in fields))
            back = str(form.get("back", ""))
            url = back if back.startswith("/") and not back.startswith("//") else (
                f"/amendments/{amendment_id}")
            who = ""
            if use_case is amendments.support and actor.delegation_id is not None:
                who = f" by {session.get(Delegation, actor.delegation_id).name}"
            return Done(url, f"{amendment_labels.label_of(session, amendment)} {verb}{who}")

        def asked(session, actor, form):
            amendment = amendments.get_amendment(session, amendment_id)
            return confirm(amendment_labels.label_of(session, amendment), form)

        return await form_action(request, work, confirm=confirm and asked,
                                 page=f"/amendments/{amendment_id}")

    return handler


def _withdrawing(name: str, form) -> Confirmation:
    return Confirmation(
        f"Withdraw {name}?", f"{name} is withdrawn: it is no longer pending, and the "
        "delegations that supported it are told.",
        "a withdrawn amendment cannot be submitted again; a new one can be proposed.",
        f"Withdraw {name}")


def _accepting(name: str, form) -> Confirmation:
    return Confirmation(
        f"Accept {name}?", f"{name} is accepted: the next revised text incorporates it when "
        "you tick it in the revision form, and its delegation is told.",
        "an accepted amendment does not return to submitted; it can still be rejected.",
        f"Accept {name}")


def _rejecting(name: str, form) -> Confirmation:
    reason = str(form.get("reason", "")).strip()
    return Confirmation(
        f"Reject {name}?", f"{name} is rejected" + (f", for this reason: “{reason}”" if reason
                                                     else "") + "; its delegation is told.",
        "a rejected amendment is closed for good: it cannot be accepted or rewritten.",
        f"Reject {name}")


async def amendments_page(request: Request) -> Response:
    draft_id = request.path_params["id"]

    def work(session):
        user = signed_in(request, session)
        draft = drafting.get_draft(session, draft_id)
        query = amendment_query(request)
        page = amendment_lists.page_of_amendments(session, draft, **query)
        paragraphs = drafting.revision_of(session, draft).paragraphs
        labels = {p.key: p.label for p in paragraphs}
        return {"user": user, "draft": draft, "query": query, "labels": labels,
                "statuses": AMENDMENT_STATUSES,
                "counts": amendment_lists.counts_by_status(session, draft, query["paragraph"]),
                "proposals": amendment_lists.proposals(page.items, labels),
                "names": amendment_labels.labels_of(session, draft, page.items, paragraphs),
                "list_url": f"/drafts/{draft.id}/amendments",
                **page_links(request, page, amendment_lists.ORDERING)}

    return await render_in_transaction(request, "plenary/amendments.html", work)


routes = [
    Route("/drafts/{id:id}/amendments", propose, methods=["POST"]),
    Route("/amendments/{id:id}", amendment_page),
    Route("/amendments/{id:id}/support", _amendment_form(amendments.support),
          methods=["POST"]),
    Route("/amendments/{id:id}/unsupport", _amendment_form(amendments.unsupport),
          methods=["POST"]),
    Route("/amendments/{id:id}/withdraw",
          _amendment_form(amendments.withdraw, confirm=_withdrawing), methods=["POST"]),
    Route("/amendments/{id:id}/accept",
          _amendment_form(amendments.accept, "reason", confirm=_accepting), methods=["POST"]),
    Route("/amendments/{id:id}/reject",
          _amendment_form(amendments.reject, "reason", confirm=_rejecting), methods=["POST"]),
    Route("/amendments/{id:id}/rewrite", _amendment_form(amendments.rewrite, "text"),
          methods=["POST"]),
    Route("/amendments/{id:id}/confirm", _amendment_form(amendments.confirm),
          methods=["POST"]),
    Route("/drafts/{id:id}/amendments", amendments_page, methods=["GET"]),
]
