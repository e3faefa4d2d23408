"""The rules of the record hold at every door: the JSON API answers 409 with the table's
message, and the pages offer no button the table would refuse."""

from __future__ import annotations

import pytest

from drafting import amendments
from plenary import accounts
from tests.factories import CHAIR, drafter
from tests.plenary.conftest import bearer, csrf_of
from workflow import silence

LATE_2026 = {"body": "MC", "number": 33, "place": "Vienna", "first_day": "2026-11-30",
             "last_day": "2026-11-30"}


@pytest.fixture
def tokens(session, demo_loaded, token_for):
    def token(name: str) -> dict[str, str]:
        return bearer(token_for(accounts.find_user(session, f"{name}@demo.plenary")))

    return token


def journal_of(client, tokens, meeting: dict, day: str) -> int:
    created = client.post("/api/v1/meetings", json=meeting, headers=tokens("secretariat"))
    assert created.status_code == 201, created.text
    journal = client.post(f"/api/v1/meetings/{created.json()['id']}/journals",
                          json={"number": 1, "date": day}, headers=tokens("secretariat"))
    assert journal.status_code == 201, journal.text
    return journal.json()["id"]


def pending_of(session, energy, delegation: str):
    return next(a for a in amendments.list_amendments(session, energy)
                if a.delegation.name == delegation)


def test_after_adoption_the_api_refuses_every_amendment_action(client, tokens, energy,
                                                                session):
    journal = journal_of(client, tokens, LATE_2026, "2026-11-30")
    adopted = client.post(f"/api/v1/drafts/{energy.id}/adopt", headers=tokens("chair"),
                          json={"journal": journal, "agenda_item": 3})
    assert adopted.status_code == 201, adopted.text
    assert adopted.json()["decision"]["symbol"] == "MC.DEC/1/26"
    us = pending_of(session, energy, "United States of America")
    for path, name, verb in [("accept", "chair", "accepted"), ("reject", "chair", "rejected"),
                             ("support", "drafter.it", "supported"),
                             ("withdraw", "drafter.us", "withdrawn")]:
        answer = client.post(f"/api/v1/amendments/{us.id}/{path}", headers=tokens(name),
                             json={"reason": "late"})
        assert answer.status_code == 409, (path, answer.text)
        assert answer.json()["error"]["message"] == (
            f"MC.DD/3/26 is adopted: amendment {us.id} can no longer be {verb}")
    revised = client.post(f"/api/v1/drafts/{energy.id}/revisions", headers=tokens("chair"),
                          json={"incorporate": []})
    assert revised.status_code == 409
    assert "a revised text is issued only while the draft is open" in revised.text


def test_the_api_refuses_an_adoption_into_another_years_journal(client, tokens, energy,
                                                                 session):
    from workflow.journals import find_journal

    old = find_journal(session, "MC(24) Journal No. 2")
    answer = client.post(f"/api/v1/drafts/{energy.id}/adopt", headers=tokens("chair"),
                         json={"journal": old.id, "agenda_item": 7})
    assert answer.status_code == 409
    assert answer.json()["error"]["message"].startswith(
        "MC(24) Journal No. 2 is of 8 December 2017, before MC.DD/3/26 was tabled on "
        "2 November 2026")
    future = journal_of(client, tokens, {**LATE_2026, "number": 40, "first_day": "2099-01-05",
                                         "last_day": "2099-01-05"}, "2099-01-05")
    answer = client.post(f"/api/v1/drafts/{energy.id}/adopt", headers=tokens("chair"),
                         json={"journal": future, "agenda_item": 1})
    assert answer.status_code == 409 and "is of 5 January 2099, after today" in answer.text


def test_the_pages_offer_only_what_the_tables_allow(demo_client, energy, session):
    chair, italy = demo_client("chair"), demo_client("drafter.it")
    page = chair.get(f"/drafts/{energy.id}").text
    assert "/accept" in page and "Issue MC.DD/3/26/Rev.1" in page
    assert "Support</button>" in italy.get(f"/drafts/{energy.id}").text

    silence.start(session, CHAIR, energy, _far_future())
    session.commit()
    under_silence = chair.get(f"/drafts/{energy.id}").text
    assert "/accept" not in under_silence and "/reject" not in under_silence
    assert "Issue MC.DD/3/26/Rev.1" not in under_silence
    drafter_page = italy.get(f"/drafts/{energy.id}").text
    assert "Support</button>" not in drafter_page and "Withdraw</button>" not in drafter_page
    assert "Propose an amendment to" not in drafter_page
    assert "Break silence for Italy" in drafter_page


def test_a_page_form_the_table_refuses_answers_with_its_message(demo_client, energy, session):
    from workflow.journals import find_journal

    chair = demo_client("chair")
    page = chair.get(f"/drafts/{energy.id}")
    old = find_journal(session, "MC(24) Journal No. 2")
    answer = chair.post(f"/drafts/{energy.id}/adopt", data={
        "csrf": csrf_of(page), "journal": str(old.id), "agenda_item": "7"})
    assert answer.status_code == 409
    assert "before MC.DD/3/26 was tabled on 2 November 2026" in answer.text
    session.expire_all()
    assert energy.state == "negotiating"


def test_a_drafter_confirms_a_rebased_amendment_from_its_page(demo_client, energy, session):
    from drafting import revisions
    from tests.factories import paragraph

    pp3 = paragraph(session, energy, "PP3")
    us = pending_of(session, energy, "United States of America")
    revisions.issue_revision(session, CHAIR, energy, incorporate=[],
                             edits=[(pp3.key, "Firmly " + pp3.text[0].lower() + pp3.text[1:])])
    session.commit()
    assert us.rebased_onto == 1
    client = demo_client("drafter.us")
    page = client.get(f"/amendments/{us.id}")
    assert "Rebased onto MC.DD/3/26/Rev.1: check the wording" in page.text
    confirmed = client.post(f"/amendments/{us.id}/confirm", data={"csrf": csrf_of(page)})
    assert confirmed.status_code == 303
    session.expire_all()
    assert us.rebased_onto is None
    assert "Confirm the rebased wording" not in client.get(f"/amendments/{us.id}").text
    italy = demo_client("drafter.it")
    assert "Confirm the rebased wording" not in italy.get(f"/drafts/{energy.id}").text
    assert drafter(session, "Italy").delegation_id != us.delegation_id


def _far_future():
    from datetime import UTC, datetime

    return datetime(2099, 1, 1, 11, tzinfo=UTC)
