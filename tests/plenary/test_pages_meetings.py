"""The secretariat's desk in the pages: meetings created and listed, the journal of a
meeting day opened and kept (times, Chairperson, agenda items, next meeting), every
journal listed; each form through the same use case as the API, refusals with their
status and message, and nothing changed by a refused form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from drafting.db import utcnow
from tests.plenary.conftest import csrf_of
from workflow.dating import local_day
from workflow.models import Journal, Meeting


@pytest.fixture
def secretariat(demo_client):
    return demo_client("secretariat")


def create_meeting(client, **fields):
    page = client.get("/meetings")
    data = {"csrf": csrf_of(page), "body": "PC", "number": "1300", "place": "Vienna",
            "first_day": "2026-12-03", "last_day": "2026-12-03", **fields}
    return client.post("/meetings", data=data)


def test_the_secretariat_creates_a_meeting_opens_its_journal_and_keeps_it(secretariat,
                                                                         session):
    created = create_meeting(secretariat)
    assert created.status_code == 303
    meeting_url = created.headers["location"]
    meeting = secretariat.get(meeting_url)
    assert meeting.status_code == 200
    assert "<h1>PC(1300), Vienna</h1>" in meeting.text
    assert "No journal has been opened for this meeting yet." in meeting.text

    opened = secretariat.post(f"{meeting_url}/journals", data={
        "csrf": csrf_of(meeting), "number": "1300", "day": "2026-12-03",
        "chairperson": "Ambassador A. Example"})
    assert opened.status_code == 303
    journal_url = opened.headers["location"]
    journal = secretariat.get(journal_url)
    assert journal.status_code == 200 and "Keep this journal" in journal.text
    csrf = csrf_of(journal)
    for path, data in [("times", {"opened_at": "10:10", "closed_at": "13:05"}),
                       ("agenda", {"number": "1", "title": "Review of current issues"}),
                       ("next-meeting", {"next_meeting": "Thursday, 10 December 2026"})]:
        answer = secretariat.post(f"{journal_url}/{path}", data={"csrf": csrf, **data})
        assert (answer.status_code, answer.headers["location"]) == (303, journal_url), path
    kept = secretariat.get(journal_url).text
    assert "Opened: 10.10 a.m." in kept and "Closed: 1.05 p.m." in kept
    assert "Chairperson: Ambassador A. Example" in kept
    assert "Agenda item 1: REVIEW OF CURRENT ISSUES" in kept
    assert "Next meeting: Thursday, 10 December 2026" in kept
    assert 'value="2"' in kept  # the next agenda item's number, proposed

    listed = secretariat.get("/journals?body=PC").text
    assert "PC Journal No. 1300" in listed
    assert "PC(1300)" in secretariat.get("/meetings").text


@pytest.mark.parametrize(("fields", "status", "message"), [
    ({"first_day": "2026-12-05", "last_day": "2026-12-04"}, 422,
     "a meeting cannot end before it starts"),
    ({"first_day": "tomorrow"}, 422, "the first day must be a date such as 2017-12-08"),
    ({"number": "twelve"}, 422, "the meeting&#39;s number must be a whole number"),
    ({"body": "UN"}, 422, "unknown body"),
    ({"body": "MC", "number": "24"}, 409, "the MC has a meeting number 24 already"),
])
def test_a_refused_meeting_says_why_and_creates_nothing(secretariat, session, fields, status,
                                                        message):
    before = session.scalar(select(func.count()).select_from(Meeting))
    refused = create_meeting(secretariat, **fields)
    assert refused.status_code == status
    assert message in refused.text
    assert session.scalar(select(func.count()).select_from(Meeting)) == before


def test_a_journal_day_outside_its_meeting_and_a_bad_time_are_refused(secretariat, session):
    meeting_url = create_meeting(secretariat).headers["location"]
    page = secretariat.get(meeting_url)
    outside = secretariat.post(f"{meeting_url}/journals", data={
        "csrf": csrf_of(page), "number": "1", "day": "2026-12-04"})
    assert outside.status_code == 422 and "is not a day of the meeting" in outside.text
    journal_url = secretariat.post(f"{meeting_url}/journals", data={
        "csrf": csrf_of(page), "number": "1", "day": "2026-12-03"}).headers["location"]
    page = secretariat.get(journal_url)
    late = secretariat.post(f"{journal_url}/times", data={
        "csrf": csrf_of(page), "opened_at": "25:00"})
    assert late.status_code == 422
    assert "the opening time must be a time such as 10:10" in late.text
    backwards = secretariat.post(f"{journal_url}/times", data={
        "csrf": csrf_of(page), "opened_at": "13:00", "closed_at": "10:00"})
    assert backwards.status_code == 422 and "cannot close" in backwards.text


def test_only_the_chair_and_the_secretariat_keep_meetings_and_journals(demo_client, session):
    drafter = demo_client("drafter.it")
    page = drafter.get("/meetings")
    assert page.status_code == 200 and "Create a meeting" not in page.text
    refused = drafter.post("/meetings", data={
        "csrf": csrf_of(page), "body": "PC", "number": "1301", "place": "Vienna",
        "first_day": "2026-12-03", "last_day": "2026-12-03"})
    assert refused.status_code == 403
    journal = session.scalar(select(Journal).order_by(Journal.id))
    shown = drafter.get(f"/journals/{journal.id}")
    assert "Keep this journal" not in shown.text
    assert drafter.post(f"/journals/{journal.id}/chairperson", data={
        "csrf": csrf_of(shown), "chairperson": "Someone"}).status_code == 403
    assert drafter.post(f"/journals/{journal.id}/session", data={
        "csrf": csrf_of(shown), "session_title": "Something"}).status_code == 403


def test_the_secretariat_records_the_session_of_a_journal(demo_client, session):
    secretariat = demo_client("secretariat")
    journal = session.scalar(select(Journal).order_by(Journal.id.desc()))
    page = secretariat.get(f"/journals/{journal.id}")
    assert '<label for="session-title">Session' in page.text
    saved = secretariat.post(f"/journals/{journal.id}/session", data={
        "csrf": csrf_of(page), "session_title": "3rd PLENARY MEETING (CLOSED)"})
    assert saved.status_code in (302, 303)
    document = secretariat.get(f"/journals/{journal.id}/document.txt").text
    assert "MEETING OF THE MINISTERIAL COUNCIL\n3rd PLENARY MEETING (CLOSED)\n\n" in document


def test_a_form_without_its_token_is_refused(secretariat):
    assert secretariat.post("/meetings", data={"body": "PC"}).status_code == 403


def test_the_lists_page_and_need_a_sign_in(make_client, secretariat):
    anonymous = make_client()
    for path in ("/meetings", "/journals"):
        assert anonymous.get(path, follow_redirects=False).status_code in (303, 401)
    assert secretariat.get("/journals?limit=1").status_code == 200
    assert "Next page" in secretariat.get("/journals?limit=1").text
    assert secretariat.get("/meetings?cursor=garbage").status_code == 422


def test_the_chair_adopts_under_todays_journal_from_the_draft_page(demo_client, session,
                                                                   energy):
    secretariat = demo_client("secretariat")
    today = local_day(utcnow())
    meeting_url = create_meeting(secretariat, body="MC", number="33",
                                 first_day=today.isoformat(),
                                 last_day=(today + timedelta(days=1)).isoformat()
                                 ).headers["location"]
    page = secretariat.get(meeting_url)
    journal_url = secretariat.post(f"{meeting_url}/journals", data={
        "csrf": csrf_of(page), "number": "1", "day": today.isoformat()}).headers["location"]
    journal_id = journal_url.rsplit("/", 1)[1]
    chair = demo_client("chair")
    draft_page = chair.get(f"/drafts/{energy.id}")
    assert f'<option value="{journal_id}"' in draft_page.text
    adopted = chair.post(f"/drafts/{energy.id}/adopt", data={
        "csrf": csrf_of(draft_page), "journal": journal_id, "agenda_item": "3",
        "agenda_title": "Adoption of decisions", "confirm": "yes"})
    assert adopted.status_code == 303, adopted.text
    decision = chair.get(adopted.headers["location"]).text
    assert f"MC.DEC/1/{today:%y}" in decision
    assert f"MC.DEC/1/{today:%y}" in chair.get(journal_url).text


def test_an_agenda_item_is_renamed_and_moved_in_the_page(secretariat, session):
    meeting_url = create_meeting(secretariat).headers["location"]
    page = secretariat.get(meeting_url)
    journal_url = secretariat.post(f"{meeting_url}/journals", data={
        "csrf": csrf_of(page), "number": "1", "day": "2026-12-03"}).headers["location"]
    csrf = csrf_of(secretariat.get(journal_url))
    for number, title in (("1", "Opening"), ("2", "Adoption")):
        secretariat.post(f"{journal_url}/agenda", data={"csrf": csrf, "number": number,
                                                       "title": title})
    moved = secretariat.post(f"{journal_url}/agenda/2", data={
        "csrf": csrf, "number": "1", "title": "Adoption of the decisions"})
    assert (moved.status_code, moved.headers["location"]) == (303, journal_url)
    text = secretariat.get(journal_url).text
    assert text.index("Agenda item 1: ADOPTION OF THE DECISIONS") < text.index(
        "Agenda item 2: OPENING")
    missing = secretariat.post(f"{journal_url}/agenda/9", data={
        "csrf": csrf, "number": "9", "title": "x"})
    assert missing.status_code == 404 and "the journal has no agenda item 9" in missing.text
