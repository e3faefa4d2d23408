from datetime import date

import pytest

from exports.document import DocStatement
from exports.wording import (
    attachment_label,
    author_line,
    english_list,
    footer_attachment_line,
    format_date,
    heading_title,
    journal_reference,
    meeting_line,
    ordinal_number,
    ordinal_word,
    quoted_paragraphs,
    sentence_title,
    statement_header,
    statement_header_lines,
)


def make_statement(**changes) -> DocStatement:
    values = dict(kind="interpretative_statement", language="ENGLISH",
                  original_language="RUSSIAN", delegation="the Russian Federation",
                  paragraphs=["Text."])
    return DocStatement(**(values | changes))


@pytest.mark.parametrize(("n", "expected"), [
    (1, "First"), (2, "Second"), (3, "Third"), (4, "Fourth"), (5, "Fifth"), (8, "Eighth"),
    (9, "Ninth"), (10, "Tenth"), (11, "Eleventh"), (12, "Twelfth"), (13, "Thirteenth"),
    (19, "Nineteenth"), (20, "Twentieth"), (21, "Twenty-First"), (24, "Twenty-Fourth"),
    (40, "Fortieth"), (42, "Forty-Second"), (90, "Ninetieth"), (99, "Ninety-Ninth"),
    (100, "One Hundredth"), (101, "One Hundred and First"), (110, "One Hundred and Tenth"),
    (112, "One Hundred and Twelfth"), (124, "One Hundred and Twenty-Fourth"),
    (200, "Two Hundredth"), (999, "Nine Hundred and Ninety-Ninth"),
])
def test_ordinal_word(n, expected):
    assert ordinal_word(n) == expected


@pytest.mark.parametrize("n", [0, -1, 1000])
def test_ordinal_word_rejects_numbers_outside_1_to_999(n):
    with pytest.raises(ValueError):
        ordinal_word(n)


def test_ordinal_word_rejects_a_bool():
    with pytest.raises(TypeError):
        ordinal_word(True)


