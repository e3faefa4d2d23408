"""Recognise the structure of a draft decision given as plain text or Markdown.

The layout follows an issued OSCE decision (see the domain notes): header lines
(meeting, journal, "DECISION No. 7/17", symbols, languages), the title, the enacting
formula ("The Ministerial Council,"), unnumbered preambular paragraphs, numbered
operative paragraphs with sub-paragraphs (a), (b) and sub-sub-paragraphs (i), (ii),
and a footer (symbol, date, "Attachment"). Anything the parser cannot place with
certainty is refused with the line to fix, never guessed: a silently mis-numbered
paragraph would become the label (OP5, PP3) that delegations negotiate on. What follows an
"Attachment" footer (the statements of an issued decision) is returned as attachments,
never dropped: the use case decides what to do with them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

MAX_CHARS = 1_000_000
MAX_ATTACHMENTS_NAMED = 10  # a refusal names these many, then counts the rest

_LANG = r"(?:ENGLISH|FRENCH|GERMAN|ITALIAN|RUSSIAN|SPANISH)"
_MONTH = ("(?:January|February|March|April|May|June|July|August|September|October|November"
          "|December)")
_SYMBOL = r"[A-Z]{2,5}\.[A-Z]{2,5}/\d+(?:/\d+)?(?:/(?:Rev|Corr|Add)\.\d+)*"
_DATE = rf"\d{{1,2}} {_MONTH} \d{{4}}"
_HEADER = re.compile("|".join([
    r"[A-Z][a-z-]+ day of the [A-Z][\w-]*(?: [A-Z][\w-]*)? Meeting(?: of .+)?",
    r"\d+(?:st|nd|rd|th) (?:[A-Z][a-z]+ )?Meeting",
    r"[A-Z]+(?:\(\d+\))? Journal No\. \d+(?:, Agenda item .+)?",
    r"(?:DRAFT )?DECISION(?: No\. \d+(?:/\d+)?)?",
    _SYMBOL,
    _DATE,
    rf"(?:Original: )?{_LANG}(?: only)?(?: / Original: {_LANG})?",
]))
_FOOTER = re.compile(rf"{_SYMBOL}|{_DATE}|(?P<attachment>Attachment(?: \d+)?)|Annex(?: \d+)?")
_ATTACHMENT = re.compile(r"Attachment(?: \d+)?")
_AUTHOR = re.compile(r"(?:By the|The) delegations? of ")
# "The Ministerial Council," and any "The <Capitalised Words>," such as
# "The Forum for Security Co-operation," (small linking words allowed inside).
_FORMULA = re.compile(r"The [A-Z][\w’'-]*(?: (?:(?:for|of|and|on|in|the) )*[A-Z][\w’'-]*){0,6},")
_NUMBER = re.compile(r"(\d+)\.(?: (.*)|$)")
_ROMAN = r"(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})"  # (i) … (xxxix)
_PAREN = re.compile(rf"\(([a-z]|{_ROMAN})\)(?: (.*)|$)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DECORATION_START = re.compile(r"#{1,6}(?: |$)|[-*+] ")
# *word* or _two words_ on one line; the inner text never crosses its delimiter, which
# keeps the match linear on lines full of stray asterisks.
_ITALIC = re.compile(r"(?<![\w*_])(?:\*([^\s*](?:[^*]*[^\s*])?)\*|_([^\s_](?:[^_]*[^\s_])?)_)"
                     r"(?![\w*_])")


@dataclass(frozen=True)
class ParsedParagraph:
    kind: str  # "preambular" | "operative"
    level: int  # 0 paragraph, 1 sub-paragraph "(a)", 2 sub-sub-paragraph "(i)"
    marker: str | None  # "1", "a", "ii"; None for preambular paragraphs and a chapeau
    text: str  # without its marker, whitespace collapsed
    line: int  # 1-based line where the paragraph starts


@dataclass(frozen=True)
class ParsedAttachment:
    """A block below the decision headed "Attachment" or "Attachment N": a statement."""

    heading: str  # "Attachment", "Attachment 2"
    line: int  # the heading's line
    lines: tuple[str, ...]  # its non-blank lines below the heading, cleaned

    @property
    def summary(self) -> str:
        """What it is and by whom, as far as its own words say: "an interpretative
        statement by the delegation of the Russian Federation"."""
        words = " ".join(self.lines)
        kind = ("an interpretative statement" if "INTERPRETATIVE STATEMENT" in words
                else "a formal reservation" if "FORMAL RESERVATION" in words else "a text")
        author = next((i for i, ln in enumerate(self.lines) if _AUTHOR.match(ln)), None)
        if author is None:
            return f"{kind} {_excerpt(words)}" if words else kind
        # "By the delegation of …:" or "The delegation of …, who delivered …:"
        who = self.lines[author].rstrip(":").removeprefix("By ")
        by = f"by {who[0].lower()}{who[1:]}"
        opening = " ".join(self.lines[author + 1:]).lstrip("“\"")
        return f"{kind} {by}" + (f", {_excerpt(opening)}" if opening else "")


