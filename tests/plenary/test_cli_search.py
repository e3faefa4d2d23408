"""`plenary search "words"`: the record searched from the command line, as anyone may read
it, the words found in brackets; a query that cannot be searched is one sentence."""

from __future__ import annotations

from tests.plenary.test_cli import run


def test_search_prints_each_result_with_its_link_and_the_words_found(cli_demo_db, capsys):
    status, out, _ = run(capsys, "search", "extra-budgetary")
    assert status == 0
    heading, snippet = out.strip().split("\n")
    assert heading.startswith("Amendment ") and "· OP2 · Russian Federation" in heading
    assert "(amendment · submitted, /amendments/" in heading
    assert "[extra" in snippet


def test_search_by_kind_and_nothing_found(cli_demo_db, capsys):
    status, out, _ = run(capsys, "search", "trafficking", "--kind", "statement")
    assert status == 0 and out.count("(statement · registered, /decisions/") == 1
    assert run(capsys, "search", "zzyzx")[1].strip() == "nothing found"


def test_a_query_that_cannot_be_searched_is_one_sentence(cli_demo_db, capsys):
    status, _, err = run(capsys, "search", "*")
    assert status == 1 and err.strip() == (
        "plenary: give a word to search for (letters or digits)")
