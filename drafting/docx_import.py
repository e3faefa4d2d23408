"""Read an uploaded Word document (.docx) as the plain text that parse_draft reads.

An upload is untrusted: the file is checked before anything is unpacked (size, the OLE
signature of an encrypted or legacy file, the zip), every part is read with a bounded size
(a zip bomb is refused), and XML is parsed with lxml without entity resolution, DTD
loading or network access; a document that declares a DTD (Word never writes one) is
refused.

Each Word paragraph becomes a paragraph of text (separated by blank lines). Numbers typed
by hand stay as they are; Word's automatic numbering (w:numPr in the paragraph or its
style) becomes "1. ", "(a) ", "(i) ", counted as Word counts: per list definition
(abstractNum) and level, so that two lists (w:num) of one definition continue each other,
unless a w:lvlOverride restarts a level (w:startOverride, or a w:lvl of its own with its
w:start), as LibreOffice writes every restarted list. Errors name the Word paragraph
(`WordParagraphs`), its number counted from the top of the document body, empty ones too.
"""

from __future__ import annotations

import bisect
import io
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

from drafting.structure import Locator

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 2_000
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"
DOCUMENT_PART = "word/document.xml"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SKIPPED = {W + "del", W + "moveFrom", W + "txbxContent", W + "instrText", W + "delText",
            "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
_DEFAULT_FORMATS = ("decimal", "lowerLetter", "lowerRoman")
NOT_A_DOCX = ("the file is not a Word document (.docx); save it in Word as \"Word Document "
              "(.docx)\" or upload the text as a .txt file")


class DocxError(ValueError):
    """A refused upload; the message says what to do. `too_large` marks a size refusal."""

    def __init__(self, message: str, *, too_large: bool = False):
        super().__init__(message)
        self.message = message
        self.too_large = too_large


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


def _open(data: bytes) -> zipfile.ZipFile:
    if len(data) > MAX_FILE_BYTES:
        raise DocxError(f"the file has {len(data):,} bytes; a Word document can have at most "
                        f"{MAX_FILE_BYTES // (1024 * 1024)} MB: remove images or upload the "
                        "text as a .txt file", too_large=True)
    if data.startswith(OLE_SIGNATURE):
        raise DocxError("the file is encrypted or password-protected (or an old .doc file); "
                        "save it without a password as a Word document (.docx)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise DocxError(NOT_A_DOCX) from exc
    entries = archive.infolist()
    declared = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ENTRIES or declared > MAX_UNPACKED_BYTES:
        raise DocxError(f"the file unpacks to {declared:,} bytes in {len(entries):,} parts; "
                        f"at most {MAX_UNPACKED_BYTES // (1024 * 1024)} MB: this is not an "
                        "ordinary Word document (a zip bomb?); save the text again in Word",
                        too_large=True)
    if DOCUMENT_PART not in archive.namelist():
        raise DocxError(NOT_A_DOCX)
    return archive


def _part(archive: zipfile.ZipFile, name: str) -> etree._Element | None:
    """A part parsed safely, or None when the document does not have it."""
    try:
        with archive.open(name) as stream:
            # Bounded whatever the zip declares: a lying header cannot unpack more.
            raw = stream.read(MAX_UNPACKED_BYTES + 1)
    except KeyError:
        return None
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError) as exc:
        raise DocxError(f"{NOT_A_DOCX} (its part {name} cannot be unpacked)") from exc
    if len(raw) > MAX_UNPACKED_BYTES:
        raise DocxError("the file unpacks to more than 50 MB: this is not an ordinary Word "
                        "document (a zip bomb?); save the text again in Word", too_large=True)
    try:
        root = etree.fromstring(raw, _parser())
    except etree.XMLSyntaxError as exc:
        raise DocxError(f"{NOT_A_DOCX} (its part {name} is not well-formed XML)") from exc
    if root.getroottree().docinfo.doctype:
        raise DocxError(f"the file's part {name} declares a DTD, which Word never writes; it "
                        "is refused for safety: open the document in Word and save it again")
    return root


def _val(element: etree._Element | None, tag: str) -> str | None:
    child = element.find(W + tag) if element is not None else None
    return child.get(W + "val") if child is not None else None


@dataclass(frozen=True)
class _List:
    """A w:num: the definition it counts in, its levels' (format, start), and the levels
    its overrides restart, with the number each restarts at."""

    counter: str
    levels: dict[int, tuple[str, int]]
    restarts: dict[int, int]


def _level(level: etree._Element) -> tuple[str, int]:
    start = _val(level, "start")
    return _val(level, "numFmt") or "", _int(start) if start else 1


def _list(num: etree._Element, abstract: dict[str, dict[int, tuple[str, int]]]) -> _List:
    abstract_id = _val(num, "abstractNumId") or ""
    levels = dict(abstract.get(abstract_id, {}))
    restarts: dict[int, int] = {}
    for override in num.findall(W + "lvlOverride"):
        ilvl = min(max(_int(override.get(W + "ilvl")), 0), 8)
        own = override.find(W + "lvl")
        if own is not None:  # a whole level of its own: its format, and its start restarts
            fmt, start = _level(own)
            levels[ilvl] = (fmt or levels.get(ilvl, ("", 1))[0], start)
            if _val(own, "start") is not None:
                restarts[ilvl] = start
        start_override = _val(override, "startOverride")
        if start_override is not None:
            restarts[ilvl] = _int(start_override)
    return _List("abstract:" + abstract_id, levels, restarts)


class _Numbering:
    """Word's automatic numbering: the lists of numbering.xml, the numbering of paragraph
    styles, and the counters per list definition and level."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None):
        self.lists: dict[str, _List] = {}
        abstract: dict[str, dict[int, tuple[str, int]]] = {}
        if numbering is not None:
            for definition in numbering.iter(W + "abstractNum"):
                levels = abstract.setdefault(definition.get(W + "abstractNumId") or "", {})
                for level in definition.iter(W + "lvl"):
                    levels[_int(level.get(W + "ilvl"))] = _level(level)
            for num in numbering.iter(W + "num"):
                self.lists[num.get(W + "numId") or ""] = _list(num, abstract)
        self.styles: dict[str, tuple[str | None, str | None, str | None]] = {}
        if styles is not None:
            for style in styles.iter(W + "style"):
                num_pr = style.find(f"{W}pPr/{W}numPr")
                self.styles[style.get(W + "styleId") or ""] = (
                    _val(num_pr, "numId"), _val(num_pr, "ilvl"), _val(style, "basedOn"))
        self.counters: dict[str, list[int | None]] = {}
        self.restarted: set[tuple[str, int]] = set()  # (numId, level) overrides applied

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, str | None]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            num_id, ilvl, based_on = self.styles[style_id]
            if num_id is not None:
                return num_id, ilvl
            style_id = based_on
        return None, None

    def marker(self, properties: etree._Element | None) -> str:
        num_pr = properties.find(W + "numPr") if properties is not None else None
        num_id, ilvl = _val(num_pr, "numId"), _val(num_pr, "ilvl")
        if num_id is None:
            style_num, style_ilvl = self._style_numbering(_val(properties, "pStyle"))
            num_id, ilvl = style_num, ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0":  # numId 0 switches numbering off
            return ""
        level = min(max(_int(ilvl), 0), 8)
        listed = self.lists.get(num_id) or _List("num:" + num_id, {}, {})
        fmt, start = listed.levels.get(level, ("", 1))
        if fmt in ("bullet", "none"):
            return ""
        if fmt not in _DEFAULT_FORMATS:
            fmt = _DEFAULT_FORMATS[min(level, 2)]
        n = self._count(num_id, listed, level, start)
        if fmt == "decimal":
            return f"{n}. "
        if fmt == "lowerLetter":
            return f"({_letters(n)}) "
        return f"({_roman(n)}) "

    def _count(self, num_id: str, listed: _List, level: int, start: int) -> int:
        counters = self.counters.setdefault(listed.counter, [None] * 9)
        if level in listed.restarts and (num_id, level) not in self.restarted:
            # The first paragraph of this list at this level starts it again.
            self.restarted.add((num_id, level))
            counters[level] = listed.restarts[level]
        else:
            current = counters[level]
            counters[level] = start if current is None else current + 1
        counters[level + 1:] = [None] * (8 - level)
        return counters[level] or 0


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _letters(n: int) -> str:
    # Word continues a, …, z, aa, bb …; past z the draft's parser refuses it with a message.
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _paragraph_text(paragraph: etree._Element) -> str:
    parts: list[str] = []

    def walk(element: etree._Element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED or tag == W + "pPr":
                continue  # entities, deleted text, text boxes, field codes
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag == W + "tab":
                parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            else:
                walk(child)

    walk(paragraph)
    return _CONTROL.sub("", "".join(parts))


def _paragraphs(container: etree._Element):
    """The body's paragraphs in order, those of tables and content controls included."""
    for child in container:
        if child.tag == W + "p":
            yield child
        elif child.tag in (W + "tbl", W + "tr", W + "tc", W + "sdt", W + "sdtContent",
                           W + "customXml"):
            yield from _paragraphs(child)


class WordParagraphs(Locator):
    """Names the Word paragraph a line of the text came from: 'Word paragraph 14 ("3. To
    invite …")'."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        self.starts: list[int] = []  # the line of the text each paragraph starts on
        line = 1
        for text in texts:
            self.starts.append(line)
            line += len(_LINE_BREAK.split(text)) + 1  # its lines and the blank line after

    def number(self, line: int) -> int:
        return max(bisect.bisect_right(self.starts, line), 1)

    def short(self, line: int) -> str:
        return f"Word paragraph {self.number(line)}"

    def at(self, line: int) -> str:
        words = self.texts[self.number(line) - 1].split() if self.texts else []
        excerpt = " ".join(words[:8]) + (" …" if len(words) > 8 else "")
        return f"{self.short(line)} (\"{excerpt}\")"


@dataclass(frozen=True)
class WordText:
    text: str  # what parse_draft reads
    locator: WordParagraphs


_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as parse_draft splits lines


def docx_to_text(data: bytes) -> str:
    """The paragraphs of a .docx as plain text, one blank line between paragraphs; raises
    DocxError (a ValueError) with what to do when the file is refused."""
    return read_docx(data).text


def read_docx(data: bytes) -> WordText:
    """The text of a .docx and the names of its Word paragraphs, or DocxError."""
    with _open(data) as archive:
        document = _part(archive, DOCUMENT_PART)
        numbering = _Numbering(_part(archive, "word/numbering.xml"),
                               _part(archive, "word/styles.xml"))
    body = document.find(W + "body") if document is not None else None
    if body is None:
        raise DocxError(NOT_A_DOCX)
    texts = []
    for paragraph in _paragraphs(body):
        text = _paragraph_text(paragraph)
        marker = numbering.marker(paragraph.find(W + "pPr")) if text.strip() else ""
        texts.append(marker + text)
    return WordText("\n\n".join(texts) + "\n", WordParagraphs(texts))
