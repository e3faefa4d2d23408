"""HTML and PDF exports: golden HTML of the demo's decision and journal, escaping, the same
words as the txt exports (in the HTML's visible text and in the PDF's text read back with
pdftotext), embedded fonts, drafts marked DRAFT on every page, Cyrillic, and the layout in
a real Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import select

from drafting import amendments, revisions
from drafting.errors import DomainError
from drafting.models import Draft
from drafting.services import revision_of
from exports.build import draft_document
from exports.document import DecisionDocument, DocParagraph, DocStatement
from exports.html import (
    css_string,
    preambular_opening,
    render_decision_html,
    render_draft_html,
    render_journal_html,
)
from exports.journal import TXT_SEPARATOR, render_journal_txt
from exports.text import render_txt
from exports.wording import document_header_rows, document_header_words
from plenary import demo
from tests.exports.test_reference_golden import normalised_words
from tests.factories import CHAIR

GOLDEN = Path(__file__).parent / "golden"
UNDER_CI = os.environ.get("CI") == "true"
ROOT = Path(__file__).resolve().parents[2]


# The header block read row by row: the symbol; the Organization beside the date; the body;
# the place and year beside the language line.
DOCUMENT_HEADER = ["MC.DEC/7/17", "Organization", "for", "Security", "and", "Co-operation",
                   "in", "Europe", "8", "December", "2017", "Ministerial", "Council", "Vienna",
                   "2017", "Original:", "ENGLISH"]

# --- helpers -------------------------------------------------------------------------------------

# Elements whose boundaries separate words (the others, <em> or <ins>, sit inside a word run).
_BLOCKS = {"p", "div", "span", "h1", "h2", "br", "section", "article", "body", "li"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0  # inside <head>, <style>, <title>

    def handle_starttag(self, tag, attrs):
        if tag in ("head", "style", "title", "script"):
            self.hidden += 1
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("head", "style", "title", "script"):
            self.hidden -= 1
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: bytes) -> str:
    parser = _VisibleText()
    parser.feed(html.decode("utf-8"))
    parser.close()
    return "".join(parts for parts in parser.parts)


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        reason = f"{tool} is missing (poppler-utils; scripts/install-system-packages.sh)"
        if UNDER_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    result = subprocess.run([poppler("pdftotext"), "-layout", str(path), "-"],
                            check=True, capture_output=True, text=True)
    return result.stdout


def without_running_footer(text: str, symbol: str) -> str:
    """The PDF's text without what the page margins add and the txt export has not: the
    running footer of a draft (the symbol at the bottom left and the page number at the
    bottom centre, which pdftotext -layout puts on one line), the running header of an
    issued document's later pages ("- 2 -", the symbol, the date, "Attachment 2", on the
    first lines of the page); and with a word broken at its own hyphen at the end of a
    line ("Co-" / "ordinator") joined again."""
    footer = re.compile(rf"^\s*(?:{re.escape(symbol)}\s+)?\d+\s*$")
    running = re.compile(rf"^\s*(?:-\s*\d+\s*-|{re.escape(symbol)}|\d+ \w+ \d{{4}}|Attachment"
                         rf"(?: \d+)?|\s)+$")
    lines = []
    for page in text.split("\f"):
        page_lines = page.splitlines()
        if re.search(r"-\s*\d+\s*-", "\n".join(page_lines[:4])):
            while page_lines and running.match(page_lines[0]):
                page_lines.pop(0)
        lines += [line for line in page_lines if not footer.match(line)]
    return re.sub(r"(?<=\w-)\n\s*(?=\w)", "", "\n".join(lines))


def pdf_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    pages = pdf_text(pdf, tmp_path).split("\f")
    return [page for page in pages if page.strip()]


def render_pdf(kind: str, doc) -> bytes:
    from exports import pdf

    try:
        return getattr(pdf, f"render_{kind}_pdf")(doc)
    except pdf.MissingDependency as exc:
        if UNDER_CI:
            raise
        pytest.skip(exc.message)


def energy_draft(session) -> Draft:
    demo.load(session)
    return session.scalar(select(Draft).where(Draft.symbol == "MC.DD/3/26"))


def synthetic_decision(**changes) -> DecisionDocument:
    fields = dict(
        symbol="PC.DEC/1500", number_label="1500", meeting_line="1500th Plenary Meeting",
        journal_reference="PC Journal No. 1500, Agenda item 2", title="Scale of contributions",
        enacting_formula="The Permanent Council,",
        paragraphs=[DocParagraph("preambular", 0, None, "Recalling its Decision No. 1,"),
                    DocParagraph("operative", 0, "1", "Decides to adopt the scale;")],
        adopted_on=date(2026, 3, 5))
    return DecisionDocument(**{**fields, **changes})


# --- HTML ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "fixture", "render"), [
    ("MC.DEC-7-17.html", "demo_decision", render_decision_html),
    ("mc-24-journal-2.html", "demo_journal_document", render_journal_html),
])
def test_golden_html(request, name, fixture, render, regenerate_golden):
    path = GOLDEN / name
    rendered = render(request.getfixturevalue(fixture))
    if regenerate_golden:
        path.write_bytes(rendered)
    assert path.exists(), f"{path} is missing: run pytest with --regenerate-golden"
    assert rendered == path.read_bytes()


def test_the_html_has_the_words_of_the_txt_export(demo_decision, demo_journal_document):
    decision = render_decision_html(demo_decision)
    # The issued document opens with its header block (symbol, the Organization, date, body,
    # place, language line), which the reference's Markdown, and so the txt, leave out; the
    # footer block then heads the attachment's page, in the same place of the reading order.
    assert normalised_words(visible_text(decision)) == DOCUMENT_HEADER + normalised_words(
        render_txt(demo_decision))
    journal = render_journal_html(demo_journal_document)
    # The txt marks each appended decision with a separator line; the HTML starts a page,
    # where the decision opens with its own header block.
    own, _, appended = render_journal_txt(demo_journal_document).partition(TXT_SEPARATOR)
    assert normalised_words(visible_text(journal)) == (
        normalised_words(own) + DOCUMENT_HEADER + normalised_words(appended))


def test_the_decision_page_is_standalone_and_print_ready(demo_decision):
    html = render_decision_html(demo_decision).decode()
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert '<meta charset="utf-8">' in html
    assert "size: A4;" in html and "page: osce;" in html
    assert '@top-center { content: "- " counter(page) " -";' in html
    # Nothing external: no link, no script, no URL a renderer could fetch.
    assert not re.search(r"<link|<script|<img|url\(|https?:", html)
    assert '<h1 class="decision-number">DECISION No. 7/17</h1>' in html
    assert "<em>Deeply alarmed</em> by the persistence" in html
    assert "<em>Reaffirming</em>, if they are a party" in html
    assert '<section class="attachment">' in html
    assert "<span>ENGLISH</span>\n<span>Original: RUSSIAN</span>" in html


def header_block(html: str) -> list[tuple[str, str]]:
    rows = re.findall(r'<div class="header-row"><span class="header-left">(.*?)</span>'
                      r'<span class="header-right">(.*?)</span></div>', html)
    return rows


def attachment_blocks(html: str) -> list[list[str]]:
    blocks = re.findall(r'<section class="attachment">\n<div class="attachment-block lines"'
                        r'[^>]*>\n(.*?)</div>', html, re.S)
    return [re.findall(r"<span>(.*?)</span>", block) for block in blocks]


def test_the_header_block_of_a_decision(demo_decision):
    html = render_decision_html(demo_decision).decode()
    assert header_block(html) == [
        ("", "MC.DEC/7/17"),
        ("Organization for Security and Co-operation in Europe", "8 December 2017"),
        ("Ministerial Council", ""), ("Vienna 2017", "Original: ENGLISH")]
    assert "ENGLISH / Original: ENGLISH" not in html and html.count("Original: ENGLISH") == 1
    # The symbol and date of the later pages' running header come from the block.
    assert ('<div class="document-header" data-symbol="MC.DEC/7/17" '
            'data-date="8 December 2017" data-label="">') in html


def test_a_permanent_council_header_and_a_translation():
    doc = synthetic_decision(language="FRENCH", original_language="ENGLISH")
    assert header_block(render_decision_html(doc).decode()) == [
        ("", "PC.DEC/1500"),
        ("Organization for Security and Co-operation in Europe", "5 March 2026"),
        ("Permanent Council", "FRENCH"), ("", "Original: ENGLISH")]


def two_statements() -> list[DocStatement]:
    return [DocStatement("interpretative_statement", "ENGLISH", "RUSSIAN",
                         "the Russian Federation", ["Первый " * 900]),
            DocStatement("formal_reservation", "ENGLISH", "ENGLISH", "Malta",
                         ["We reserve. " * 400])]


def test_each_attachment_is_headed_by_its_own_block(demo_decision):
    html = render_decision_html(demo_decision).decode()
    assert attachment_blocks(html) == [["MC.DEC/7/17", "8 December 2017", "Attachment"]]
    # The footer block no longer stands alone at the foot of the decision.
    assert '<div class="footer lines">' not in html
    several = render_decision_html(synthetic_decision(attachments=two_statements())).decode()
    assert attachment_blocks(several) == [["PC.DEC/1500", "5 March 2026", "Attachment 1"],
                                          ["PC.DEC/1500", "5 March 2026", "Attachment 2"]]
    alone = render_decision_html(synthetic_decision()).decode()
    assert attachment_blocks(alone) == []
    assert ('<div class="footer lines">\n<span>PC.DEC/1500</span>\n'
            '<span>5 March 2026</span>\n</div>') in alone


def test_markup_in_any_text_is_escaped():
    evil = "<script>alert(1)</script> & </style>"
    doc = synthetic_decision(
        symbol="PC.DEC/</style><script>x</script>", title=evil, meeting_line=evil,
        paragraphs=[DocParagraph("preambular", 0, None, f"Noting {evil},"),
                    DocParagraph("operative", 0, "1", evil),
                    DocParagraph("operative", 1, "a", evil)],
        attachments=[DocStatement("interpretative_statement", "ENGLISH", "ENGLISH",
                                  f"the delegation {evil}", [evil])])
    html = render_decision_html(doc).decode()
    assert "<script" not in html and html.count("</style>") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;/style&gt;" in html
    # The symbol in the page margin is a CSS string: "<" and ">" as CSS escapes.
    assert '@bottom-left { content: "PC.DEC/\\3c /style\\3e \\3c script\\3e x' in html
    header = normalised_words("\n".join(document_header_words(document_header_rows(
        doc.symbol, doc.adopted_on, doc.body, doc.place_line, doc.language,
        doc.original_language))))
    assert normalised_words(visible_text(html.encode())) == header + normalised_words(
        render_txt(doc))


def test_css_string():
    assert css_string('a "b" \\ c') == '"a \\22 b\\22  \\5c  c"'
    assert css_string("MC.DD/3/26/Rev.1") == '"MC.DD/3/26/Rev.1"'


@pytest.mark.parametrize(("text", "opening"), [
    ("Reaffirming the Copenhagen Document", "Reaffirming"),
    ("Reaffirming, if they are a party,", "Reaffirming"),
    ("Deeply alarmed by the persistence", "Deeply alarmed"),
    ("Distressed that sexual exploitation", "Distressed"),
    ("Taking note that new forms", "Taking note"),
    ("Expressing concern that children", "Expressing concern"),
    ("Bearing in mind the Helsinki Final Act,", "Bearing in mind"),
    ("Mindful of the need", "Mindful"),
    ("Further recognizing the role", "Further recognizing"),
    ("Alone", "Alone"),
])
def test_preambular_opening(text, opening):
    italic, rest = preambular_opening(text)
    assert italic == opening
    assert italic + rest == text


def test_a_draft_shows_draft_its_symbol_and_its_redline(session):
    draft = energy_draft(session)
    doc = draft_document(session, draft, revision_of(session, draft), amendments=True)
    html = render_draft_html(doc).decode()
    assert '@top-right { content: "DRAFT MC.DD/3/26"; font-weight: bold; }' in html
    assert '<span class="bold">DRAFT</span>\n<span>MC.DD/3/26</span>' in html
    assert "<span>ENGLISH</span>\n<span>Original: ENGLISH</span>" in html
    assert '<p class="legend">' in html
    assert ('<del title="Proposed by Russian Federation">within existing resources</del> '
            '<span class="author">(Russian Federation)</span>'
            '<ins title="Proposed by Russian Federation">subject to the availability of '
            'extra-budgetary contributions</ins>') in html
    clean = render_draft_html(draft_document(session, draft, revision_of(session, draft)))
    assert b"<ins" not in clean and b"<del" not in clean and b'class="legend"' not in clean


# --- PDF -----------------------------------------------------------------------------------------


def test_the_pdf_has_the_words_of_the_txt_export(demo_decision, tmp_path):
    pdf = render_pdf("decision", demo_decision)
    assert pdf.startswith(b"%PDF-")
    text = without_running_footer(pdf_text(pdf, tmp_path), demo_decision.symbol)
    assert normalised_words(text) == DOCUMENT_HEADER + normalised_words(
        render_txt(demo_decision))


def test_the_attachment_starts_on_a_page_of_its_own(demo_decision, tmp_path):
    pages = pdf_pages(render_pdf("decision", demo_decision), tmp_path)
    starts = [n for n, page in enumerate(pages) if "INTERPRETATIVE STATEMENT UNDER" in page]
    assert len(starts) == 1
    attachment = pages[starts[0]].split()
    assert attachment[:8] == ["MC.DEC/7/17", "8", "December", "2017", "Attachment",
                              "ENGLISH", "Original:", "RUSSIAN"]
    assert "Attachment" not in pages[starts[0] - 1]
    assert all("MC.DEC/7/17" in page for page in pages)


def raw_pages(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    """Each page's lines in the order of the content stream (pdftotext -raw)."""
    path = tmp_path / "raw.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([poppler("pdftotext"), "-raw", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [[line.strip() for line in page.splitlines() if line.strip()]
            for page in text.split("\f") if page.strip()]


