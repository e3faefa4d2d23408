"""The procedure through the API (thin version): a meeting, its journal, an adoption
that numbers the decision, and a statement attached to it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.factories import make_draft, make_user
from tests.plenary.conftest import bearer
from workflow.models import Decision, Statement


@pytest.fixture
def chair_token(session, token_for):
    return token_for(make_user(session, role="chair"))


@pytest.fixture
def journal_id(client, chair_token):
    meeting = client.post("/api/v1/meetings", headers=bearer(chair_token), json={
        "body": "MC", "number": 24, "place": "Vienna",
        "first_day": "2017-12-07", "last_day": "2017-12-08"})
    assert meeting.status_code == 201, meeting.text
    journal = client.post(f"/api/v1/meetings/{meeting.json()['id']}/journals",
                          headers=bearer(chair_token),
                          json={"number": 2, "date": "2017-12-08", "chairperson": "Ms. A"})
    assert journal.status_code == 201, journal.text
    return journal.json()["id"]


def adopt(client, token, draft_id, journal_id, agenda_item=7):
    return client.post(f"/api/v1/drafts/{draft_id}/adopt", headers=bearer(token),
                       json={"journal": journal_id, "agenda_item": agenda_item,
                             "agenda_title": "Adoption of decisions"})


def test_the_chair_adopts_a_draft_and_the_journal_lists_it(client, session, chair_token,
                                                            journal_id):
    draft = make_draft(session)
    session.commit()
    response = adopt(client, chair_token, draft.id, journal_id)
    assert response.status_code == 201, response.text
    decision = response.json()["decision"]
    assert (decision["symbol"], decision["number"]) == ("MC.DEC/1/17", 1)
    read = client.get(f"/api/v1/decisions/{decision['id']}", headers=bearer(chair_token)).json()
    assert (read["adopted_on"], read["mode"], read["issued"]) == ("2017-12-08", "meeting", False)

    journal = client.get(f"/api/v1/journals/{journal_id}", headers=bearer(chair_token)).json()
    assert journal["agenda_items"] == [{
        "number": 7, "title": "Adoption of decisions",
        "entries": [{"kind": "decision_adopted", "decision": "MC.DEC/1/17"}],
        "speakers": [], "documents": [], "annexes": []}]
    again = adopt(client, chair_token, draft.id, journal_id)
    assert again.status_code == 409
    assert again.json()["error"]["message"] == (
        f"{draft.symbol} is adopted: it cannot be adopted at a meeting (adopt from adopted)")


def test_a_journal_that_does_not_exist_is_an_error_in_the_body(client, session, chair_token):
    # 404 would say the draft in the path is missing; the body is what names the journal.
    draft = make_draft(session)
    session.commit()
    response = adopt(client, chair_token, draft.id, 999999)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["message"].startswith("there is no journal 999999")
    assert adopt(client, chair_token, 999999, 999999).status_code == 404


def test_a_drafter_cannot_adopt(client, session, token_for, journal_id):
    draft = make_draft(session)
    drafter = token_for(make_user(session, role="drafter", delegation="Italy"))
    response = adopt(client, drafter, draft.id, journal_id)
    assert response.status_code == 403
    assert session.scalar(select(func.count()).select_from(Decision)) == 0


def test_statements_through_the_api(client, session, chair_token, token_for, journal_id):
    draft = make_draft(session)
    session.commit()
    decision_id = adopt(client, chair_token, draft.id, journal_id).json()["decision"]["id"]
    ru = token_for(make_user(session, role="drafter", delegation="Russian Federation"))
    url = f"/api/v1/decisions/{decision_id}/statements"
    body = {"delegation": "Russian Federation", "kind": "interpretative_statement",
            "original_language": "RUSSIAN", "text": "First.\n\nSecond.",
            "also_on_behalf_of": ["Belarus"]}

    response = client.post(url, headers=bearer(ru), json=body | {"original_language": "ru"})
    assert response.status_code == 201, response.text
    # Naming Belarus, it waits for Belarus: no attachment number until Belarus confirms.
    assert (response.json()["status"], response.json()["attachment"]) == ("awaiting", None)
    by = token_for(make_user(session, role="drafter", delegation="Belarus"))
    confirmed = client.post(f"/api/v1/statements/{response.json()['id']}/confirm",
                            headers=bearer(by))
    assert confirmed.status_code == 200 and confirmed.json()["attachment"] == 1
    read = client.get(f"/api/v1/decisions/{decision_id}", headers=bearer(ru)).json()
    assert read["statements"] == [{
        "id": response.json()["id"], "status": "registered", "attachment": 1,
        "kind": "interpretative_statement", "delegation": "Russian Federation",
        "also_on_behalf_of": ["Belarus"],
        "cosigners": [{"delegation": "Belarus", "status": "confirmed"}],
        "group": None, "group_role": None,
        "original_language": "RUSSIAN", "paragraphs": ["First.", "Second."]}]

    for change, status, message in [
        ({"delegation": "Italy"}, 403, "not for Italy"),
        ({"delegation": "Atlantis"}, 422, "unknown delegation: 'Atlantis'"),
        ({"original_language": "LATIN"}, 422, "unknown original language"),
        ({"text": 5}, 422, "'text' must be a string"),
    ]:
        refused = client.post(url, headers=bearer(ru), json=body | change)
        assert refused.status_code == status, change
        assert message in refused.json()["error"]["message"]
    assert session.scalar(select(func.count()).select_from(Statement)) == 1


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"body": "MC", "number": 25, "place": "Milan", "first_day": "2018-12-06",
      "last_day": "2018-12-05"}, 422, "cannot end before it starts"),
    ({"body": "MC", "number": 25, "place": "Milan", "first_day": "6 December",
      "last_day": "2018-12-07"}, 422, "'first_day' must be a date such as 2017-12-08"),
    ({"body": "UN", "number": 25, "place": "Milan", "first_day": "2018-12-06",
      "last_day": "2018-12-07"}, 422, "unknown body 'UN'"),
])
def test_bad_meetings_are_refused(client, chair_token, body, status, message):
    response = client.post("/api/v1/meetings", headers=bearer(chair_token), json=body)
    assert response.status_code == status
    assert message in response.json()["error"]["message"]


def test_a_journal_day_outside_its_meeting_is_refused(client, chair_token, journal_id):
    meetings = client.get("/api/v1/meetings", headers=bearer(chair_token)).json()["meetings"]
    response = client.post(f"/api/v1/meetings/{meetings[0]['id']}/journals",
                           headers=bearer(chair_token), json={"number": 3, "date": "2017-12-09"})
    assert response.status_code == 422
    assert "is not a day of the meeting" in response.json()["error"]["message"]
    duplicate = client.post(f"/api/v1/meetings/{meetings[0]['id']}/journals",
                            headers=bearer(chair_token), json={"number": 2, "date": "2017-12-08"})
    assert duplicate.status_code == 409
