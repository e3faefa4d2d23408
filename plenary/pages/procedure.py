"""The Chair's forms for a draft's procedure: open it for negotiation, put it under silence,
break silence (a delegation, with its amendment), withdraw it, record its adoption at a
meeting; and the draft's history.

Each form posts, is checked for its CSRF token, calls one use case and redirects (303) to
the page that shows the result. A refusal shows the use case's message with its status."""

from __future__ import annotations

from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response

from drafting import amendment_labels, audit
from drafting import services as drafting
from drafting.errors import Invalid
from plenary.inputs import check_instant
from plenary.pages.common import form_action, render_in_transaction, signed_in, whole_number
from plenary.paging import page_links, page_request
from plenary.routing import Route
from workflow import services as workflow
from workflow import silence


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


def local_deadline(form, zone) -> datetime:
    """The form's deadline ("2017-12-01T12:00", from a datetime-local field) in the body's
    time zone, which the form names beside the field."""
    value = str(form.get("deadline", "")).strip()
    try:
        deadline = datetime.fromisoformat(value)
    except ValueError as exc:
        raise Invalid("give the deadline as a date and a time, such as 2017-12-01 12:00") from exc
    return check_instant(deadline if deadline.tzinfo else deadline.replace(tzinfo=zone),
                         "the deadline")


async def start_silence(request: Request) -> Response:
    draft_id, zone = request.path_params["id"], request.app.state.settings.zone

    def work(session, actor, form):
        silence.start(session, actor, drafting.get_draft(session, draft_id),
                      local_deadline(form, zone), zone=zone)
        return f"/drafts/{draft_id}"

    return await form_action(request, work)


async def break_silence(request: Request) -> Response:
    draft_id = request.path_params["id"]

    def work(session, actor, form):
        kind = str(form.get("kind", ""))
        amendment = None
        if kind == "amendment":
            amendment = {"paragraph": str(form.get("paragraph", "")),
                         "action": str(form.get("action", "modify")),
                         "text": str(form.get("text", "")) or None}
        silence.break_(session, actor, drafting.get_draft(session, draft_id), kind=kind,
                       reason=str(form.get("reason", "")), amendment=amendment)
        return f"/drafts/{draft_id}"

    return await form_action(request, work)


async def withdraw(request: Request) -> Response:
    draft_id = request.path_params["id"]

    def work(session, actor, form):
        workflow.withdraw(session, actor, drafting.get_draft(session, draft_id))
        return f"/drafts/{draft_id}"

    return await form_action(request, work)


HISTORY_EVENTS = 100  # a page of a draft's history


async def history(request: Request) -> Response:
    draft_id = request.path_params["id"]

    def work(session):
        user = signed_in(request, session)
        draft = drafting.get_draft(session, draft_id)
        names = {d.id: d.name for d in drafting.list_delegations(session)}
        limit, cursor = page_request(request, audit.EVENT_ORDERING, default_limit=HISTORY_EVENTS)
        page = audit.page_of_events(session, draft.id, limit=limit, cursor=cursor)
        return {"user": user, "draft": draft, "names": names, "events": page.items,
                "amendment_events": amendment_labels.amendment_events(session, draft,
                                                                      page.items),
                **page_links(request, page, audit.EVENT_ORDERING)}

    return await render_in_transaction(request, "plenary/history.html", work)


routes = [
    Route("/drafts/{id:id}/open", open_negotiation, methods=["POST"]),
    Route("/drafts/{id:id}/adopt", adopt, methods=["POST"]),
    Route("/drafts/{id:id}/silence", start_silence, methods=["POST"]),
    Route("/drafts/{id:id}/silence/break", break_silence, methods=["POST"]),
    Route("/drafts/{id:id}/withdraw", withdraw, methods=["POST"]),
    Route("/drafts/{id:id}/history", history),
]