def test_continuation_pages_carry_the_page_number_symbol_and_date(demo_decision, tmp_path):
    pages = raw_pages(render_pdf("decision", demo_decision), tmp_path)
    [attachment] = [n for n, page in enumerate(pages) if "INTERPRETATIVE STATEMENT UNDER" in page]
    assert attachment == len(pages) - 1 >= 2  # the decision on several pages, then its attachment
    # pdftotext -raw reads the block row by row
    assert pages[0][:4] == ["MC.DEC/7/17", "Organization for Security and Co-operation in "
                            "Europe 8 December 2017", "Ministerial Council",
                            "Vienna 2017 Original: ENGLISH"]
    assert not any(re.fullmatch(r"- \d+ -", line) for line in pages[0] + pages[attachment])
    for number, page in enumerate(pages[1:attachment], start=2):
        assert f"- {number} -" in page
        assert "MC.DEC/7/17" in page and "8 December 2017" in page
    assert pages[attachment][:5] == ["MC.DEC/7/17", "8 December 2017", "Attachment", "ENGLISH",
                            "Original: RUSSIAN"]


def test_each_of_several_attachments_starts_a_page_with_its_block(tmp_path):
    doc = synthetic_decision(attachments=two_statements())
    pages = raw_pages(render_pdf("decision", doc), tmp_path)
    firsts = [n for n, page in enumerate(pages) if "Attachment" in " ".join(page[:3])
              and any(line.startswith("By the delegation") for line in page)]
    assert len(firsts) == 2
    for label, n in zip(("Attachment 1", "Attachment 2"), firsts, strict=True):
        assert pages[n][:3] == ["PC.DEC/1500", "5 March 2026", label]
        # Its later pages are counted from its first and name it, with symbol and date.
        following = pages[n + 1]
        assert "- 2 -" in following and label in following
        assert "PC.DEC/1500" in following and "5 March 2026" in following
        assert "- 1 -" not in pages[n] and not any(line.startswith("- ") for line in pages[n])


