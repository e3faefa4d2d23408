"""Paragraph numbering after a revision: operative paragraphs 1, 2, 3 …, their
sub-paragraphs (a), (b) … and sub-sub-paragraphs (i), (ii) …, counted afresh, so that a
paragraph inserted as OP7bis becomes OP8 and those after it move down."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from string import ascii_lowercase
from typing import TypeVar

T = TypeVar("T", bound="Numbered")
_ROMAN = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


@dataclass(frozen=True)
class Numbered:
    kind: str
    level: int
    marker: str | None


def roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def letter(n: int) -> str:
    """a … z, then aa, bb … (rare, but a long list must not break numbering)."""
    return ascii_lowercase[(n - 1) % 26] * ((n - 1) // 26 + 1)


def renumber(paragraphs: Sequence[T]) -> list[T]:
    """The same paragraphs with their markers counted afresh; the chapeau and the
    preambular paragraphs keep None."""
    counters = [0, 0, 0]
    result = []
    for p in paragraphs:
        if p.kind == "preambular" or (p.level == 0 and p.marker is None):
            result.append(p)
            continue
        counters[p.level] += 1
        counters[p.level + 1:] = [0] * (2 - p.level)
        marker = (str, letter, roman)[p.level](counters[p.level])
        result.append(replace(p, marker=marker))
    return result
