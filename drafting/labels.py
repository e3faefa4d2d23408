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