def test_the_pdf_embeds_its_fonts(demo_decision, tmp_path):
    path = tmp_path / "decision.pdf"
    path.write_bytes(render_pdf("decision", demo_decision))
    listing = subprocess.run([poppler("pdffonts"), str(path)], check=True, capture_output=True,
                             text=True).stdout.splitlines()
    assert listing[0].split()[:3] == ["name", "type", "encoding"]
    rows = listing[2:]
    assert rows, "no fonts listed"
    # The columns from the right: emb sub uni object-number generation.
    assert all(row.split()[-5] == "yes" for row in rows), listing
    names = {row.split()[0].partition("+")[2] for row in rows}  # without the subset tag
    assert {"DejaVu-Serif", "DejaVu-Serif-Bold", "DejaVu-Serif-Italic"} <= names


def test_a_draft_pdf_says_draft_and_its_symbol_on_every_page(session, tmp_path):
    draft = energy_draft(session)
    russian = next(a for a in amendments.list_amendments(session, draft)
                   if a.delegation.name == "Russian Federation")
    revisions.issue_revision(session, CHAIR, draft, incorporate=[russian.id])
    doc = draft_document(session, draft, revision_of(session, draft),
                         against=revision_of(session, draft, 0))
    assert doc.symbol == "MC.DD/3/26/Rev.1"
    pages = pdf_pages(render_pdf("draft", doc), tmp_path)
    assert len(pages) >= 2
    for page in pages:
        assert "DRAFT MC.DD/3/26/Rev.1" in page.splitlines()[0]
    assert "Changes against MC.DD/3/26" in pages[0]


