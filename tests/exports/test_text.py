import re
from datetime import date
from pathlib import Path

import pytest

from exports.document import DecisionDocument, DocParagraph, DocStatement
from exports.text import md_escape, render_md, render_txt
from exports.wording import journal_reference, meeting_line
from tests.conftest import fixture_file

# The reference is a public document kept among the fixtures: a fresh clone tests alone.
REFERENCE = fixture_file("reference/MC.DEC-7-17.md")
GOLDEN = Path(__file__).parent / "golden"


def pp(text: str) -> DocParagraph:
    return DocParagraph(kind="preambular", level=0, marker=None, text=text)


def op(marker: str | None, text: str, level: int = 0) -> DocParagraph:
    return DocParagraph(kind="operative", level=level, marker=marker, text=text)


def make_decision(**changes) -> DecisionDocument:
    values = dict(symbol="MC.DEC/1/23", number_label="1/23",
                  meeting_line=meeting_line("MC", 30, 1),
                  journal_reference=journal_reference("MC", 30, 1, 5),
                  title="Test decision", enacting_formula="The Ministerial Council,",
                  paragraphs=[pp("Recalling,"), op("1", "Decides.")],
                  adopted_on=date(2023, 11, 30))
    return DecisionDocument(**(values | changes))


# --- the reference decision, MC.DEC/7/17 ----------------------------------------------------


def reference_lines() -> list[str]:
    return [line.rstrip() for line in REFERENCE.read_text(encoding="utf-8").splitlines()]


def reference_paragraph(line: str) -> DocParagraph:
    if match := re.fullmatch(r"(\d+)\. (.*)", line):
        return op(match[1], match[2])
    if match := re.fullmatch(r" +- \((\w+)\) (.*)", line):
        return op(match[1], match[2], level=1)
    return pp(line)


def reference_decision() -> DecisionDocument:
    lines = reference_lines()
    body = lines[lines.index("The Ministerial Council,") + 1:lines.index("MC.DEC/7/17")]
    author = lines.index("By the delegation of the Russian Federation:")
    statement = [line.strip("“”") for line in lines[author + 1:] if line]
    return DecisionDocument(
        symbol="MC.DEC/7/17", number_label="7/17",
        meeting_line=meeting_line("MC", 24, 2),
        journal_reference=journal_reference("MC", 24, 2, 7),
        title="Strengthening efforts to combat all forms of child trafficking, including for"
              " sexual exploitation, as well as other forms of sexual exploitation of children",
        enacting_formula="The Ministerial Council,",
        paragraphs=[reference_paragraph(line) for line in body if line],
        adopted_on=date(2017, 12, 8),
        attachments=[DocStatement(
            kind="interpretative_statement", language="ENGLISH", original_language="RUSSIAN",
            delegation="the Russian Federation", paragraphs=statement)],
    )


def words(text: str) -> list[str]:
    lines = (re.sub(r"^(\s*)- ", r"\1", line.replace("**", "")) for line in text.splitlines())
    return "\n".join(lines).split()


def non_blank_lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def test_the_reference_decision_is_read_completely():
    doc = reference_decision()
    assert [p.marker for p in doc.paragraphs if p.kind == "operative"] == [
        "1", "2", "3", "4", "5", "a", "b", "6", "7", "8", "9", "10", "11", "12", "13"]
    assert len([p for p in doc.paragraphs if p.kind == "preambular"]) == 15
    assert len(doc.attachments[0].paragraphs) == 4


@pytest.mark.parametrize("render", [render_txt, render_md])
def test_renders_every_word_of_the_reference(render):
    reference = REFERENCE.read_text(encoding="utf-8")
    assert words(render(reference_decision())) == words(reference)


def test_md_reproduces_the_reference_line_for_line():
    reference = REFERENCE.read_text(encoding="utf-8")
    assert non_blank_lines(render_md(reference_decision())) == non_blank_lines(reference)


