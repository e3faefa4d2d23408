import re
import textwrap

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from drafting.structure import (
    Locator,
    ParsedDraft,
    ParsedParagraph,
    StructureError,
    describe_attachments,
    parse_draft,
)
from tests.conftest import fixture_file

REFERENCE = fixture_file("reference/MC.DEC-7-17.md")


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


def shape(draft: ParsedDraft) -> list[tuple]:
    return [(p.kind, p.level, p.marker, p.text, p.line) for p in draft.paragraphs]


def refusal(text: str) -> StructureError:
    with pytest.raises(StructureError) as caught:
        parse_draft(text)
    return caught.value


# --- the reference decision ---------------------------------------------------------------


@pytest.fixture
def reference() -> str:
    return REFERENCE.read_text(encoding="utf-8")


def test_reference_title_formula_and_counts(reference):
    draft = parse_draft(reference)
    assert draft.title == (
        "STRENGTHENING EFFORTS TO COMBAT ALL FORMS OF CHILD TRAFFICKING, INCLUDING FOR SEXUAL "
        "EXPLOITATION, AS WELL AS OTHER FORMS OF SEXUAL EXPLOITATION OF CHILDREN"
    )
    assert draft.enacting_formula == "The Ministerial Council,"
    preambular = [p for p in draft.paragraphs if p.kind == "preambular"]
    assert len(preambular) == 15
    assert {(p.level, p.marker) for p in preambular} == {(0, None)}
    operative = [(p.level, p.marker) for p in draft.paragraphs if p.kind == "operative"]
    assert operative == [(0, str(n)) for n in range(1, 6)] + [(1, "a"), (1, "b")] + [
        (0, str(n)) for n in range(6, 14)
    ]
    assert len(draft.paragraphs) == 30


def test_reference_first_and_last_texts_and_lines(reference):
    paragraphs = parse_draft(reference).paragraphs
    assert paragraphs[0] == ParsedParagraph(
        "preambular", 0, None,
        "Reaffirming the Copenhagen Document (1990), Sofia Ministerial Council Decision No. 13/04 "
        "on the special needs for child victims of trafficking for protection and assistance "
        "(2004), Brussels Ministerial Council Decision No. 15/06 on combating sexual exploitation "
        "of children (2006), Madrid Ministerial Council Decision No. 9/07 on combating sexual "
        "exploitation of children on the Internet (2007), and Kyiv Ministerial Council Decision "
        "No. 7/13 on combating trafficking in human beings (2013),",
        14,
    )
    assert paragraphs[15] == ParsedParagraph(
        "operative", 0, "1",
        "Encourages co-operation among participating States, international organizations, and "
        "civil society in combating all forms of child trafficking, including for sexual "
        "exploitation, as well as other forms of sexual exploitation of children, taking note "
        "of their efforts to combat these crimes;",
        44,
    )
    assert (paragraphs[20].marker, paragraphs[20].line) == ("a", 49)
    assert paragraphs[20].text.startswith("Adopting additional administrative measures")
    assert paragraphs[-1] == ParsedParagraph(
        "operative", 0, "13",
        "Invites OSCE Partners for Co-operation to share voluntarily the commitments of the "
        "participating States on combating all forms of child trafficking, including for sexual "
        "exploitation, as well as other forms of sexual exploitation of children.",
        59,
    )


def test_reference_attached_statement_is_returned_apart_from_the_paragraphs(reference):
    draft = parse_draft(reference)
    texts = " ".join(p.text for p in draft.paragraphs)
    assert "In joining the consensus" not in texts
    assert "INTERPRETATIVE STATEMENT" not in texts
    assert "MC.DEC/7/17" not in texts
    [attachment] = draft.attachments
    assert (attachment.heading, attachment.line) == ("Attachment", 63)
    assert attachment.lines[:3] == ("ENGLISH", "Original: RUSSIAN",
                                    "INTERPRETATIVE STATEMENT UNDER")
    assert attachment.lines[-1] == ("We request that this statement be appended to the decision "
                                    "adopted and the journal of the day.”")
    assert len(attachment.lines) == 11  # every line of it: nothing is dropped
    assert attachment.summary == (
        "an interpretative statement by the delegation of the Russian Federation, \"In "
        "joining the consensus regarding the OSCE Ministerial …\"")


