"""The JSON API under /api/v1: a module per area, the same areas as plenary.pages.

common.py holds what every handler uses to read a request (parse_json, field …); schema.py
the parts of the OpenAPI description that all operations share."""

from plenary.api import (
    amendments,
    decisions,
    discussion,
    drafts,
    meetings,
    notifications,
    procedure,
    statements,
)

routes = [
    *drafts.routes,
    *amendments.routes,
    *discussion.routes,
    *procedure.routes,
    *meetings.routes,
    *decisions.routes,
    *statements.routes,
    *notifications.routes,
]
