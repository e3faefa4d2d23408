"""The Chair's and the secretariat's forms (thin for now): open a draft for negotiation,
record its adoption at a meeting; and the journal of the day. The statement forms are
plenary.pages_statements.

Each form posts, is checked for its CSRF token, calls one use case and redirects (303) to
the page that shows the result. A refusal shows the use case's message with its status.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from drafting import services as drafting
from exports import journal as layout
from exports.build import journal_document
from exports.formats import JOURNAL_FORMATS, prepare_journal
from exports.wording import STATEMENT_KIND_LABELS
from plenary import accounts
from plenary.exporting import export_response
from plenary.pages import form_action, render_in_transaction, signed_in, whole_number
from plenary.routing import Route
from workflow import journals
from workflow import services as workflow


async def open_negotiation(request: Request) -> Response:
    draft_id = request.path_params["id"]

    def work(session, actor, form):
        workflow.open_negotiation(session, actor, drafting.get_draft(session, draft_id))
        return f"/drafts/{draft_id}"

    return await form_action(request, work)


async def adopt(request: Request) -> Response:
    draft_id = request.path_params["id"]

    def work(session, actor, form):
        decision = workflow.adopt_at_meeting(
            session, actor, drafting.get_draft(session, draft_id),
            workflow.get_journal(session, whole_number(form, "journal", "the journal")),
            agenda_item=whole_number(form, "agenda_item", "the agenda item"),
            agenda_title=str(form.get("agenda_title", "")).strip(),
        )
        return f"/decisions/{decision.id}"

    return await form_action(request, work)


async def journal_page(request: Request) -> Response:
    journal_id = request.path_params["id"]

    def work(session):
        user = signed_in(request, session)
        journal = workflow.get_journal(session, journal_id)
        doc = journal_document(session, journal)
        return {"user": user, "journal": journal, "doc": doc, "formats": list(JOURNAL_FORMATS),
                "heading": layout.heading_lines(doc), "times": layout.time_lines(doc),
                "agenda_heading": layout.agenda_heading, "kinds": STATEMENT_KIND_LABELS,
                "links": {d.symbol: d.id for d in journals.decisions_of(session, journal)},
                "keeps_journal": user.role in ("chair", "secretariat"),
                "agenda_items": journals.agenda(journal),
                "next_agenda_number": max((i.number for i in journals.agenda(journal)),
                                          default=0) + 1}

    return await render_in_transaction(request, "plenary/journal.html", work)


async def journal_download(request: Request) -> Response:
    journal_id, fmt = request.path_params["id"], request.path_params["fmt"]

    def prepare(session):
        actor = accounts.actor_for(signed_in(request, session))
        return actor, prepare_journal(session, workflow.get_journal(session, journal_id), fmt)

    return await export_response(request, fmt, prepare)


routes = [
    Route("/drafts/{id:id}/open", open_negotiation, methods=["POST"]),
    Route("/drafts/{id:id}/adopt", adopt, methods=["POST"]),
    Route("/journals/{id:id}", journal_page, name="journal"),
    Route("/journals/{id:id}/document.{fmt}", journal_download, name="journal_document"),
]