def test_a_statement_in_russian_renders(tmp_path):
    statement = DocStatement(
        "interpretative_statement", "RUSSIAN", "RUSSIAN", "Российской Федерации",
        ["Присоединяясь к консенсусу, Россия заявляет следующее.",
         "Просим приложить настоящее заявление к решению."])
    doc = synthetic_decision(attachments=[statement], paragraphs=[
        DocParagraph("operative", 0, "1", "Welcomes the chairmanship of Türkiye and Россия;")])
    text = pdf_text(render_pdf("decision", doc), tmp_path)
    assert "Присоединяясь к консенсусу, Россия заявляет следующее." in text
    assert "Original: RUSSIAN" in text
    assert "Türkiye and Россия" in text


def test_the_journal_pdf_appends_the_decision_on_a_new_page(demo_journal_document, tmp_path):
    pages = pdf_pages(render_pdf("journal", demo_journal_document), tmp_path)
    assert "MC(24).JOUR/2" in pages[0] and "DECISION No. 7/17" not in pages[0]
    assert pages[1].split()[:8] == ["MC.DEC/7/17", "Organization", "for", "Security", "and",
                                    "Co-operation", "in", "Europe"]
    assert "Second day of the Twenty-Fourth Meeting" in pages[1]
    assert "DECISION No. 7/17" in pages[1]