def test_txt_layout_of_the_reference():
    lines = render_txt(reference_decision()).split("\n")
    assert lines[:9] == [
        "Second day of the Twenty-Fourth Meeting", "MC(24) Journal No. 2, Agenda item 7", "",
        "DECISION No. 7/17", "STRENGTHENING EFFORTS TO COMBAT ALL FORMS OF CHILD",
        "TRAFFICKING, INCLUDING FOR SEXUAL EXPLOITATION, AS",
        "WELL AS OTHER FORMS OF SEXUAL EXPLOITATION OF", "CHILDREN", ""]
    assert "    (a) Adopting additional administrative measures" in "\n".join(lines)
    footer = lines.index("MC.DEC/7/17")
    assert lines[footer:footer + 6] == [
        "MC.DEC/7/17", "8 December 2017", "Attachment", "", "ENGLISH", "Original: RUSSIAN"]
    assert lines[-3:] == [
        "", "We request that this statement be appended to the decision adopted and the journal"
        " of the day.”", ""]


@pytest.mark.parametrize("render", [render_txt, render_md])
def test_ends_with_a_single_newline(render):
    text = render(reference_decision())
    assert text.endswith("\n") and not text.endswith("\n\n")


# --- details of the layout ------------------------------------------------------------------


def test_txt_never_escapes_markup_or_html():
    doc = make_decision(title="Science & technology", paragraphs=[
        pp("Noting *all* <b>efforts</b> & AT&T_s work,"), pp("1. Not a number,")])
    text = render_txt(doc)
    assert "SCIENCE & TECHNOLOGY\n" in text
    assert "\nNoting *all* <b>efforts</b> & AT&T_s work,\n\n1. Not a number,\n" in text


@pytest.mark.parametrize(("text", "escaped"), [
    ("1. Recalling", "1\\. Recalling"),
    ("12) Recalling", "12\\) Recalling"),
    ("1990 was a year", "1990 was a year"),
    ("# Heading", "\\# Heading"),
    ("- item", "\\- item"),
    ("+ item", "\\+ item"),
    ("> quote", "\\> quote"),
    ("=====", "\\====="),
    ("a *b* and _c_", "a \\*b\\* and \\_c\\_"),
    ("<b>bold</b>", "\\<b>bold\\</b>"),
    ("`code`", "\\`code\\`"),
    ("[link](x) ~~gone~~", "\\[link\\](x) \\~\\~gone\\~\\~"),
    ("a back\\slash", "a back\\\\slash"),
    ("AT&T, &amp; and &#169;", "AT&T, \\&amp; and \\&#169;"),
    ("IV.1(A)6, “quoted” (ICTs)", "IV.1(A)6, “quoted” (ICTs)"),
])
def test_md_escape(text, escaped):
    assert md_escape(text) == escaped


def test_md_escapes_texts_in_place():
    doc = make_decision(title="# *Science* & technology", paragraphs=[
        pp("1. Not a number,"), op("1", "2. Decides;"), op("a", "<not html>", level=1)])
    text = render_md(doc)
    assert "**DECISION No. 1/23**  \n**\\# \\*SCIENCE\\* & TECHNOLOGY**\n" in text
    assert "\n1\\. Not a number,\n\n1. 2\\. Decides;\n  - (a) \\<not html>\n" in text


def test_chapeau_and_sub_sub_paragraphs():
    doc = make_decision(paragraphs=[
        pp("Recalling,"), op(None, "Decides:"), op("1", "To do:"),
        op("a", "This;", level=1), op("i", "That;", level=2), op("b", "And;", level=1),
        op("2", "To end.")])
    assert render_txt(doc).split("\n\n")[3:10] == [
        "Recalling,", "Decides:", "1. To do:", "    (a) This;", "        (i) That;",
        "    (b) And;", "2. To end."]
    assert render_md(doc).split("\n\n")[3:6] == [
        "Recalling,", "Decides:",
        "1. To do:\n  - (a) This;\n    - (i) That;\n  - (b) And;\n2. To end."]


def test_md_chapeau_between_numbered_paragraphs_stands_apart():
    doc = make_decision(paragraphs=[op("1", "Decides;"), op(None, "Further decides:"),
                                    op("2", "To end.")])
    assert render_md(doc).split("\n\n")[3:6] == ["1. Decides;", "Further decides:", "2. To end."]


