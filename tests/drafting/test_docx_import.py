"""Importing a draft from a Word document: typed and automatic numbering, and the refusals
(not a docx, encrypted, zip bomb, external entity) that store nothing."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from sqlalchemy import func, select

from drafting import services as drafting
from drafting.actors import SYSTEM
from drafting.docx_import import docx_to_text
from drafting.errors import Invalid, TooLarge
from drafting.models import Draft
from drafting.structure import parse_draft

HEAD = ["DRAFT DECISION", "ENERGY CO-OPERATION", "The Permanent Council,",
        "Recalling its earlier decisions,"]


def build(paragraphs: list[tuple[str, str | None, int | None]]) -> bytes:
    """A .docx of (text, style, ilvl) paragraphs; ilvl sets Word numbering on list 5
    (the numbering of python-docx's "List Number" style)."""
    document = docx.Document()
    for text, style, ilvl in paragraphs:
        paragraph = document.add_paragraph(text, style=style)
        if ilvl is not None:
            num_pr = OxmlElement("w:numPr")
            level, num = OxmlElement("w:ilvl"), OxmlElement("w:numId")
            level.set(qn("w:val"), str(ilvl))
            num.set(qn("w:val"), "5")
            num_pr.extend([level, num])
            paragraph._p.get_or_add_pPr().append(num_pr)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def structure(text: str) -> list[tuple[str, int, str | None, str]]:
    return [(p.kind, p.level, p.marker, p.text) for p in parse_draft(text).paragraphs]


EXPECTED = [("preambular", 0, None, "Recalling its earlier decisions,"),
            ("operative", 0, "1", "Decides to co-operate;"),
            ("operative", 1, "a", "On grids;"),
            ("operative", 2, "i", "Including storage;"),
            ("operative", 1, "b", "On pipelines;"),
            ("operative", 0, "2", "Decides to remain seized.")]


def test_typed_numbers_stay_as_they_are():
    data = build([(t, None, None) for t in HEAD] + [
        ("1. Decides to co-operate;", None, None), ("(a) On grids;", None, None),
        ("(i) Including storage;", None, None), ("(b) On pipelines;", None, None),
        ("2. Decides to remain seized.", None, None)])
    assert structure(docx_to_text(data)) == EXPECTED
    assert parse_draft(docx_to_text(data)).title == "ENERGY CO-OPERATION"


def test_word_automatic_numbering_becomes_markers():
    # "List Number" numbers through its style's numPr; sub-paragraphs set their level.
    data = build([(t, None, None) for t in HEAD] + [
        ("Decides to co-operate;", "List Number", None), ("On grids;", "List Number", 1),
        ("Including storage;", "List Number", 2), ("On pipelines;", "List Number", 1),
        ("Decides to remain seized.", "List Number", None)])
    text = docx_to_text(data)
    assert "1. Decides to co-operate;" in text and "(a) On grids;" in text
    assert "(i) Including storage;" in text and "(b) On pipelines;" in text
    assert structure(text) == EXPECTED


def test_import_draft_file_tables_a_docx(session):
    data = build([(t, None, None) for t in HEAD] + [
        ("Decides to co-operate;", "List Number", None),
        ("Decides to remain seized.", "List Number", None)])
    draft = drafting.import_draft_file(session, SYSTEM, body="PC", filename="Draft.DOCX",
                                       data=data, symbol="PC.DD/9/26")
    paragraphs = drafting.revision_of(session, draft).paragraphs
    assert draft.title == "ENERGY CO-OPERATION"
    assert [(p.label, p.text) for p in paragraphs] == [
        ("PP1", "Recalling its earlier decisions,"), ("OP1", "Decides to co-operate;"),
        ("OP2", "Decides to remain seized.")]


def test_import_draft_file_reads_utf8_text(session):
    text = "\n\n".join(HEAD[1:]) + "\n\n1. Décide de coopérer.\n"
    draft = drafting.import_draft_file(session, SYSTEM, body="PC", filename="draft.md",
                                       data=text.encode("utf-8"))
    assert [p.text for p in drafting.revision_of(session, draft).paragraphs][-1] == (
        "Décide de coopérer.")


def drafts(session) -> int:
    return session.scalar(select(func.count()).select_from(Draft))


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def with_document_xml(xml: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(build([("x", None, None)])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = xml if item.filename == "word/document.xml" else source.read(item)
            archive.writestr(item.filename, data)
    return buffer.getvalue()


XXE = (b'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM '
       b'"file:///etc/hostname">]>\n<w:document xmlns:w="http://schemas.openxmlformats.org/'
       b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>The Permanent Council,</w:t>'
       b'</w:r></w:p><w:p><w:r><w:t>1. Decides &xxe;</w:t></w:r></w:p></w:body></w:document>')


@pytest.mark.parametrize(("filename", "data", "error", "message"), [
    ("draft.docx", b"1. Decides to remain seized.\n", Invalid, "not a Word document"),
    ("draft.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, Invalid,
     "encrypted or password-protected"),
    ("draft.docx", zip_bomb(), TooLarge, "zip bomb"),
    ("draft.docx", with_document_xml(XXE), Invalid, "declares a DTD"),
    ("draft.txt", "1. Décide.".encode("latin-1"), Invalid, "not UTF-8 text"),
    ("draft.doc", b"\xd0\xcf\x11\xe0", Invalid, "save it as a Word Document (.docx)"),
    ("draft.pdf", b"%PDF-1.7", Invalid, "upload a Word document (.docx) or a text file"),
], ids=["renamed-text", "encrypted", "zip-bomb", "external-entity", "latin-1", "doc", "pdf"])
def test_refused_files_store_nothing(session, filename, data, error, message):
    before = drafts(session)
    with pytest.raises(error) as refused:
        drafting.import_draft_file(session, SYSTEM, body="PC", filename=filename, data=data)
    assert message in refused.value.message
    assert drafts(session) == before


def test_an_external_entity_is_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    xml = XXE.replace(b"file:///etc/hostname", secret.as_uri().encode())
    with pytest.raises(ValueError) as refused:
        docx_to_text(with_document_xml(xml))
    assert "TOP-SECRET-VALUE" not in str(refused.value)
    assert "DTD" in str(refused.value)


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = zip_bomb()
    assert len(bomb) < 1024 * 1024  # small on the wire, 60 MB declared
    with pytest.raises(ValueError, match="zip bomb"):
        docx_to_text(bomb)
