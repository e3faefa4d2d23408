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
from drafting.models import Delegation
from exports import wording
from plenary.feedback import Confirmation, Done
from plenary.inputs import check_instant
from plenary.pages.common import form_action, render_in_transaction, signed_in, whole_number
from plenary.paging import page_links, page_request
from plenary.routing import Route
from workflow import services as workflow
from workflow import silence


async def open_negotiation(request: Request) -> Response:
    draft_id = request.path_params["id"]

    def work(session, actor, form):
        draft = drafting.get_draft(session, draft_id)
        workflow.open_negotiation(session, actor, draft)
        return Done(f"/drafts/{draft_id}", f"{draft.symbol} is open for negotiation: "
                                           "delegations may propose amendments")

    return await form_action(request, work, page=f"/drafts/{draft_id}")


async def adopt(request: Request) -> Response:
    draft_id = request.path_params["id"]

    def work(session, actor, form):
        decision = workflow.adopt_at_meeting(
            session, actor, drafting.get_draft(session, draft_id),
            workflow.get_journal(session, whole_number(form, "journal", "the journal")),
            agenda_item=whole_number(form, "agenda_item", "the agenda item"),
            agenda_title=str(form.get("agenda_title", "")).strip(),
        )
        return Done(f"/decisions/{decision.id}", f"{decision.symbol} adopted: consensus "
                                                 "recorded")

    def asked(session, actor, form):
        draft = drafting.get_draft(session, draft_id)
        journal = workflow.get_journal(session, whole_number(form, "journal", "the journal"))
        item = whole_number(form, "agenda_item", "the agenda item")
        symbol = draft.revision_symbol(draft.current_revision)
        where = wording.journal_symbol(journal.meeting.body, journal.meeting.number,
                                       journal.number)
        return Confirmation(
            f"Adopt {symbol}?", f"Consensus is recorded: the text of {symbol} becomes a "
            f"decision of the {draft.body}, numbered in the order of adoption, under agenda "
            f"item {item} of {where}.",
            "an adopted decision never changes, and its number is never given again.",
            "Record consensus: adopt")

    return await form_action(request, work, confirm=asked, page=f"/drafts/{draft_id}")


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
        draft = drafting.get_draft(session, draft_id)
        deadline = local_deadline(form, zone)
        silence.start(session, actor, draft, deadline, zone=zone)
        return Done(f"/drafts/{draft_id}", f"{draft.symbol} is under silence until "
                                           f"{silence.deadline_text(deadline, zone)}")

    return await form_action(request, work, page=f"/drafts/{draft_id}")


async def break_silence(request: Request) -> Response:
    draft_id = request.path_params["id"]

    def work(session, actor, form):
        kind = str(form.get("kind", ""))
        amendment = None
        if kind == "amendment":
            amendment = {"paragraph": str(form.get("paragraph", "")),
                         "action": str(form.get("action", "modify")),
                         "text": str(form.get("text", "")) or None}
        draft = drafting.get_draft(session, draft_id)
        silence.break_(session, actor, draft, kind=kind, reason=str(form.get("reason", "")),
                       amendment=amendment)
        return Done(f"/drafts/{draft_id}", f"Silence on {draft.symbol} is broken by "
                                           f"{_delegation(session, actor)}: negotiation "
                                           "resumes and every delegation is told")

    def asked(session, actor, form):
        draft = drafting.get_draft(session, draft_id)
        how = ("with its written amendment" if form.get("kind") == "amendment"
               else "with its written objection")
        return Confirmation(
            f"Break silence on {draft.symbol}?",
            f"{_delegation(session, actor)} breaks silence {how}: the text is not adopted at "
            "the deadline, negotiation resumes and every delegation is told.",
            "once broken, this silence procedure is over; only the Chair can start a new one.",
            "Break silence")

    return await form_action(request, work, confirm=asked, page=f"/drafts/{draft_id}")


def _delegation(session, actor) -> str:
    found = session.get(Delegation, actor.delegation_id) if actor.delegation_id else None
    return found.name if found else actor.name


async def withdraw(request: Request) -> Response:
    draft_id = request.path_params["id"]

    def work(session, actor, form):
        draft = drafting.get_draft(session, draft_id)
        workflow.withdraw(session, actor, draft)
        return Done(f"/drafts/{draft_id}", f"{draft.symbol} is withdrawn")

    def asked(session, actor, form):
        draft = drafting.get_draft(session, draft_id)
        return Confirmation(
            f"Withdraw {draft.symbol}?", f"{draft.symbol}, “{draft.title}”, is withdrawn: it "
            "is no longer negotiated, and every delegation is told.",
            "a withdrawn draft cannot be reopened, amended, put under silence or adopted.",
            f"Withdraw {draft.symbol}")

    return await form_action(request, work, confirm=asked, page=f"/drafts/{draft_id}")


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
