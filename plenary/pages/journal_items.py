"""The forms on a journal's page that record what was said under each agenda item (the
speakers, the documents cited, the statements annexed) and the suspensions of the meeting.

Each form posts, is checked for its CSRF token, calls one use case (workflow.journal_items,
workflow.journals: the same as the API's) and redirects (303) back to the journal, saying
what changed. A part of plenary.pages.meetings' area, in a module of its own to keep both
short."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from drafting.errors import Invalid, NotFound
from plenary.pages.common import whole_number
from plenary.pages.meetings import _clock, _journal_form, _text
from plenary.routing import Route
from workflow import journal_items, journals

ITEM = "/journals/{id:id}/agenda/{number:id}"


def _item_form(change):
    """A form about agenda item {number} (and its line {line}, when the path names one):
    `change(session, actor, journal, number, line, form)` returns what it did."""

    async def endpoint(request: Request) -> Response:
        number, line = request.path_params["number"], request.path_params.get("line")

        def on_journal(session, actor, journal, form) -> str:
            return change(session, actor, journal, number, line, form)

        return await _journal_form(on_journal)(request)

    return endpoint


def _position(form, name: str, what: str) -> int | None:
    return whole_number(form, name, what) if _text(form, name) else None  # empty: the end


def _add_speaker(session, actor, journal, number, line, form) -> str:
    speaker = journal_items.add_speaker(session, actor, journal, number, _text(form, "name"),
                                        _position(form, "position", "the speaker's place"))
    return f"{speaker.name} is speaker {speaker.position} under agenda item {number}"


def _change_speaker(session, actor, journal, number, line, form) -> str:
    speaker = journal_items.change_speaker(
        session, actor, journal, number, line, name=_text(form, "name"),
        new_position=whole_number(form, "position", "the speaker's place"))
    return f"{speaker.name} is speaker {speaker.position} under agenda item {number}"


def _remove_speaker(session, actor, journal, number, line, form) -> str:
    journal_items.remove_speaker(session, actor, journal, number, line)
    return f"speaker {line} is removed from agenda item {number}"


def _add_document(session, actor, journal, number, line, form) -> str:
    document = journal_items.add_document(session, actor, journal, number,
                                          _text(form, "symbol"),
                                          _position(form, "position", "the document's place"))
    return f"{document.symbol} is cited under agenda item {number}"


def _change_document(session, actor, journal, number, line, form) -> str:
    document = journal_items.change_document(
        session, actor, journal, number, line, symbol=_text(form, "symbol"),
        new_position=whole_number(form, "position", "the document's place"))
    return f"{document.symbol} is document {document.position} under agenda item {number}"


def _remove_document(session, actor, journal, number, line, form) -> str:
    journal_items.remove_document(session, actor, journal, number, line)
    return f"document {line} is removed from agenda item {number}"


def _annex_number(journal, annex) -> int:
    return journal_items.annex_numbers(journal)[annex.speaker.id]


def _add_annex(session, actor, journal, number, line, form) -> str:
    annex = journal_items.add_annex(session, actor, journal, number,
                                    whole_number(form, "speaker", "the speaker"),
                                    str(form.get("text", "")))
    return f"{annex.speaker.name}'s statement is Annex {_annex_number(journal, annex)}"


def _change_annex(session, actor, journal, number, line, form) -> str:
    annex = journal_items.change_annex(session, actor, journal, number, line,
                                       text=str(form.get("text", "")),
                                       speaker=whole_number(form, "speaker", "the speaker"))
    return f"Annex {_annex_number(journal, annex)} is saved ({annex.speaker.name})"


def _remove_annex(session, actor, journal, number, line, form) -> str:
    journal_items.remove_annex(session, actor, journal, number, line)
    return f"Annex {line} is removed; the speaker stays"


def _add_suspension(session, actor, journal, form) -> str:
    suspended = _clock(form, "suspended_at", "the time of the suspension")
    if suspended is None:
        raise Invalid("give the time the meeting was suspended")
    journals.add_suspension(session, actor, journal, suspended,
                            _clock(form, "resumed_at", "the time of the resumption"))
    return f"the suspension at {suspended:%H:%M} is recorded"


async def _remove_suspension(request: Request) -> Response:
    n = request.path_params["n"]

    def change(session, actor, journal, form) -> str:
        periods = [(s.suspended_at, s.resumed_at) for s in journal.suspensions]
        if not 1 <= n <= len(periods):
            raise NotFound(f"the journal has no suspension {n}")
        del periods[n - 1]
        journals.set_suspensions(session, actor, journal, periods)
        return f"suspension {n} is removed"

    return await _journal_form(change)(request)


routes = [
    Route("/journals/{id:id}/suspensions", _journal_form(_add_suspension), methods=["POST"]),
    Route("/journals/{id:id}/suspensions/{n:id}/remove", _remove_suspension, methods=["POST"]),
    Route(f"{ITEM}/speakers", _item_form(_add_speaker), methods=["POST"]),
    Route(f"{ITEM}/speakers/{{line:id}}", _item_form(_change_speaker), methods=["POST"]),
    Route(f"{ITEM}/speakers/{{line:id}}/remove", _item_form(_remove_speaker),
          methods=["POST"]),
    Route(f"{ITEM}/documents", _item_form(_add_document), methods=["POST"]),
    Route(f"{ITEM}/documents/{{line:id}}", _item_form(_change_document), methods=["POST"]),
    Route(f"{ITEM}/documents/{{line:id}}/remove", _item_form(_remove_document),
          methods=["POST"]),
    Route(f"{ITEM}/annexes", _item_form(_add_annex), methods=["POST"]),
    Route(f"{ITEM}/annexes/{{line:id}}", _item_form(_change_annex), methods=["POST"]),
    Route(f"{ITEM}/annexes/{{line:id}}/remove", _item_form(_remove_annex), methods=["POST"]),
]