def test_footer_without_attachments_and_whitespace_in_texts():
    doc = make_decision(paragraphs=[pp("Recalling  the\nHelsinki Final Act,")])
    assert render_txt(doc).endswith(
        "\n\nRecalling the Helsinki Final Act,\n\nMC.DEC/1/23\n30 November 2023\n")
    assert render_md(doc).endswith(
        "\n\nRecalling the Helsinki Final Act,\n\nMC.DEC/1/23  \n30 November 2023\n")


def test_an_empty_title_leaves_no_stray_markup():
    text = render_md(make_decision(title=" "))
    assert "****" not in text
    assert text.startswith("**First day of the Thirtieth Meeting**  \n"
                           "MC(30) Journal No. 1, Agenda item 5\n\n**DECISION No. 1/23**\n\n")


# --- golden files of two synthetic decisions ------------------------------------------------


def statement(**values) -> DocStatement:
    return DocStatement(**({"kind": "interpretative_statement", "language": "ENGLISH",
                            "original_language": "ENGLISH"} | values))


def synthetic_decision() -> DecisionDocument:
    return make_decision(
        symbol="MC.DEC/5/23", number_label="5/23",
        meeting_line=meeting_line("MC", 30, 2), journal_reference=journal_reference("MC", 30, 2, 6),
        title="Co-operation on water governance & climate resilience",
        paragraphs=[
            pp("Recalling the Helsinki Final Act (1975) and the Charter of Paris for a New"
               " Europe (1990),"),
            pp("Recognizing that shared waters can be a source of co-operation and confidence"
               " among participating States,"),
            op(None, "Decides:"),
            op("1", "To encourage participating States to exchange data on transboundary"
                    " waters, including through:"),
            op("a", "Joint monitoring of water quality and quantity;", level=1),
            op("b", "Early warning of floods and droughts, in particular:", level=1),
            op("i", "Shared hydrological forecasts;", level=2),
            op("ii", "Contact points available at all times;", level=2),
            op("2", "To task the OSCE Secretariat to support these exchanges within"
                    " available resources;"),
            op("3", "To review progress at its next meeting."),
        ],
        adopted_on=date(2023, 12, 1),
        attachments=[
            statement(delegation="Canada", also_on_behalf_of=["Iceland", "Norway", "Switzerland"],
                      paragraphs=["We welcome this decision.", "We request that this statement"
                                  " be attached to the decision and the journal of the day."]),
            statement(delegation="Spain", group="the European Union", group_role="EU Presidency",
                      paragraphs=["The European Union welcomes the adoption of this decision.",
                                  "The candidate countries Montenegro & Albania align"
                                  " themselves with this statement."]),
        ],
    )


def synthetic_pc_decision() -> DecisionDocument:
    return make_decision(
        symbol="PC.DEC/1048", number_label="1048",
        meeting_line=meeting_line("PC", 1148, 1),
        journal_reference=journal_reference("PC", 1148, 1148, 3),
        title="Date and place of the next OSCE Mediterranean Conference",
        enacting_formula="The Permanent Council,",
        paragraphs=[
            pp("Recalling the dialogue with the Mediterranean Partners for Co-operation,"),
            op("1", "Decides to hold the next OSCE Mediterranean Conference on 24 and 25"
                    " October 2017 in Palermo, Italy;"),
            op("2", "Invites the Partners for Co-operation to take part in the conference."),
        ],
        adopted_on=date(2017, 7, 13),
        attachments=[statement(
            kind="formal_reservation", original_language="FRENCH", delegation="Liechtenstein",
            paragraphs=["Liechtenstein joins the consensus on the understanding that the costs"
                        " of the conference will be covered by extrabudgetary contributions."])],
    )


@pytest.mark.parametrize("name", ["synthetic-decision", "synthetic-pc-decision"])
@pytest.mark.parametrize(("suffix", "render"), [(".txt", render_txt), (".md", render_md)])
def test_golden_files(name, suffix, render, regenerate_golden):
    doc = {"synthetic-decision": synthetic_decision,
           "synthetic-pc-decision": synthetic_pc_decision}[name]()
    path = GOLDEN / (name + suffix)
    rendered = render(doc)
    if regenerate_golden:
        path.write_bytes(rendered.encode("utf-8"))
    assert path.exists(), f"{path} is missing: run pytest with --regenerate-golden"
    assert rendered == path.read_bytes().decode("utf-8")
