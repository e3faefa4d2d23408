"""Amendments and revised texts through the JSON API."""

from __future__ import annotations

import threading

import pytest

from drafting import services as drafting_services
from drafting.actors import SYSTEM
from plenary import accounts
from plenary.app import create_app
from plenary.db import make_engine, make_sessionmaker
from tests.factories import draft_text, make_user, open_draft
from tests.plenary.conftest import bearer

TEXT = """Test decision

The Ministerial Council,

Recalling its commitments,

1. Decides that participating States shall report annually;

2. Tasks the Secretariat with a conference.
"""


@pytest.fixture
def people(session, token_for):
    tokens = {
        "chair": token_for(make_user(session, role="chair")),
        "it": token_for(make_user(session, delegation="Italy")),
        "fr": token_for(make_user(session, delegation="France")),
        "obs": token_for(make_user(session, role="observer")),
    }
    return tokens


@pytest.fixture
def draft(session):
    draft = open_draft(session, TEXT)
    session.commit()
    return draft


def keys(client, token, draft_id):
    body = client.get(f"/api/v1/drafts/{draft_id}", headers=bearer(token)).json()
    return {p["label"]: p["key"] for p in body["paragraphs"]}


def test_the_whole_round_through_the_api(client, people, draft):
    key = keys(client, people["it"], draft.id)
    url = f"/api/v1/drafts/{draft.id}/amendments"
    created = client.post(url, headers=bearer(people["it"]), json={
        "paragraph": key["OP1"], "action": "modify",
        "text": "Decides that participating States should report annually;"})
    assert created.status_code == 201, created.text
    amendment = created.json()
    assert (amendment["status"], amendment["delegation"], amendment["base_revision"]) == (
        "submitted", "Italy", 0)
    assert amendment["redline"] == [
        ["=", "Decides that participating States "], ["-", "shall"], ["+", "should"],
        ["=", " report annually;"]]

    aid = amendment["id"]
    support = client.post(f"/api/v1/amendments/{aid}/support", headers=bearer(people["fr"]))
    assert support.json()["supporters"] == ["France"]
    assert client.post(f"/api/v1/amendments/{aid}/withdraw",
                       headers=bearer(people["fr"])).status_code == 403
    assert client.post(f"/api/v1/amendments/{aid}/accept",
                       headers=bearer(people["it"])).status_code == 403
    accepted = client.post(f"/api/v1/amendments/{aid}/accept", headers=bearer(people["chair"]),
                           json={"reason": "agreed"})
    assert accepted.json()["status"] == "accepted"

    rev = client.post(f"/api/v1/drafts/{draft.id}/revisions", headers=bearer(people["chair"]),
                      json={"incorporate": [aid], "base_revision": 0})
    assert rev.status_code == 201, rev.text
    assert rev.json() == {"revision": 1, "symbol": f"{draft.symbol}/Rev.1",
                          "incorporated": [aid], "rebased": [], "needs_rebase": [],
                          "contained": []}
    current = client.get(f"/api/v1/drafts/{draft.id}", headers=bearer(people["obs"])).json()
    assert current["revision"] == 1 and current["symbol"].endswith("/Rev.1")
    assert current["paragraphs"][1]["text"] == (
        "Decides that participating States should report annually;")
    old = client.get(f"/api/v1/drafts/{draft.id}/revisions/0", headers=bearer(people["obs"]))
    assert old.json()["paragraphs"][1]["text"].endswith("shall report annually;")

    diff = client.get(f"/api/v1/drafts/{draft.id}/compare?from=0&to=1",
                      headers=bearer(people["obs"])).json()
    assert [(p["to_label"], p["change"]) for p in diff["paragraphs"]] == [
        ("PP1", "unchanged"), ("OP1", "modified"), ("OP2", "unchanged")]
    listed = client.get(url, headers=bearer(people["obs"])).json()["amendments"]
    assert [(a["id"], a["status"], a["incorporated_in"]) for a in listed] == [
        (aid, "incorporated", 1)]


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"paragraph": "pnope", "action": "modify", "text": "x"}, 422, "there is no paragraph"),
    ({"paragraph": "OP1", "action": "modify", "text": "x"}, 422, "there is no paragraph"),
    ({"paragraph": "@OP1", "action": "modify", "text": ""}, 422, "the text is empty"),
    ({"paragraph": "@OP1", "action": "explode"}, 422, "unknown action"),
    ({"paragraph": "@OP1", "action": "modify", "text": "<b>" * 5000}, 422, "at most 10,000"),
    ({"paragraph": "@OP1", "action": "modify", "text": "x", "base_revision": "0"}, 422,
     "'base_revision' must be an integer"),
])
def test_bad_amendments(client, people, draft, body, status, message):
    key = keys(client, people["it"], draft.id)
    if body["paragraph"].startswith("@"):
        body = body | {"paragraph": key[body["paragraph"][1:]]}
    response = client.post(f"/api/v1/drafts/{draft.id}/amendments", headers=bearer(people["it"]),
                           json=body)
    assert response.status_code == status
    assert message in response.json()["error"]["message"]


