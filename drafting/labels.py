"""Negotiation labels of paragraphs: PP3, OP5, OP5(a), OP5(a)(ii), and the chapeau."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

CHAPEAU_LABEL = "Chapeau"


class Structured(Protocol):
    kind: str
    level: int
    marker: str | None


def labels_for(paragraphs: Iterable[Structured]) -> list[str]:
    """The label of each paragraph, in order (labels depend on what comes before)."""
    labels: list[str] = []
    preambular = 0
    parents: list[str] = []  # the labels of the enclosing paragraphs, by level
    for p in paragraphs:
        if p.kind == "preambular":
            preambular += 1
            labels.append(f"PP{preambular}")
        elif p.marker is None:
            labels.append(CHAPEAU_LABEL)
        else:
            label = f"OP{p.marker}" if p.level == 0 else f"{parents[p.level - 1]}({p.marker})"
            parents[p.level:] = [label]
            labels.append(label)
    return labels


def amendment_label(number: int, paragraph_label: str, delegation: str) -> str:
    """"Amendment 10 · OP3 · Russian Federation": the one name of an amendment, on every
    page, notice and document. The number is its id (its public number in URLs and the
    API); `paragraph_label` is drafting.amendment_labels' choice of revision."""
    return f"Amendment {number} · {paragraph_label} · {delegation}"


def own_marker(level: int, marker: str | None) -> str | None:
    """How a paragraph's number is printed before its text: "3." for OP3, "(a)" for OP3(a)."""
    if marker is None:
        return None
    return f"{marker}." if level == 0 else f"({marker})"


def without_own_marker(text: str, level: int, marker: str | None, paragraph_text: str) -> str:
    """`text` proposed for a paragraph, less the paragraph's own number pasted with it
    ("3. To invite …" for OP3): the number is the paragraph's, not words to insert. Only
    that exact marker goes, and only when the paragraph's own text does not open with it."""
    printed = own_marker(level, marker)
    if printed is None or not text.startswith(printed + " "):
        return text
    if paragraph_text.startswith(printed + " "):
        return text
    return text[len(printed):].lstrip()