def test_several_attachments_each_start_at_their_heading_without_the_page_heading():
    draft = parse_draft(lines(*HEAD, "1. Decides.", "", "PC.DEC/1400", "8 December 2026",
                              "Attachment 1", "", "ENGLISH only", "", "By the delegation of "
                              "Malta:", "", "Malta notes.", "", "PC.DEC/1400",
                              "8 December 2026", "Attachment 2", "", "Original: FRENCH", "",
                              "The delegation of Estonia, in its capacity as EU Presidency, "
                              "passed the floor to the representative of the European Union, "
                              "who delivered the following statement:", "", "The EU notes."))
    assert [(a.heading, a.line, a.lines) for a in draft.attachments] == [
        ("Attachment 1", 7, ("ENGLISH only", "By the delegation of Malta:", "Malta notes.")),
        ("Attachment 2", 17, ("Original: FRENCH", "The delegation of Estonia, in its capacity as "
                              "EU Presidency, passed the floor to the representative of the "
                              "European Union, who delivered the following statement:",
                              "The EU notes."))]
    assert [a.summary for a in draft.attachments] == [
        "a text by the delegation of Malta, \"Malta notes.\"",
        "a text by the delegation of Estonia, in its capacity as EU Presidency, passed the "
        "floor to the representative of the European Union, who delivered the following "
        "statement, \"The EU notes.\""]
    assert describe_attachments(draft.attachments) == (
        "the text has 2 attachments after the decision: Attachment 1 (line 7): "
        f"{draft.attachments[0].summary}; Attachment 2 (line 17): "
        f"{draft.attachments[1].summary}. A draft holds no statements: a delegation makes "
        "its statement when it joins consensus, and it is registered on the decision's page "
        "after adoption. Keep them to register then, remove everything from line 7 on, and "
        "import the draft again")


def test_a_refusal_names_the_first_ten_attachments_and_counts_the_rest():
    rows = [row for n in range(1, 501) for row in (f"Attachment {n}", f"Statement {n}.")]
    draft = parse_draft(lines(*HEAD, "1. Decides.", *rows))
    assert len(draft.attachments) == 500
    message = describe_attachments(draft.attachments)
    assert message.startswith("the text has 500 attachments after the decision: Attachment 1 "
                              "(line 4): a text \"Statement 1.\"; Attachment 2 (line 6)")
    assert "Attachment 10 (line 22): a text \"Statement 10.\"; and 490 more. A draft" in message
    assert "Attachment 11" not in message and len(message) < 1_000


def test_an_attachment_heading_with_nothing_below_holds_no_attachment():
    draft = parse_draft(lines(*HEAD, "1. Decides.", "", "MC.DEC/1/24", "Attachment", ""))
    assert draft.attachments == ()
    assert [p.text for p in draft.paragraphs][-1] == "Decides."


def test_an_attachment_without_an_author_line_is_described_by_its_words():
    [attachment] = parse_draft(lines(*HEAD, "1. Decides.", "Attachment", "List of "
                                     "participants in the meeting of experts")).attachments
    assert attachment.summary == "a text \"List of participants in the meeting of experts\""


class Paragraphs(Locator):
    def at(self, line: int) -> str:
        return f"paragraph {line * 10} (here)"

    def short(self, line: int) -> str:
        return f"paragraph {line * 10}"


def test_a_locator_names_the_places_of_an_error():
    with pytest.raises(StructureError) as caught:
        parse_draft(lines(*HEAD, "1. a;", "2. b;", "2. c."), locator=Paragraphs())
    assert (caught.value.line, caught.value.where) == (5, "paragraph 50 (here)")
    assert str(caught.value) == ("paragraph 50 (here): operative paragraph 2 appears twice "
                                 "(first at paragraph 40); expected paragraph 3 here")
    with pytest.raises(StructureError) as caught:
        parse_draft(lines(*HEAD, "1. a.", "Annex", "2. b."), locator=Paragraphs())
    assert str(caught.value) == ("paragraph 50 (here): text after the footer line \"Annex\" "
                                 "(paragraph 40): \"2. b.\" (move it above the footer or "
                                 "remove it)")


