"""Synthetic but realistic draft decisions for the benchmarks: 30 paragraphs of 300-800
characters in the language of OSCE decisions, a Rev.1 that changes about a third of them
(word edits, inserted clauses, deleted spans), and amendments of single paragraphs.
Seeded, so every run measures the same texts."""

from __future__ import annotations

import random

OPENERS = [
    "Recalling", "Reaffirming", "Welcoming", "Noting with concern", "Decides to",
    "Tasks the Secretariat to", "Calls on participating States to", "Encourages",
    "Requests the Chairmanship to", "Invites the OSCE executive structures to",
]
OBJECTS = [
    "the relevant OSCE commitments", "the Helsinki Final Act", "the Charter of Paris for a "
    "New Europe", "Ministerial Council Decision No. 7/17", "the work of the Office for "
    "Democratic Institutions and Human Rights", "the annual report of the Secretary General",
    "the Vienna Document 2011", "the OSCE Concept for Comprehensive Security",
]
CLAUSES = [
    "in accordance with their national legislation", "within available resources",
    "in close co-operation with the OSCE field operations", "taking into account the gender "
    "perspective", "with a view to strengthening confidence and security", "on a voluntary "
    "basis", "including through the exchange of good practices", "and to report thereon to "
    "the Permanent Council", "while fully respecting human rights and fundamental freedoms",
    "in consultation with civil society and the private sector", "without prejudice to the "
    "mandates of the executive structures", "as appropriate and upon request",
]
SWAPS = {"shall": "should", "Encourages": "Calls upon", "strengthening": "enhancing",
         "annual": "biennial", "relevant": "pertinent", "close": "regular",
         "voluntary": "consensual", "report": "inform", "Welcoming": "Acknowledging"}


def paragraph(rng: random.Random) -> str:
    text = f"{rng.choice(OPENERS)} {rng.choice(OBJECTS)}"
    limit = rng.randint(300, 800)
    while len(text) < limit:
        text += f", {rng.choice(CLAUSES)}"
        if rng.random() < 0.3:
            text += f". It shall consider {rng.choice(OBJECTS)}"
    return text + ";"


def draft(seed: int = 2017, paragraphs: int = 30) -> list[str]:
    rng = random.Random(seed)
    return [paragraph(rng) for _ in range(paragraphs)]


def edit(text: str, rng: random.Random, edits: int) -> str:
    """`text` with `edits` word edits, inserted clauses or deleted spans at random places."""
    words = text.split(" ")
    for _ in range(edits):
        at = rng.randrange(1, len(words) - 1)
        kind = rng.choice(["swap", "insert", "delete"])
        if kind == "swap":
            words[at] = SWAPS.get(words[at], rng.choice(list(SWAPS.values())))
        elif kind == "insert":
            words[at:at] = f"{rng.choice(CLAUSES)},".split(" ")
        elif len(words) > 14:
            del words[at:at + rng.randint(3, 10)]
    return " ".join(words)


def revision(paragraphs: list[str], seed: int = 1) -> list[str]:
    """Rev.1: every third paragraph changed in one to four places."""
    rng = random.Random(seed)
    return [edit(p, rng, rng.randint(1, 4)) if i % 3 == 0 else p
            for i, p in enumerate(paragraphs)]


def amendments(paragraphs: list[str], count: int, seed: int = 7) -> list[tuple[int, str]]:
    """`count` amendments (paragraph index, amended text), each one or two small edits."""
    rng = random.Random(seed)
    chosen = [rng.randrange(len(paragraphs)) for _ in range(count)]
    return [(i, edit(paragraphs[i], rng, rng.randint(1, 2))) for i in chosen]
