"""The pure part of full-text search: queries made safe for each database, snippets
split at the database's marks."""

from __future__ import annotations

import pytest

from drafting import search_text as st
from drafting.errors import Invalid


def test_every_word_is_quoted_for_fts5_and_the_last_is_a_prefix_while_typed():
    assert st.fts5_match(st.parse_query('child "traff')) == '"child" """traff"*'
    assert st.fts5_match(st.parse_query("NEAR( a OR b ")) == '"NEAR(" "a" "OR" "b"'
    assert st.fts5_match(st.parse_query("title:x -y")) == '"title:x" "-y"*'


def test_words_without_a_letter_or_digit_are_left_out():
    assert st.parse_query("* - : energy").words == ("energy",)
    assert st.parse_query("Торговля детьми").words == ("Торговля", "детьми")


@pytest.mark.parametrize("text, message", [
    ("", "give a word"), ("* - \" :", "give a word"), ("x" * 201, "at most 200"),
    (" ".join(["w"] * 11), "at most 10"),
])
def test_queries_that_cannot_be_searched_are_refused_saying_why(text, message):
    with pytest.raises(Invalid, match=message):
        st.parse_query(text)


def test_postgresql_takes_the_words_plainly_and_the_last_as_a_prefix_term():
    assert st.pg_terms(st.parse_query("child traff")) == ("child", "'traff':*")
    assert st.pg_terms(st.parse_query("child traff ")) == ("child traff", "")
    assert st.pg_terms(st.parse_query("it's")) == ("it's", "")  # not a plain word


def test_a_snippet_becomes_segments_and_the_api_form_with_offsets():
    parts = st.segments("a \x02<b>\x03 and \x02child\x03…")
    assert parts == [("a ", False), ("<b>", True), (" and ", False), ("child", True),
                     ("…", False)]
    assert st.text_and_ranges(parts) == {"text": "a <b> and child…",
                                         "highlights": [[2, 5], [10, 15]]}


def test_indexed_text_cannot_hold_the_marks_and_delegations_are_delimited():
    assert st.clean("a\x02b\x03c") == "a b c"
    assert st.delegations_value([17, 3, None, 3]) == "|3|17|"
    assert st.delegations_value([]) == ""
    assert st.paragraphs_text([("PP1", "Recalling,"), ("OP1", "Decides;")]) == (
        "PP1 Recalling,\nOP1 Decides;")