def test_reference_words_are_kept_exactly(reference):
    rows = reference.splitlines()
    start = rows.index("The Ministerial Council,") + 1
    end = next(i for i, row in enumerate(rows) if row.strip() == "MC.DEC/7/17")
    expected: list[str] = []
    for row in rows[start:end]:
        row = row.replace("**", "").strip().removeprefix("- ")
        expected += re.sub(r"^(\d+\.|\([a-z]+\))\s+", "", row).split()
    paragraphs = parse_draft(reference).paragraphs
    assert " ".join(p.text for p in paragraphs).split() == expected


# --- plain text ---------------------------------------------------------------------------

PLAIN = lines(
    "PC.DD/5/24/Rev.1",                                # 1
    "Original: ENGLISH",                               # 2
    "",                                                # 3
    "1148th Plenary Meeting",                          # 4
    "PC Journal No. 1148, Agenda item 3",              # 5
    "",                                                # 6
    "DRAFT DECISION",                                  # 7
    "EXTENSION OF THE MANDATE OF THE",                 # 8
    "OSCE MISSION TO SKOPJE",                          # 9
    "",                                                # 10
    "The Permanent Council,",                          # 11
    "",                                                # 12
    "Recalling its Decision No. 1048 of",              # 13
    "15 July 2012,",                                   # 14
    "",                                                # 15
    "Noting the report of the Head of",                # 16
    "    Mission,",                                    # 17
    "",                                                # 18
    "Decides:",                                        # 19
    "1. To extend the mandate of the",                 # 20
    "   OSCE Mission until 30 June 2025;",             # 21
    "2. To request the Mission to report:",            # 22
    "   (a) On its activities;",                       # 23
    "   (b) On its budget, including:",                # 24
    "      (i) staff costs;",                          # 25
    "      (ii) travel",                               # 26
    "      costs;",                                    # 27
    "",                                                # 28
    "3. To remain seized of the matter.",              # 29
    "",                                                # 30
    "PC.DEC/1500",                                     # 31
    "27 June 2024",                                    # 32
)


def test_plain_text_hard_wrapped_with_header_chapeau_and_nesting():
    draft = parse_draft(PLAIN)
    assert draft.title == "EXTENSION OF THE MANDATE OF THE OSCE MISSION TO SKOPJE"
    assert draft.enacting_formula == "The Permanent Council,"
    assert shape(draft) == [
        ("preambular", 0, None, "Recalling its Decision No. 1048 of 15 July 2012,", 13),
        ("preambular", 0, None, "Noting the report of the Head of Mission,", 16),
        ("operative", 0, None, "Decides:", 19),
        ("operative", 0, "1", "To extend the mandate of the OSCE Mission until 30 June 2025;", 20),
        ("operative", 0, "2", "To request the Mission to report:", 22),
        ("operative", 1, "a", "On its activities;", 23),
        ("operative", 1, "b", "On its budget, including:", 24),
        ("operative", 2, "i", "staff costs;", 25),
        ("operative", 2, "ii", "travel costs;", 26),
        ("operative", 0, "3", "To remain seized of the matter.", 29),
    ]


def test_crlf_bom_tabs_and_non_breaking_spaces():
    text = "\ufeffThe Ministerial Council,\r\n\r\nRecalling\u00a0the\tdecision,\r\n\r\n"
    text += "1.\tDecides\u00a0 to act;\r\n(a)\u00a0first;\r\n"
    draft = parse_draft(text)
    assert draft.title is None
    assert shape(draft) == [
        ("preambular", 0, None, "Recalling the decision,", 3),
        ("operative", 0, "1", "Decides to act;", 5),
        ("operative", 1, "a", "first;", 6),
    ]


def test_a_chapeau_needs_a_colon_and_operative_paragraph_one_below_it():
    text = lines("The Permanent Council,", "", "Recalling:", "", "Noting,", "", "1. Decides.")
    assert [p.kind for p in parse_draft(text).paragraphs] == [
        "preambular", "preambular", "operative"
    ]


