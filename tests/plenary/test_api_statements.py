"""Statements and group presidencies through the API: every status code a client meets
(201, 200, 403, 404, 409, 422, and 400 for a body that is not JSON), never a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.factories import make_user
from tests.plenary.conftest import bearer
from tests.statement_factories import TEXT, make_decision
from workflow.models import Statement

PRESIDENCY = {"name": "European Union", "presidency": "Estonia", "from": "2017-07-01",
              "until": "2017-12-31"}


@pytest.fixture
def who(session, token_for):
    """Bearer headers by short name: the offices and a few delegations' drafters."""
    users = {"chair": make_user(session, role="chair"),
             "sec": make_user(session, role="secretariat"),
             "observer": make_user(session, role="observer")}
    for short, state in (("ru", "Russian Federation"), ("by", "Belarus"), ("am", "Armenia"),
                         ("it", "Italy"), ("ee", "Estonia"), ("at", "Austria")):
        users[short] = make_user(session, delegation=state)
    return {short: bearer(token_for(user)) for short, user in users.items()}


@pytest.fixture
def decision(session):
    decision = make_decision(session)
    session.commit()
    return decision


def body(**change) -> dict:
    return {"delegation": "Russian Federation", "kind": "interpretative_statement",
            "original_language": "ru", "text": TEXT} | change


def register(client, headers, decision, **change):
    return client.post(f"/api/v1/decisions/{decision.id}/statements", headers=headers,
                       json=body(**change))


def act(client, headers, statement_id: int, action: str, json=None):
    return client.post(f"/api/v1/statements/{statement_id}/{action}", headers=headers,
                       json=json if json is not None else {})


def message(response) -> str:
    return response.json()["error"]["message"]


def test_a_statement_naming_others_awaits_them_and_is_shown_nowhere(client, who, decision):
    created = register(client, who["ru"], decision, also_on_behalf_of=["Belarus", "Armenia"])
    assert created.status_code == 201, created.text
    sid = created.json()["id"]
    assert created.json() == {"id": sid, "status": "awaiting", "attachment": None,
                              "decision": "MC.DEC/1/17"}
    read = client.get(f"/api/v1/decisions/{decision.id}", headers=who["ru"]).json()
    assert read["statements"] == []
    document = client.get(f"/api/v1/decisions/{decision.id}/document?format=txt",
                          headers=who["ru"]).text
    assert "We join consensus." not in document and "Attachment" not in document
    journal = client.get(f"/api/v1/journals/{decision.agenda_item.journal_id}/document"
                         "?format=txt", headers=who["ru"]).text
    assert "interpretative statement" not in journal

    shown = client.get(f"/api/v1/statements/{sid}", headers=who["by"])
    assert shown.status_code == 200
    assert {k: shown.json()[k] for k in ("status", "attachment", "cosigners", "decision")} == {
        "status": "awaiting", "attachment": None,
        "cosigners": [{"delegation": "Belarus", "status": "pending"},
                      {"delegation": "Armenia", "status": "pending"}],
        "decision": {"id": decision.id, "symbol": "MC.DEC/1/17"}}
    for other in ("it", "chair", "sec", "observer"):
        hidden = client.get(f"/api/v1/statements/{sid}", headers=who[other])
        assert (hidden.status_code, message(hidden)) == (404, f"there is no statement {sid}")


def test_confirmations_register_it_with_its_number(client, who, decision):
    created = register(client, who["ru"], decision, also_on_behalf_of=["Belarus", "Armenia"])
    sid = created.json()["id"]
    assert act(client, who["it"], sid, "confirm").status_code == 404  # not named: not shown
    first = act(client, who["by"], sid, "confirm")
    assert (first.status_code, first.json()["status"]) == (200, "awaiting")
    again = act(client, who["by"], sid, "confirm")
    assert again.status_code == 409 and "has confirmed" in message(again)
    last = act(client, who["am"], sid, "confirm")
    assert (last.json()["status"], last.json()["attachment"]) == ("registered", 1)
    read = client.get(f"/api/v1/decisions/{decision.id}", headers=who["it"]).json()
    assert [(s["id"], s["attachment"], s["also_on_behalf_of"]) for s in read["statements"]] == [
        (sid, 1, ["Belarus", "Armenia"])]
    document = client.get(f"/api/v1/decisions/{decision.id}/document?format=txt",
                          headers=who["it"]).text
    assert "(also on behalf of Belarus and Armenia):" in document
    assert act(client, who["am"], sid, "decline").status_code == 409


