"""Keyset pagination: a list is read one page at a time, from where the last page ended.

A list is ordered in tiers (the pending amendments before the closed ones; the drafts
still open before the adopted and withdrawn), and within a tier by a sort key (the id;
the tabling time then the id). A page after a place asks each tier for rows past that
key, through an index, and stops at the page's size: the cost of a page does not grow
with the rows before it, as it would with OFFSET, and a row added or closed meanwhile
never makes another appear twice or not at all.

A cursor names a place and a direction. Written out (`encode`) it is an opaque token that
a client hands back; `decode` refuses one that is not this list's, with what to do.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from sqlalchemy import Date, Select, select, tuple_
from sqlalchemy.orm import Session

from drafting.db import MAX_ID, UTCDateTime
from drafting.errors import Invalid

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_CURSOR = 500  # characters: a longer one is none this code wrote


@dataclass(frozen=True)
class Cursor:
    """A place in a list (the tier and the sort key of a row), and whether the page
    wanted is the one before it (`backward`) or after it."""

    tier: int
    key: tuple
    backward: bool = False


@dataclass
class Page(Generic[T]):
    items: list[T]
    next: Cursor | None  # None: this is the last page
    previous: Cursor | None  # None: this is the first page


@dataclass(frozen=True)
class Ordering:
    """How a list is sorted within each tier: `columns` (the last one unique, the id),
    newest first when `descending`; `name` tells one list's cursors from another's."""

    name: str
    columns: tuple
    descending: bool = False

    def key_of(self, row) -> tuple:
        return tuple(getattr(row, column.key) for column in self.columns)

    def after(self, query: Select, key: tuple, backward: bool) -> Select:
        """The rows of `query` past `key` in the direction read, in that order."""
        toward_start = backward != self.descending
        columns = tuple_(*self.columns) if len(self.columns) > 1 else self.columns[0]
        values = tuple_(*key) if len(self.columns) > 1 else key[0]
        return self.ordered(query.where(columns < values if toward_start else columns > values),
                            backward)

    def ordered(self, query: Select, backward: bool) -> Select:
        descending = backward != self.descending
        return query.order_by(*(c.desc() if descending else c.asc() for c in self.columns))


def read_page(session: Session, tiers: Sequence[Select | None], ordering: Ordering,
              limit: int, cursor: Cursor | None = None) -> Page:
    """A page of the rows of `tiers` (each a query of one tier, None for a tier the
    filters leave empty), after or before `cursor`, or the first page."""
    return assemble(_collect(session, tiers, ordering, limit + 1, cursor), limit, ordering,
                    cursor)


def assemble(found: list, limit: int, ordering: Ordering, cursor: Cursor | None) -> Page:
    """The page from up to limit + 1 (tier, row) pairs read in the cursor's direction: the
    one past the limit only says that there is more."""
    backward = cursor is not None and cursor.backward
    more = len(found) > limit
    found = found[:limit]
    if backward:
        found.reverse()
    if not found:
        return Page([], None, None)
    first, last = found[0], found[-1]
    items = [row for _, row in found]
    if backward:
        previous = _place(ordering, first, backward=True) if more else None
        return Page(items, _place(ordering, last), previous)
    return Page(items, _place(ordering, last) if more else None,
                _place(ordering, first, backward=True) if cursor is not None else None)


def _collect(session, tiers, ordering, wanted: int, cursor: Cursor | None) -> list:
    """Up to `wanted` (tier, row) pairs in reading order. Each tier visited is read in two
    queries: the sort keys of its page, from the index alone, then those rows with what
    they load. Sorting whole rows to keep a few would read every row of the tier."""
    backward = cursor is not None and cursor.backward
    order = list(range(len(tiers)))
    if cursor is not None:
        order = order[cursor.tier::-1] if backward else order[cursor.tier:]
    found: list = []
    for tier in order:
        if tiers[tier] is None:
            continue
        keys = _sort_keys(tiers[tier], ordering)
        if cursor is not None and tier == cursor.tier:
            keys = ordering.after(keys, cursor.key, backward)
        else:
            keys = ordering.ordered(keys, backward)
        ids = [row[-1] for row in session.execute(keys.limit(wanted - len(found)))]
        rows = {ordering.key_of(row)[-1]: row for row in
                session.scalars(tiers[tier].where(ordering.columns[-1].in_(ids)))} if ids else {}
        found += [(tier, rows[i]) for i in ids if i in rows]
        if len(found) >= wanted:
            break
    return found


def _sort_keys(query: Select, ordering: Ordering) -> Select:
    keys = select(*ordering.columns)
    return keys if query.whereclause is None else keys.where(query.whereclause)


def _place(ordering: Ordering, found, backward: bool = False) -> Cursor:
    tier, row = found
    return Cursor(tier, ordering.key_of(row), backward)


def check_limit(value: str | None, default: int = DEFAULT_LIMIT) -> int:
    """The page size a request asks for: a whole number from 1 to MAX_LIMIT."""
    if value is None or value == "":
        return default
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value[:6]) <= MAX_LIMIT:
        raise Invalid(f"limit must be a whole number from 1 to {MAX_LIMIT} (the page size; "
                      f"{default} when not given)")
    return int(value)


def check_choices(values: Iterable[str], allowed: Sequence[str], what: str) -> tuple[str, ...]:
    """The values a filter names ("submitted,accepted", or the parameter repeated), or ()
    for no filter; an unknown one is refused, naming those that exist."""
    wanted: list[str] = []
    for value in values:
        for choice in str(value).split(","):
            choice = choice.strip()
            if choice and choice not in wanted:
                wanted.append(choice)
    unknown = [c for c in wanted if c not in allowed]
    if unknown:
        raise Invalid(f"unknown {what} {unknown[0][:40]!r}; use one or more of "
                      f"{', '.join(allowed)}")
    return tuple(wanted)


def encode(cursor: Cursor, ordering: Ordering) -> str:
    key = [v.isoformat() if isinstance(v, date) else v for v in cursor.key]  # datetimes too
    raw = json.dumps([ordering.name, cursor.tier, key, int(cursor.backward)],
                     separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(text: str | None, ordering: Ordering, tiers: int) -> Cursor | None:
    """The cursor a client handed back, or None for the first page; Invalid (422) if it is
    not one this list gave."""
    if text is None or text == "":
        return None
    try:
        name, tier, key, backward = _unpack(text)
        if name != ordering.name or not (isinstance(tier, int) and 0 <= tier < tiers):
            raise ValueError
        return Cursor(tier, _key(ordering, key), bool(backward))
    except (ValueError, TypeError) as exc:
        raise Invalid("the cursor is not one this list gave: follow the next and previous "
                      "links as they are, or leave cursor out to start again") from exc


def _unpack(text: str) -> list:
    if len(text) > MAX_CURSOR:
        raise ValueError
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        unpacked = json.loads(raw)
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError from exc
    if not isinstance(unpacked, list) or len(unpacked) != 4 or unpacked[3] not in (0, 1):
        raise ValueError
    return unpacked


def _key(ordering: Ordering, values) -> tuple:
    if not isinstance(values, list) or len(values) != len(ordering.columns):
        raise ValueError
    return tuple(_value(column, value) for column, value in zip(ordering.columns, values,
                                                                 strict=True))


def _value(column, value):
    # Only values the column could hold: an id past the Integer range would end as a
    # database error (a 500) rather than a page.
    if isinstance(column.type, UTCDateTime):
        parsed = datetime.fromisoformat(value)  # a TypeError if it is no string
        if parsed.tzinfo is None:
            raise ValueError
        return parsed
    if isinstance(column.type, Date):
        return date.fromisoformat(value)  # a TypeError if it is no string
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
        raise ValueError
    return value