@pytest.mark.parametrize(("n", "expected"), [
    (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
    (21, "21st"), (22, "22nd"), (23, "23rd"), (101, "101st"), (111, "111th"), (112, "112th"),
    (1012, "1012th"), (1148, "1148th"), (1200, "1200th"),
])
def test_ordinal_number(n, expected):
    assert ordinal_number(n) == expected


def test_ordinal_number_rejects_zero():
    with pytest.raises(ValueError):
        ordinal_number(0)


@pytest.mark.parametrize(("d", "expected"), [
    (date(2017, 12, 8), "8 December 2017"),
    (date(2012, 7, 27), "27 July 2012"),
    (date(2020, 1, 1), "1 January 2020"),
])
def test_format_date(d, expected):
    assert format_date(d) == expected


def test_meeting_line():
    assert meeting_line("MC", 24, 2) == "Second day of the Twenty-Fourth Meeting"
    assert meeting_line("PC", 1148, 1) == "1148th Plenary Meeting"
    assert meeting_line("PC", 1148, 7) == "1148th Plenary Meeting"
    assert meeting_line("FSC", 951, 1) == "951st Plenary Meeting"


def test_journal_reference():
    assert journal_reference("MC", 24, 2, 7) == "MC(24) Journal No. 2, Agenda item 7"
    assert journal_reference("PC", 1148, 1148, 3) == "PC Journal No. 1148, Agenda item 3"
    assert journal_reference("FSC", 950, 950, 2) == "FSC Journal No. 950, Agenda item 2"


@pytest.mark.parametrize("body", ["OSCE", "mc", ""])
def test_unknown_bodies_are_rejected(body):
    with pytest.raises(ValueError):
        meeting_line(body, 1, 1)
    with pytest.raises(ValueError):
        journal_reference(body, 1, 1, 1)


def test_statement_header():
    assert statement_header("interpretative_statement") == (
        "INTERPRETATIVE STATEMENT UNDER PARAGRAPH IV.1(A)6 OF THE RULES OF PROCEDURE OF THE"
        " ORGANIZATION FOR SECURITY AND CO-OPERATION IN EUROPE")
    assert statement_header("formal_reservation") == (
        "FORMAL RESERVATION UNDER PARAGRAPH IV.1(A)6 OF THE RULES OF PROCEDURE OF THE"
        " ORGANIZATION FOR SECURITY AND CO-OPERATION IN EUROPE")


def test_statement_header_lines_break_as_the_reference():
    assert statement_header_lines("interpretative_statement") == [
        "INTERPRETATIVE STATEMENT UNDER",
        "PARAGRAPH IV.1(A)6 OF THE RULES OF PROCEDURE",
        "OF THE ORGANIZATION FOR SECURITY AND",
        "CO-OPERATION IN EUROPE",
    ]
    assert statement_header_lines("formal_reservation")[0] == "FORMAL RESERVATION UNDER"


@pytest.mark.parametrize("kind", ["statement", "Interpretative_Statement", ""])
def test_statement_header_rejects_other_kinds(kind):
    with pytest.raises(ValueError):
        statement_header(kind)


def test_english_list():
    assert english_list([]) == ""
    assert english_list(["Iceland"]) == "Iceland"
    assert english_list(["Iceland", "Norway"]) == "Iceland and Norway"
    assert english_list(["Iceland", "Norway", "Switzerland"]) == (
        "Iceland, Norway and Switzerland")


def test_author_line_of_a_delegation():
    assert author_line(make_statement()) == "By the delegation of the Russian Federation:"


def test_author_line_also_on_behalf_of_others():
    statement = make_statement(delegation="Canada",
                               also_on_behalf_of=["Iceland", "Norway", "Switzerland"])
    assert author_line(statement) == (
        "By the delegation of Canada (also on behalf of Iceland, Norway and Switzerland):")
    assert author_line(make_statement(delegation="Canada", also_on_behalf_of=["Iceland"])) == (
        "By the delegation of Canada (also on behalf of Iceland):")


def test_author_line_of_the_european_union():
    statement = make_statement(delegation="Portugal", group="the European Union",
                               group_role="EU Presidency")
    assert author_line(statement) == (
        "The delegation of Portugal, in its capacity as EU Presidency, passed the floor to"
        " the representative of the European Union, who delivered the following statement:")


@pytest.mark.parametrize("changes", [
    {"group_role": None},
    {"group_role": "EU Presidency", "also_on_behalf_of": ["Iceland"]},
])
def test_author_line_rejects_an_incomplete_group_statement(changes):
    statement = make_statement(delegation="Portugal", group="the European Union", **changes)
    with pytest.raises(ValueError):
        author_line(statement)


def test_attachment_label():
    assert attachment_label(1, 1) == "Attachment"
    assert attachment_label(1, 2) == "Attachment 1"
    assert attachment_label(2, 2) == "Attachment 2"
    assert attachment_label(10, 12) == "Attachment 10"


@pytest.mark.parametrize(("index", "count"), [(0, 1), (2, 1), (3, 2), (1, 0)])
def test_attachment_label_rejects_an_index_outside_the_count(index, count):
    with pytest.raises(ValueError):
        attachment_label(index, count)


def test_footer_attachment_line():
    assert footer_attachment_line(0) is None
    assert footer_attachment_line(1) == "Attachment"
    assert footer_attachment_line(2) == "Attachments"
    assert footer_attachment_line(5) == "Attachments"
    with pytest.raises(ValueError):
        footer_attachment_line(-1)


def test_quoted_paragraphs():
    assert quoted_paragraphs([]) == []
    assert quoted_paragraphs(["Only one."]) == ["“Only one.”"]
    assert quoted_paragraphs(["First.", "Middle.", "Last."]) == [
        "“First.", "Middle.", "Last.”"]


def test_quoted_paragraphs_leaves_existing_marks_and_the_input_alone():
    paragraphs = ["“Already open.", "Already closed.”"]
    assert quoted_paragraphs(paragraphs) == ["“Already open.", "Already closed.”"]
    assert quoted_paragraphs(["“Both.”"]) == ["“Both.”"]
    unquoted = ["First.", "Last."]
    quoted_paragraphs(unquoted)
    assert unquoted == ["First.", "Last."]


@pytest.mark.parametrize(("title", "expected"), [
    ("STRENGTHENING EFFORTS TO COMBAT ALL FORMS OF CHILD TRAFFICKING",
     "strengthening efforts to combat all forms of child trafficking"),
    ("Strengthening efforts to combat all forms of child trafficking",
     "strengthening efforts to combat all forms of child trafficking"),
    ("OSCE Chairmanship in 2019", "OSCE Chairmanship in 2019"),
    ("OSCE’s role in the field of small arms", "OSCE’s role in the field of small arms"),
    ("ICTs and security", "ICTs and security"),
    ("A new approach to water governance", "a new approach to water governance"),
    ("Time and Place of the Next Meeting", "time and Place of the Next Meeting"),
    ("2019 Annual Security Review Conference", "2019 Annual Security Review Conference"),
    ("", ""),
])
def test_sentence_title(title, expected):
    assert sentence_title(title) == expected


def test_heading_title():
    assert heading_title("Strengthening efforts to combat child trafficking & co-operation") == (
        "STRENGTHENING EFFORTS TO COMBAT CHILD TRAFFICKING & CO-OPERATION")
    assert heading_title("OSCE Chairmanship in 2019") == "OSCE CHAIRMANSHIP IN 2019"


def test_journal_symbols_and_the_adoption_sentence():
    from exports.wording import adoption_sentence, journal_symbol

    assert journal_symbol("MC", 24, 2) == "MC(24) Journal No. 2"
    assert journal_symbol("PC", 1200, 1200) == "PC Journal No. 1200"
    assert adoption_sentence(
        "MC", "7/17", "MC.DEC/7/17",
        "STRENGTHENING EFFORTS TO COMBAT ALL FORMS OF CHILD TRAFFICKING") == (
        "The Ministerial Council adopted Decision No. 7/17 (MC.DEC/7/17) on strengthening "
        "efforts to combat all forms of child trafficking, the text of which is appended to "
        "this journal.")
    assert adoption_sentence("PC", "1048", "PC.DEC/1048", "Extension of the mandate") == (
        "The Permanent Council adopted Decision No. 1048 (PC.DEC/1048) on extension of the "
        "mandate, the text of which is appended to this journal.")


def test_the_document_header_names_the_version_and_the_original():
    from exports.wording import document_header_lines

    assert document_header_lines("MC.DEC/7/17", date(2017, 12, 8), "ENGLISH", "ENGLISH") == [
        "MC.DEC/7/17", "8 December 2017", "Original: ENGLISH"]
    assert document_header_lines("MC.DEC/7/17", date(2017, 12, 8), "FRENCH", "ENGLISH") == [
        "MC.DEC/7/17", "8 December 2017", "FRENCH", "Original: ENGLISH"]


def test_the_header_rows_of_an_issued_document():
    from exports.wording import document_header_rows, document_header_words

    osce = "Organization for Security and Co-operation in Europe"
    mc = document_header_rows("MC.DEC/7/17", date(2017, 12, 8), "MC", "Vienna 2017",
                              "ENGLISH", "ENGLISH")
    assert mc == [("", "MC.DEC/7/17"), (osce, "8 December 2017"), ("Ministerial Council", ""),
                  ("Vienna 2017", "Original: ENGLISH")]
    assert document_header_words(mc) == ["MC.DEC/7/17", osce, "8 December 2017",
                                         "Ministerial Council", "Vienna 2017",
                                         "Original: ENGLISH"]
    assert document_header_rows("PC.DEC/1048", date(2012, 7, 19), "PC", None, "FRENCH",
                                "ENGLISH") == [
        ("", "PC.DEC/1048"), (osce, "19 July 2012"), ("Permanent Council", "FRENCH"),
        ("", "Original: ENGLISH")]


@pytest.mark.parametrize(("body", "place", "line"), [
    ("MC", "Vienna", "Vienna 2017"), ("MC", "  Hamburg ", "Hamburg 2017"), ("MC", "", None),
    ("PC", "Vienna", None), ("FSC", "Vienna", None)])
def test_place_line(body, place, line):
    from exports.wording import place_line

    assert place_line(body, place, date(2017, 12, 8)) == line


def test_journal_titles_and_long_dates():
    from exports.wording import journal_title, long_date

    assert journal_title("MC", 24, 2) == (
        "2nd DAY OF THE TWENTY-FOURTH MEETING OF THE MINISTERIAL COUNCIL")
    assert journal_title("MC", 21, 1) == "1st DAY OF THE TWENTY-FIRST MEETING OF THE " \
        "MINISTERIAL COUNCIL"
    assert journal_title("PC", 1283, 1283) == "1283rd PLENARY MEETING OF THE COUNCIL"
    assert journal_title("FSC", 911, 911) == "911th PLENARY MEETING OF THE FORUM"
    with pytest.raises(ValueError):
        journal_title("XX", 1, 1)
    assert long_date(date(2017, 12, 8)) == "Friday, 8 December 2017"
    assert long_date(date(2020, 12, 3)) == "Thursday, 3 December 2020"
