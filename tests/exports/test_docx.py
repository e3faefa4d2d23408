"""Word exports: the demo's decision, journal and redlined draft rendered as .docx, read back
with python-docx and lxml, opened by LibreOffice, and the decision against a golden file."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from lxml import etree
from sqlalchemy import select

from drafting import services as drafting
from drafting.docx_import import docx_to_text
from drafting.models import Draft
from drafting.structure import parse_draft
from exports.build import draft_document
from exports.document import DecisionDocument, DocParagraph, DocStatement
from exports.docx import render_decision_docx, render_draft_docx, render_journal_docx
from exports.docx_tracked import word_date
from exports.draft_document import DraftDocument, DraftParagraph, Run
from exports.journal import TXT_SEPARATOR, render_journal_txt
from exports.text import render_txt
from plenary import demo
from tests.conftest import UNDER_CI
from tests.exports.test_reference_golden import normalised_words

GOLDEN = Path(__file__).parent / "golden"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def body_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def page_footer(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).sections[0].footer.paragraphs)


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


@pytest.fixture
def demo_redline(session):
    demo.load(session)
    draft = session.scalar(select(Draft).where(Draft.symbol == demo.ENERGY_DRAFT))
    return draft_document(session, draft, drafting.revision_of(session, draft), amendments=True)


# The header block read row by row (tests/exports/test_html_pdf.py has the same).
DOCUMENT_HEADER = ["MC.DEC/7/17", "Organization", "for", "Security", "and", "Co-operation",
                   "in", "Europe", "8", "December", "2017", "Ministerial", "Council", "Vienna",
                   "2017", "Original:", "ENGLISH"]


# --- the words --------------------------------------------------------------------------


def test_the_decision_has_the_words_of_the_txt_export(demo_decision):
    data = render_decision_docx(demo_decision)
    # Nothing is stripped: the body's paragraphs have exactly the words of the txt export
    # (the footer lines, symbol, date and "Attachment", are in the body as in the txt),
    # after the issued document's header block (symbol, date, language line), which the
    # reference's Markdown, and so the txt, leave out. The page footer repeats the symbol
    # on every page and is checked on its own.
    assert normalised_words(body_text(data)) == DOCUMENT_HEADER + normalised_words(
        render_txt(demo_decision))
    assert page_footer(data) == ""  # the OSCE's documents have no running footer


def test_the_decision_layout(demo_decision):
    document = docx.Document(io.BytesIO(render_decision_docx(demo_decision)))
    by_text = {p.text: p for p in document.paragraphs}
    number = by_text["DECISION No. 7/17"]
    assert number.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in number.runs)
    title = next(p for p in document.paragraphs if p.text.startswith("STRENGTHENING EFFORTS"))
    assert title.text.isupper() and all(run.bold for run in title.runs)
    first = next(p for p in document.paragraphs if p.text.startswith("1.\t"))
    sub = next(p for p in document.paragraphs if p.text.startswith("(a)\t"))
    assert sub.paragraph_format.left_indent > first.paragraph_format.left_indent
    texts = [p.text for p in document.paragraphs]
    language = next(n for n, text in enumerate(texts) if text.startswith("ENGLISH"))
    assert texts[language] == "ENGLISH\nOriginal: RUSSIAN"
    block = document.paragraphs[language - 1]
    assert block.text == "MC.DEC/7/17\n8 December 2017\nAttachment"
    header = next(p for p in document.paragraphs if p.text.startswith("INTERPRETATIVE"))
    assert all(run.bold for run in header.runs)


def test_the_journal_has_the_words_of_the_txt_export(demo_journal_document):
    data = render_journal_docx(demo_journal_document)
    # The txt's separator line (a row of "-") is a new section in the DOCX, and the
    # decision appended there opens with its own header block.
    own, _, appended = render_journal_txt(demo_journal_document).partition(TXT_SEPARATOR)
    assert normalised_words(body_text(data)) == (
        normalised_words(own) + DOCUMENT_HEADER + normalised_words(appended))
    assert page_footer(data) == ""
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].text.split("\n")[0] == "\tMC(24).JOUR/2"
    assert document.paragraphs[1].text == (
        "2nd DAY OF THE TWENTY-FOURTH MEETING OF THE MINISTERIAL COUNCIL")
    assert header_paragraphs(document.sections[0]) == ["- 1 -", "MC(24).JOUR/2\n8 December 2017"]
    # The appended decision and its attachment each start a section on a new page.
    sections = docx.Document(io.BytesIO(data)).sections
    assert [header_paragraphs(s)[1:] for s in sections[1:]] == [
        ["MC.DEC/7/17\n8 December 2017"], ["MC.DEC/7/17\n8 December 2017\nAttachment"]]
    assert [s.start_type for s in sections[1:]] == [docx.enum.section.WD_SECTION.NEW_PAGE] * 2


def header_paragraphs(section) -> list[str]:
    return [p.text for p in section.header.paragraphs]


def page_fields(section) -> list[str]:
    return [t.text.strip() for t in section.header._element.iter(W + "instrText")]


def test_the_header_block_of_the_decision(demo_decision):
    document = docx.Document(io.BytesIO(render_decision_docx(demo_decision)))
    first = document.paragraphs[0]
    assert first.text.split("\n") == [
        "\tMC.DEC/7/17", "Organization for Security and Co-operation in Europe\t8 December 2017",
        "Ministerial Council\t", "Vienna 2017\tOriginal: ENGLISH"]
    [stop] = first.paragraph_format.tab_stops
    assert stop.alignment == docx.enum.text.WD_TAB_ALIGNMENT.RIGHT
    assert "ENGLISH\nOriginal: ENGLISH" not in body_text(render_decision_docx(demo_decision))


def test_the_preambular_openings_are_italic(demo_decision):
    document = docx.Document(io.BytesIO(render_decision_docx(demo_decision)))
    preambular = [p for p in document.paragraphs if p.text.startswith(
        ("Reaffirming", "Deeply alarmed", "Taking note", "Expressing concern"))]
    assert len(preambular) == 6
    assert [(r.text, r.italic) for r in preambular[2].runs[:1]] == [("Deeply alarmed", True)]
    assert preambular[1].runs[0].text == "Reaffirming" and preambular[1].runs[0].italic
    assert preambular[1].runs[1].text.startswith(", if they are a party")
    assert not preambular[1].runs[1].italic
    assert next(p for p in preambular if p.text.startswith("Taking note")).runs[0].text == \
        "Taking note"
    operative = next(p for p in document.paragraphs if p.text.startswith("1.\t"))
    assert not any(r.italic for r in operative.runs)


def test_sections_page_numbers_and_running_headers(demo_decision):
    document = docx.Document(io.BytesIO(render_decision_docx(demo_decision)))
    decision, attachment = document.sections
    for section, running in ((decision, ["MC.DEC/7/17\n8 December 2017"]),
                             (attachment, ["MC.DEC/7/17\n8 December 2017\nAttachment"])):
        # Nothing above a first page; "- PAGE -" and the symbol and date on the others.
        assert section.different_first_page_header_footer
        assert header_paragraphs(section) == ["- 1 -", *running]
        assert page_fields(section) == ["PAGE"]
        assert [p.text for p in section.first_page_header.paragraphs] == [""]
        assert section._sectPr.find(W + "pgNumType").get(W + "start") == "1"
    # The attachment starts a new page: its section starts on one.
    assert attachment.start_type == docx.enum.section.WD_SECTION.NEW_PAGE


def test_several_attachments_each_in_a_section_headed_by_its_block():
    from tests.exports.test_html_pdf import synthetic_decision, two_statements

    document = docx.Document(io.BytesIO(render_decision_docx(
        synthetic_decision(attachments=two_statements()))))
    assert len(document.sections) == 3
    assert [header_paragraphs(s)[1] for s in document.sections] == [
        "PC.DEC/1500\n5 March 2026", "PC.DEC/1500\n5 March 2026\nAttachment 1",
        "PC.DEC/1500\n5 March 2026\nAttachment 2"]
    blocks = [p.text for p in document.paragraphs if p.text.startswith("PC.DEC/1500\n")]
    assert blocks == ["PC.DEC/1500\n5 March 2026\nAttachment 1",
                      "PC.DEC/1500\n5 March 2026\nAttachment 2"]
    assert document.paragraphs[0].text.split("\n")[-1] == "Permanent Council\tOriginal: ENGLISH"


def test_each_annex_of_a_journal_is_a_section_headed_by_its_block():
    from tests.exports.test_journal import journal_with_speakers

    document = docx.Document(io.BytesIO(render_journal_docx(journal_with_speakers())))
    assert [header_paragraphs(s)[1] for s in document.sections] == [
        "PC.JOUR/1289\n3 December 2020", "PC.JOUR/1289\n3 December 2020\nAnnex 1",
        "PC.JOUR/1289\n3 December 2020\nAnnex 2"]
    texts = [p.text for p in document.paragraphs]
    first = texts.index("PC.JOUR/1289\n3 December 2020\nAnnex 1")
    assert texts[first + 1] == "STATEMENT BY THE DELEGATION OF THE RUSSIAN FEDERATION"
    assert "1. Date: Thursday, 3 December 2020" in texts


def check_golden(name: str, data: bytes, regenerate: bool) -> None:
    """The document's paragraph texts against tests/exports/golden/<name>."""
    path = GOLDEN / name
    document = docx.Document(io.BytesIO(data))
    rendered = json.dumps([p.text for p in document.paragraphs], ensure_ascii=False,
                          indent=1) + "\n"
    if regenerate:
        path.write_text(rendered, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run pytest with --regenerate-golden"
    assert rendered == path.read_text(encoding="utf-8")


def test_the_decision_golden_file(demo_decision, regenerate_golden):
    check_golden("mc-dec-7-17.docx.json", render_decision_docx(demo_decision), regenerate_golden)


def test_the_journal_golden_file(demo_journal_document, regenerate_golden):
    check_golden("mc-24-journal-2.docx.json", render_journal_docx(demo_journal_document),
                 regenerate_golden)


# --- tracked changes --------------------------------------------------------------------


def changes(doc: DraftDocument) -> list[tuple[str, str, str]]:
    return [("w:ins" if r.op == "+" else "w:del", r.text, r.author)
            for p in doc.paragraphs for r in p.runs if r.op != "=" and r.text]


def tracked(data: bytes) -> list[tuple[str, str, str]]:
    """The text changes of word/document.xml, in order (paragraph marks left out)."""
    root = document_xml(data)
    found = []
    for element in root.iter(W + "ins", W + "del"):
        if element.getparent().tag == W + "rPr":
            continue
        tag = "w:ins" if element.tag == W + "ins" else "w:del"
        text_tag = W + ("t" if tag == "w:ins" else "delText")
        found.append((tag, "".join(t.text or "" for t in element.iter(text_tag)),
                      element.get(W + "author")))
    return found


def test_pending_amendments_are_tracked_changes_by_their_delegations(demo_redline):
    # (tests/exports/test_docx_tracked.py accepts and rejects them word for word)
    data = render_draft_docx(demo_redline)
    assert {author for _, _, author in tracked(data)} == {
        "Russian Federation", "United States of America", "Italy"}
    root = document_xml(data)
    every = list(root.iter(W + "ins", W + "del"))
    ids = [e.get(W + "id") for e in every]
    assert len(ids) == len(set(ids)) and all(ids)
    # dated when each was proposed, never at midnight of the revision's day
    proposed = {p.author.name: word_date(p.author.at) for p in demo_redline.tracked.proposed}
    assert all(e.get(W + "date") == proposed[e.get(W + "author")] for e in every)
    # a deletion keeps its words in w:delText, never in w:t
    for deletion in root.iter(W + "del"):
        assert not list(deletion.iter(W + "t"))
    document = docx.Document(io.BytesIO(data))
    header = document.sections[0].header.paragraphs[0].text
    assert header.split() == ["DRAFT", "MC.DD/3/26"]


def test_a_redline_against_a_revision_is_attributed_to_the_chairmanship():
    doc = DraftDocument(
        symbol="PC.DD/4/18/Rev.1", title="Test", enacting_formula="The Permanent Council,",
        body_name="Permanent Council", date=date(2018, 3, 1), mode="against",
        against_symbol="PC.DD/4/18", paragraphs=[
            DraftParagraph("OP1", "operative", 0, "1", [
                Run("=", "Calls on States "), Run("-", "to consider", "Chairmanship"),
                Run("+", "to adopt", "Chairmanship"), Run("=", " measures;")], "modified"),
            DraftParagraph("OP2", "operative", 0, "2", [
                Run("+", "Decides to remain seized;", "Chairmanship")], "inserted"),
        ])
    data = render_draft_docx(doc)
    assert tracked(data) == changes(doc)
    root = document_xml(data)
    marks = [e for e in root.iter(W + "ins") if e.getparent().tag == W + "rPr"]
    assert [m.get(W + "author") for m in marks] == ["Chairmanship"]  # OP2's paragraph mark
    # Importing the DOCX reads the text with every change accepted.
    assert "Calls on States to adopt measures;" in docx_to_text(data)
    assert "to consider" not in docx_to_text(data)


def test_markup_and_control_characters_are_harmless():
    nasty = "<w:t>x</w:t> & \x00\x01\x0b\x1f\ufffe ]]> \"quotes\" \t end"
    doc = DecisionDocument(
        symbol="PC.DEC/1", number_label="1", meeting_line="1st Plenary Meeting",
        journal_reference="PC Journal No. 1, Agenda item 1", title=nasty,
        enacting_formula="The Permanent Council,",
        paragraphs=[DocParagraph("operative", 0, "1", nasty)], adopted_on=date(2018, 1, 1),
        attachments=[DocStatement("interpretative_statement", "ENGLISH", "ENGLISH",
                                  "Malta", [nasty])])
    text = body_text(render_decision_docx(doc))
    assert "<w:t>x</w:t> & ]]> \"quotes\" end" in text
    assert not any(c in text for c in "\x00\x01\x0b\x1f\ufffe")
    draft = DraftDocument(symbol="PC.DD/1/18", title=nasty, enacting_formula="The Permanent "
                          "Council,", body_name="Permanent Council", date=date(2018, 1, 1),
                          mode="amendments", paragraphs=[DraftParagraph(
                              "OP1", "operative", 0, "1",
                              [Run("=", nasty), Run("+", nasty, "Malta <&>\x00")], "modified")])
    data = render_draft_docx(draft)
    assert tracked(data)[0][2] == "Malta <&>"
    assert "<w:t>x</w:t>" in body_text(data)


# --- LibreOffice ------------------------------------------------------------------------


def libreoffice() -> str:
    path = shutil.which("libreoffice") or shutil.which("soffice")
    missing = [name for name, found in (("libreoffice", path),
                                         ("pdftotext", shutil.which("pdftotext"))) if not found]
    if missing:
        reason = (f"{' and '.join(missing)} missing: scripts/install-system-packages.sh "
                  "installs libreoffice-writer-nogui and poppler-utils")
        if UNDER_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def to_pdf_text(tmp_path: Path, name: str, data: bytes) -> str:
    source = tmp_path / name
    source.write_bytes(data)
    profile = (tmp_path / "profile").as_uri()  # never the user's own profile
    subprocess.run([libreoffice(), f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    pdf = source.with_suffix(".pdf")
    assert pdf.exists() and pdf.stat().st_size > 0
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True, timeout=60).stdout


def test_libreoffice_opens_every_docx(tmp_path, demo_decision, demo_journal_document, demo_redline):
    libreoffice()
    for name, data in (("decision.docx", render_decision_docx(demo_decision)),
                       ("journal.docx", render_journal_docx(demo_journal_document)),
                       ("draft.docx", render_draft_docx(demo_redline))):
        words = " ".join(to_pdf_text(tmp_path, name, data).split())
        assert "MC" in words, name
    decision = " ".join(to_pdf_text(tmp_path, "decision.docx",
                                    render_decision_docx(demo_decision)).split())
    assert "DECISION No. 7/17" in decision and "By the delegation of the Russian" in decision


def test_libreoffice_prints_the_running_header_on_later_pages(tmp_path, demo_decision):
    libreoffice()
    text = to_pdf_text(tmp_path, "decision.docx", render_decision_docx(demo_decision))
    pages = [[line.strip() for line in page.splitlines() if line.strip()]
             for page in text.split("\f") if page.strip()]
    attachment = next(n for n, page in enumerate(pages) if "Attachment" in page[:3])
    assert attachment == len(pages) - 1 >= 2
    assert pages[0][0] == "MC.DEC/7/17" and not any(line.startswith("-") for line in pages[0])
    for number, page in enumerate(pages[1:attachment], start=2):
        # pdftotext reads "- 2 -" without its spaces
        assert [line.replace(" ", "") for line in page[:1]] == [f"-{number}-"]
        assert page[1:3] == ["MC.DEC/7/17", "8 December 2017"]
    assert pages[attachment][:5] == ["MC.DEC/7/17", "8 December 2017", "Attachment",
                                     "ENGLISH", "Original: RUSSIAN"]


def test_libreoffice_shows_deleted_and_inserted_words(tmp_path, demo_redline):
    libreoffice()
    words = " ".join(to_pdf_text(tmp_path, "draft.docx", render_draft_docx(demo_redline)).split())
    assert "within existing resources" in words  # deleted by the Russian Federation
    assert "subject to the availability of extra-budgetary contributions" in words
    assert "including cyber attacks" in words  # inserted by the United States
    assert "mutual assistance in restoring supplies" in words  # Italy's new paragraph


def test_a_clean_draft_docx_imports_back_to_the_same_paragraphs(session):
    demo.load(session)
    draft = session.scalar(select(Draft).where(Draft.symbol == demo.ENERGY_DRAFT))
    revision = drafting.revision_of(session, draft)
    data = render_draft_docx(draft_document(session, draft, revision))
    parsed = parse_draft(docx_to_text(data))
    assert parsed.title.upper() == draft.title.upper()
    assert [(p.kind, p.level, p.marker, p.text) for p in parsed.paragraphs] == [
        (p.kind, p.level, p.marker, p.text) for p in revision.paragraphs]
