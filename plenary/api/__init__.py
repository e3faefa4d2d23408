"""The JSON API under /api/v1: a module per area, the same areas as plenary.pages.

common.py holds what every handler uses to read a request (parse_json, field …); schema.py
the parts of the OpenAPI description that all operations share."""

from plenary.api import (
    amendments,
    decisions,
    discussion,
    drafts,
    journal_items,
    meetings,
    notifications,
    procedure,
    search,
    statements,
)

routes = [
    *drafts.routes,
    *amendments.routes,
    *discussion.routes,
    *procedure.routes,
    *meetings.routes,
    *journal_items.routes,
    *decisions.routes,
    *statements.routes,
    *notifications.routes,
    *search.routes,
]
