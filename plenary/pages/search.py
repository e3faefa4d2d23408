"""The search page: one box across drafts (every revision), amendments, decisions,
statements and journals, with filters as a plain GET form, each result labelled by its
kind, linking to its page, its matching words highlighted (workflow/search.py)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from drafting import services as drafting
from drafting.errors import Invalid
from drafting.models import BODIES
from drafting.search_text import KIND_LABELS, KINDS, MAX_QUERY_CHARS
from plenary import accounts
from plenary.http import run
from plenary.pages.common import render, signed_in
from plenary.routing import Route
from plenary.search_requests import link_of, page_link, page_links, search_request
from workflow import search


async def search_page(request: Request) -> Response:
    def work(session):
        user = signed_in(request, session)
        context = _form_context(request, session) | {"user": user, "results": None,
                                                      "rows": [], "error": None}
        try:
            asked = search_request(request, session)
            if asked["text"]:
                results = search.search(session, accounts.actor_for(user), **asked)
                context |= {"results": results, **_pager(request, results),
                            "rows": [(hit, link_of(hit)) for hit in results.hits]}
        except Invalid as refused:
            return render(request, "plenary/search.html", context | {"error": refused.message},
                          status=422)
        return render(request, "plenary/search.html", context)

    return await run(request, work)


def _form_context(request: Request, session) -> dict:
    params = request.query_params
    return {"q": params.get("q", ""), "chosen": {k: params.get(k, "") for k in
                                                  ("kind", "body", "state", "year",
                                                   "delegation")},
            "kinds": KINDS, "kind_labels": KIND_LABELS, "bodies": BODIES,
            "states": search.STATES, "delegations": drafting.list_delegations(session),
            "max_chars": MAX_QUERY_CHARS, "first": None, "previous": None, "next": None}


def _pager(request: Request, results) -> dict:
    return {**page_links(request, results),
            "first": page_link(request, 1) if results.page > 2 else None}


routes = [Route("/search", search_page, methods=["GET"], name="search")]
