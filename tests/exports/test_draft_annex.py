"""A draft document with more pending amendments than it can mark: it marks them in place
as far as drafting.limits.MARKED_CHARS, the first of every paragraph before the second of
any, and counts the others by paragraph in an annex, in every format."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from drafting import amendments, limits
from drafting.services import revision_of
from exports.build import draft_document
from exports.docx import render_draft_docx
from exports.draft_text import render_draft_md, render_draft_txt
from exports.html import render_draft_html
from tests.factories import drafter, open_draft, paragraph
from tests.limit_factories import text_of, words

WHO = ["Italy", "France", "Germany", "Spain", "Austria", "Finland", "Norway", "Poland",
       "Sweden", "Denmark"]


@pytest.fixture
def crowded(session):
    """Three operative paragraphs of 4,500 characters, each with ten rewrites proposed:
    each rewrite's redline is about 9,000 characters, 270,000 in all."""
    draft = open_draft(session, text_of(["Recalling its commitments,"]
                                        + [words(4_500, n) for n in range(3)]))
    for label in ("OP1", "OP2", "OP3"):
        for n, who in enumerate(WHO):
            amendments.propose(session, drafter(session, who), draft,
                               paragraph_key=paragraph(session, draft, label).key,
                               action="modify", text=words(4_500, 100 + n))
    return draft


def document(session, draft):
    return draft_document(session, draft, revision_of(session, draft), amendments=True)


def proposals(doc) -> list[str]:
    """The labels of the proposals marked, without their numbers ("OP1 · Italy")."""
    return [re.sub(r"^Amendment \d+ · ", "", p.label) for p in doc.paragraphs
            if p.status != "unchanged"]


def test_the_first_of_every_paragraph_is_marked_before_the_second_of_any(session, crowded):
    doc = document(session, crowded)
    marked = proposals(doc)
    shown = sum(len(t) for p in doc.paragraphs if p.status != "unchanged" for r in p.runs
                for t in [r.text])
    assert shown <= limits.MARKED_CHARS == 40_000 < shown + 9_000
    assert marked == ["OP1 · Italy", "OP1 · France", "OP2 · Italy", "OP3 · Italy"]
    assert [(item.label, item.count) for item in doc.listed] == [
        ("OP1", 8), ("OP2", 9), ("OP3", 9)]


def test_the_annex_counts_the_others_in_every_format(session, crowded):
    doc = document(session, crowded)
    heading = "Annex: 26 pending amendments not marked in the text"
    txt = render_draft_txt(doc)
    assert "With pending amendments marked; 26 more are counted in the annex" in txt
    assert txt.endswith(f"{heading}\n\n" + "The text above marks pending amendments as far "
                        "as it stays readable and quick to print; the others are counted "
                        "here by the paragraph they amend. Every one of them is in Plenary, "
                        "with its wording and its delegation, on the draft's page.\n\n"
                        "OP1: 8 more pending amendments\n\nOP2: 9 more pending amendments\n\n"
                        "OP3: 9 more pending amendments\n")
    assert f"**{heading}**" in render_draft_md(doc)
    html = render_draft_html(doc).decode()
    assert (f'<section class="annex">\n<h2 class="annex-heading">{heading}</h2>' in html
            and '<p class="listed">OP3: 9 more pending amendments</p>' in html)
    with zipfile.ZipFile(io.BytesIO(render_draft_docx(doc))) as docx:
        body = docx.read("word/document.xml").decode()
    assert heading in body and "OP2: 9 more pending amendments" in body


def test_a_draft_within_the_budget_has_no_annex(session):
    draft = open_draft(session)
    amendments.propose(session, drafter(session, "Italy"), draft,
                       paragraph_key=paragraph(session, draft, "OP1").key, action="delete")
    doc = document(session, draft)
    assert doc.listed == [] and proposals(doc) == ["OP1 · Italy"]
    assert "With every pending amendment marked" in render_draft_txt(doc)
    assert "Annex" not in render_draft_txt(doc) and b'class="annex"' not in render_draft_html(doc)