def test_markdown_decorations_are_stripped():
    text = lines(
        "## DECISION No. 1/24",
        "**THE *TITLE*  ",
        "IN TWO LINES**",
        "",
        "The Forum for Security Co-operation,",
        "",
        "*Recalling* the __decision__ on snake_case and 5 * 3 footnotes*,\\",
        "",
        "- 1. **Decides** to act:",
        "  * (a) _first_;  ",
        "    - (i) **sub** one;",
    )
    draft = parse_draft(text)
    assert draft.title == "THE TITLE IN TWO LINES"
    assert draft.enacting_formula == "The Forum for Security Co-operation,"
    assert shape(draft) == [
        ("preambular", 0, None, "Recalling the decision on snake_case and 5 * 3 footnotes*,", 7),
        ("operative", 0, "1", "Decides to act:", 9),
        ("operative", 1, "a", "first;", 10),
        ("operative", 2, "i", "sub one;", 11),
    ]


def test_typographic_punctuation_is_kept():
    text = lines("The Ministerial Council,", "", "1. Calls for “safe” – and ‘fair’ — elections…")
    assert parse_draft(text).paragraphs[0].text == "Calls for “safe” – and ‘fair’ — elections…"


def test_without_formula_everything_after_the_header_is_paragraphs():
    text = lines("MC.DD/12/17", "ENGLISH only", "", "Recalling the past,", "", "1. Decides.")
    draft = parse_draft(text)
    assert (draft.title, draft.enacting_formula) == (None, None)
    assert shape(draft) == [
        ("preambular", 0, None, "Recalling the past,", 4),
        ("operative", 0, "1", "Decides.", 6),
    ]


def test_wrapped_line_looking_like_a_formula_is_not_the_formula():
    text = lines("Recalling the", "The Hague Recommendations,", "", "1. Decides.")
    draft = parse_draft(text)
    assert draft.enacting_formula is None
    assert draft.paragraphs[0].text == "Recalling the The Hague Recommendations,"


def test_marker_alone_on_its_line_takes_the_next_line_as_text():
    draft = parse_draft(lines("The Permanent Council,", "", "1.", "Decides."))
    assert shape(draft) == [("operative", 0, "1", "Decides.", 3)]


# --- (i), (v), (x): letter or roman -----------------------------------------------------------


def markers(*rows: str) -> list[tuple[int, str | None]]:
    draft = parse_draft(lines("The Permanent Council,", "", "1. Decides:", *rows))
    return [(p.level, p.marker) for p in draft.paragraphs[1:]]


def test_i_after_h_is_a_letter():
    rows = [f"({letter}) x;" for letter in "abcdefghij"]
    assert markers(*rows) == [(1, letter) for letter in "abcdefghij"]


def test_i_after_h_followed_by_ii_is_roman():
    rows = [f"({letter}) x;" for letter in "abcdefgh"] + ["(i) y;", "(ii) z;"]
    assert markers(*rows)[-3:] == [(1, "h"), (2, "i"), (2, "ii")]


def test_i_inside_a_sub_paragraph_is_roman_and_v_x_continue_the_roman_list():
    romans = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi"]
    rows = ["(a) x:"] + [f"({r}) y;" for r in romans] + ["(b) z."]
    assert markers(*rows) == [(1, "a")] + [(2, r) for r in romans] + [(1, "b")]


def test_v_after_u_is_a_letter_unless_vi_follows():
    rows = [f"({chr(c)}) x;" for c in range(ord("a"), ord("w") + 1)]
    assert markers(*rows)[-3:] == [(1, "u"), (1, "v"), (1, "w")]
    rows = rows[:21] + [f"({r}) y;" for r in ["i", "ii", "iii", "iv", "v", "vi"]]
    assert markers(*rows)[-7:] == [(1, "u")] + [
        (2, r) for r in ["i", "ii", "iii", "iv", "v", "vi"]
    ]


# --- refusals -----------------------------------------------------------------------------

HEAD = ("The Permanent Council,", "")  # lines 1-2: paragraphs start at line 3


