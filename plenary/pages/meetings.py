"""The secretariat's and the Chair's desk for meetings and journals: the meetings of every
body and a form to create one; a meeting with its journals and a form to open the journal
of a meeting day; every journal, the latest day first; and, on a journal's page
and its document, the forms that keep it: times, Chairperson, agenda items, next
meeting.

Each form posts, is checked for its CSRF token, calls one use case (workflow.services,
workflow.journals: the same as the API's) and redirects (303) to the page that shows the
result."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from drafting import services as drafting
from drafting.models import BODIES
from exports import journal as layout
from exports.build import journal_document
from exports.formats import JOURNAL_FORMATS, prepare_journal
from exports.wording import STATEMENT_KIND_LABELS
from plenary import accounts
from plenary.exporting import export_response
from plenary.feedback import Done
from plenary.inputs import parse_clock_time, parse_date
from plenary.pages.common import form_action, render_in_transaction, signed_in, whole_number
from plenary.paging import page_links, page_request
from plenary.routing import Route
from workflow import journal_items, journals, meeting_lists
from workflow import services as workflow

DESK_ROLES = ("chair", "secretariat")  # who may create meetings and keep journals


def _text(form, name: str) -> str:
    return str(form.get(name, "")).strip()


async def meetings_page(request: Request) -> Response:
    def work(session):
        user = signed_in(request, session)
        limit, cursor = page_request(request, meeting_lists.ORDERING)
        page = meeting_lists.page_of_meetings(session, limit=limit, cursor=cursor)
        return {"user": user, "meetings": page.items, "bodies": BODIES,
                "keeps_journals": user.role in DESK_ROLES,
                **page_links(request, page, meeting_lists.ORDERING)}

    return await render_in_transaction(request, "plenary/meetings.html", work)


async def create_meeting(request: Request) -> Response:
    def work(session, actor, form):
        meeting = workflow.create_meeting(
            session, actor, body=_text(form, "body"),
            number=whole_number(form, "number", "the meeting's number"),
            place=_text(form, "place"),
            starts_on=parse_date(_text(form, "first_day"), "the first day"),
            ends_on=parse_date(_text(form, "last_day"), "the last day"))
        return Done(f"/meetings/{meeting.id}", f"The meeting {meeting.body}({meeting.number}), "
                                               f"{meeting.place}, is created")

    return await form_action(request, work, page="/meetings")


async def meeting_page(request: Request) -> Response:
    meeting_id = request.path_params["id"]

    def work(session):
        user = signed_in(request, session)
        meeting = workflow.get_meeting(session, meeting_id)
        next_number = max((j.number for j in meeting.journals), default=0) + 1
        return {"user": user, "meeting": meeting, "next_number": next_number,
                "keeps_journals": user.role in DESK_ROLES}

    return await render_in_transaction(request, "plenary/meeting.html", work)


async def open_journal(request: Request) -> Response:
    meeting_id = request.path_params["id"]

    def work(session, actor, form):
        journal = workflow.open_journal(
            session, actor, workflow.get_meeting(session, meeting_id),
            number=whole_number(form, "number", "the journal's number"),
            day=parse_date(_text(form, "day"), "the day"),
            chairperson=_text(form, "chairperson"))
        return Done(f"/journals/{journal.id}", f"{journals.symbol_of(journal)} is opened")

    return await form_action(request, work, page=f"/meetings/{meeting_id}")


async def journals_page(request: Request) -> Response:
    def work(session):
        user = signed_in(request, session)
        limit, cursor = page_request(request, meeting_lists.JOURNAL_ORDERING)
        body = request.query_params.get("body") or None
        page = meeting_lists.page_of_journals(
            session, limit=limit, cursor=cursor, body=body if body in BODIES else None)
        return {"user": user, "journals": page.items, "bodies": BODIES, "body": body,
                "symbol_of": journals.symbol_of,
                **page_links(request, page, meeting_lists.JOURNAL_ORDERING)}

    return await render_in_transaction(request, "plenary/journals.html", work)


def _journal_form(change):
    """A form on a journal's page: `change(session, actor, journal, form)`, then back,
    saying what changed (the message `change` returns, else that the journal is saved)."""

    async def endpoint(request: Request) -> Response:
        journal_id = request.path_params["id"]

        def work(session, actor, form):
            journal = workflow.get_journal(session, journal_id)
            said = change(session, actor, journal, form)
            return Done(f"/journals/{journal_id}",
                        f"{journals.symbol_of(journal)}: {said or 'saved'}")

        return await form_action(request, work, page=f"/journals/{journal_id}")

    return endpoint


def _clock(form, name: str, what: str):
    value = _text(form, name)
    return parse_clock_time(value, what) if value else None  # empty: not recorded


def _set_times(session, actor, journal, form) -> str:
    journals.set_times(session, actor, journal, _clock(form, "opened_at", "the opening time"),
                       _clock(form, "closed_at", "the closing time"))
    return "the opening and closing times are recorded"


def _set_chairperson(session, actor, journal, form) -> str:
    journals.set_chairperson(session, actor, journal, _text(form, "chairperson"))
    return "the Chairperson is recorded"


def _set_session_title(session, actor, journal, form) -> str:
    journals.set_session_title(session, actor, journal, _text(form, "session_title"))
    return "the session is recorded"


def _set_next_meeting(session, actor, journal, form) -> str:
    journals.set_next_meeting(session, actor, journal, _text(form, "next_meeting"))
    return "the next meeting is recorded"


def _add_agenda_item(session, actor, journal, form) -> str:
    number = whole_number(form, "number", "the agenda item's number")
    journals.add_agenda_item(session, actor, journal, number, _text(form, "title"))
    return f"agenda item {number} is added"


async def _change_agenda_item(request: Request) -> Response:
    number = request.path_params["number"]

    def change(session, actor, journal, form) -> str:
        new_number = whole_number(form, "number", "the agenda item's number")
        journals.change_agenda_item(session, actor, journal, number, title=_text(form, "title"),
                                    new_number=new_number)
        return f"agenda item {number} is saved" + (
            f" as item {new_number}" if new_number != number else "")

    return await _journal_form(change)(request)


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
                "annex_numbers": journal_items.annex_numbers(journal),
                "speaker_names": ["Chairperson", *(d.name for d in
                                                   drafting.list_delegations(session))],
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
    Route("/meetings", meetings_page, methods=["GET"], name="meetings"),
    Route("/meetings", create_meeting, methods=["POST"]),
    Route("/meetings/{id:id}", meeting_page, methods=["GET"], name="meeting"),
    Route("/meetings/{id:id}/journals", open_journal, methods=["POST"]),
    Route("/journals", journals_page, methods=["GET"], name="journals"),
    Route("/journals/{id:id}/times", _journal_form(_set_times), methods=["POST"]),
    Route("/journals/{id:id}/chairperson", _journal_form(_set_chairperson), methods=["POST"]),
    Route("/journals/{id:id}/session", _journal_form(_set_session_title), methods=["POST"]),
    Route("/journals/{id:id}/next-meeting", _journal_form(_set_next_meeting),
          methods=["POST"]),
    Route("/journals/{id:id}/agenda", _journal_form(_add_agenda_item), methods=["POST"]),
    Route("/journals/{id:id}/agenda/{number:id}", _change_agenda_item, methods=["POST"]),
    Route("/journals/{id:id}", journal_page, name="journal"),
    Route("/journals/{id:id}/document.{fmt}", journal_download, name="journal_document"),
]