def test_the_journal_header_block_and_its_annex_pages(demo_journal_document):
    html = render_journal_html(demo_journal_document).decode()
    assert header_block(html)[:4] == [
        ("", "MC(24).JOUR/2"),
        ("Organization for Security and Co-operation in Europe", "8 December 2017"),
        ("Ministerial Council", ""), ("Vienna 2017", "Original: ENGLISH"),
        # then the appended decision's own header block
    ] and header_block(html)[4] == ("", "MC.DEC/7/17")
    assert ('<div class="lines heading">\n<span class="bold">2nd DAY OF THE TWENTY-FOURTH '
            'MEETING OF THE MINISTERIAL COUNCIL</span>\n</div>') in html
    assert "<span>1. Date: Friday, 8 December 2017</span>" in html
    from tests.exports.test_journal import journal_with_speakers

    said = render_journal_html(journal_with_speakers()).decode()
    annexes = re.findall(r'<section class="journal-record annex-page">\n<div class="attachment-'
                         r'block lines"[^>]*>\n(.*?)</div>', said, re.S)
    assert [re.findall(r"<span>(.*?)</span>", a) for a in annexes] == [
        ["PC.JOUR/1289", "3 December 2020", "Annex 1"],
        ["PC.JOUR/1289", "3 December 2020", "Annex 2"]]


