"""The export formats and the one interface they share: render(document) -> bytes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from drafting.errors import DomainError
from exports.build import decision_document
from exports.document import DecisionDocument
from exports.text import render_md, render_txt
from workflow.models import Decision


class UnknownFormat(DomainError):
    code = "unknown_format"
    status = 400


Renderer = Callable[[DecisionDocument], bytes]

DECISION_FORMATS: dict[str, tuple[str, Renderer]] = {
    "txt": ("text/plain; charset=utf-8", lambda doc: render_txt(doc).encode()),
    "md": ("text/markdown; charset=utf-8", lambda doc: render_md(doc).encode()),
}


@dataclass(frozen=True)
class Exported:
    file_name: str  # from the symbol: MC.DEC-7-17.txt
    content_type: str
    body: bytes


def export_decision(session: Session, decision: Decision, fmt: str) -> Exported:
    """The decision with its attachments in `fmt`."""
    if fmt not in DECISION_FORMATS:
        known = ", ".join(DECISION_FORMATS)
        raise UnknownFormat(f"unknown format {fmt!r}; use one of {known}")
    content_type, render = DECISION_FORMATS[fmt]
    body = render(decision_document(session, decision))
    return Exported(file_name(decision.symbol, fmt), content_type, body)


def file_name(symbol: str, fmt: str) -> str:
    """MC.DEC/7/17 as txt -> MC.DEC-7-17.txt"""
    return f"{symbol.replace('/', '-')}.{fmt}"
