"""The compilation of amendments: every paragraph of the current revision beside every
amendment to it (pending only, or all with their outcome), each with its label,
delegation, supporters, status and redline; html, pdf and docx read back; the limits
refused before anything is laid out."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from drafting import amendments, revisions
from drafting.errors import Invalid
from exports import compilation
from exports.compilation import build_compilation
from exports.compilation_docx import render_compilation_docx
from exports.compilation_html import render_compilation_html
from exports.formats import prepare_compilation, render
from tests.exports.test_html_pdf import pdf_text, visible_text
from tests.factories import CHAIR, drafter, make_amendments, open_draft, paragraph

MADE_ON = date(2017, 11, 30)


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def negotiated(session):
    """MC.DD/1/17 at Rev.1: Italy's change of OP1 incorporated, Russia's deletion of OP2
    rejected, the United States' new paragraph withdrawn; pending on Rev.1, Belarus's
    change of OP2 supported by Italy and Austria."""
    draft = open_draft(session, paragraphs=3, symbol="MC.DD/1/17")
    it, ru, us, by = (drafter(session, name) for name in
                      ("Italy", "Russian Federation", "United States of America", "Belarus"))
    op1, op2, pp1 = (paragraph(session, draft, label).key for label in ("OP1", "OP2", "PP1"))
    italy = amendments.propose(session, it, draft, paragraph_key=op1, action="modify",
                               text="Decides on urgent measure 1;")
    russia = amendments.propose(session, ru, draft, paragraph_key=op2, action="delete")
    usa = amendments.propose(session, us, draft, paragraph_key=pp1, action="insert_after",
                             text="Noting the report,")
    amendments.accept(session, CHAIR, italy)
    amendments.reject(session, CHAIR, russia, "No consensus on deleting it")
    amendments.withdraw(session, us, usa)
    revisions.issue_revision(session, CHAIR, draft, incorporate=[italy.id])
    belarus = amendments.propose(session, by, draft, paragraph_key=op2, action="modify",
                                 text="Decides on measure 2 and 3;")
    amendments.support(session, it, belarus)
    amendments.support(session, drafter(session, "Austria"), belarus)
    return draft, {"italy": italy.id, "russia": russia.id, "usa": usa.id,
                   "belarus": belarus.id}


def _all(session, draft):
    return build_compilation(session, draft, "all", made_on=MADE_ON)


def test_the_pending_compilation_lists_every_paragraph_and_only_pending_amendments(
        session, negotiated):
    draft, ids = negotiated
    made = build_compilation(session, draft, "pending", made_on=MADE_ON)
    assert made.heading_lines == ["MC.DD/1/17/Rev.1", "TEST DECISION",
                                  "Compilation of amendments", "30 November 2017",
                                  "Pending amendments to MC.DD/1/17/Rev.1"]
    assert [(p.label, p.text, [a.number for a in p.amendments]) for p in made.paragraphs] == [
        ("PP1", "Recalling commitment number 1,", []),
        ("OP1", "Decides on urgent measure 1;", []),
        ("OP2", "Decides on measure 2;", [ids["belarus"]])]
    belarus = made.paragraphs[2].amendments[0]
    assert belarus.label == f"Amendment {ids['belarus']} · OP2 · Belarus"
    assert compilation.amendment_facts(belarus) == [
        "Change", "Delegation: Belarus", "Supported by: Italy, Austria", "Status: submitted"]
    assert [(r.op, r.text) for r in belarus.runs] == [
        ("=", "Decides on measure 2"), ("+", " and 3"), ("=", ";")]


def test_the_whole_compilation_gives_each_outcome_and_the_text_each_was_written_on(
        session, negotiated):
    draft, ids = negotiated
    made = _all(session, draft)
    assert made.heading_lines[-1] == "All amendments to MC.DD/1/17/Rev.1"
    by_number = {a.number: (p.label, a) for p in made.paragraphs for a in p.amendments}
    assert [a.number for p in made.paragraphs for a in p.amendments] == [
        ids["usa"], ids["italy"], ids["russia"], ids["belarus"]]
    facts = {name: compilation.amendment_facts(by_number[number][1])
             for name, number in ids.items()}
    assert facts == {
        "italy": ["Change", "Delegation: Italy", "Supported by: none",
                  "Status: incorporated in MC.DD/1/17/Rev.1", "Written against MC.DD/1/17"],
        "russia": ["Deletion", "Delegation: Russian Federation", "Supported by: none",
                   "Status: rejected: No consensus on deleting it",
                   "Written against MC.DD/1/17"],
        "usa": ["New paragraph after PP1", "Delegation: United States of America",
                "Supported by: none", "Status: withdrawn", "Written against MC.DD/1/17"],
        "belarus": ["Change", "Delegation: Belarus", "Supported by: Italy, Austria",
                    "Status: submitted"]}
    assert [(r.op, r.text) for r in by_number[ids["russia"]][1].runs] == [
        ("-", "Decides on measure 2;")]
    assert [(r.op, r.text) for r in by_number[ids["usa"]][1].runs] == [
        ("+", "Noting the report,")]
    assert [(r.op, r.text) for r in by_number[ids["italy"]][1].runs] == [
        ("=", "Decides on "), ("+", "urgent "), ("=", "measure 1;")]


def test_the_html_says_every_word_of_the_compilation(session, negotiated):
    draft, ids = negotiated
    page = render_compilation_html(_all(session, draft))
    text = _words(visible_text(page))
    assert text.startswith(
        "MC.DD/1/17/Rev.1 TEST DECISION Compilation of amendments 30 November 2017 All "
        "amendments to MC.DD/1/17/Rev.1 Inserted Deleted Each amendment is shown as a "
        "redline of the text it was written on")
    assert (f"PP1 Amendments Recalling commitment number 1, Amendment {ids['usa']} · PP1 · "
            "United States of America New paragraph after PP1 Delegation: United States of "
            "America Supported by: none Status: withdrawn Written against MC.DD/1/17 Noting "
            "the report,") in text
    assert (f"OP2 Amendments 2. Decides on measure 2; Amendment {ids['russia']} · OP2 · "
            "Russian Federation Deletion Delegation: Russian Federation Supported by: none "
            "Status: rejected: No consensus on deleting it Written against MC.DD/1/17 Decides "
            f"on measure 2; Amendment {ids['belarus']} · OP2 · Belarus Change Delegation: "
            "Belarus Supported by: Italy, Austria Status: submitted Decides on measure 2 and "
            "3;") in text
    html = page.decode()
    assert "<del>Decides on measure 2;</del>" in html
    assert "Decides on measure 2<ins> and 3</ins>;" in html
    assert "<ins>urgent </ins>" in html
    assert html.count('<table class="compilation-sheet"') == 3
    assert '<th scope="col">OP2</th>\n<th scope="col">Amendments</th>' in html
    assert "http" not in html.replace("http-equiv", "")  # nothing external


def test_a_paragraph_without_amendments_says_so_and_text_is_escaped(session):
    draft = open_draft(session, paragraphs=2)
    key = paragraph(session, draft, "OP1").key
    amendments.propose(session, drafter(session, "Malta"), draft, paragraph_key=key,
                       action="modify", text="Decides on <b>measure</b> 1 & </style>;")
    page = render_compilation_html(build_compilation(session, draft, "pending",
                                                     made_on=MADE_ON)).decode()
    assert "No pending amendments" in page
    assert "&lt;b&gt;" in page and "<b>" not in page
    assert "&lt;/style&gt;" in page
    other = paragraph(session, draft, "PP1").key
    page = render_compilation_html(build_compilation(session, draft, "all",
                                                     paragraphs=[other], made_on=MADE_ON))
    assert '<p class="amendment-none">No amendments</p>' in page.decode()


def test_the_docx_has_a_two_column_table_per_paragraph(session, negotiated):
    draft, ids = negotiated
    data = render_compilation_docx(_all(session, draft))
    document = Document(io.BytesIO(data))
    heading = document.paragraphs[0].text.split("\n")
    assert heading == ["MC.DD/1/17/Rev.1", "TEST DECISION", "Compilation of amendments",
                       "30 November 2017", "All amendments to MC.DD/1/17/Rev.1"]
    assert len(document.tables) == 3
    assert all(len(t.columns) == 2 and len(t.rows) == 2 for t in document.tables)
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert headers == [["PP1", "Amendments"], ["OP1", "Amendments"], ["OP2", "Amendments"]]
    op2_text, op2_amendments = document.tables[2].rows[1].cells
    assert op2_text.text == "2. Decides on measure 2;"
    lines = [p.text for p in op2_amendments.paragraphs]
    assert lines == [
        f"Amendment {ids['russia']} · OP2 · Russian Federation", "Deletion",
        "Delegation: Russian Federation", "Supported by: none",
        "Status: rejected: No consensus on deleting it", "Written against MC.DD/1/17",
        "Decides on measure 2;",
        f"Amendment {ids['belarus']} · OP2 · Belarus", "Change", "Delegation: Belarus",
        "Supported by: Italy, Austria", "Status: submitted", "Decides on measure 2 and 3;"]
    belarus_redline = op2_amendments.paragraphs[-1].runs
    assert [(r.text, bool(r.font.underline), bool(r.font.strike)) for r in belarus_redline] == [
        ("Decides on measure 2", False, False), (" and 3", True, False), (";", False, False)]
    russia_redline = op2_amendments.paragraphs[6].runs
    assert [(r.text, r.font.strike) for r in russia_redline] == [("Decides on measure 2;", True)]
    assert document.tables[0].rows[1].cells[1].paragraphs[0].runs[0].bold  # the label
    assert b"w:ins " not in data and b"<w:del " not in data  # formatting, not tracked changes


def test_the_pdf_reads_back_with_every_amendment(session, negotiated, tmp_path):
    draft, ids = negotiated
    text = _words(pdf_text(render_pdf_compilation(_all(session, draft)), tmp_path))
    for words in ("MC.DD/1/17/Rev.1", "Compilation of amendments", "30 November 2017",
                  f"Amendment {ids['belarus']} · OP2 · Belarus", "Supported by: Italy, Austria",
                  "Status: rejected: No consensus on deleting it", "Noting the report,",
                  "Decides on urgent measure 1;", "Status: incorporated in MC.DD/1/17/Rev.1"):
        assert words in text


def render_pdf_compilation(made) -> bytes:
    """The PDF as WeasyPrint lays it out (make test installs its libraries: without them
    this fails, saying what to install)."""
    from exports import pdf
    from exports.compilation_html import render_compilation_pdf

    try:
        return render_compilation_pdf(made)
    except pdf.MissingDependency as exc:
        pytest.fail(exc.message)


def test_paragraphs_narrow_it_by_key_or_label(session, negotiated):
    draft, ids = negotiated
    op2 = paragraph(session, draft, "OP2").key
    for asked in (["OP2"], [op2]):
        made = build_compilation(session, draft, "all", paragraphs=asked, made_on=MADE_ON)
        assert [p.label for p in made.paragraphs] == ["OP2"]
        assert made.heading_lines[-1] == "All amendments to MC.DD/1/17/Rev.1, selected paragraphs"
    with pytest.raises(Invalid, match="the current revision has no paragraph 'OP9'"):
        build_compilation(session, draft, "all", paragraphs=["OP9"])
    with pytest.raises(Invalid, match="compilation takes one of pending, all; not 'some'"):
        build_compilation(session, draft, "some")


def test_beyond_the_limits_it_is_refused_before_reading_saying_how_to_narrow_it(
        session, monkeypatch):
    draft = open_draft(session, paragraphs=3)
    make_amendments(session, draft, 7, statuses=("submitted", "rejected"))
    monkeypatch.setattr(compilation, "MAX_COMPILATION_AMENDMENTS", 5)
    assert build_compilation(session, draft, "pending").amendment_count == 4
    with pytest.raises(Invalid) as refused:
        prepare_compilation(session, draft, "docx", "all")
    assert refused.value.status == 422
    assert refused.value.message == (
        f"the compilation would list 7 amendments to {draft.symbol}, more than one "
        "compilation lists (MAX_COMPILATION_AMENDMENTS, 5): compile the pending amendments "
        "only, or a few paragraphs at a time (paragraph=KEY or LABEL in the address, "
        "repeated; --paragraph on the command line)")
    assert build_compilation(session, draft, "all", paragraphs=["OP1"]).amendment_count == 2
    monkeypatch.setattr(compilation, "MAX_COMPILATION_CHARS", 50)
    with pytest.raises(Invalid, match=r"would print \d+ characters of pending amendments .*"
                       r"compile a few paragraphs at a time"):
        build_compilation(session, draft, "pending")


def test_prepared_in_the_session_rendered_from_plain_data(session, negotiated):
    draft, _ = negotiated
    job = prepare_compilation(session, draft, "html", "pending", made_on=MADE_ON)
    assert (job.table, job.file_name, job.event[0]) == (
        "compilation", "MC.DD-1-17-Rev.1-compilation.html", "draft:export")
    assert job.event[2] == {"draft_id": draft.id, "format": "html", "compilation": "pending",
                            "amendments": 1}
    session.expunge_all()  # nothing of the session is needed to render it
    exported = render(job)
    assert exported.body.startswith(b"<!DOCTYPE html>") and b"Belarus" in exported.body


def test_flagged_rebased_and_deleted_paragraphs_say_what_became_of_them(session):
    """Accepting Italy's change of OP1 flags Malta's deletion of it to be rewritten; Rev.1
    incorporates Russia's deletion of OP2 (so OP2 is gone, shown after the text with its
    last wording) and rebases Austria's change of PP1 onto Rev.1."""
    draft = open_draft(session, paragraphs=3, symbol="MC.DD/2/17")
    pp1, op1, op2 = (paragraph(session, draft, label).key for label in ("PP1", "OP1", "OP2"))
    it, mt, ru, at = (drafter(session, name) for name in
                      ("Italy", "Malta", "Russian Federation", "Austria"))
    italy = amendments.propose(session, it, draft, paragraph_key=op1, action="modify",
                               text="Decides on urgent measure 1;")
    malta = amendments.propose(session, mt, draft, paragraph_key=op1, action="delete")
    russia = amendments.propose(session, ru, draft, paragraph_key=op2, action="delete")
    austria = amendments.propose(session, at, draft, paragraph_key=pp1, action="modify",
                                 text="Recalling commitment number 1 and 2,")
    amendments.accept(session, CHAIR, italy)
    amendments.accept(session, CHAIR, russia)
    revisions.issue_revision(session, CHAIR, draft, incorporate=[russia.id],
                             edits=[(pp1, "Recalling firmly commitment number 1,")])
    session.refresh(malta)
    session.refresh(austria)
    made = build_compilation(session, draft, "all", made_on=MADE_ON)
    assert [(p.label, p.note) for p in made.paragraphs] == [
        ("PP1", None), ("OP1", None),
        ("OP2", "Not in MC.DD/2/17/Rev.1; its text in MC.DD/2/17")]
    assert made.paragraphs[2].text == "Decides on measure 2;"
    outcomes = {a.number: a.outcome for p in made.paragraphs for a in p.amendments}
    assert outcomes[russia.id] == "incorporated in MC.DD/2/17/Rev.1"
    assert outcomes[italy.id] == "accepted"
    assert outcomes[malta.id] == (f"to be rewritten after Amendment {italy.id} · OP1 · Italy "
                                  "was accepted")
    assert outcomes[austria.id] == ("submitted (rebased onto MC.DD/2/17/Rev.1: check the "
                                    "wording)")
    assert austria.rebased_onto == 1
    page = _words(visible_text(render_compilation_html(made)))
    assert ("OP2 (Not in MC.DD/2/17/Rev.1; its text in MC.DD/2/17) Amendments 2. Decides on "
            f"measure 2; Amendment {russia.id} · OP2 · Russian Federation Deletion") in page
    pending = build_compilation(session, draft, "pending", made_on=MADE_ON)
    assert [p.label for p in pending.paragraphs] == ["PP1", "OP1"]


def test_libreoffice_opens_the_docx(session, negotiated, tmp_path):
    from tests.exports.test_docx import to_pdf_text

    draft, ids = negotiated
    words = _words(to_pdf_text(tmp_path, "compilation.docx",
                               render_compilation_docx(_all(session, draft))))
    assert "Compilation of amendments" in words
    assert f"Amendment {ids['belarus']} · OP2 · Belarus" in words
    assert "Status: rejected: No consensus on deleting it" in words