def test_the_journal_pdf_starts_each_annex_on_a_page_with_its_block(tmp_path):
    from tests.exports.test_journal import journal_with_speakers

    doc = journal_with_speakers()
    doc = type(doc)(**{**doc.__dict__, "annexes": [
        type(a)(a.number, a.title, ["Mr. Chairperson, " * 400]) for a in doc.annexes]})
    pages = raw_pages(render_pdf("journal", doc), tmp_path)
    assert pages[0][0] == "PC.JOUR/1289"
    starts = [n for n, page in enumerate(pages) if page[:3] in (
        ["PC.JOUR/1289", "3 December 2020", "Annex 1"],
        ["PC.JOUR/1289", "3 December 2020", "Annex 2"])]
    assert len(starts) == 2
    for n in starts:
        assert not any(re.fullmatch(r"- \d+ -", line) for line in pages[n])
        following = pages[n + 1]  # each annex runs over two pages here
        assert "- 2 -" in following and pages[n][2] in following and "PC.JOUR/1289" in following


def test_without_weasyprint_pdf_fails_with_503_and_txt_still_works():
    # A separate interpreter in which `import weasyprint` fails, as it does when the
    # package or Pango is missing.
    script = (
        "import sys; sys.modules['weasyprint'] = None\n"
        "from datetime import date\n"
        "from exports import pdf\n"
        "from exports.document import DecisionDocument\n"
        "from exports.text import render_txt\n"
        "doc = DecisionDocument('PC.DEC/1', '1', 'm', 'j', 't', 'e', [], date(2026, 1, 1))\n"
        "assert render_txt(doc).startswith('m')\n"
        "try:\n"
        "    pdf.render_decision_pdf(doc)\n"
        "except pdf.MissingDependency as exc:\n"
        "    print(exc.status, exc.message)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.startswith(
        "503 PDF export needs Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
        "libharfbuzz-subset0 fonts-dejavu-core")
    from exports.pdf import MissingDependency

    assert issubclass(MissingDependency, DomainError) and MissingDependency.status == 503


def test_the_url_fetcher_refuses_every_url(tmp_path):
    from exports import pdf

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    html = (f'<!DOCTYPE html><html><head><link rel="stylesheet" href="file://{tmp_path}/x.css">'
            f'</head><body><p>Text</p><img src="file://{secret}"></body></html>').encode()
    try:
        weasyprint = pdf._weasyprint()
    except pdf.MissingDependency as exc:
        if UNDER_CI:
            raise
        pytest.skip(exc.message)
    with pytest.raises(pdf.RefusedURL):
        pdf._fetcher(weasyprint).fetch(f"file://{secret}")
    assert pdf.html_to_pdf(html).startswith(b"%PDF-")


# --- a real browser ------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_decision_layout_in_chromium(browser, demo_decision, tmp_path):
    path = tmp_path / "MC.DEC-7-17.html"
    path.write_bytes(render_decision_html(demo_decision))
    page = browser.new_page()
    page.goto(path.as_uri())
    page.emulate_media(media="print")

    def style(selector: str, prop: str) -> str:
        return page.eval_on_selector(selector, f"e => getComputedStyle(e).{prop}")

    assert style("h1.decision-number", "textAlign") == "center"
    assert style("h1.decision-number", "fontWeight") == "700"
    title = page.inner_text("h2.decision-title")
    assert title == title.upper() and title.startswith("STRENGTHENING EFFORTS")
    assert style("section.attachment", "breakBefore") == "page"
    assert style(".meeting-line", "fontWeight") == "700"
    assert page.inner_text("p.preambular em >> nth=0") == "Reaffirming"
    assert style("p.preambular em", "fontStyle") == "italic"
    assert style("p.preambular", "fontStyle") == "normal"
    # Sub-paragraphs (a), (b) are indented further than the numbered paragraphs.
    left = page.evaluate("""() => [...document.querySelectorAll('p.operative')]
        .map(p => parseFloat(getComputedStyle(p).paddingLeft))""")
    assert max(left) > min(left) > 0
    page.close()
