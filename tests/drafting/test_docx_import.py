"""Importing a draft from a Word document: typed and automatic numbering, and the refusals
(not a docx, encrypted, zip bomb, external entity) that store nothing; Word lists restarted
by overrides, errors naming the Word paragraph, attachments refused with what they are."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from sqlalchemy import func, select

from drafting import services as drafting
from drafting.actors import SYSTEM
from drafting.docx_import import docx_to_text
from drafting.errors import Invalid, TooLarge
from drafting.models import Draft
from drafting.structure import StructureError, parse_draft
from tests.docx_factories import HEAD, LETTERED, OPERATIVE, build, numbered_docx, word_list


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


# --- Word numbering as LibreOffice writes it: w:num, w:lvlOverride, w:startOverride ---------

def test_two_lists_of_one_definition_continue_each_other():
    data = numbered_docx([("Decides to co-operate;", 11, 0), ("Decides to meet;", 11, 0),
                          ("Decides to remain seized.", 12, 0)],
                         [word_list(11, OPERATIVE), word_list(12, OPERATIVE)])
    assert docx_to_text(data).split("\n\n")[len(HEAD):] == [
        "1. Decides to co-operate;", "2. Decides to meet;", "3. Decides to remain seized.\n"]


def test_a_start_override_restarts_each_list_of_sub_paragraphs():
    # LibreOffice: the operative paragraphs in one list, each run of sub-paragraphs in a
    # list of its own over one definition, restarted by w:startOverride.
    data = numbered_docx([
        ("Decides to co-operate:", 11, 0), ("On grids;", 21, 0), ("On pipelines;", 21, 0),
        ("Decides to share:", 11, 0), ("Data;", 22, 0), ("Forecasts;", 22, 0),
        ("Decides to remain seized.", 11, 0)],
        [word_list(11, OPERATIVE), word_list(21, LETTERED, {0: 1}),
         word_list(22, LETTERED, {0: 1})])
    assert structure(docx_to_text(data)) == [
        ("preambular", 0, None, "Recalling its earlier decisions,"),
        ("operative", 0, "1", "Decides to co-operate:"),
        ("operative", 1, "a", "On grids;"), ("operative", 1, "b", "On pipelines;"),
        ("operative", 0, "2", "Decides to share:"),
        ("operative", 1, "a", "Data;"), ("operative", 1, "b", "Forecasts;"),
        ("operative", 0, "3", "Decides to remain seized.")]


def test_without_the_override_word_continues_the_letters_and_the_error_names_the_paragraph(
        session):
    data = numbered_docx([
        ("Decides to co-operate:", 11, 0), ("On grids;", 21, 0),
        ("Decides to share:", 11, 0), ("Data;", 22, 0)],
        [word_list(11, OPERATIVE), word_list(21, LETTERED), word_list(22, LETTERED)])
    assert "(b) Data;" in docx_to_text(data)
    with pytest.raises(Invalid) as refused:
        drafting.import_draft_file(session, SYSTEM, body="PC",
                                   filename="draft.docx", data=data)
    assert refused.value.message == (
        "the draft's structure cannot be read: Word paragraph 8 (\"(b) Data;\"): "
        "sub-paragraph (b) of operative paragraph 2 is its first sub-paragraph; expected (a)")


def test_a_list_started_at_5_by_an_override_is_numbered_from_5(session):
    data = numbered_docx([("Decides to co-operate;", 13, 0), ("Decides to meet;", 13, 0)],
                         [word_list(13, OPERATIVE, {0: 5})])
    assert docx_to_text(data).split("\n\n")[len(HEAD):] == [
        "5. Decides to co-operate;", "6. Decides to meet;\n"]
    with pytest.raises(Invalid) as refused:
        drafting.import_draft_file(session, SYSTEM, body="PC",
                                   filename="draft.docx", data=data)
    assert refused.value.message == (
        "the draft's structure cannot be read: Word paragraph 5 (\"5. Decides to "
        "co-operate;\"): the first operative paragraph is numbered 5; number it 1")


def test_an_override_applies_once_then_the_list_counts_on():
    # The restart is for the list's first paragraph at that level, not for every one.
    data = numbered_docx([("One;", 11, 0), ("Two;", 11, 0), ("Three;", 14, 0),
                          ("Four.", 14, 0)],
                         [word_list(11, OPERATIVE), word_list(14, OPERATIVE, {0: 3})])
    assert [ln.split(" ")[0] for ln in docx_to_text(data).split("\n\n")[len(HEAD):]] == [
        "1.", "2.", "3.", "4."]


def test_a_level_of_its_own_in_an_override_gives_its_format_and_start():
    data = numbered_docx([("Decides to co-operate:", 11, 0), ("On grids;", 15, 0),
                          ("On pipelines;", 15, 0)],
                         [word_list(11, OPERATIVE),
                          word_list(15, OPERATIVE, own_levels={0: ("lowerLetter", 1)})])
    assert docx_to_text(data).split("\n\n")[len(HEAD):] == [
        "1. Decides to co-operate:", "(a) On grids;", "(b) On pipelines;\n"]


# --- errors name the Word paragraph ------------------------------------------------------------


def test_a_structure_error_names_the_word_paragraph_counting_empty_ones_and_line_breaks():
    document = docx.Document()
    for text in HEAD:
        document.add_paragraph(text)
    document.add_paragraph("")  # an empty paragraph counts, as in Word
    document.add_paragraph("1. To welcome the report;").add_run().add_break()  # two lines
    document.add_paragraph("2. To meet again;")
    document.add_paragraph("4. To invite the Partners for Co-operation to share voluntarily "
                           "the commitments.")
    buffer = io.BytesIO()
    document.save(buffer)
    text, locator = drafting.file_source("draft.docx", buffer.getvalue())
    with pytest.raises(StructureError) as refused:
        parse_draft(text, locator=locator)
    assert str(refused.value) == (
        "Word paragraph 8 (\"4. To invite the Partners for Co-operation to …\"): "
        "operative paragraph 4 follows paragraph 2; paragraph 3 is missing")


def test_a_paragraph_given_twice_names_both_word_paragraphs(session):
    data = build([(t, None, None) for t in HEAD] + [
        ("1. To welcome;", None, None), ("2. To meet;", None, None),
        ("2. To meet again;", None, None)])
    with pytest.raises(Invalid) as refused:
        drafting.import_draft_file(session, SYSTEM, body="PC",
                                   filename="draft.docx", data=data)
    assert refused.value.message == (
        "the draft's structure cannot be read: Word paragraph 7 (\"2. To meet again;\"): "
        "operative paragraph 2 appears twice (first at Word paragraph 6); expected "
        "paragraph 3 here")


# --- attachments are refused with what they are, never dropped ---------------------------------


ATTACHED = HEAD + ["1. Decides to remain seized.", "PC.DEC/1400", "8 December 2026",
                   "Attachment 1", "ENGLISH", "Original: RUSSIAN",
                   "INTERPRETATIVE STATEMENT UNDER PARAGRAPH IV.1(A)6 OF THE RULES OF PROCEDURE "
                   "OF THE ORGANIZATION FOR SECURITY AND CO-OPERATION IN EUROPE",
                   "By the delegation of the Russian Federation:",
                   "In joining the consensus, the Russian Federation notes its position.",
                   "PC.DEC/1400", "8 December 2026", "Attachment 2", "ENGLISH only",
                   "FORMAL RESERVATION UNDER PARAGRAPH IV.1(A)6 OF THE RULES OF PROCEDURE",
                   "By the delegation of Armenia (also on behalf of Georgia):",
                   "Armenia reserves its position on paragraph 1."]


def test_a_docx_with_attachments_is_refused_naming_each_by_its_word_paragraph(session):
    before = drafts(session)
    with pytest.raises(Invalid) as refused:
        drafting.import_draft_file(session, SYSTEM, body="PC", filename="draft.docx",
                                   data=build([(t, None, None) for t in ATTACHED]))
    assert refused.value.message == (
        "the text has 2 attachments after the decision: Attachment 1 (Word paragraph 8): an "
        "interpretative statement by the delegation of the Russian Federation, \"In joining "
        "the consensus, the Russian Federation notes …\"; Attachment 2 (Word paragraph "
        "16): a formal reservation by the delegation of Armenia (also on behalf of Georgia), "
        "\"Armenia reserves its position on paragraph 1.\". A draft holds no statements: a "
        "delegation makes its statement when it joins consensus, and it is registered on the "
        "decision's page after adoption. Keep them to register then, remove everything from "
        "Word paragraph 8 on, and import the draft again")
    assert drafts(session) == before
