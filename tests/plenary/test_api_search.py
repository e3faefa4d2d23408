"""GET /api/v1/search: the demo's records found by their words with the matched ranges,
filters, bounded pages, hostile queries answered 200 or 422 and never 500, and nothing a
user may not read."""

from __future__ import annotations

import pytest

from tests.factories import make_user
from tests.plenary.conftest import bearer
from tests.statement_factories import say
from workflow import services as workflow


@pytest.fixture
def headers(session, token_for, demo_loaded):
    return bearer(token_for(make_user(session, role="observer")))


def get(client, headers, query: str):
    return client.get(f"/api/v1/search?{query}", headers=headers)


def test_a_word_of_an_amendment_is_found_with_its_ranges_and_links(client, headers):
    answer = get(client, headers, "q=extra-budgetary")
    assert answer.status_code == 200, answer.text
    [result] = answer.json()["results"]
    assert (result["kind"], result["state"], result["body"]) == ("amendment", "submitted", "MC")
    assert result["label"].startswith(f"Amendment {result['id']} · OP2 · Russian Federation")
    assert result["link"] == f"/amendments/{result['id']}"
    assert result["api"] == f"/api/v1/amendments/{result['id']}"
    snippet = result["snippet"]
    marked = [snippet["text"][start:end].lower() for start, end in snippet["highlights"]]
    assert marked and set(marked) <= {"extra-budgetary", "extra", "budgetary"}
    assert answer.json()["next"] is None and answer.json()["previous"] is None


def test_every_kind_is_searched_and_filtered(client, headers):
    everything = get(client, headers, "q=trafficking").json()["results"]
    kinds = {r["kind"] for r in everything}
    assert {"draft_revision", "decision", "statement", "journal"} <= kinds
    only = get(client, headers, "q=trafficking&kind=statement").json()["results"]
    assert [r["kind"] for r in only] == ["statement"]
    assert only[0]["link"] == f"/decisions/{only[0]['decision_id']}#statement-{only[0]['id']}"
    assert get(client, headers, "q=trafficking&body=PC").json()["results"] == []
    assert get(client, headers, "q=trafficking&year=2017&kind=decision").json()["results"]
    assert get(client, headers, "q=trafficking&year=2016").json()["results"] == []
    italy = get(client, headers, "q=trafficking&delegation=Italy&kind=draft_revision")
    assert italy.json()["results"] and all(
        r["kind"] == "draft_revision" for r in italy.json()["results"])
    assert get(client, headers, "q=trafficking&delegation=Malta").json()["results"] == []
    issued = get(client, headers, "q=trafficking&state=adopted,issued&kind=decision").json()
    assert len(issued["results"]) == 1


def test_pages_are_bounded_and_linked(client, headers):
    first = get(client, headers, "q=the&limit=2").json()
    assert len(first["results"]) == 2 and first["page"] == 1
    assert first["next"] == "/api/v1/search?q=the&limit=2&page=2"
    second = client.get(first["next"], headers=headers).json()
    assert second["previous"] == "/api/v1/search?q=the&limit=2&page=1"
    assert {(r["kind"], r["id"]) for r in second["results"]}.isdisjoint(
        (r["kind"], r["id"]) for r in first["results"])
    for query, message in [("q=the&limit=51", "limit"), ("q=the&page=21", "page"),
                           ("q=the&page=0", "page"), ("q=the&kind=memo", "kind"),
                           ("q=the&state=lost", "state"), ("q=the&year=20177", "year"),
                           ("q=the&delegation=Atlantis", "delegation"), ("", "word")]:
        answer = get(client, headers, query)
        assert answer.status_code == 422, query
        assert message in answer.json()["error"]["message"], query


HOSTILE = ['"', "'", "*", "NEAR(", "NEAR(energy supply)", "-energy", "energy -supply", ":",
           "title:energy", "a OR b", "AND", "^energy", "energy*", "(", ")", "\\", "%", "_",
           "é", "Торговля детьми", "中文", "🙂", "'':*", "a & b | !c", "<->", "x" * 10_000,
           "\x00", "energy\x00", " ".join(["energy"] * 11), "\ufeff", "\u202e", "energy "]


def test_hostile_queries_answer_200_or_422_never_500(client, headers):
    answers = {q[:20]: client.get("/api/v1/search", params={"q": q}, headers=headers)
               for q in HOSTILE}
    assert {q: a.status_code for q, a in answers.items() if a.status_code not in (200, 422)
            or a.status_code == 422 and a.json()["error"]["code"] != "invalid"} == {}
    assert answers["energy*"].status_code == 200 and answers["energy*"].json()["results"]
    assert answers["x" * 20].status_code == 422
    assert answers["\x00"].status_code == 422


def test_an_awaiting_statement_is_not_found_by_an_outsider(client, session, headers,
                                                           token_for):
    decision = workflow.find_decision(session, "MC.DEC/7/17")
    statement = say(session, decision, "Belarus", also=("Armenia",),
                    text="We regret the absence of zeppelins.", original_language="RUSSIAN")
    session.commit()
    assert statement.status == "awaiting"
    assert get(client, headers, "q=zeppelins").json()["results"] == []
    italy = bearer(token_for(make_user(session, delegation="Italy")))
    assert get(client, italy, "q=zeppelins").json()["results"] == []
    armenia = bearer(token_for(make_user(session, delegation="Armenia")))
    [found] = get(client, armenia, "q=zeppelins").json()["results"]
    assert (found["kind"], found["id"], found["state"]) == ("statement", statement.id,
                                                           "awaiting")


def test_a_token_is_needed(client, demo_loaded):
    assert client.get("/api/v1/search?q=energy").status_code == 401
