"""Routes whose ids can always name a row: the `{id:id}` path convertor.

Starlette's `{id:int}` takes any run of digits: a 5,000-digit number overflows Python's
int-from-string limit (a 500), and one past the column's range overflows the database
(SQLite at 2**63, PostgreSQL at 2**31). `{id:id}` matches only 0 … MAX_ID, so any other
number is a path that names nothing and the router answers 404 before a handler runs.

Import `Route` from here: doing so registers the convertor before any path is compiled.
"""

from __future__ import annotations

from starlette.convertors import Convertor, register_url_convertor
from starlette.routing import Route

from drafting.db import MAX_ID

__all__ = ["Route", "numbers_up_to"]


def numbers_up_to(limit: int) -> str:
    """A regular expression matching exactly the decimal numbers 0 … `limit`, written
    without leading zeros: a regex cannot compare values, so spell out the digits."""
    digits = str(limit)
    width = len(digits)
    alternatives = ["0"]
    if width > 1:  # every number with fewer digits than the limit
        alternatives.append(f"[1-9][0-9]{{0,{width - 2}}}")
    for i, digit in enumerate(map(int, digits)):
        # The limit's first i digits, then a smaller digit, then any digits.
        lowest = 1 if i == 0 else 0
        if digit > lowest:
            alternatives.append(f"{digits[:i]}[{lowest}-{digit - 1}][0-9]{{{width - i - 1}}}")
    alternatives.append(digits)
    return "(?:" + "|".join(alternatives) + ")"


class IdConvertor(Convertor[int]):
    """An id or a revision number: a whole number an Integer column can hold."""

    regex = numbers_up_to(MAX_ID)

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        value = int(value)
        assert 0 <= value <= MAX_ID, f"{value} is no id"
        return str(value)


register_url_convertor("id", IdConvertor())
