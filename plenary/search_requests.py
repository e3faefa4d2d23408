"""What a search request asks (?q=, the filters, the page), read the same way by the JSON
API and the page, and where each result leads: a wrong value is a 422 naming what to send."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request

from drafting import services as drafting
from drafting.models import BODIES
from drafting.paging import check_choices
from drafting.search_text import KINDS
from plenary.inputs import query_number, query_text
from workflow.search import DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE, STATES, Filters, Hit


def search_request(request: Request, session) -> dict:
    """The keyword arguments of workflow.search.search, but for the actor."""
    params = request.query_params
    return {"text": query_text(request, "q", "").strip(),
            "filters": Filters(kinds=check_choices(params.getlist("kind"), KINDS, "kind"),
                               bodies=check_choices(params.getlist("body"), BODIES, "body"),
                               states=check_choices(params.getlist("state"), STATES, "state"),
                               year=_number(request, "year", None, 9999, "a year"),
                               delegation_id=_delegation(request, session)),
            "page": _number(request, "page", 1, MAX_PAGE, "a page number"),
            "limit": _number(request, "limit", DEFAULT_LIMIT, MAX_LIMIT, "a page size")}


def _number(request: Request, name: str, default, maximum: int, what: str):
    if request.query_params.get(name) == "":  # a form's empty field: no filter
        return default
    return query_number(request, name, default, minimum=1, maximum=maximum, what=what)


def _delegation(request: Request, session) -> int | None:
    name = query_text(request, "delegation", "").strip()
    return drafting.named_delegation(session, name, "delegation").id if name else None


def page_link(request: Request, page: int) -> str:
    """This search's page `page`, with the same words and filters."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
    return f"{request.url.path}?{urlencode([*params, ('page', str(page))])}"


def page_links(request: Request, results) -> dict:
    return {"next": page_link(request, results.page + 1) if results.more else None,
            "previous": page_link(request, results.page - 1) if results.page > 1 else None}


def link_of(hit: Hit) -> str:
    """The page that shows what the result found."""
    return {"draft_revision": f"/drafts/{hit.draft_id}?revision={hit.revision}",
            "amendment": f"/amendments/{hit.ref_id}",
            "decision": f"/decisions/{hit.ref_id}",
            "statement": f"/decisions/{hit.decision_id}#statement-{hit.ref_id}",
            "journal": f"/journals/{hit.ref_id}"}[hit.kind]


def api_link_of(hit: Hit) -> str:
    """The same record in the JSON API."""
    return {"draft_revision": f"/api/v1/drafts/{hit.draft_id}/revisions/{hit.revision}",
            "amendment": f"/api/v1/amendments/{hit.ref_id}",
            "decision": f"/api/v1/decisions/{hit.ref_id}",
            "statement": f"/api/v1/statements/{hit.ref_id}",
            "journal": f"/api/v1/journals/{hit.ref_id}"}[hit.kind]
