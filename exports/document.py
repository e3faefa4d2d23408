"""What an exporter renders: plain values, no database.

`exports.build` turns the stored records into these; every renderer (txt, md, and the
formats to come) reads only these, so a renderer can be tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class DocParagraph:
    kind: str  # "preambular" | "operative"
    level: int  # 0 a paragraph, 1 a sub-paragraph (a), 2 a sub-sub-paragraph (i)
    marker: str | None  # "1", "a", "ii"; None for preambular paragraphs and a chapeau
    text: str  # without its marker


@dataclass(frozen=True)
class DocStatement:
    kind: str  # "interpretative_statement" | "formal_reservation"
    language: str  # the language of this version, e.g. "ENGLISH"
    original_language: str  # e.g. "RUSSIAN"
    delegation: str  # as written in a sentence: "the Russian Federation"
    paragraphs: list[str]
    also_on_behalf_of: list[str] = field(default_factory=list)  # "the Netherlands", "Canada"
    # A statement delivered for a group that is not a participating State (the EU), through
    # the delegation that holds its presidency; `delegation` is then the presidency.
    group: str | None = None  # "the European Union"
    group_role: str | None = None  # "EU Presidency"


@dataclass(frozen=True)
class DecisionDocument:
    symbol: str  # "MC.DEC/7/17"
    number_label: str  # "7/17", or "1048" for the Permanent Council
    meeting_line: str  # "Second day of the Twenty-Fourth Meeting"
    journal_reference: str  # "MC(24) Journal No. 2, Agenda item 7"
    title: str  # as stored; the heading renders it in capitals
    enacting_formula: str  # "The Ministerial Council,"
    paragraphs: list[DocParagraph]
    adopted_on: date
    attachments: list[DocStatement] = field(default_factory=list)
    language: str = "ENGLISH"  # the language of this version
    original_language: str = "ENGLISH"
    # The place and year a Ministerial Council's header block prints ("Vienna 2017"); None
    # for the other bodies, and where no meeting is known (an unannounced silence).
    place_line: str | None = None
    issued_on: date | None = None  # the day the secretariat issued it; None before

    @property
    def body(self) -> str:
        """"MC", "PC", "FSC": the symbol's first part."""
        return self.symbol.split(".", 1)[0]