def test_markup_stays_text(client, people, draft):
    key = keys(client, people["it"], draft.id)
    response = client.post(f"/api/v1/drafts/{draft.id}/amendments", headers=bearer(people["it"]),
                           json={"paragraph": key["OP2"], "action": "insert_after",
                                 "text": "<script>alert(1)</script> Decides;"})
    assert response.json()["redline"] == [["+", "<script>alert(1)</script> Decides;"]]


def test_no_amendment_to_a_draft_not_open(client, people, session):
    tabled = drafting_services.import_draft(session, SYSTEM, body="MC", text=draft_text())
    session.commit()
    key = keys(client, people["it"], tabled.id)
    response = client.post(f"/api/v1/drafts/{tabled.id}/amendments",
                           headers=bearer(people["it"]),
                           json={"paragraph": key["OP1"], "action": "delete"})
    assert response.status_code == 409
    assert "open for negotiation" in response.json()["error"]["message"]


def test_two_revisions_at_once_exactly_one_succeeds(fresh_database_url, settings):
    """Two Chairs' requests race on a real database (real commits, two threads)."""
    engine = make_engine(fresh_database_url)
    factory = make_sessionmaker(engine)
    with factory() as session:
        chair = make_user(session, role="chair")
        token = accounts.create_token(session, chair)
        draft = open_draft(session, TEXT)
        draft_id = draft.id
        session.commit()
    from starlette.testclient import TestClient

    app = create_app(settings, sessionmaker=factory)
    barrier, statuses = threading.Barrier(2), []

    def issue():
        with TestClient(app) as client:
            barrier.wait()
            response = client.post(f"/api/v1/drafts/{draft_id}/revisions",
                                   headers=bearer(token), json={"incorporate": [],
                                                                "base_revision": 0})
            statuses.append(response.status_code)

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    engine.dispose()
    assert sorted(statuses) == [201, 409]


def test_a_draft_document_through_the_api(client, people, draft, session):
    from drafting import revisions
    from tests.factories import CHAIR

    revisions.issue_revision(session, CHAIR, draft, incorporate=[],
                             edits=[(keys(client, people["it"], draft.id)["OP2"],
                                     "Tasks the Secretariat with two conferences.")])
    session.commit()
    url = f"/api/v1/drafts/{draft.id}/document"
    clean = client.get(url, headers=bearer(people["obs"]))
    assert clean.status_code == 200
    assert clean.headers["content-disposition"].endswith('-Rev.1.txt"')
    redline = client.get(f"{url}?format=md&revision=1&against=0", headers=bearer(people["obs"]))
    assert "~~a conference~~ _(Chairmanship)_" in redline.text
    assert client.get(f"{url}?format=pdf2", headers=bearer(people["obs"])).status_code == 422
    assert client.get(f"{url}?against=1", headers=bearer(people["obs"])).status_code == 422
    assert client.get(f"{url}?amendments=all", headers=bearer(people["obs"])).status_code == 422