def test_a_decline_returns_it_and_its_author_resubmits(client, who, decision):
    sid = register(client, who["ru"], decision, also_on_behalf_of=["Belarus"]).json()["id"]
    declined = act(client, who["by"], sid, "decline", {"reason": "Not our reading."})
    assert (declined.status_code, declined.json()["status"]) == (200, "returned")
    assert declined.json()["cosigners"] == [{"delegation": "Belarus", "status": "declined"}]
    for headers, json, status, text in [
        (who["by"], {"also_on_behalf_of": []}, 403, "its author, resubmits it"),
        (who["ru"], {}, 422, "the field 'also_on_behalf_of' is required"),
        (who["ru"], {"also_on_behalf_of": "Armenia"}, 422, "must be an array"),
        (who["ru"], {"also_on_behalf_of": [7]}, 422, "must be a list of names"),
        (who["ru"], {"also_on_behalf_of": ["Atlantis"]}, 422, "unknown delegation in"),
    ]:
        refused = act(client, headers, sid, "resubmit", json)
        assert (refused.status_code, text in message(refused)) == (status, True), json
    resubmitted = act(client, who["ru"], sid, "resubmit", {"also_on_behalf_of": ["Armenia"]})
    assert resubmitted.json()["cosigners"] == [{"delegation": "Armenia", "status": "pending"}]
    alone = act(client, who["am"], sid, "decline")
    assert alone.json()["status"] == "returned"
    registered = act(client, who["ru"], sid, "resubmit", {"also_on_behalf_of": []})
    assert (registered.json()["status"], registered.json()["attachment"]) == ("registered", 1)


def test_the_secretariat_records_co_signers_as_delivered(client, who, decision):
    created = register(client, who["sec"], decision, also_on_behalf_of=["Belarus"])
    assert created.json()["status"] == "registered" and created.json()["attachment"] == 1
    other = register(client, who["it"], decision)
    assert (other.status_code, message(other)) == (
        403, "you draft for another delegation, not for Russian Federation")
    duplicate = register(client, who["ru"], decision)
    assert duplicate.status_code == 409 and "has this text already" in message(duplicate)


def test_withdrawal_renumbers_and_closes_with_the_issue(client, session, who, decision):
    ids = [register(client, who["sec"], decision, delegation=state).json()["id"]
           for state in ("Russian Federation", "Italy", "Armenia")]
    assert act(client, who["ru"], ids[0], "withdraw", {"reason": "x"}).status_code == 403
    no_reason = act(client, who["sec"], ids[0], "withdraw")
    assert no_reason.status_code == 422 and "give the reason" in message(no_reason)
    done = act(client, who["sec"], ids[0], "withdraw", {"reason": "Wrong decision."})
    assert (done.status_code, done.json()["status"], done.json()["attachment"]) == (
        200, "withdrawn", None)
    read = client.get(f"/api/v1/decisions/{decision.id}", headers=who["it"]).json()
    assert [(s["id"], s["attachment"]) for s in read["statements"]] == [(ids[1], 1),
                                                                         (ids[2], 2)]
    events = client.get(f"/api/v1/drafts/{decision.draft_id}/events", headers=who["it"]).json()
    assert [(e["name"], e["subject_id"]) for e in events["events"]
            if e["name"].startswith("statement:")][-2:] == [
        ("statement:register", ids[2]), ("statement:withdraw", ids[0])]
    assert client.post(f"/api/v1/decisions/{decision.id}/issue",
                       headers=who["sec"]).status_code == 200
    late = act(client, who["sec"], ids[1], "withdraw", {"reason": "late"})
    assert late.status_code == 409 and "has been issued" in message(late)
    assert session.scalar(select(func.count()).select_from(Statement)) == 3


def test_issuing_waits_for_a_statement_awaiting_confirmation(client, who, decision):
    sid = register(client, who["ru"], decision, also_on_behalf_of=["Belarus"]).json()["id"]
    refused = client.post(f"/api/v1/decisions/{decision.id}/issue", headers=who["sec"])
    assert refused.status_code == 409 and "awaits confirmation by Belarus" in message(refused)
    # The secretariat finds it to withdraw it, though it cannot read it.
    assert act(client, who["sec"], sid, "withdraw", {"reason": "never delivered"}
               ).status_code == 200
    assert client.post(f"/api/v1/decisions/{decision.id}/issue",
                       headers=who["sec"]).status_code == 200


