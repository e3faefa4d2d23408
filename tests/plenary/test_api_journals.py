"""The journal of the day through the API: agenda items, times, Chairperson and next
meeting, the journal as a document, and every refusal with its status."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from exports.formats import JOURNAL_FORMATS
from plenary import demo
from tests.factories import SECRETARIAT, make_journal, make_user, silence_decision
from tests.plenary.conftest import bearer
from workflow import journals

GOLDEN = Path(__file__).resolve().parents[1] / "exports" / "golden"


def error(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


@pytest.fixture
def chair(session, token_for):
    return bearer(token_for(make_user(session, role="chair")))


@pytest.fixture
def secretariat(session, token_for):
    return bearer(token_for(make_user(session, role="secretariat")))


@pytest.fixture
def drafter(session, token_for):
    return bearer(token_for(make_user(session, role="drafter", delegation="Italy")))


@pytest.fixture
def journal(session):
    silence_decision(session, date(2017, 12, 1), title="Water governance")
    journal = make_journal(session, number=24, day=date(2017, 12, 8), journal_number=2)
    session.commit()
    return journal


def test_the_secretariat_adds_agenda_items_and_gets_the_journal(client, secretariat, journal):
    url = f"/api/v1/journals/{journal.id}/agenda"
    assert client.post(url, headers=secretariat, json={"number": 7, "title": "Adoption of "
                       "the decisions"}).status_code == 201
    response = client.post(url, headers=secretariat, json={"number": 1, "title": "Opening"})

    assert response.status_code == 201
    assert response.json() == {
        "id": journal.id, "meeting_id": journal.meeting_id, "body": "MC", "number": 2,
        "symbol": "MC(24) Journal No. 2", "document_symbol": "MC(24).JOUR/2",
        "day": "2017-12-08", "chairperson": "", "session_title": "", "opened_at": None,
        "closed_at": None, "next_meeting": "", "suspensions": [],
        "announcements": [{"kind": "silence_announced", "decision": "MC.DEC/1/17"}],
        "agenda_items": [{"number": 1, "title": "Opening", "entries": [], "speakers": [],
                          "documents": [], "annexes": []},
                         {"number": 7, "title": "Adoption of the decisions", "entries": [],
                          "speakers": [], "documents": [], "annexes": []}],
    }


@pytest.mark.parametrize(("body", "status", "code", "message"), [
    ({"number": 7, "title": "Again"}, 409, "conflict", "the journal has an agenda item 7 already"),
    ({"number": 0, "title": "Zero"}, 422, "invalid", "an agenda item is numbered from 1 to 999"),
    ({"number": "7", "title": "Seven"}, 422, "invalid", "the field 'number' must be an integer"),
    ({"number": 8}, 422, "invalid", "the field 'title' is required"),
    ({"number": 8, "title": " "}, 422, "invalid", "the agenda item needs a title"),
])
def test_bad_agenda_items_are_refused(client, session, chair, journal, body, status, code,
                                      message):
    journals.add_agenda_item(session, SECRETARIAT, journal, 7, "Adoption")
    session.commit()
    response = client.post(f"/api/v1/journals/{journal.id}/agenda", headers=chair, json=body)
    assert (response.status_code, response.json()) == (status, error(code, message))
    session.expire_all()
    assert [i.number for i in journal.agenda_items] == [7]


def test_the_secretariat_records_the_session(client, chair, journal):
    url = f"/api/v1/journals/{journal.id}"
    response = client.patch(url, headers=chair, json={
        "session_title": "3rd PLENARY MEETING (CLOSED)"})
    assert response.status_code == 200, response.text
    assert response.json()["session_title"] == "3rd PLENARY MEETING (CLOSED)"
    document = client.get(f"{url}/document", headers=chair).text
    assert ("\n\n2nd DAY OF THE TWENTY-FOURTH MEETING OF THE MINISTERIAL COUNCIL\n"
            "3rd PLENARY MEETING (CLOSED)\n\n") in document
    too_long = client.patch(url, headers=chair, json={"session_title": "x" * 201})
    assert too_long.status_code == 422
    cleared = client.patch(url, headers=chair, json={"session_title": None})
    assert cleared.status_code == 200 and cleared.json()["session_title"] == ""


def test_the_chair_records_times_chairperson_and_next_meeting(client, chair, journal):
    url = f"/api/v1/journals/{journal.id}"
    response = client.patch(url, headers=chair, json={
        "opened_at": "10:10", "closed_at": "13:05", "chairperson": "Mr. S. Kurz",
        "next_meeting": "6 and 7 December 2018, in Milan"})
    assert response.status_code == 200, response.text
    assert {k: response.json()[k] for k in ("opened_at", "closed_at", "chairperson",
                                            "next_meeting")} == {
        "opened_at": "10:10", "closed_at": "13:05", "chairperson": "Mr. S. Kurz",
        "next_meeting": "6 and 7 December 2018, in Milan"}

    # Only what is sent changes; null clears a time.
    later = client.patch(url, headers=chair, json={"closed_at": "18:40"}).json()
    assert (later["opened_at"], later["closed_at"], later["chairperson"]) == (
        "10:10", "18:40", "Mr. S. Kurz")
    cleared = client.patch(url, headers=chair, json={"opened_at": None}).json()
    assert (cleared["opened_at"], cleared["closed_at"]) == (None, "18:40")
    document = client.get(f"{url}/document", headers=chair).text
    assert ("\n\n1. Date: Friday, 8 December 2017\n\nClosed: 6.40 p.m.\n\n"
            "2. Chairperson: Mr. S. Kurz\n\n") in document


@pytest.mark.parametrize(("body", "message"), [
    ({"opened_at": "15:00", "closed_at": "13:05"},
     "the meeting cannot close (13:05) before it opens (15:00)"),
    ({"closed_at": "09:00"}, "the meeting cannot close (09:00) before it opens (10:00)"),
    ({"opened_at": "10 a.m."}, "the field 'opened_at' must be a time such as 10:10 or 13:05"),
    ({"closed_at": "25:00"}, "the field 'closed_at' must be a time such as 10:10 or 13:05"),
    ({"opened_at": 10}, "the field 'opened_at' must be a string"),
    ({"chairperson": ["A"]}, "the field 'chairperson' must be a string"),
    ({"chair": "Mr. A"}, "unknown field 'chair'; a journal takes opened_at, closed_at, "
                         "suspensions, chairperson, session_title, next_meeting"),
    ({}, "nothing to change: send one of opened_at, closed_at, suspensions, chairperson, "
         "session_title, next_meeting"),
    ({"suspensions": [{"suspended_at": "09:00", "resumed_at": "09:30"}]},
     "the meeting cannot be suspended at 09:00: it was opened at 10:00"),
    ({"suspensions": [{"suspended_at": "13:00", "resumed_at": "12:00"}]},
     "the meeting cannot resume (12:00) before it is suspended (13:00)"),
    ({"suspensions": [{"suspended_at": "11:00"}, {"suspended_at": "12:00"}]},
     "the suspension at 11:00 needs its resumption before the next one"),
    ({"suspensions": [{"suspended_at": "11:00", "resumed_at": "12:00"},
                      {"suspended_at": "11:30", "resumed_at": "12:30"}]},
     "the meeting cannot be suspended at 11:30: it was resumed at 12:00"),
    ({"suspensions": [{"resumed_at": "12:00"}]}, "the field 'suspended_at' is required"),
    ({"suspensions": [{"suspended_at": "11:00"}] * 11},
     "the field 'suspensions' must be a list of at most 10 objects with suspended_at and "
     "resumed_at"),
    ({"suspensions": "11:00"}, "the field 'suspensions' must be an array"),
])
def test_bad_changes_are_refused_and_change_nothing(client, chair, journal, body, message):
    url = f"/api/v1/journals/{journal.id}"
    assert client.patch(url, headers=chair, json={"opened_at": "10:00"}).status_code == 200
    response = client.patch(url, headers=chair, json=body)
    assert (response.status_code, response.json()) == (422, error("invalid", message))
    after = client.get(url, headers=chair).json()
    assert (after["opened_at"], after["closed_at"], after["chairperson"]) == ("10:00", None, "")
    assert after["suspensions"] == []


def test_the_document_downloads_in_both_formats(client, session, drafter):
    demo.load(session)
    session.commit()
    journal = journals.find_journal(session, "MC(24) Journal No. 2")
    url = f"/api/v1/journals/{journal.id}/document"
    for fmt, content_type in (("txt", "text/plain"), ("md", "text/markdown")):
        response = client.get(url, params={"format": fmt}, headers=drafter)
        assert response.status_code == 200
        assert response.headers["content-type"] == f"{content_type}; charset=utf-8"
        assert response.headers["content-disposition"] == (
            f'attachment; filename="MC(24).JOUR-2.{fmt}"')
        assert response.content == (GOLDEN / f"mc-24-journal-2.{fmt}").read_bytes()
    unknown = client.get(url, params={"format": "odt"}, headers=drafter)
    assert (unknown.status_code, unknown.json()) == (422, error(
        "invalid", "?format= takes one of " + ", ".join(JOURNAL_FORMATS) + "; not 'odt'"))


@pytest.mark.parametrize(("method", "suffix", "body"), [
    ("POST", "/agenda", {"number": 3, "title": "Any other business"}),
    ("PATCH", "", {"chairperson": "Someone else"}),
])
def test_who_may_change_a_journal(client, session, journal, drafter, method, suffix, body):
    url = f"/api/v1/journals/{journal.id}{suffix}"
    anonymous = client.request(method, url, json=body)
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"] == "Bearer"
    assert anonymous.json()["error"]["code"] == "unauthorized"

    refused = client.request(method, url, json=body, headers=drafter)
    assert refused.status_code == 403
    assert refused.json()["error"]["message"].endswith("; you are signed in as drafter")

    session.expire_all()
    assert (journal.chairperson, journal.agenda_items) == ("", [])


@pytest.mark.parametrize(("method", "suffix", "body"), [
    ("POST", "/agenda", {"number": 3, "title": "Any other business"}),
    ("PATCH", "", {"chairperson": "Someone else"}),
    ("GET", "/document", None),
])
def test_an_unknown_journal_is_404(client, chair, method, suffix, body):
    response = client.request(method, f"/api/v1/journals/999999{suffix}", json=body,
                              headers=chair)
    assert (response.status_code, response.json()) == (404, error(
        "not_found", "there is no journal 999999"))


def test_the_document_needs_a_token(client, journal):
    response = client.get(f"/api/v1/journals/{journal.id}/document")
    assert response.status_code == 401


def test_the_secretariat_renames_and_moves_an_agenda_item(client, secretariat, drafter,
                                                          journal):
    url = f"/api/v1/journals/{journal.id}/agenda"
    for number, title in ((1, "Opening"), (7, "Adoption")):
        assert client.post(url, headers=secretariat,
                           json={"number": number, "title": title}).status_code == 201
    moved = client.patch(f"{url}/7", headers=secretariat,
                         json={"number": 1, "title": "Adoption of the decisions"})
    assert moved.status_code == 200, moved.text
    assert [(i["number"], i["title"]) for i in moved.json()["agenda_items"]] == [
        (1, "Adoption of the decisions"), (7, "Opening")]
    for body, status, message in [
        ({}, 422, "send title, number or both"),
        ({"colour": "red"}, 422, "unknown field 'colour'"),
        ({"number": 0}, 422, "numbered from 1 to 999"),
        ({"title": 5}, 422, "the field 'title' must be a string"),
    ]:
        refused = client.patch(f"{url}/1", headers=secretariat, json=body)
        assert refused.status_code == status and message in refused.json()["error"]["message"]
    assert client.patch(f"{url}/9", headers=secretariat,
                        json={"title": "x"}).status_code == 404
    assert client.patch(f"{url}/1", headers=drafter, json={"title": "x"}).status_code == 403
