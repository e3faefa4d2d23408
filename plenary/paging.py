"""Paged lists in the shell: reading ?limit= and ?cursor= from a request, and writing the
links to the next and previous pages (the request's other parameters kept), for the JSON
API and for the pages alike."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request

from drafting.paging import DEFAULT_LIMIT, Cursor, Ordering, Page, check_limit, decode, encode


def page_request(request: Request, ordering: Ordering, tiers: int = 1,
                 default_limit: int = DEFAULT_LIMIT) -> tuple[int, Cursor | None]:
    """The page size and the cursor a request asks for; 422 naming what to fix."""
    params = request.query_params
    return (check_limit(params.get("limit"), default_limit),
            decode(params.get("cursor"), ordering, tiers))


def link(request: Request, cursor: Cursor | None, ordering: Ordering) -> str | None:
    """The path and query of the page at `cursor`, or None when there is none."""
    if cursor is None:
        return None
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
    params.append(("cursor", encode(cursor, ordering)))
    return f"{request.url.path}?{urlencode(params)}"


def first_link(request: Request) -> str:
    """The first page, with the same filters."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
    return f"{request.url.path}?{urlencode(params)}" if params else request.url.path


def links(request: Request, page: Page, ordering: Ordering) -> dict:
    """The links to the next and the previous page: in a list's JSON, and its page's."""
    return {"next": link(request, page.next, ordering),
            "previous": link(request, page.previous, ordering)}


def page_links(request: Request, page: Page, ordering: Ordering) -> dict:
    """The same for a template, with the first page when this is not it."""
    return {**links(request, page, ordering),
            "first": first_link(request) if "cursor" in request.query_params else None}
