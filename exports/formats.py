"""The export formats and the one interface they share: render(document) -> bytes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from drafting import audit
from drafting.actors import SYSTEM, Actor
from drafting.errors import DomainError, Invalid
from drafting.models import Draft
from drafting.services import revision_of
from exports import docx, html, wording
from exports.build import decision_document, draft_document, journal_document
from exports.document import DecisionDocument
from exports.draft_document import DraftDocument
from exports.draft_text import render_draft_md, render_draft_txt
from exports.journal import JournalDocument, render_journal_md, render_journal_txt
from exports.text import render_md, render_txt
from workflow.models import Decision, Journal


class UnknownFormat(DomainError):
    code = "unknown_format"
    status = 400


Renderer = Callable[[DecisionDocument], bytes]

HTML = "text/html; charset=utf-8"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _pdf(name: str) -> Callable:
    """A PDF renderer imported only when used: without WeasyPrint's system libraries the
    other formats keep working, and a PDF request says what to install."""
    def render(doc) -> bytes:
        from exports import pdf

        return getattr(pdf, name)(doc)

    return render


DECISION_FORMATS: dict[str, tuple[str, Renderer]] = {
    "txt": ("text/plain; charset=utf-8", lambda doc: render_txt(doc).encode()),
    "md": ("text/markdown; charset=utf-8", lambda doc: render_md(doc).encode()),
    "html": (HTML, html.render_decision_html),
    "pdf": (PDF, _pdf("render_decision_pdf")),
    "docx": (DOCX, docx.render_decision_docx),
}

JOURNAL_FORMATS: dict[str, tuple[str, Callable[[JournalDocument], bytes]]] = {
    "txt": ("text/plain; charset=utf-8", lambda doc: render_journal_txt(doc).encode()),
    "md": ("text/markdown; charset=utf-8", lambda doc: render_journal_md(doc).encode()),
    "html": (HTML, html.render_journal_html),
    "pdf": (PDF, _pdf("render_journal_pdf")),
    "docx": (DOCX, docx.render_journal_docx),
}

DRAFT_FORMATS: dict[str, tuple[str, Callable[[DraftDocument], bytes]]] = {
    "txt": ("text/plain; charset=utf-8", lambda doc: render_draft_txt(doc).encode()),
    "md": ("text/markdown; charset=utf-8", lambda doc: render_draft_md(doc).encode()),
    "html": (HTML, html.render_draft_html),
    "pdf": (PDF, _pdf("render_draft_pdf")),
    "docx": (DOCX, docx.render_draft_docx),
}


@dataclass(frozen=True)
class Exported:
    file_name: str  # from the symbol: MC.DEC-7-17.txt
    content_type: str
    body: bytes


# Formats that read more than the document (Akoma Ntoso carries the workflow steps).
DECISION_FROM_RECORDS: dict[str, tuple[str, Callable[[Session, Decision], bytes]]] = {
    "akn": ("application/akn+xml", lambda session, decision: _akn(session, decision)),
}


def _akn(session: Session, decision: Decision) -> bytes:
    from exports.akn import render_decision_akn_from_db

    return render_decision_akn_from_db(session, decision)


def export_decision(session: Session, decision: Decision, fmt: str,
                    actor: Actor = SYSTEM) -> Exported:
    """The decision with its attachments in `fmt` (an event of the audit trail)."""
    if fmt in DECISION_FROM_RECORDS:
        content_type, render_records = DECISION_FROM_RECORDS[fmt]
        body = render_records(session, decision)
    else:
        content_type, render = _known(DECISION_FORMATS | DECISION_FROM_RECORDS, fmt)
        body = render(decision_document(session, decision))
    audit.record(session, actor, "decision:export", decision.id, draft_id=decision.draft_id,
                 format=fmt)
    extension = "akn.xml" if fmt == "akn" else fmt
    return Exported(file_name(decision.symbol, extension), content_type, body)


def export_journal(session: Session, journal: Journal, fmt: str,
                   actor: Actor = SYSTEM) -> Exported:
    """The journal of the day in `fmt`, with the decisions adopted at the meeting appended;
    named after its document symbol: MC(24).JOUR-2.txt, PC.JOUR-1200.md."""
    content_type, render = _known(JOURNAL_FORMATS, fmt)
    meeting = journal.meeting
    symbol = wording.journal_document_symbol(meeting.body, meeting.number, journal.number)
    body = render(journal_document(session, journal))
    audit.record(session, actor, "journal:export", journal.id, format=fmt)
    return Exported(file_name(symbol, fmt), content_type, body)


def export_draft(session: Session, draft: Draft, fmt: str, *, revision: int | None = None,
                 against: int | None = None, amendments: bool = False,
                 actor: Actor = SYSTEM) -> Exported:
    """A draft at `revision` (default: the current one): clean, as a redline against the
    revision `against`, or with every pending amendment marked."""
    content_type, render = _known(DRAFT_FORMATS, fmt)
    shown = revision_of(session, draft, revision)
    if against is not None and against >= shown.number:
        raise Invalid(f"against must be an earlier revision than {shown.number}")
    if amendments and shown.number != draft.current_revision:
        raise Invalid("pending amendments apply to the current revision only")
    earlier = revision_of(session, draft, against) if against is not None else None
    document = draft_document(session, draft, shown, against=earlier, amendments=amendments)
    body = render(document)
    audit.record(session, actor, "draft:export", draft.id, draft_id=draft.id, format=fmt,
                 revision=shown.number, against=against, amendments=amendments)
    return Exported(file_name(document.symbol, fmt), content_type, body)


def _known(formats: dict, fmt: str):
    if fmt not in formats:
        raise UnknownFormat(f"unknown format {fmt!r}; use one of {', '.join(formats)}")
    return formats[fmt]


def file_name(symbol: str, fmt: str) -> str:
    """MC.DEC/7/17 as txt -> MC.DEC-7-17.txt"""
    return f"{symbol.replace('/', '-')}.{fmt}"
