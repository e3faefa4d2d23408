"""Full-text search, the pure part: what an index entry holds (its title and text), how a
query typed by a person becomes a query the database cannot misread, and how a snippet
marked by the database becomes text with highlighted ranges.

The database marks the matching words of a snippet with two control characters, MARK_OPEN
and MARK_CLOSE, that no indexed text holds (`clean` replaces them when an entry is
written): they are not HTML, so a snippet is split into plain segments here and escaped
where it is shown, never inserted as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from drafting.errors import Invalid

KINDS = ("draft_revision", "amendment", "decision", "statement", "journal")
KIND_LABELS = {"draft_revision": "Draft", "amendment": "Amendment", "decision": "Decision",
               "statement": "Statement", "journal": "Journal"}
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
MAX_QUERY_CHARS = 200  # the header's search box holds as many
MAX_WORDS = 10
_MARKS = re.compile("[\x02\x03]")
_WORD_CHAR = re.compile(r"[^\W_]")  # a letter or a digit, in any script
_WORD = re.compile(r"[^\W_]+")


def clean(text: str | None) -> str:
    """Text as an entry stores it: without the characters that mark a snippet."""
    return _MARKS.sub(" ", text or "")


def paragraphs_text(paragraphs: Iterable[tuple[str, str]]) -> str:
    """A revision's paragraphs, one a line, each after its label: "OP1 Encourages …"."""
    return "\n".join(f"{label} {text}" for label, text in paragraphs)


def delegations_value(ids: Iterable[int | None]) -> str:
    """The delegations an entry concerns, as the entry stores them: "|3|17|" (or "")."""
    unique = sorted({i for i in ids if i is not None})
    return f"|{'|'.join(map(str, unique))}|" if unique else ""


def delegation_pattern(delegation_id: int) -> str:
    """What `delegations_value` holds when it names this delegation."""
    return f"|{delegation_id}|"


@dataclass(frozen=True)
class Query:
    """The words of a query, each a run of text between spaces that holds a letter or a
    digit; `prefix`: the last word is still being typed (the query does not end in a
    space), so it matches the words it begins too."""

    words: tuple[str, ...]
    prefix: bool


def parse_query(text: str) -> Query:
    """A query typed in the search box; Invalid (422) naming the limit it passes."""
    if len(text) > MAX_QUERY_CHARS:
        raise Invalid(f"the search has {len(text):,} characters; at most "
                      f"{MAX_QUERY_CHARS} (a few words)")
    words = tuple(w for w in text.split() if _WORD_CHAR.search(w))
    if not words:
        raise Invalid("give a word to search for (letters or digits)")
    if len(words) > MAX_WORDS:
        raise Invalid(f"the search has {len(words)} words; at most {MAX_WORDS}")
    return Query(words, prefix=not text[-1].isspace())


def fts5_match(query: Query) -> str:
    """The query in SQLite FTS5's syntax: every word a quoted string (its own quotes
    doubled), so nothing typed is read as an operator (NEAR, OR, -, *, column:); all must
    match, the last as a prefix while it is being typed."""
    quoted = ['"' + w.replace('"', '""') + '"' for w in query.words]
    if query.prefix:
        quoted[-1] += "*"
    return " ".join(quoted)


def pg_terms(query: Query) -> tuple[str, str]:
    """The query for PostgreSQL: the words for plainto_tsquery (which reads no operators),
    and the last word as a to_tsquery prefix term ("'traff':*"), or "" when it is not
    being typed or is not a plain run of letters and digits (then it stays with the rest)."""
    words = list(query.words)
    if query.prefix and _WORD.fullmatch(words[-1]):
        last = words.pop()
        return " ".join(words), f"'{last}':*"
    return " ".join(words), ""


def segments(marked: str | None) -> list[tuple[str, bool]]:
    """A snippet split into (text, highlighted) segments at the database's marks."""
    found: list[tuple[str, bool]] = []
    highlighted = False
    for part in re.split("([\x02\x03])", marked or ""):
        if part in (MARK_OPEN, MARK_CLOSE):
            highlighted = part == MARK_OPEN
        elif part:
            found.append((part, highlighted))
    return found


def text_and_ranges(parts: list[tuple[str, bool]]) -> dict:
    """Segments as the API gives them: the plain text and the [start, end) offsets (in
    characters) of each highlighted word."""
    text, ranges, at = [], [], 0
    for part, highlighted in parts:
        if highlighted:
            ranges.append([at, at + len(part)])
        text.append(part)
        at += len(part)
    return {"text": "".join(text), "highlights": ranges}
