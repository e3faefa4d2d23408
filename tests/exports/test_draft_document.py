"""A draft at a revision as a document: clean, against an earlier revision, or with the
pending amendments marked and attributed; and its txt and md."""

from __future__ import annotations

from sqlalchemy import select

from drafting import amendments, revisions
from drafting.models import Draft
from drafting.services import revision_of
from exports.build import draft_document
from exports.draft_text import render_draft_md, render_draft_txt
from plenary import demo
from tests.factories import CHAIR


def energy(session):
    demo.load(session)
    return session.scalar(select(Draft).where(Draft.symbol == "MC.DD/3/26"))


def test_pending_amendments_are_marked_and_attributed(session):
    draft = energy(session)
    doc = draft_document(session, draft, revision_of(session, draft), amendments=True)
    assert doc.mode == "amendments" and doc.symbol == "MC.DD/3/26"
    marked = [p for p in doc.paragraphs if p.status != "unchanged"]
    ids = {a.delegation.name: a.id for a in amendments.list_amendments(session, draft)
           if a.is_pending}
    assert [p.label for p in marked] == [
        f"Amendment {ids['United States of America']} · PP3 · United States of America",
        f"OP1(b)bis (Amendment {ids['Italy']} · OP1(b) · Italy)",
        f"Amendment {ids['Russian Federation']} · OP2 · Russian Federation"]
    russian = marked[2].runs
    assert [(r.op, r.author) for r in russian if r.op != "="] == [
        ("-", "Russian Federation"), ("+", "Russian Federation")]
    txt = render_draft_txt(doc)
    assert txt.startswith("DRAFT\nMC.DD/3/26\n")
    assert ("[-within existing resources-] (Russian Federation)[+subject to the availability "
            "of extra-budgetary contributions+] (Russian Federation)") in txt
    md = render_draft_md(doc)
    assert "~~within existing resources~~ _(Russian Federation)_" in md


def test_a_revision_against_an_earlier_one(session):
    draft = energy(session)
    russian = next(a for a in amendments.list_amendments(session, draft)
                   if a.delegation.name == "Russian Federation")
    revisions.issue_revision(session, CHAIR, draft, incorporate=[russian.id])
    doc = draft_document(session, draft, revision_of(session, draft),
                         against=revision_of(session, draft, 0))
    assert (doc.symbol, doc.mode, doc.against_symbol) == (
        "MC.DD/3/26/Rev.1", "against", "MC.DD/3/26")
    changed = [p for p in doc.paragraphs if p.status == "modified"]
    assert [p.label for p in changed] == ["OP2"]
    assert ("-", "within existing resources", "Russian Federation") in [
        (r.op, r.text, r.author) for r in changed[0].runs]
    clean = draft_document(session, draft, revision_of(session, draft))
    assert all(len(p.runs) == 1 and p.runs[0].op == "=" for p in clean.paragraphs)