@pytest.mark.parametrize(
    ("rows", "line", "message"),
    [
        (("1. a;", "2. b;", "3. c;", "5. e."), 6,
         "operative paragraph 5 follows paragraph 3; paragraph 4 is missing"),
        (("1. a;", "4. d."), 4,
         "operative paragraph 4 follows paragraph 1; paragraphs 2 to 3 are missing"),
        (("1. a;", "2. b;", "3. c;", "3. c again."), 6,
         "operative paragraph 3 appears twice (first at line 5); expected paragraph 4 here"),
        (("1. a;", "2. b;", "3. c;", "2. b again."), 6,
         "operative paragraph 2 appears twice (first at line 4); expected paragraph 4 here"),
        (("1. a;", "0. z."), 4,
         "operative paragraph 0 follows paragraph 1; expected paragraph 2"),
        (("Recalling,", "", "2. b."), 5,
         "the first operative paragraph is numbered 2; number it 1"),
        (("1. a:", "(a) x;", "(c) z."), 5,
         "sub-paragraph (c) of operative paragraph 1 follows (a); expected (b)"),
        (("1. a;", "2. b:", "(b) y."), 5,
         "sub-paragraph (b) of operative paragraph 2 is its first sub-paragraph; expected (a)"),
        (("1. a:", "(a) x:", "(i) y;", "(iii) z."), 6,
         "sub-sub-paragraph (iii) of operative paragraph 1(a) follows (i); expected (ii)"),
        (("1. a:", "(a) x:", "(ii) y."), 5,
         "sub-sub-paragraph (ii) of operative paragraph 1(a) is its first sub-sub-paragraph; "
         "expected (i)"),
        (("Recalling:", "(a) x,", "", "1. a."), 4,
         "sub-paragraph (a) comes before any operative paragraph; "
         "put it under a numbered paragraph"),
        (("1. a:", "(ii) y."), 4,
         "sub-sub-paragraph (ii) of operative paragraph 1 has no sub-paragraph (a), (b) … "
         "to belong to; put it under a lettered sub-paragraph"),
        (("1. a:", "(i) y."), 4,
         "sub-paragraph (i) of operative paragraph 1 is its first sub-paragraph; expected (a); "
         "a sub-sub-paragraph (i) needs a sub-paragraph (a) above it"),
        (("1. a;", "2. b;", "", "Further decides to remain seized of the matter until next year."),
         6,
         "unnumbered text after operative paragraph 2: \"Further decides to remain seized of the "
         "matter …\" (number it or join it to the paragraph above)"),
        (("1. a:", "(a) x;", "", "Also:"), 6,
         "unnumbered text after operative paragraph 1: \"Also:\" (number it or join it to the "
         "paragraph above)"),
        (("1. a;", "2."), 4,
         "operative paragraph 2 has no text; write it after the marker or remove the marker"),
        (("1. a:", "(a)", ""), 4,
         "sub-paragraph (a) of operative paragraph 1 has no text; "
         "write it after the marker or remove the marker"),
        (("1. a.", "", "MC.DEC/1/24", "8 December 2024", "", "Text of an annex."), 8,
         "text after the footer line \"MC.DEC/1/24\" (line 5): \"Text of an annex.\" "
         "(move it above the footer or remove it)"),
        (("1. a.", "Annex", "2. b."), 5,
         "text after the footer line \"Annex\" (line 4): \"2. b.\" "
         "(move it above the footer or remove it)"),
        (("Recalling,", "", "1. a\x00b."), 5,
         "the text contains the control character U+0000 at column 5; remove it"),
        (("Recalling,", "\x0c", "1. a."), 4,
         "the text contains the control character U+000C at column 1; remove it"),
    ],
)
def test_refusals_name_the_line_and_the_paragraph(rows, line, message):
    error = refusal(lines(*HEAD, *rows))
    assert (error.line, error.message) == (line, message)
    assert str(error) == f"line {line}: {message}"


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\t\r\n\u00a0\n",
        lines("DECISION No. 1/24", "A TITLE", "", "The Ministerial Council,"),
        lines("MC.DD/1/24", "ENGLISH", ""),
    ],
)
def test_no_paragraphs_is_refused(text):
    error = refusal(text)
    assert error.line is None
    assert str(error) == error.message == (
        "no paragraphs found: write the preambular and operative paragraphs after the enacting "
        "formula (e.g. \"The Permanent Council,\"), separated by blank lines or numbered 1., 2. …"
    )


