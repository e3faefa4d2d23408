"""The pages of lists that grow without bound, one page at a time with "Next page" and
"Previous page" links (plain links: no JavaScript): a draft's amendments, and the adopted
decisions. The dashboard, the notifications and a draft's history page the same way in
their own modules."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from drafting import amendment_labels, amendment_lists
from drafting import services as drafting
from drafting.models import AMENDMENT_STATUSES
from plenary.list_queries import amendment_query
from plenary.pages import render_in_transaction, signed_in
from plenary.paging import page_links, page_request
from plenary.routing import Route
from workflow import decision_lists


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


async def decisions_page(request: Request) -> Response:
    def work(session):
        user = signed_in(request, session)
        limit, cursor = page_request(request, decision_lists.ORDERING)
        page = decision_lists.page_of_decisions(session, limit=limit, cursor=cursor)
        return {"user": user, "decisions": page.items,
                **page_links(request, page, decision_lists.ORDERING)}

    return await render_in_transaction(request, "plenary/decisions.html", work)


routes = [
    Route("/drafts/{id:id}/amendments", amendments_page, methods=["GET"]),
    Route("/decisions", decisions_page, name="decisions"),
]
