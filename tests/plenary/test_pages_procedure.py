"""The Chair's and the secretariat's forms (thin version) and the journal page."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.factories import make_draft, make_journal
from tests.plenary.conftest import csrf_of
from workflow.models import Decision, Statement


@pytest.fixture
def chair(demo_client):
    return demo_client("chair")


@pytest.fixture
def drafter_ru(demo_client):
    return demo_client("drafter.ru")


def count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def test_the_chair_opens_a_draft_and_records_its_adoption(chair, session):
    draft = make_draft(session)
    journal = make_journal(session, number=30, day=date(2023, 11, 30), journal_number=1)
    session.commit()
    page = chair.get(f"/drafts/{draft.id}")
    assert "Record adoption at a meeting" in page.text and "MC(30) Journal No. 1" in page.text

    opened = chair.post(f"/drafts/{draft.id}/open", data={"csrf": csrf_of(page)})
    assert opened.status_code == 303 and opened.headers["location"] == f"/drafts/{draft.id}"
    response = chair.post(f"/drafts/{draft.id}/adopt", data={
        "csrf": csrf_of(page), "journal": str(journal.id), "agenda_item": "4",
        "agenda_title": "Adoption of decisions", "confirm": "yes"})
    assert response.status_code == 303
    decision = session.scalar(select(Decision).where(Decision.draft_id == draft.id))
    assert response.headers["location"] == f"/decisions/{decision.id}"
    assert decision.symbol == "MC.DEC/1/23"

    journal_page = chair.get(f"/journals/{journal.id}")
    assert "Agenda item 4: ADOPTION OF DECISIONS" in journal_page.text
    assert ("Decision: The Ministerial Council adopted Decision No. 1/23 (MC.DEC/1/23) on test "
            "decision, the text of which is appended to this journal.") in journal_page.text


@pytest.mark.parametrize(("agenda_item", "status", "message"), [
    ("", 422, "the agenda item must be a whole number"),
    ("seven", 422, "the agenda item must be a whole number"),
    ("0", 422, "an agenda item is numbered from 1"),
])
def test_a_bad_adoption_form_is_refused_and_nothing_is_stored(chair, session, agenda_item,
                                                               status, message):
    draft = make_draft(session)
    journal = make_journal(session, number=30, day=date(2023, 11, 30), journal_number=1)
    session.commit()
    page = chair.get(f"/drafts/{draft.id}")
    response = chair.post(f"/drafts/{draft.id}/adopt", data={
        "csrf": csrf_of(page), "journal": str(journal.id), "agenda_item": agenda_item})
    assert response.status_code == status and message in response.text
    assert count(session, Decision) == 1  # the demo's own


def test_a_drafter_sees_no_adoption_form_and_cannot_post_one(drafter_ru, session):
    draft = make_draft(session)
    journal = make_journal(session, number=30, day=date(2023, 11, 30), journal_number=1)
    session.commit()
    page = drafter_ru.get(f"/drafts/{draft.id}")
    assert "Record adoption" not in page.text
    response = drafter_ru.post(f"/drafts/{draft.id}/adopt", data={
        "csrf": csrf_of(page), "journal": str(journal.id), "agenda_item": "1"})
    assert response.status_code == 403
    assert "only the chair may take this step of the procedure" in response.text


def test_forms_without_their_csrf_token_are_refused(chair, session):
    draft = make_draft(session)
    session.commit()
    assert chair.post(f"/drafts/{draft.id}/open", data={}).status_code == 403
    assert chair.post(f"/drafts/{draft.id}/open", data={"csrf": "0" * 64}).status_code == 403


def test_a_drafter_registers_its_delegations_statement_and_the_journal_points_to_it(
        drafter_ru, session):
    decision = session.scalar(select(Decision).where(Decision.symbol == "MC.DEC/7/17"))
    page = drafter_ru.get(f"/decisions/{decision.id}")
    assert '<option>Russian Federation</option>' in page.text
    assert '<option>Italy</option>' not in page.text
    response = drafter_ru.post(f"/decisions/{decision.id}/statements", data={
        "csrf": csrf_of(page), "delegation": "Russian Federation",
        "kind": "formal_reservation", "original_language": "RUSSIAN",
        "text": "We reserve.\n\nStill."})
    assert response.status_code == 303
    assert count(session, Statement) == 2
    shown = drafter_ru.get(f"/decisions/{decision.id}").text
    assert "Attachment 2" in shown and "FORMAL RESERVATION UNDER" in shown

    journal = drafter_ru.get(f"/journals/{decision.agenda_item.journal_id}").text
    assert "Russian Federation (interpretative statement, see" in journal
    assert "attachment 1</a> to the decision)" in journal
    assert "attachment 2</a> to the decision)" in journal

    other = drafter_ru.post(f"/decisions/{decision.id}/statements", data={
        "csrf": csrf_of(page), "delegation": "Italy", "kind": "interpretative_statement",
        "original_language": "ITALIAN", "text": "Not ours."})
    assert other.status_code == 403 and count(session, Statement) == 2