def test_control_character_line_counts_crlf_lines():
    error = refusal("The Permanent Council,\r\n\r\nRecalling,\r\n\x1b1. a.")
    assert (error.line, error.message) == (
        4, "the text contains the control character U+001B at column 1; remove it"
    )


def test_too_long_text_is_refused_and_the_limit_itself_is_accepted():
    body = "The Permanent Council,\n\n1. Decides "
    at_limit = body + "x" * (1_000_000 - len(body) - 1) + "."
    assert len(parse_draft(at_limit).paragraphs) == 1
    error = refusal(at_limit + " ")
    assert (error.line, str(error)) == (
        None, "the text is too long (1,000,001 characters; at most 1,000,000)"
    )


# --- property: render a generated draft, parse it back ---------------------------------------

WORDS = st.lists(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9), min_size=1,
                 max_size=12).map(" ".join)
PREAMBLE = st.tuples(st.sampled_from(["Recalling", "Noting", "Deeply concerned"]), WORDS)
SUBS = st.lists(st.tuples(WORDS, st.lists(WORDS, max_size=4)), max_size=6)  # (a)-(f), (i)-(iv)
OPERATIVE = st.tuples(st.sampled_from(["Decides", "Calls on", "Urges"]), WORDS, SUBS)
TITLE = st.lists(st.sampled_from(["MANDATE", "OF", "THE", "CO-OPERATION", "MISSION"]),
                 min_size=1, max_size=8).map(" ".join)
ROMANS = ["i", "ii", "iii", "iv"]


def render(rows: list[str], width: int | None, indent: str = "") -> list[str]:
    if width is None:
        return rows
    return textwrap.wrap(" ".join(rows), width, break_long_words=False,
                         break_on_hyphens=False, subsequent_indent=indent)


@given(
    title=st.none() | TITLE,
    preambles=st.lists(PREAMBLE, max_size=4),
    chapeau=st.booleans(),
    operatives=st.lists(OPERATIVE, max_size=5),
    width=st.none() | st.integers(10, 80),
    markdown=st.booleans(),
    spaced=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
    footer=st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_rendered_drafts_parse_back(title, preambles, chapeau, operatives, width, markdown,
                                    spaced, newline, footer):
    assume(preambles or operatives)
    out = ["MC.DD/3/24/Rev.2", "DRAFT DECISION"]
    expected: list[tuple] = []
    if title:
        title_rows = render([title], width)
        out += [f"**{row}**  " if markdown else row for row in title_rows]
    out += ["", "The Ministerial Council,", ""]
    for opener, words in preambles:
        text = f"{opener} {words},"
        # Italics only around a one-word opener: a wrap must not split the pair.
        italic = markdown and " " not in opener
        out += render([f"*{opener}* {words}," if italic else text], width) + [""]
        expected.append(("preambular", 0, None, text))
    if chapeau and operatives:
        out += ["Decides:"]
        expected.append(("operative", 0, None, "Decides:"))
    for number, (opener, words, subs) in enumerate(operatives, 1):
        text = f"{opener} {words};"
        out += render([f"{number}. {text}"], width, "   ")
        expected.append(("operative", 0, str(number), text))
        for letter, (sub, subsubs) in zip("abcdef", subs, strict=False):
            bullet = "  - " if markdown else "  "
            out += render([f"{bullet}({letter}) {sub};"], width, "    ")
            expected.append(("operative", 1, letter, f"{sub};"))
            for roman, subsub in zip(ROMANS, subsubs, strict=False):
                out += render([f"    ({roman}) {subsub};"], width, "      ")
                expected.append(("operative", 2, roman, f"{subsub};"))
        if spaced:
            out.append("")
    if footer:
        out += ["", "MC.DEC/3/24", "8 December 2024", "Attachment", "", "Statement 1. (a)"]
    draft = parse_draft(newline.join(out))
    assert [(a.heading, a.line, a.lines) for a in draft.attachments] == (
        [("Attachment", out.index("Attachment") + 1, ("Statement 1. (a)",))] if footer else [])
    assert draft.title == (title or None)
    assert draft.enacting_formula == "The Ministerial Council,"
    assert [(p.kind, p.level, p.marker, p.text) for p in draft.paragraphs] == expected
    assert [p.line for p in draft.paragraphs] == sorted({p.line for p in draft.paragraphs})