@dataclass(frozen=True)
class ParsedDraft:
    title: str | None
    enacting_formula: str | None
    paragraphs: tuple[ParsedParagraph, ...]
    attachments: tuple[ParsedAttachment, ...] = ()


class Locator:
    """Names a place of the text in messages: its line. An imported Word document names its
    paragraphs instead (drafting/docx_import.py)."""

    def at(self, line: int) -> str:
        """The place an error is at."""
        return f"line {line}"

    def short(self, line: int) -> str:
        """Another place, named inside a message."""
        return f"line {line}"


LINES = Locator()


class StructureError(ValueError):
    def __init__(self, line: int | None, message: str, *, where: str | None = None):
        self.line = line
        self.message = message
        self.where = where or (None if line is None else f"line {line}")
        super().__init__(message if self.where is None else f"{self.where}: {message}")


@dataclass(frozen=True)
class _Line:
    number: int
    text: str  # decorations stripped, whitespace collapsed
    item: bool  # started with a Markdown list/heading marker: always a new paragraph


@dataclass
class _Block:
    line: int
    marker: str | None  # "12" or a bracketed token "a"/"ii" (letter or roman decided later)
    numbered: bool
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


@dataclass
class _State:
    op: int = 0  # number of the current operative paragraph, 0 before the first
    op_lines: dict[int, int] = field(default_factory=dict)
    locator: Locator = LINES
    letter: str | None = None  # current (a), (b) … of the current operative paragraph
    roman: str | None = None  # current (i), (ii) … of the current sub-paragraph


def parse_draft(text: str, *, locator: Locator = LINES) -> ParsedDraft:
    """The draft's structure; a StructureError names the place to fix as `locator` does."""
    try:
        return _parse(text, locator)
    except StructureError as exc:
        if exc.line is None or locator is LINES:
            raise
        raise StructureError(exc.line, exc.message, where=locator.at(exc.line)) from None


def _parse(text: str, locator: Locator) -> ParsedDraft:
    lines = _split_lines(text)
    start = _skip_header(lines)
    formula_at = _find_formula(lines, start)
    title = formula = None
    if formula_at is not None:
        title = " ".join(ln.text for ln in lines[start:formula_at] if ln.text) or None
        formula = lines[formula_at].text
        start = formula_at + 1
    blocks, attached_at = _blocks(lines[start:], locator)
    if not blocks:
        raise StructureError(None, "no paragraphs found: write the preambular and operative "
                                   "paragraphs after the enacting formula (e.g. \"The Permanent "
                                   "Council,\"), separated by blank lines or numbered 1., 2. …")
    attachments = () if attached_at is None else _attachments(lines[start + attached_at:])
    return ParsedDraft(title, formula, _classify(blocks, locator), attachments)


def describe_attachments(attachments: Sequence[ParsedAttachment],
                         locator: Locator = LINES) -> str:
    """What was found below the decision, each by its place (the first few), for a refusal."""
    found = "; ".join(f"{a.heading} ({locator.short(a.line)}): {a.summary}"
                      for a in attachments[:MAX_ATTACHMENTS_NAMED])
    if len(attachments) > MAX_ATTACHMENTS_NAMED:
        found += f"; and {len(attachments) - MAX_ATTACHMENTS_NAMED} more"
    return (f"the text has {_count(len(attachments), 'attachment')} after the decision: {found}"
            f". A draft holds no statements: a delegation makes its statement when it joins "
            f"consensus, and it is registered on the decision's page after adoption. Keep "
            f"{'them' if len(attachments) > 1 else 'it'} to register then, remove everything "
            f"from {locator.short(attachments[0].line)} on, and import the draft again")


def _count(n: int, noun: str) -> str:
    return f"an {noun}" if n == 1 else f"{n} {noun}s"


# --- lines -------------------------------------------------------------------------------


def _split_lines(text: str) -> list[_Line]:
    if len(text) > MAX_CHARS:
        raise StructureError(None, f"the text is too long ({len(text):,} characters; "
                                   f"at most {MAX_CHARS:,})")
    raw = re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))
    for number, line in enumerate(raw, 1):
        bad = _CONTROL.search(line)
        if bad:
            raise StructureError(number, f"the text contains the control character "
                                         f"U+{ord(bad.group()):04X} at column {bad.start() + 1}; "
                                         "remove it")
    return [_clean(number, line) for number, line in enumerate(raw, 1)]


