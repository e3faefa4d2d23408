"""The procedure through the API: open, silence (start, break, expire on read), adopt,
withdraw, issue, statements for a group, and a draft's events."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from drafting.db import utcnow
from tests.factories import make_draft, make_user
from tests.plenary.conftest import bearer
from workflow.models import Silence


@pytest.fixture
def tokens(session, token_for):
    return {"chair": token_for(make_user(session, role="chair")),
            "sec": token_for(make_user(session, role="secretariat")),
            "it": token_for(make_user(session, delegation="Italy")),
            "pt": token_for(make_user(session, delegation="Portugal"))}


@pytest.fixture
def draft(session):
    draft = make_draft(session)
    session.commit()
    return draft


def post(client, token, path, body=None):
    return client.post(path, headers=bearer(token), json=body or {})


def test_open_silence_break_and_expire(client, session, tokens, draft):
    base = f"/api/v1/drafts/{draft.id}"
    opened = post(client, tokens["chair"], f"{base}/open")
    assert (opened.status_code, opened.json()["state"]) == (200, "negotiating")
    assert post(client, tokens["chair"], f"{base}/open").status_code == 409

    deadline = (utcnow() + timedelta(hours=2)).isoformat()
    started = post(client, tokens["chair"], f"{base}/silence", {"deadline": deadline})
    assert started.status_code == 200, started.text
    assert started.json()["state"] == "under_silence"
    assert started.json()["silence"]["deadline_text"].endswith(("CET", "CEST"), 0, 9)

    refused = post(client, tokens["it"], f"/api/v1/drafts/{draft.id}/amendments",
                   {"paragraph": started.json()["paragraphs"][1]["key"], "action": "delete"})
    assert refused.status_code == 409 and "under silence" in refused.json()["error"]["message"]

    broken = post(client, tokens["it"], f"{base}/silence/break",
                  {"kind": "objection", "reason": "OP1 is not agreed"})
    assert (broken.status_code, broken.json()["state"]) == (200, "negotiating")

    post(client, tokens["chair"], f"{base}/silence", {"deadline": deadline})
    # The deadline passes: the next read adopts it, at the deadline.
    session.execute(update(Silence).where(Silence.status == "running")
                    .values(deadline=utcnow() - timedelta(seconds=3)))
    session.commit()
    read = client.get(base, headers=bearer(tokens["it"])).json()
    assert read["state"] == "adopted" and read["silence"] is None
    late = post(client, tokens["it"], f"{base}/silence/break", {"kind": "objection",
                                                              "reason": "too late"})
    assert late.status_code == 409
    decisions = client.get("/api/v1/decisions", headers=bearer(tokens["it"])).json()
    assert [(d["mode"], d["journal"]) for d in decisions["decisions"]] == [("silence", None)]


@pytest.mark.parametrize(("deadline", "message"), [
    ("2017-12-01T12:00:00+01:00", "has passed"),
    ("2099-12-01T12:00:00", "has no time zone"),
    ("tomorrow noon", "ISO 8601 with its offset"),
])
def test_bad_deadlines(client, tokens, draft, deadline, message):
    post(client, tokens["chair"], f"/api/v1/drafts/{draft.id}/open")
    response = post(client, tokens["chair"], f"/api/v1/drafts/{draft.id}/silence",
                    {"deadline": deadline})
    assert response.status_code == 422 and message in response.json()["error"]["message"]


def test_withdraw_and_the_events_of_a_draft(client, tokens, draft):
    base = f"/api/v1/drafts/{draft.id}"
    assert post(client, tokens["it"], f"{base}/withdraw").status_code == 403
    assert post(client, tokens["chair"], f"{base}/withdraw").json()["state"] == "withdrawn"
    assert post(client, tokens["chair"], f"{base}/open").status_code == 409
    events = client.get(f"{base}/events", headers=bearer(tokens["it"])).json()["events"]
    assert [e["name"] for e in events] == ["draft:import", "draft:withdraw"]
    assert all(len(e["hash"]) == 64 for e in events)


def test_an_eu_statement_and_issuing_the_decision(client, session, tokens, draft):
    from tests.factories import adopt, make_journal

    decision = adopt(session, draft, make_journal(session))
    session.commit()
    presidency = post(client, tokens["sec"], "/api/v1/groups", {
        "name": "European Union", "presidency": "Portugal", "from": "2017-12-01",
        "until": "2017-12-31"})
    assert presidency.status_code == 201, presidency.text
    url = f"/api/v1/decisions/{decision.id}/statements"
    eu = post(client, tokens["pt"], url, {
        "kind": "interpretative_statement", "delegation": "Portugal", "group": "European Union",
        "original_language": "en", "text": "The European Union joins consensus."})
    assert eu.status_code == 201 and eu.json()["attachment"] == 1
    document = client.get(f"/api/v1/decisions/{decision.id}/document?format=txt",
                          headers=bearer(tokens["pt"])).text
    assert ("The delegation of Portugal, in its capacity as EU Presidency, passed the floor to "
            "the representative of the European Union, who delivered the following statement:"
            ) in document
    bad = post(client, tokens["pt"], url, {"kind": "interpretative_statement",
                                           "delegation": "Portugal", "group": "NATO",
                                           "original_language": "en", "text": "x"})
    assert bad.status_code == 422 and "unknown group 'NATO'" in bad.json()["error"]["message"]

    assert post(client, tokens["it"], f"/api/v1/decisions/{decision.id}/issue").status_code == 403
    issued = post(client, tokens["sec"], f"/api/v1/decisions/{decision.id}/issue")
    assert issued.status_code == 200 and issued.json()["issued"] is True
    closed = post(client, tokens["sec"], url, {"kind": "formal_reservation",
                                               "delegation": "Italy",
                                               "original_language": "it", "text": "Late."})
    assert closed.status_code == 409 and "has been issued" in closed.json()["error"]["message"]


def test_a_decision_adopted_by_silence_exports_with_its_procedure(client, session, tokens,
                                                                  draft):
    from datetime import date

    from tests.factories import make_journal

    base = f"/api/v1/drafts/{draft.id}"
    post(client, tokens["chair"], f"{base}/open")
    post(client, tokens["chair"], f"{base}/silence",
         {"deadline": (utcnow() + timedelta(hours=1)).isoformat()})
    session.execute(update(Silence).values(deadline=utcnow() - timedelta(seconds=1)))
    session.commit()
    [decision] = client.get("/api/v1/decisions", headers=bearer(tokens["it"])).json()[
        "decisions"]
    url = f"/api/v1/decisions/{decision['id']}/document?format=txt"
    text = client.get(url, headers=bearer(tokens["it"])).text
    assert text.startswith("Adopted by silence procedure\n")

    make_journal(session, number=40, day=date.today(), journal_number=1)  # announces it
    session.commit()
    text = client.get(url, headers=bearer(tokens["it"])).text
    assert text.startswith("First day of the Fortieth Meeting\nMC(40) Journal No. 1\n")
