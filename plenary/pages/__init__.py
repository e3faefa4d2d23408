"""The server-rendered pages: a module per area, the same areas as plenary.api.

common.py holds what every page uses: rendering in a read transaction, form actions in the
writer's, the signed-in user."""

from plenary.pages import (
    account,
    amendments,
    decisions,
    discussion,
    drafts,
    journal_items,
    live,
    meetings,
    notifications,
    procedure,
    search,
    statements,
)

routes = [
    *account.routes,
    *drafts.routes,
    *amendments.routes,
    *discussion.routes,
    *procedure.routes,
    *meetings.routes,
    *journal_items.routes,
    *decisions.routes,
    *statements.routes,
    *notifications.routes,
    *live.routes,
    *search.routes,
]
