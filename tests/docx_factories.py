"""Word documents built for the tests of the .docx import: python-docx for the paragraphs,
lxml edits of numbering.xml for Word's lists (w:num, w:lvlOverride, w:startOverride) as
LibreOffice writes them. No binary fixtures."""

from __future__ import annotations

import io

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

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


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OPERATIVE, LETTERED = 90, 91  # the list definitions (w:abstractNum) the tests add


def element(tag: str, **attributes: str):
    created = etree.Element(f"{{{W_NS}}}{tag}")
    for name, value in attributes.items():
        created.set(f"{{{W_NS}}}{name}", value)
    return created


def child(parent, tag: str, **attributes: str):
    made = element(tag, **attributes)
    parent.append(made)
    return made


def definition(abstract_id: int, formats: list[str]):
    """A w:abstractNum whose level i has formats[i], each starting at 1."""
    abstract = element("abstractNum", abstractNumId=str(abstract_id))
    for ilvl, fmt in enumerate(formats):
        level = child(abstract, "lvl", ilvl=str(ilvl))
        child(level, "start", val="1")
        child(level, "numFmt", val=fmt)
    return abstract


def word_list(num_id: int, abstract_id: int, overrides: dict[int, int] | None = None,
              own_levels: dict[int, tuple[str, int]] | None = None):
    """A w:num of a definition; `overrides` restart levels (w:startOverride), `own_levels`
    replace levels with a w:lvl of their own (format, start)."""
    num = element("num", numId=str(num_id))
    child(num, "abstractNumId", val=str(abstract_id))
    for ilvl, start in (overrides or {}).items():
        child(child(num, "lvlOverride", ilvl=str(ilvl)), "startOverride", val=str(start))
    for ilvl, (fmt, start) in (own_levels or {}).items():
        level = child(child(num, "lvlOverride", ilvl=str(ilvl)), "lvl", ilvl=str(ilvl))
        child(level, "start", val=str(start))
        child(level, "numFmt", val=fmt)
    return num


def numbered_docx(rows: list[tuple[str, int | None, int]], lists: list) -> bytes:
    """A .docx of (text, numId or None, ilvl) paragraphs after HEAD, its numbering.xml
    edited with lxml: the two definitions, then the w:num `lists`."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    first_num = numbering.find(f"{{{W_NS}}}num")
    for abstract in (definition(OPERATIVE, ["decimal", "lowerLetter", "lowerRoman"]),
                     definition(LETTERED, ["lowerLetter", "lowerRoman"])):
        first_num.addprevious(abstract)  # the schema puts definitions before the lists
    for num in lists:
        numbering.append(num)
    for text in HEAD:
        document.add_paragraph(text)
    for text, num_id, ilvl in rows:
        paragraph = document.add_paragraph(text)
        if num_id is not None:
            num_pr = child(paragraph._p.get_or_add_pPr(), "numPr")
            child(num_pr, "ilvl", val=str(ilvl))
            child(num_pr, "numId", val=str(num_id))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