def _clean(number: int, line: str) -> _Line:
    if not line or line.isspace():
        return _Line(number, "", False)
    # Tabs, non-breaking and other Unicode spaces all count as one plain space.
    line = " ".join(line.split()).removesuffix("\\").rstrip()
    item = False
    while decoration := _DECORATION_START.match(line):  # "- ## x": both markers go
        line, item = line[decoration.end():], True
    line = line.replace("**", "").replace("__", "")
    line = _ITALIC.sub(lambda italic: italic.group(1) or italic.group(2), line)
    return _Line(number, " ".join(line.split()), item)


def _skip_header(lines: list[_Line]) -> int:
    index = 0
    while index < len(lines) and (not lines[index].text or _HEADER.fullmatch(lines[index].text)):
        index += 1
    return index


def _find_formula(lines: list[_Line], start: int) -> int | None:
    # Only before the first numbered line: the formula precedes every paragraph. It opens
    # its own paragraph or directly follows a title in capitals, so a wrapped line such as
    # "The Hague Recommendations," inside a paragraph is not taken for it.
    lower_above = False  # the paragraph so far has lower-case text
    for index in range(start, len(lines)):
        text = lines[index].text
        if _FORMULA.fullmatch(text) and not lower_above:
            return index
        if _NUMBER.match(text) or _PAREN.match(text) or _FOOTER.fullmatch(text):
            return None
        lower_above = bool(text) and (lower_above or any(char.islower() for char in text))
    return None


# --- paragraphs ----------------------------------------------------------------------------


def _blocks(lines: list[_Line], locator: Locator) -> tuple[list[_Block], int | None]:
    """The decision's paragraphs, and the index of the "Attachment" line that ends it."""
    blocks: list[_Block] = []
    current: _Block | None = None
    footer: _Line | None = None
    for index, line in enumerate(lines):
        if not line.text:
            current = None
        elif footer is not None or _FOOTER.fullmatch(line.text):
            footer = footer or line
            if _ends_decision(line, footer, locator):
                return blocks, index
            current = None
        elif current is None or line.item or _NUMBER.match(line.text) or _PAREN.match(line.text):
            current = _start_block(line)
            blocks.append(current)
        else:
            current.parts.append(line.text)  # a hard-wrapped continuation line
    return blocks, None


def _ends_decision(line: _Line, footer: _Line, locator: Locator) -> bool:
    # The statements attached after "Attachment" are not part of the decision (they are
    # returned as attachments); any other text below the footer is refused.
    match = _FOOTER.fullmatch(line.text)
    if match is None:
        raise StructureError(line.number, f"text after the footer line \"{footer.text}\" "
                                          f"({locator.short(footer.number)}): "
                                          f"{_excerpt(line.text)} (move it above the footer or "
                                          "remove it)")
    return match.group("attachment") is not None


def _attachments(lines: list[_Line]) -> tuple[ParsedAttachment, ...]:
    """The blocks from the "Attachment" line on; each "Attachment N" line starts one, and
    the symbol and date above it (its page's heading) belong to no statement."""
    found: list[tuple[_Line, list[str]]] = []
    for line in lines:
        if _ATTACHMENT.fullmatch(line.text):
            if found:
                body = found[-1][1]
                while body and _FOOTER.fullmatch(body[-1]):
                    body.pop()
            found.append((line, []))
        elif line.text:
            found[-1][1].append(line.text)
    return tuple(ParsedAttachment(heading.text, heading.number, tuple(body))
                 for heading, body in found if body)


def _start_block(line: _Line) -> _Block:
    if number := _NUMBER.match(line.text):
        return _Block(line.number, str(int(number.group(1))), True, [number.group(2) or ""])
    if paren := _PAREN.match(line.text):
        return _Block(line.number, paren.group(1), False, [paren.group(2) or ""])
    return _Block(line.number, None, False, [line.text])


def _classify(blocks: list[_Block], locator: Locator) -> tuple[ParsedParagraph, ...]:
    state = _State(locator=locator)
    result = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.numbered:
            result.append(_operative(block, state))
        elif block.marker is not None:
            result.append(_sub_paragraph(block, following, state))
        else:
            result.append(_unnumbered(block, following, state))
        if not block.text:  # only a marker line such as "3." can be empty
            raise StructureError(block.line, f"{_name(result[-1], state)} has no text; "
                                             "write it after the marker or remove the marker")
    return tuple(result)


def _unnumbered(block: _Block, following: _Block | None, state: _State) -> ParsedParagraph:
    if state.op:
        raise StructureError(block.line, f"unnumbered text after operative paragraph {state.op}: "
                                         f"{_excerpt(block.text)} (number it or join it to the "
                                         "paragraph above)")
    # "Decides:" directly above "1." introduces the operative part: it is its chapeau.
    chapeau = block.text.endswith(":") and following is not None and following.numbered
    return ParsedParagraph("operative" if chapeau else "preambular", 0, None, block.text,
                           block.line)


