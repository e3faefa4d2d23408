"""The export formats and the one interface they share: render(document) -> bytes."""

from __future__ import annotations

from collections.abc import Callable

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


def export_decision(session: Session, decision: Decision, fmt: str) -> tuple[str, bytes]:
    """The decision with its attachments in `fmt`: (content type, bytes)."""
    if fmt not in DECISION_FORMATS:
        known = ", ".join(DECISION_FORMATS)
        raise UnknownFormat(f"unknown format {fmt!r}; use one of {known}")
    content_type, render = DECISION_FORMATS[fmt]
    return content_type, render(decision_document(session, decision))


def file_name(symbol: str, fmt: str) -> str:
    """MC.DEC/7/17 as txt -> MC.DEC-7-17.txt"""
    return f"{symbol.replace('/', '-')}.{fmt}"
