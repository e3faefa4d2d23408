"""What a request asks of a paged list (filters, page size, cursor), read the same way by
the JSON API and the pages; a wrong value is a 422 that names the values allowed."""

from __future__ import annotations

from starlette.requests import Request

from drafting import amendment_lists, draft_lists
from drafting.errors import Invalid
from plenary.inputs import query_text
from plenary.paging import page_request

MAX_KEY = 32  # a paragraph key's column width


def amendment_query(request: Request, default_limit: int | None = None) -> dict:
    """?status= (repeated or comma-separated), ?paragraph=, ?limit=, ?cursor=, as the
    keyword arguments of drafting.amendment_lists.page_of_amendments."""
    limit, cursor = page_request(request, amendment_lists.ORDERING,
                                 len(amendment_lists.TIERS), *_default(default_limit))
    paragraph = query_text(request, "paragraph") or None
    if paragraph is not None and len(paragraph) > MAX_KEY:
        raise Invalid("paragraph must be a paragraph key such as p3f9a0c12b4 (see the "
                      "draft's paragraphs)")
    return {"limit": limit, "cursor": cursor, "paragraph": paragraph,
            "statuses": amendment_lists.check_statuses(request.query_params.getlist("status"))}


def draft_query(request: Request, default_limit: int | None = None) -> dict:
    """?state= (repeated or comma-separated), ?limit=, ?cursor=, as the keyword arguments
    of drafting.services.list_drafts."""
    limit, cursor = page_request(request, draft_lists.ORDERING, len(draft_lists.TIERS),
                                 *_default(default_limit))
    return {"limit": limit, "cursor": cursor,
            "states": draft_lists.check_states(request.query_params.getlist("state"))}


def _default(limit: int | None) -> tuple:
    return () if limit is None else (limit,)