def _operative(block: _Block, state: _State) -> ParsedParagraph:
    number = int(block.marker or 0)
    _check_number(number, block.line, state)
    state.op, state.letter, state.roman = number, None, None
    state.op_lines[number] = block.line
    return ParsedParagraph("operative", 0, block.marker, block.text, block.line)


def _check_number(number: int, line: int, state: _State) -> None:
    expected = state.op + 1
    if number == expected:
        return
    if state.op == 0:
        message = f"the first operative paragraph is numbered {number}; number it 1"
    elif number in state.op_lines:
        message = (f"operative paragraph {number} appears twice (first at "
                   f"{state.locator.short(state.op_lines[number])}); expected paragraph "
                   f"{expected} here")
    elif number > expected:
        missing = (f"paragraph {expected} is missing" if number == expected + 1
                   else f"paragraphs {expected} to {number - 1} are missing")
        message = f"operative paragraph {number} follows paragraph {state.op}; {missing}"
    else:
        message = (f"operative paragraph {number} follows paragraph {state.op}; "
                   f"expected paragraph {expected}")
    raise StructureError(line, message)


def _sub_paragraph(block: _Block, following: _Block | None, state: _State) -> ParsedParagraph:
    token = block.marker or ""
    if _is_roman(token, following, state):
        _check_roman(token, block.line, state)
        state.roman = token
        level = 2
    else:
        _check_letter(token, block.line, state)
        state.letter, state.roman = token, None
        level = 1
    return ParsedParagraph("operative", level, token, block.text, block.line)


def _is_roman(token: str, following: _Block | None, state: _State) -> bool:
    if len(token) > 1:
        return True  # "ii", "iv", "xii": only ever roman
    if token not in "ivx" or state.letter is None:
        return False
    if token == _next_letter(state.letter):
        # (h) then (i) is the ninth letter, unless (ii) follows and shows a roman list;
        # likewise (u) (v) (vi) and (w) (x) (xi).
        return following is not None and following.marker == _next_roman(token)
    return token == "i" or state.roman is not None


def _check_letter(token: str, line: int, state: _State) -> None:
    if not state.op:
        raise StructureError(line, f"sub-paragraph ({token}) comes before any operative "
                                   "paragraph; put it under a numbered paragraph")
    expected = "a" if state.letter is None else _next_letter(state.letter)
    if token == expected:
        return
    if not expected:
        raise StructureError(line, f"operative paragraph {state.op} has more than 26 "
                                   "sub-paragraphs; split it into several paragraphs")
    where = f"follows ({state.letter})" if state.letter else "is its first sub-paragraph"
    hint = (f"; a sub-sub-paragraph ({token}) needs a sub-paragraph (a) above it"
            if token in "ivx" and state.letter is None else "")
    raise StructureError(line, f"sub-paragraph ({token}) of operative paragraph {state.op} "
                               f"{where}; expected ({expected}){hint}")


def _check_roman(token: str, line: int, state: _State) -> None:
    if state.letter is None:
        owner = (f"of operative paragraph {state.op}" if state.op
                 else "before any operative paragraph")
        raise StructureError(line, f"sub-sub-paragraph ({token}) {owner} has no sub-paragraph "
                                   "(a), (b) … to belong to; put it under a lettered sub-paragraph")
    expected = "i" if state.roman is None else _next_roman(state.roman)
    if not expected:
        raise StructureError(line, f"sub-paragraph ({state.letter}) of operative paragraph "
                                   f"{state.op} has more than 39 sub-sub-paragraphs; split it")
    if token != expected:
        where = f"follows ({state.roman})" if state.roman else "is its first sub-sub-paragraph"
        raise StructureError(line, f"sub-sub-paragraph ({token}) of operative paragraph "
                                   f"{state.op}({state.letter}) {where}; expected ({expected})")


# --- helpers -----------------------------------------------------------------------------

_UNITS = ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")
_ROMANS = [tens + unit for tens in ("", "x", "xx", "xxx") for unit in _UNITS][1:]


def _next_roman(roman: str) -> str:
    index = _ROMANS.index(roman) + 1
    return _ROMANS[index] if index < len(_ROMANS) else ""


def _next_letter(letter: str) -> str:
    return chr(ord(letter) + 1) if letter < "z" else ""


def _name(paragraph: ParsedParagraph, state: _State) -> str:
    if paragraph.level == 0:
        return f"operative paragraph {paragraph.marker}"
    if paragraph.level == 1:
        return f"sub-paragraph ({paragraph.marker}) of operative paragraph {state.op}"
    return (f"sub-sub-paragraph ({paragraph.marker}) of operative paragraph "
            f"{state.op}({state.letter})")


def _excerpt(text: str, words: int = 8) -> str:
    parts = text.split()
    return "\"" + " ".join(parts[:words]) + (" …" if len(parts) > words else "") + "\""
