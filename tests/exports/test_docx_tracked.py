"""Word files whose tracked changes delegates can accept (issue 11): the redline of two
revisions and a draft with its pending amendments, exported from the database, then
"accept all" and "reject all" applied to word/document.xml (as Word and LibreOffice do)
and compared word for word with the revisions and with the amendments applied; every
change's author and date; the comments part for the amendments that collide."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from copy import deepcopy
from datetime import UTC, date, datetime
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from sqlalchemy import select

from drafting import amendments
from drafting import services as drafting
from drafting.errors import Conflict
from drafting.models import Amendment, Draft
from drafting.revisions import Text, apply_amendment, issue_revision
from exports.docx import render_draft_docx
from exports.docx_tracked import word_date
from exports.draft_document import Author, DraftDocument, Proposed, Source, Tracked
from exports.formats import export_draft
from plenary import demo
from tests.conftest import UNDER_CI
from tests.factories import CHAIR, drafter, open_draft

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = """Test decision

The Ministerial Council,

Recalling its earlier commitments on energy security,

Noting the work of the Economic and Environmental Forum,

1. Encourages participating States to exchange best practices;

2. Tasks the Secretariat to organize a conference within existing resources;

3. Decides to remain seized of the matter.
"""


# --- accept all, reject all --------------------------------------------------------------


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def comments_xml(data: bytes) -> etree._Element | None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "word/comments.xml" not in archive.namelist():
            return None
        return etree.fromstring(archive.read("word/comments.xml"))


def _mark(p: etree._Element, tag: str) -> bool:
    return p.find(f"{W}pPr/{W}rPr/{W}{tag}") is not None


def resolve(root: etree._Element, *, accept: bool) -> list[str]:
    """The paragraph texts of the body once every change is accepted (or rejected): the
    changes on the losing side are dropped with their words (a paragraph whose mark is
    dropped joins the next one), those on the winning side are unwrapped."""
    root = deepcopy(root)
    drop, keep = ("del", "ins") if accept else ("ins", "del")
    for element in list(root.iter(W + drop)):
        if element.getparent().tag != W + "rPr":
            element.getparent().remove(element)
    for element in list(root.iter(W + keep)):
        parent = element.getparent()
        if parent.tag == W + "rPr":
            continue
        index = parent.index(element)
        for child in list(element):
            parent.insert(index, child)
            index += 1
        parent.remove(element)
    texts: list[str] = []
    carried = ""
    for p in root.find(W + "body").iter(W + "p"):
        text = carried + paragraph_text(p)
        if _mark(p, drop):
            carried = text  # its mark is gone: it runs on into the next paragraph
            continue
        carried = ""
        texts.append(text)
    if carried:
        texts.append(carried)
    return texts


def paragraph_text(p: etree._Element) -> str:
    out = []
    for element in p.iter(W + "t", W + "delText", W + "tab"):
        out.append("\t" if element.tag == W + "tab" else element.text or "")
    return "".join(out)


def expected(paragraphs) -> list[str]:
    """Paragraphs as the export writes them: the marker ("1.", "(a)"), a tab, the text."""
    out = []
    for p in paragraphs:
        marker = "" if p.marker is None else (
            f"{p.marker}.\t" if p.level == 0 else f"({p.marker})\t")
        out.append(marker + p.text)
    return out


def draft_part(texts: list[str], first: str, count: int) -> list[str]:
    """The draft's paragraphs among the document's: `count` of them from the one that
    is `first`."""
    start = texts.index(first)
    return texts[start:start + count]


def changes(root: etree._Element) -> list[etree._Element]:
    return list(root.iter(W + "ins", W + "del"))


# --- a redline of two revisions ----------------------------------------------------------


@pytest.fixture
def revised(session):
    """A draft with Rev.1 (Italy's change of OP2, the Russian Federation's new paragraph
    after OP1, which renumbers OP2 and OP3, and the Chair's edit of PP2) and Rev.2 (the
    United States' deletion of PP1)."""
    demo.load(session)
    draft = open_draft(session, TEXT, symbol="MC.DD/9/26")
    keys = {p.label: p.key for p in drafting.revision_of(session, draft).paragraphs}
    italy = amendments.propose(session, drafter(session, "Italy"), draft,
                               paragraph_key=keys["OP2"], action="modify",
                               text="Tasks the Secretariat to organize a conference in 2027, "
                                    "subject to extra-budgetary contributions;")
    russia = amendments.propose(session, drafter(session, "Russian Federation"), draft,
                                paragraph_key=keys["OP1"], action="insert_after",
                                text="Calls on participating States to protect pipelines;")
    issue_revision(session, CHAIR, draft, incorporate=[italy.id, russia.id],
                   edits=[(keys["PP2"], "Noting with appreciation the work of the Forum,")])
    usa = amendments.propose(session, drafter(session, "United States of America"), draft,
                             paragraph_key=keys["PP1"], action="delete")
    issue_revision(session, CHAIR, draft, incorporate=[usa.id])
    session.flush()
    return draft, keys


def test_accept_all_gives_the_newer_revision_and_reject_all_the_older(session, revised):
    draft, _ = revised
    for older, newer in ((0, 1), (1, 2), (0, 2)):
        data = export_draft(session, draft, "docx", revision=newer, against=older).body
        root = document_xml(data)
        old = expected(drafting.revision_of(session, draft, older).paragraphs)
        new = expected(drafting.revision_of(session, draft, newer).paragraphs)
        accepted, rejected = resolve(root, accept=True), resolve(root, accept=False)
        assert draft_part(accepted, new[0], len(new)) == new
        assert draft_part(rejected, old[0], len(old)) == old
        # one Word paragraph per paragraph: all of them, the deleted ones kept in place
        assert len(accepted) == len(rejected) - len(old) + len(new)


def test_each_change_is_by_its_delegation_at_the_time_of_its_revision(session, revised):
    draft, keys = revised
    rev1, rev2 = (drafting.revision_of(session, draft, n) for n in (1, 2))
    root = document_xml(export_draft(session, draft, "docx", revision=2, against=0).body)
    found = {(e.get(W + "author"), e.get(W + "date")) for e in changes(root)}
    assert found == {("Italy", word_date(rev1.created_at)),
                     ("Russian Federation", word_date(rev1.created_at)),
                     ("Chairmanship", word_date(rev1.created_at)),  # PP2, and renumbering
                     ("United States of America", word_date(rev2.created_at))}
    assert not any(e.get(W + "date").endswith("T00:00:00Z") for e in changes(root))
    ids = [e.get(W + "id") for e in changes(root)]
    assert len(ids) == len(set(ids))
    # the inserted paragraph and the deleted one carry their paragraph marks as tracked
    marks = {(e.tag, e.get(W + "author")) for e in root.iter(W + "ins", W + "del")
             if e.getparent().tag == W + "rPr"}
    assert marks == {(W + "ins", "Russian Federation"), (W + "del", "United States of America")}
    # a deletion keeps its words in w:delText
    assert all(not list(d.iter(W + "t")) for d in root.iter(W + "del"))
    italy = next(e for e in root.iter(W + "ins") if e.get(W + "author") == "Italy")
    assert "".join(t.text for t in italy.iter(W + "t")).strip().startswith("in 2027")


# --- the pending amendments --------------------------------------------------------------


@pytest.fixture
def pending(session):
    """Pending amendments in the order proposed: Italy and the Russian Federation change
    different words of OP2 (both placed), the United States the same words as Italy (a
    comment), Italy inserts after OP1, the Russian Federation deletes PP1 and Belarus then
    changes it (a comment)."""
    demo.load(session)
    draft = open_draft(session, TEXT, symbol="MC.DD/8/26")
    keys = {p.label: p.key for p in drafting.revision_of(session, draft).paragraphs}

    def propose(who, label, action, text=None):
        return amendments.propose(session, drafter(session, who), draft,
                                  paragraph_key=keys[label], action=action, text=text)

    made = [
        propose("Italy", "OP2", "modify", "Tasks the Secretariat to organize a seminar "
                                          "within existing resources;"),
        propose("Russian Federation", "OP2", "modify", "Tasks the Secretariat to organize a "
                                                       "conference within available means;"),
        propose("United States of America", "OP2", "modify", "Tasks the Secretariat to hold "
                                                              "a workshop within existing "
                                                              "resources;"),
        propose("Italy", "OP1", "insert_after", "Calls on participating States to protect "
                                                "pipelines;"),
        propose("Russian Federation", "PP1", "delete"),
        propose("Belarus", "PP1", "modify", "Recalling its commitments on energy security,"),
    ]
    session.flush()
    return draft, made


def applied(paragraphs, chosen: list[Amendment]) -> list[str]:
    texts = [Text(p.key, p.kind, p.level, p.marker, p.text) for p in paragraphs]
    for amendment in chosen:
        texts = apply_amendment(texts, amendment, amendment.paragraph_key)
    return [t.text for t in texts]


def without_markers(texts: list[str]) -> list[str]:
    return [t.split("\t", 1)[-1] for t in texts]


def test_accept_all_applies_every_amendment_placed_and_reject_all_gives_the_text(session,
                                                                                pending):
    draft, made = pending
    current = drafting.revision_of(session, draft).paragraphs
    data = export_draft(session, draft, "docx", amendments=True).body
    root = document_xml(data)
    placed = [made[0], made[1], made[3], made[4]]
    with pytest.raises(Conflict):  # the United States' collides with Italy's, placed first
        apply_amendment([Text("x", "operative", 0, "2", applied(current, placed)[-2])],
                        made[2], "OP2")
    want = applied(current, placed)
    accepted = without_markers(resolve(root, accept=True))
    assert draft_part(accepted, want[0], len(want)) == want
    assert "Tasks the Secretariat to organize a seminar within available means;" in want
    rejected = resolve(root, accept=False)
    assert draft_part(rejected, expected(current)[0], len(current)) == expected(current)


def test_each_placed_amendment_is_by_its_delegation_when_it_was_proposed(session, pending):
    draft, made = pending
    root = document_xml(export_draft(session, draft, "docx", amendments=True).body)
    found = {(e.get(W + "author"), e.get(W + "date")) for e in changes(root)}
    assert found == {(a.delegation.name, word_date(a.created_at))
                     for a in (made[0], made[1], made[3], made[4])}
    by = {}
    for e in changes(root):
        words = "".join(t.text or "" for t in e.iter(W + "t", W + "delText"))
        by.setdefault(e.get(W + "author"), []).append((e.tag[len(W):], words))
    assert ("ins", "seminar") in by["Italy"] and ("del", "conference") in by["Italy"]
    assert ("ins", "available means") in by["Russian Federation"]
    assert ("del", "existing resources") in by["Russian Federation"]
    assert ("ins", "Calls on participating States to protect pipelines;") in by["Italy"]
    marks = {(e.tag, e.get(W + "author")) for e in changes(root) if e.getparent().tag == W + "rPr"}
    assert marks == {(W + "ins", "Italy"), (W + "del", "Russian Federation")}


def test_an_amendment_that_collides_with_one_placed_is_a_comment_on_its_paragraph(session,
                                                                                 pending):
    draft, made = pending
    data = export_draft(session, draft, "docx", amendments=True).body
    root, comments = document_xml(data), comments_xml(data)
    assert comments is not None
    listed = comments.findall(W + "comment")
    # in the order of the paragraphs they are on: PP1, then OP2
    assert [c.get(W + "author") for c in listed] == ["Belarus", "United States of America"]
    texts = ["\n".join(paragraph_text(p) for p in c.iter(W + "p")) for c in listed]
    assert texts[1].startswith(f"Amendment {made[2].id} · OP2 · United States of America\n"
                               "Proposed: “Tasks the Secretariat to hold a workshop")
    assert f"collides with Amendment {made[0].id} · OP2 · Italy" in texts[1]
    assert texts[0].startswith(f"Amendment {made[5].id} · PP1 · Belarus\n"
                               "Proposed: “Recalling its commitments on energy security,”")
    assert [c.get(W + "date") for c in listed] == [
        made[5].created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        made[2].created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")]
    # each comment is anchored on its paragraph: start, end and reference in that paragraph
    for comment, paragraph_start in zip(listed, ("Recalling its earlier", "2.\t"),
                                        strict=True):
        cid = comment.get(W + "id")
        start = root.find(f".//{W}commentRangeStart[@{W}id='{cid}']")
        p = start.getparent()
        assert p.find(f"{W}commentRangeEnd[@{W}id='{cid}']") is not None
        assert p.find(f"{W}r/{W}commentReference[@{W}id='{cid}']") is not None
        assert paragraph_text(p).startswith(paragraph_start)
    # the colliding amendments leave no tracked change behind
    assert not any(e.get(W + "author") in ("United States of America", "Belarus")
                   for e in changes(root))


def test_an_amendment_to_be_rewritten_is_a_comment_with_its_own_base(session):
    demo.load(session)
    draft = open_draft(session, TEXT, symbol="MC.DD/7/26")
    op2 = next(p for p in drafting.revision_of(session, draft).paragraphs if p.label == "OP2")
    italy = amendments.propose(session, drafter(session, "Italy"), draft, paragraph_key=op2.key,
                               action="modify", text=op2.text.replace("conference", "seminar"))
    russia = amendments.propose(session, drafter(session, "Russian Federation"), draft,
                                paragraph_key=op2.key, action="modify",
                                text=op2.text.replace("conference", "forum"))
    issue_revision(session, CHAIR, draft, incorporate=[italy.id])
    session.flush()
    assert russia.status == "needs_rebase"
    data = export_draft(session, draft, "docx", amendments=True).body
    root, comments = document_xml(data), comments_xml(data)
    assert not changes(root)  # nothing is marked on words it was not written on
    [comment] = comments.findall(W + "comment")
    assert comment.get(W + "author") == "Russian Federation"
    text = "\n".join(paragraph_text(p) for p in comment.iter(W + "p"))
    assert text.startswith(f"Amendment {russia.id} · OP2 · Russian Federation\nProposed: "
                           "“Tasks the Secretariat to organize a forum within existing "
                           "resources;”\nNot marked in the text: to be rewritten after "
                           "MC.DD/7/26/Rev.1")
    assert "written against MC.DD/7/26: “Tasks the Secretariat to organize a conference" in text
    current = expected(drafting.revision_of(session, draft).paragraphs)
    for accept in (True, False):
        assert draft_part(resolve(root, accept=accept), current[0], len(current)) == current


def test_the_demo_draft_with_its_pending_amendments(session):
    demo.load(session)
    draft = session.scalar(select(Draft).where(Draft.symbol == demo.ENERGY_DRAFT))
    current = drafting.revision_of(session, draft).paragraphs
    pending = list(session.scalars(select(Amendment).where(
        Amendment.draft_id == draft.id, Amendment.status == "submitted")
        .order_by(Amendment.id)))
    data = export_draft(session, draft, "docx", amendments=True).body
    root = document_xml(data)
    want = applied(current, pending)  # the demo's amendments do not collide
    accepted = without_markers(resolve(root, accept=True))
    assert draft_part(accepted, want[0], len(want)) == want
    rejected = resolve(root, accept=False)
    assert draft_part(rejected, expected(current)[0], len(current)) == expected(current)
    assert {e.get(W + "author") for e in changes(root)} == {
        "Russian Federation", "United States of America", "Italy"}
    assert comments_xml(data) is None


# --- read by tools nobody here wrote -----------------------------------------------------


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        reason = f"{name} missing: scripts/install-system-packages.sh installs it"
        if UNDER_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def _words(text: str) -> str:
    return " ".join(re.sub(r"[*_\\]", "", text).split())


def test_pandoc_accepts_and_rejects_the_changes(tmp_path, session, revised):
    pandoc = _tool("pandoc")
    draft, _ = revised
    source = tmp_path / "redline.docx"
    source.write_bytes(export_draft(session, draft, "docx", revision=2, against=0).body)

    def read(mode: str) -> str:
        return _words(subprocess.run(
            [pandoc, f"--track-changes={mode}", "-t", "plain", "--wrap=none", str(source)],
            check=True, capture_output=True, text=True, timeout=60).stdout)

    accepted, rejected = read("accept"), read("reject")
    for p in drafting.revision_of(session, draft, 2).paragraphs:
        assert _words(p.text) in accepted
    for p in drafting.revision_of(session, draft, 0).paragraphs:
        assert _words(p.text) in rejected
    assert "in 2027" in accepted and "in 2027" not in rejected
    assert "Recalling its earlier" in rejected and "Recalling its earlier" not in accepted
    assert "protect pipelines" in accepted and "protect pipelines" not in rejected


RESOLVE_MACRO = """Sub Resolve(path As String, mode As String, out As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden"
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(path), "_blank", 0, args())
  helper = createUnoService("com.sun.star.frame.DispatchHelper")
  frame = doc.getCurrentController().getFrame()
  If mode = "accept" Then
    helper.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, Array())
  Else
    helper.executeDispatch(frame, ".uno:RejectAllTrackedChanges", "", 0, Array())
  End If
  Dim f(0) As New com.sun.star.beans.PropertyValue
  f(0).Name = "FilterName"
  f(0).Value = "Text (encoded)"
  doc.storeToURL(ConvertToURL(out), f())
  doc.close(True)
End Sub
"""


@pytest.fixture
def libreoffice(tmp_path):
    """LibreOffice's own "Accept All" and "Reject All" (a Basic macro in a profile of the
    test's own), then its plain-text export: path, "accept"|"reject" -> the lines."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        reason = "LibreOffice missing: scripts/install-system-packages.sh installs it"
        if UNDER_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    profile = tmp_path / "profile"
    base = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    blank = tmp_path / "blank.docx"
    blank.write_bytes(b"")
    # a first start creates the profile, whose Standard library then gets the macro
    subprocess.run(base + ["--convert-to", "txt", "--outdir", str(tmp_path / "first"),
                           str(blank)], capture_output=True, timeout=180)
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    assert module.exists()
    module.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC '
        '"-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n<script:module '
        'xmlns:script="http://openoffice.org/2000/script" script:name="Module1" '
        f'script:language="StarBasic">{escape(RESOLVE_MACRO)}</script:module>\n',
        encoding="utf-8")

    def resolve_with(path, mode: str) -> list[str]:
        out = tmp_path / f"{path.stem}-{mode}.txt"
        subprocess.run(base + [f'macro:///Standard.Module1.Resolve("{path}","{mode}",'
                               f'"{out}")'], check=True, capture_output=True, timeout=180)
        return out.read_text(encoding="utf-8-sig").splitlines()

    return resolve_with


def test_libreoffice_accepts_and_rejects_the_changes(tmp_path, session, revised, pending,
                                                     libreoffice):
    draft, _ = revised
    source = tmp_path / "redline.docx"
    source.write_bytes(export_draft(session, draft, "docx", revision=2, against=0).body)
    new = expected(drafting.revision_of(session, draft, 2).paragraphs)
    old = expected(drafting.revision_of(session, draft, 0).paragraphs)
    assert draft_part(libreoffice(source, "accept"), new[0], len(new)) == new
    assert draft_part(libreoffice(source, "reject"), old[0], len(old)) == old

    draft, made = pending
    source = tmp_path / "pending.docx"
    source.write_bytes(export_draft(session, draft, "docx", amendments=True).body)
    current = drafting.revision_of(session, draft).paragraphs
    want = applied(current, [made[0], made[1], made[3], made[4]])
    accepted = without_markers(libreoffice(source, "accept"))
    assert draft_part(accepted, want[0], len(want)) == want
    rejected = libreoffice(source, "reject")
    assert draft_part(rejected, expected(current)[0], len(current)) == expected(current)


# --- any two texts, any amendments (the writer alone, no database) -----------------------

WORDS = ["States", "shall", "should", "the", "energy", "security", "of", "and", "within",
         "resources", "Council", "OSCE", ";", ","]
_texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)


def _source(key: str, number: int, text: str, level: int = 0) -> Source:
    marker = str(number) if level == 0 else "abcdefgh"[number - 1]
    return Source(key, "operative", level, marker, f"OP{number}", text)


def _numbered(items: list[tuple[str, str]]) -> list[Source]:
    return [_source(key, n, text) for n, (key, text) in enumerate(items, start=1)]


def _render(mode: str, tracked: Tracked) -> bytes:
    return render_draft_docx(DraftDocument(
        symbol="PC.DD/1/26", title="Test", enacting_formula="The Council,",
        body_name="Permanent Council", date=date(2026, 1, 1), paragraphs=[], mode=mode,
        tracked=tracked))


def after_formula(texts: list[str]) -> list[str]:
    """The paragraphs after the enacting formula, but for the empty one that closes the
    document after a tracked paragraph mark."""
    found = texts[texts.index("The Council,") + 1:]
    return found[:-1] if found and found[-1] == "" else found


@st.composite
def two_revisions(draw):
    before = [(f"k{i}", draw(_texts)) for i in range(draw(st.integers(1, 6)))]
    after = [(key, draw(st.sampled_from([text, draw(_texts)]))) for key, text in before
             if draw(st.booleans()) or len(before) == 1]
    for n in range(draw(st.integers(0, 3))):
        after.insert(draw(st.integers(0, len(after))), (f"new{n}", draw(_texts)))
    if len(after) > 1 and draw(st.booleans()):  # a paragraph moved
        after.append(after.pop(draw(st.integers(0, len(after) - 2))))
    return _numbered(before), _numbered(after)


@settings(max_examples=150, deadline=None)
@given(two_revisions())
def test_any_redline_accepts_to_the_newer_text_and_rejects_to_the_older(revisions):
    before, after = revisions
    who = Author("Chairmanship", datetime(2026, 1, 2, 10, 30, tzinfo=UTC))
    root = document_xml(_render("against", Tracked(before=before, after=after, default=who)))
    accepted, rejected = resolve(root, accept=True), resolve(root, accept=False)
    assert after_formula(accepted) == expected(after)
    assert after_formula(rejected) == expected(before)
    assert all(e.get(W + "date") == "2026-01-02T10:30:00Z" for e in changes(root))


@st.composite
def amended(draw):
    base = _numbered([(f"k{i}", draw(_texts)) for i in range(draw(st.integers(1, 4)))])
    proposed = []
    for n in range(draw(st.integers(1, 6))):
        target = draw(st.sampled_from(base))
        action = draw(st.sampled_from(["modify", "modify", "insert_after", "delete"]))
        words = target.text.split(" ")
        if action == "modify":  # a word or two replaced, inserted or dropped
            at = draw(st.integers(0, len(words) - 1))
            words[at:at + draw(st.integers(0, 2))] = draw(st.lists(st.sampled_from(WORDS),
                                                                    max_size=2))
        text = None if action == "delete" else (
            " ".join(words) if action == "modify" else draw(_texts))
        who = ["Italy", "Malta", "Russian Federation"][n % 3]
        proposed.append(Proposed(
            id=n + 1, name=f"Amendment {n + 1} · {target.label} · {who}", action=action,
            paragraph_key=target.key, new_key=f"new{n}", base_text=target.text, text=text,
            author=Author(who, datetime(2026, 1, 3, 9, n, tzinfo=UTC)),
            label=target.label + ("bis" if action == "insert_after" else "")))
    return base, proposed


@settings(max_examples=150, deadline=None)
@given(amended())
def test_any_pending_amendments_accept_to_the_ones_placed_and_reject_to_the_text(case):
    base, proposed = case
    texts = [Text(s.key, s.kind, s.level, s.marker, s.text) for s in base]
    placed, aside = [], []
    for p in proposed:  # in the order proposed, each that applies onto those before it
        try:
            texts = apply_amendment(texts, p, p.label)
            placed.append(p)
        except Conflict:
            aside.append(p)
    data = _render("amendments", Tracked(before=base, proposed=proposed))
    root, comments = document_xml(data), comments_xml(data)
    accepted, rejected = resolve(root, accept=True), resolve(root, accept=False)
    assert without_markers(after_formula(accepted)) == [t.text for t in texts]
    assert after_formula(rejected) == expected(base)
    assert {(e.get(W + "author"), e.get(W + "date")) for e in changes(root)} <= {
        (p.author.name, word_date(p.author.at)) for p in placed}
    listed = [] if comments is None else comments.findall(W + "comment")
    assert sorted(c.get(W + "author") for c in listed) == sorted(p.author.name for p in aside)