def test_groups_and_the_unions_statements(client, who, decision):
    assert client.post("/api/v1/groups", headers=who["ee"], json=PRESIDENCY).status_code == 403
    recorded = client.post("/api/v1/groups", headers=who["sec"], json=PRESIDENCY)
    assert recorded.status_code == 201, recorded.text
    assert recorded.json() == {"id": recorded.json()["id"], **PRESIDENCY}
    overlap = client.post("/api/v1/groups", headers=who["sec"],
                          json=PRESIDENCY | {"presidency": "Bulgaria", "from": "2017-12-01"})
    assert overlap.status_code == 409 and "held by Estonia" in message(overlap)
    listed = client.get("/api/v1/groups", headers=who["observer"])
    assert listed.json() == {"groups": [{"name": "European Union",
                                         "presidencies": [recorded.json()]}]}

    eu = {"group": "European Union", "original_language": "en",
          "text": "The European Union joins consensus."}
    refused = register(client, who["at"], decision, delegation="Austria", **eu)
    assert (refused.status_code, message(refused)) == (403, (
        "the presidency of the European Union on 8 December 2017 is held by Estonia: the "
        "Union's statements are delivered through its delegation"))
    accepted = register(client, who["ee"], decision, delegation="Estonia", **eu)
    assert (accepted.status_code, accepted.json()["attachment"]) == (201, 1)


@pytest.mark.parametrize(("change", "text"), [
    ({"from": "1 July 2017"}, "'from' must be a date such as 2017-12-08"),
    ({"until": "2017-02-30"}, "'until' must be a date"),
    ({"until": "2017-06-30"}, "cannot end (2017-06-30) before it starts (2017-07-01)"),
    ({"presidency": "Atlantis"}, "unknown presidency: 'Atlantis' is not a participating"),
    ({"name": "NATO"}, "unknown group 'NATO'"),
    ({"name": 5}, "'name' must be a string"),
    ({"presidency": None}, "the field 'presidency' is required"),
])
def test_bad_presidencies_are_refused(client, who, change, text):
    response = client.post("/api/v1/groups", headers=who["sec"], json=PRESIDENCY | change)
    assert response.status_code == 422 and text in message(response)


@pytest.mark.parametrize(("method", "path", "json", "status"), [
    ("post", "/api/v1/statements/999999/confirm", {}, 404),
    ("post", "/api/v1/statements/99999999999999999999/withdraw", {"reason": "x"}, 404),
    ("get", "/api/v1/statements/999999", None, 404),
    ("post", "/api/v1/decisions/999999/statements", body(), 404),
    ("post", "/api/v1/decisions/99999999999999999999/statements", body(), 404),
    ("post", "/api/v1/statements/{sid}/decline", {"reason": 5}, 422),
    ("post", "/api/v1/statements/{sid}/decline", [], 422),
    ("post", "/api/v1/statements/{sid}/decline", "x" * 3, 422),
    ("post", "/api/v1/statements/{sid}/decline", {"reason": "x" * 3000}, 422),
    ("post", "/api/v1/decisions/{did}/statements", body(also_on_behalf_of={"a": 1}), 422),
    ("post", "/api/v1/decisions/{did}/statements", body(group=["European Union"]), 422),
    ("post", "/api/v1/decisions/{did}/statements", body(kind=None), 422),
    ("post", "/api/v1/statements/{sid}/confirm", None, 401),
])
def test_hostile_input_is_answered_never_with_a_500(client, who, decision, method, path, json,
                                                    status):
    sid = register(client, who["ru"], decision, also_on_behalf_of=["Belarus"]).json()["id"]
    url = path.format(sid=sid, did=decision.id)
    headers = {} if status == 401 else who["by"]
    response = getattr(client, method)(url, headers=headers, **({} if json is None else
                                                                {"json": json}))
    assert response.status_code == status, response.text
    assert set(response.json()["error"]) == {"code", "message"}


def test_a_body_that_is_not_json_is_a_bad_request(client, who, decision):
    sid = register(client, who["ru"], decision, also_on_behalf_of=["Belarus"]).json()["id"]
    response = client.post(f"/api/v1/statements/{sid}/decline", headers=who["by"],
                           content=b"{not json")
    assert response.status_code == 400 and "not valid JSON" in message(response)
