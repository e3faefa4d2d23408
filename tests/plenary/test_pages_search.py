"""The search page: a plain GET form with filters, results labelled by kind and linking
to their pages, the words found in <mark> (escaped), paging links, an empty and a
no-results state, a 422 page for a query that cannot be searched."""

from __future__ import annotations

import re

import pytest

from tests.statement_factories import say
from workflow import services as workflow


@pytest.fixture
def drafter(demo_client):
    return demo_client("drafter.it")


def test_a_word_of_an_amendment_is_found_highlighted_and_linked(drafter):
    page = drafter.get("/search", params={"q": "extra-budgetary"})
    assert page.status_code == 200
    html = page.text
    assert "<mark>extra-budgetary</mark>" in html or "<mark>extra</mark>" in html
    found = re.search(r'<a href="/amendments/(\d+)">Amendment (\d+) · OP2 · Russian Federation',
                      html)
    assert found and found.group(1) == found.group(2)
    assert "Amendment · MC · submitted" in html
    assert 'value="extra-budgetary"' in html  # the box keeps the words


def test_the_empty_state_and_no_results(drafter):
    empty = drafter.get("/search")
    assert empty.status_code == 200 and "Type one or more words" in empty.text
    none = drafter.get("/search", params={"q": "zzyzx"})
    assert none.status_code == 200 and "Nothing found for “zzyzx”" in none.text


def test_filters_keep_their_choice_and_narrow_the_results(drafter):
    page = drafter.get("/search", params={"q": "trafficking", "kind": "decision", "body": "",
                                          "state": "", "year": "2017", "delegation": ""})
    assert page.status_code == 200
    assert '<option value="decision" selected>' in page.text
    assert page.text.count('class="search-hit') == 1
    assert 'href="/decisions/' in page.text
    nothing = drafter.get("/search", params={"q": "trafficking", "year": "2016"})
    assert "Nothing found" in nothing.text


def test_results_come_a_page_at_a_time(drafter):
    first = drafter.get("/search", params={"q": "the", "limit": "2"})
    assert first.text.count('class="search-hit') == 2
    assert 'href="/search?q=the&amp;limit=2&amp;page=2" rel="next"' in first.text
    second = drafter.get("/search?q=the&limit=2&page=2")
    assert 'rel="prev"' in second.text and "Results, page 2" in second.text


@pytest.mark.parametrize("q, message", [("x" * 10_000, "at most 200"), ("* - :", "Give a word"),
                                        ("a\x00b", "NUL")])
def test_a_query_that_cannot_be_searched_is_a_422_page_saying_why(drafter, q, message):
    page = drafter.get("/search", params={"q": q})
    assert page.status_code == 422
    assert message in page.text and 'id="search-q"' in page.text


def test_the_snippet_is_escaped_and_an_awaiting_statement_stays_hidden(session, drafter,
                                                                      demo_client):
    decision = workflow.find_decision(session, "MC.DEC/7/17")
    say(session, decision, "Belarus", also=("Russian Federation",),
        text="We note <script>alert(1)</script> the quokkas.")
    session.commit()
    assert "Nothing found" in drafter.get("/search?q=quokkas").text  # Italy: not named
    page = demo_client("drafter.ru").get("/search?q=quokkas")
    assert "<script>alert" not in page.text
    if session.connection().dialect.name == "sqlite":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    else:  # PostgreSQL's ts_headline leaves out whatever looks like an HTML tag
        assert "note  alert(1)  the <mark>quokkas</mark>" in page.text
    assert "<mark>quokkas</mark>" in page.text


def test_signing_in_is_needed(client, demo_loaded):
    answer = client.get("/search?q=energy", follow_redirects=False)
    assert answer.status_code in (303, 401)
