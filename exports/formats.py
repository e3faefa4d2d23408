"""The export formats and the one interface they share: render(document) -> bytes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from drafting import audit
from drafting.actors import SYSTEM, Actor
from drafting.errors import DomainError, Invalid
from drafting.models import Draft
from drafting.services import revision_of
from exports import compilation, docx, html, wording
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


@dataclass(frozen=True)
class Job:
    """An export read from the records, ready to be rendered outside any transaction (in
    a process of its own: the renderer is named by its table and format, and the document
    is plain data). `event` is the audit event the export is: name, subject, data."""

    table: str  # a key of RENDERERS
    fmt: str
    file_name: str
    content_type: str
    document: object
    event: tuple[str, int, dict]


# Formats that read more than the document (Akoma Ntoso carries the workflow steps): each
# reads its source with RECORD_READERS, and renders it as the others render a document.
DECISION_FROM_RECORDS: dict[str, tuple[str, Callable[[tuple], bytes]]] = {
    "akn": ("application/akn+xml", lambda source: _akn(*source)),
}


def _akn(doc: DecisionDocument, steps: list, frbr: dict) -> bytes:
    from exports.akn import render_decision_akn

    return render_decision_akn(doc, steps, frbr)


def _akn_source(session: Session, decision: Decision) -> tuple:
    from exports.akn import frbr_for, workflow_steps_of

    doc = decision_document(session, decision)
    return doc, workflow_steps_of(session, decision), frbr_for(doc)


RECORD_READERS = {"akn": _akn_source}
RENDERERS: dict[str, dict[str, tuple[str, Callable]]] = {
    "decision": DECISION_FORMATS, "decision_records": DECISION_FROM_RECORDS,
    "journal": JOURNAL_FORMATS, "draft": DRAFT_FORMATS,
    "compilation": compilation.FORMATS,
}


def render(job: Job) -> Exported:
    """The document of `job` in its format: no database, no session."""
    _, renderer = RENDERERS[job.table][job.fmt]
    return Exported(job.file_name, job.content_type, renderer(job.document))


def record(session: Session, actor: Actor, job: Job) -> None:
    """The export's event of the audit trail, once its document is rendered."""
    name, subject_id, data = job.event
    audit.record(session, actor, name, subject_id, **data)


def _rendered(session: Session, actor: Actor, job: Job) -> Exported:
    exported = render(job)
    record(session, actor, job)
    return exported


def prepare_decision(session: Session, decision: Decision, fmt: str) -> Job:
    """What exporting the decision with its attachments in `fmt` reads."""
    content_type, _ = _known(DECISION_FORMATS | DECISION_FROM_RECORDS, fmt)
    if fmt in DECISION_FROM_RECORDS:
        table, document = "decision_records", RECORD_READERS[fmt](session, decision)
    else:
        table, document = "decision", decision_document(session, decision)
    extension = "akn.xml" if fmt == "akn" else fmt
    event = ("decision:export", decision.id, {"draft_id": decision.draft_id, "format": fmt})
    return Job(table, fmt, file_name(decision.symbol, extension), content_type, document,
               event)


def export_decision(session: Session, decision: Decision, fmt: str,
                    actor: Actor = SYSTEM) -> Exported:
    """The decision with its attachments in `fmt` (an event of the audit trail)."""
    return _rendered(session, actor, prepare_decision(session, decision, fmt))


def prepare_journal(session: Session, journal: Journal, fmt: str) -> Job:
    """What exporting the journal of the day in `fmt` reads; named after its document
    symbol: MC(24).JOUR-2.txt, PC.JOUR-1200.md."""
    content_type, _ = _known(JOURNAL_FORMATS, fmt)
    meeting = journal.meeting
    symbol = wording.journal_document_symbol(meeting.body, meeting.number, journal.number)
    return Job("journal", fmt, file_name(symbol, fmt), content_type,
               journal_document(session, journal),
               ("journal:export", journal.id, {"format": fmt}))


def export_journal(session: Session, journal: Journal, fmt: str,
                   actor: Actor = SYSTEM) -> Exported:
    """The journal of the day in `fmt`, with the decisions adopted at the meeting appended."""
    return _rendered(session, actor, prepare_journal(session, journal, fmt))


def prepare_draft(session: Session, draft: Draft, fmt: str, *, revision: int | None = None,
                  against: int | None = None, amendments: bool = False) -> Job:
    """What exporting a draft at `revision` (default: the current one) reads: clean, as a
    redline against the revision `against`, or with its pending amendments marked."""
    content_type, _ = _known(DRAFT_FORMATS, fmt)
    shown = revision_of(session, draft, revision)
    if against is not None and against >= shown.number:
        raise Invalid(f"against must be an earlier revision than {shown.number}")
    if amendments and shown.number != draft.current_revision:
        raise Invalid("pending amendments apply to the current revision only")
    earlier = revision_of(session, draft, against) if against is not None else None
    document = draft_document(session, draft, shown, against=earlier, amendments=amendments)
    event = ("draft:export", draft.id, {"draft_id": draft.id, "format": fmt,
                                        "revision": shown.number, "against": against,
                                        "amendments": amendments})
    return Job("draft", fmt, file_name(document.symbol, fmt), content_type, document, event)


def export_draft(session: Session, draft: Draft, fmt: str, *, revision: int | None = None,
                 against: int | None = None, amendments: bool = False,
                 actor: Actor = SYSTEM) -> Exported:
    """A draft at `revision`, clean, redlined, or with every pending amendment marked."""
    job = prepare_draft(session, draft, fmt, revision=revision, against=against,
                        amendments=amendments)
    return _rendered(session, actor, job)


def prepare_compilation(session: Session, draft: Draft, fmt: str, scope: str, *,
                        paragraphs: Sequence[str] = (), made_on: date | None = None) -> Job:
    """What the compilation of the amendments (`scope`: pending or all) to the draft's
    current revision reads, refused (422) beyond its limits before anything is laid out;
    named MC.DD-3-26-Rev.1-compilation.docx."""
    content_type, _ = _known(compilation.FORMATS, fmt)
    document = compilation.build_compilation(session, draft, scope, paragraphs=paragraphs,
                                             made_on=made_on)
    event = ("draft:export", draft.id, {"draft_id": draft.id, "format": fmt,
                                        "compilation": scope,
                                        "amendments": document.amendment_count})
    return Job("compilation", fmt, file_name(f"{document.symbol}-compilation", fmt),
               content_type, document, event)


def _known(formats: dict, fmt: str):
    if fmt not in formats:
        raise UnknownFormat(f"unknown format {fmt!r}; use one of {', '.join(formats)}")
    return formats[fmt]


def file_name(symbol: str, fmt: str) -> str:
    """MC.DEC/7/17 as txt -> MC.DEC-7-17.txt"""
    return f"{symbol.replace('/', '-')}.{fmt}"
