"""Use cases of drafting: table a draft from text, read drafts, find delegations.

Each takes a session and an actor, checks the actor's permission, flushes and never
commits: the request or the CLI command owns the transaction.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from pathlib import PurePosixPath
from typing import NamedTuple

from sqlalchemy import bindparam, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from drafting import audit, limits
from drafting.actors import Actor
from drafting.docx_import import DocxError, read_docx
from drafting.draft_lists import page_of_drafts
from drafting.errors import Conflict, Invalid, NotFound, TooLarge
from drafting.labels import labels_for
from drafting.models import BODIES, Delegation, Draft, DraftSponsor, Notice, Paragraph, Revision
from drafting.notice_lists import addresses, page_of_notices
from drafting.paging import DEFAULT_LIMIT, Cursor, Page
from drafting.structure import LINES, Locator, StructureError, describe_attachments, parse_draft

MAX_TEXT_CHARS = 1_000_000
MAX_TITLE_CHARS = 1_000
ENACTING_FORMULAS = {
    "MC": "The Ministerial Council,",
    "PC": "The Permanent Council,",
    "FSC": "The Forum for Security Co-operation,",
}
DRAFT_SYMBOL = re.compile(r"^(MC|PC|FSC)\.DD/(\d{1,4})/(\d{2})$")


def import_draft(
    session: Session,
    actor: Actor,
    *,
    body: str,
    text: str,
    title: str | None = None,
    symbol: str | None = None,
    sponsors: list[str] = (),
    tabled_at: datetime | None = None,
    locator: Locator = LINES,
) -> Draft:
    """Table a draft from plain text or Markdown; nothing is stored if it cannot be read.
    Statements attached below the decision are refused, never dropped: a draft holds none
    (they are registered on the decision after adoption). `locator` names the places of an
    error (lines; a Word document's paragraphs)."""
    actor.require("chair", "secretariat", action="table a draft")
    body = _check_body(body)
    if len(text) > MAX_TEXT_CHARS:
        raise TooLarge(f"the text has {len(text):,} characters; at most {MAX_TEXT_CHARS:,}")
    try:
        parsed = parse_draft(text, locator=locator)
    except StructureError as exc:
        raise Invalid(f"the draft's structure cannot be read: {exc}") from exc
    if parsed.attachments:
        raise Invalid(describe_attachments(parsed.attachments, locator))
    limits.check_size(parsed.paragraphs, labels_for(parsed.paragraphs), "the draft",
                      limits.FOR_IMPORT, Invalid)
    title = _check_title(title or parsed.title)
    formula = _check_formula(body, parsed.enacting_formula)
    delegations = [named_delegation(session, name, "sponsor") for name in sponsors]
    draft = Draft(
        body=body,
        symbol=_check_symbol(session, body, symbol, tabled_at),
        title=title,
        enacting_formula=formula,
        state="proposed",
        current_revision=0,
        tabled_by_id=actor.user_id,
    )
    if tabled_at is not None:
        draft.tabled_at = tabled_at
    draft.sponsors = [
        DraftSponsor(delegation=d, position=i) for i, d in enumerate(_unique(delegations), 1)
    ]
    draft.revisions = [_first_revision(parsed.paragraphs, actor)]
    _add_or_conflict(session, draft, f"a draft with the symbol {draft.symbol} exists already")
    audit.record(session, actor, "draft:import", draft.id, draft_id=draft.id, symbol=draft.symbol)
    return draft


TEXT_SUFFIXES = (".txt", ".md")
DOCX_SUFFIX = ".docx"


def import_draft_file(session: Session, actor: Actor, *, body: str, filename: str,
                      data: bytes, **kw) -> Draft:
    """Table a draft from an uploaded file: a Word document (.docx) or UTF-8 text (.txt,
    .md). The file is read by its name's suffix, then imported as import_draft imports
    text; a refused file stores nothing."""
    actor.require("chair", "secretariat", action="table a draft")
    text, locator = file_source(filename, data)
    return import_draft(session, actor, body=body, text=text, locator=locator, **kw)


def file_source(filename: str, data: bytes) -> tuple[str, Locator]:
    """The text of an uploaded draft and how to name its places (a .docx: its Word
    paragraphs), or Invalid / TooLarge saying what to do."""
    suffix = PurePosixPath((filename or "").replace("\\", "/")).suffix.lower()
    if suffix == DOCX_SUFFIX:
        try:
            document = read_docx(data)
        except DocxError as exc:
            raise (TooLarge if exc.too_large else Invalid)(exc.message) from exc
        return document.text, document.locator
    if suffix in TEXT_SUFFIXES:
        if len(data) > 4 * MAX_TEXT_CHARS:
            raise TooLarge(f"the file has {len(data):,} bytes; at most {MAX_TEXT_CHARS:,} "
                           "characters of text")
        try:
            return data.decode("utf-8-sig"), LINES
        except UnicodeDecodeError as exc:
            raise Invalid(f"the file {filename!r} is not UTF-8 text (byte {exc.start + 1} "
                          "cannot be read): save it as UTF-8, or upload the Word document "
                          "(.docx)") from exc
    if suffix == ".doc":
        raise Invalid("old Word documents (.doc) cannot be read: save it as a Word "
                      "Document (.docx)")
    raise Invalid(f"the file {filename!r} cannot be imported: upload a Word document "
                  "(.docx) or a text file (.txt, .md)")


def _first_revision(parsed_paragraphs, actor: Actor) -> Revision:
    labels = labels_for(parsed_paragraphs)
    keys: set[str] = set()
    paragraphs = []
    for position, (p, label) in enumerate(zip(parsed_paragraphs, labels, strict=True), 1):
        paragraphs.append(
            Paragraph(
                key=_new_key(keys),
                position=position,
                kind=p.kind,
                level=p.level,
                marker=p.marker,
                label=label,
                text=p.text,
            )
        )
    return Revision(number=0, created_by_id=actor.user_id, paragraphs=paragraphs)


def _new_key(taken: set[str]) -> str:
    # Random, not positional: a key must survive insertions and renumbering.
    while (key := "p" + secrets.token_hex(5)) in taken:
        pass
    taken.add(key)
    return key


def new_paragraph_key(session: Session, draft: Draft) -> str:
    """A key no paragraph of the draft has had, in any revision."""
    taken = set(session.scalars(
        select(Paragraph.key).join(Revision).where(Revision.draft_id == draft.id)))
    return _new_key(taken)


def _unique(delegations: list[Delegation]) -> list[Delegation]:
    seen: dict[int, Delegation] = {}
    for d in delegations:
        seen.setdefault(d.id, d)
    return list(seen.values())


def _check_body(body: str) -> str:
    if body not in BODIES:
        raise Invalid(f"unknown body {body!r}; use one of {', '.join(BODIES)}")
    return body


def _check_title(title: str | None) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise Invalid("the draft has no title: give one, or put it above the enacting formula")
    if len(title) > MAX_TITLE_CHARS:
        raise Invalid(f"the title has {len(title):,} characters; at most {MAX_TITLE_CHARS:,}")
    return title


def _check_formula(body: str, formula: str | None) -> str:
    expected = ENACTING_FORMULAS[body]
    if formula is not None and formula != expected:
        raise Invalid(
            f"the enacting formula {formula!r} does not belong to the body {body}: "
            f"a {body} draft opens with {expected!r}"
        )
    return expected


def _check_symbol(session: Session, body: str, symbol: str | None, tabled_at) -> str:
    if symbol is None:
        return _next_symbol(session, body, (tabled_at or datetime.now()).year % 100)
    match = DRAFT_SYMBOL.match(symbol.strip())
    if not match:
        raise Invalid(f"the symbol {symbol!r} is not a draft symbol such as {body}.DD/12/17")
    if match.group(1) != body:
        raise Invalid(f"the symbol {symbol!r} belongs to {match.group(1)}, not to {body}")
    return symbol.strip()


def _next_symbol(session: Session, body: str, year: int) -> str:
    prefix, suffix = f"{body}.DD/", f"/{year:02d}"
    symbols = session.scalars(
        select(Draft.symbol).where(Draft.symbol.like(f"{prefix}%{suffix}"))
    ).all()
    numbers = [int(m.group(2)) for s in symbols if (m := DRAFT_SYMBOL.match(s))]
    return f"{prefix}{max(numbers, default=0) + 1}{suffix}"


def _add_or_conflict(session: Session, draft: Draft, message: str) -> None:
    if session.scalar(select(Draft.id).where(Draft.symbol == draft.symbol)) is not None:
        raise Conflict(message)
    try:  # a concurrent request may take the symbol between the check and the insert
        with session.begin_nested():
            session.add(draft)
            session.flush()
    except IntegrityError as exc:  # the savepoint's rollback has expunged the draft
        raise Conflict(message) from exc


def list_drafts(session: Session, *, limit: int = DEFAULT_LIMIT, cursor: Cursor | None = None,
                states: tuple[str, ...] = ()) -> Page[Draft]:
    """A page of drafts: the open ones first, newest first (drafting.draft_lists)."""
    return page_of_drafts(session, limit=limit, cursor=cursor, states=states)


def get_draft(session: Session, draft_id: int) -> Draft:
    # The sponsors load when asked for (one SELECT, as eager loading would cost): most
    # writes, a proposal first of all, never ask.
    draft = session.get(Draft, draft_id)
    if draft is None:
        raise NotFound(f"there is no draft {draft_id}")
    return draft


REVISIONS = "drafting.revisions"  # session.info: the revisions this session has read
REVISION = (select(Revision)  # built once: every proposal asks for one
            .where(Revision.draft_id == bindparam("draft_id"),
                   Revision.number == bindparam("number"))
            .options(selectinload(Revision.paragraphs)))


def revision_of(session: Session, draft: Draft, number: int | None = None) -> Revision:
    """Revision `number` of the draft (its current one by default), with its paragraphs.

    A revision never changes once issued, so a session reads each one once: a batch of
    proposals to one draft (plenary/writer.py) loads its text once, not per proposal. One
    that a rolled-back savepoint created is no longer persistent, and is read again."""
    number = draft.current_revision if number is None else number
    known = session.info.setdefault(REVISIONS, {})
    revision = known.get((draft.id, number))
    if revision is not None and inspect(revision).persistent:
        return revision
    revision = session.scalar(REVISION, {"draft_id": draft.id, "number": number})
    if revision is not None:
        known[(draft.id, number)] = revision
    if revision is None:
        raise NotFound(f"the draft {draft.symbol} has no revision {number}")
    return revision


class ParagraphText(NamedTuple):
    key: str
    label: str
    text: str
    level: int
    marker: str | None


# Built once: every proposal asks for the one paragraph it amends.
PARAGRAPH_OF_REVISION = (
    select(Paragraph.key, Paragraph.label, Paragraph.text, Paragraph.level, Paragraph.marker)
    .join(Revision, Revision.id == Paragraph.revision_id)
    .where(Revision.draft_id == bindparam("draft_id"), Revision.number == bindparam("number"),
           Paragraph.key == bindparam("key")))


def paragraph_of_revision(session: Session, draft: Draft, number: int, key: str) -> ParagraphText:
    """One paragraph of revision `number` of the draft: one row, found by the unique index
    (revision_id, key), instead of the whole revision with its paragraphs (a proposal
    needs no more, and most of a rush's batches would each load every revision again)."""
    session.flush()  # a revision issued earlier in this session is found too
    row = session.connection().execute(
        PARAGRAPH_OF_REVISION, {"draft_id": draft.id, "number": number, "key": key}).first()
    if row is None:
        raise Invalid(f"there is no paragraph {key!r} in this draft's revision {number}; "
                      "use a key from GET /api/v1/drafts/{id}")
    return ParagraphText(*row)


def find_delegation(session: Session, name: str) -> Delegation:
    """A participating State by its name, ignoring case, spacing and a leading "the"."""
    wanted = " ".join(name.split()).casefold().removeprefix("the ")
    for delegation in list_delegations(session):
        if delegation.name.casefold() == wanted:
            return delegation
    raise NotFound(f"{name!r} is not a participating State; use a name as in the list of States")


def named_delegation(session: Session, name: str, role: str) -> Delegation:
    """A State named in a request (as `role`: sponsor, delegation …): an unknown name is
    a wrong value in the request (422), not a missing resource (404)."""
    try:
        return find_delegation(session, name)
    except NotFound as exc:
        raise Invalid(f"unknown {role}: {exc.message}") from exc


def list_delegations(session: Session) -> list[Delegation]:
    return list(session.scalars(select(Delegation).order_by(Delegation.position)))


DELEGATIONS = "drafting.delegations"  # session.info: the participating States, by id


def delegation_by_id(session: Session, delegation_id: int) -> Delegation | None:
    """A participating State by its id. The States are reference data that no door
    changes, so a session reads all of them once (one SELECT of some 57 rows): a batch of
    proposals from many delegations (plenary/writer.py) does not read one per proposal."""
    known = session.info.get(DELEGATIONS)
    if known is None:
        known = session.info[DELEGATIONS] = {d.id: d for d in list_delegations(session)}
    return known.get(delegation_id)


def notices_for_user(session: Session, *, delegation_id: int | None, role: str,
                     user_id: int | None = None, limit: int = 50) -> list[Notice]:
    """What a user has been told, newest first: the notices to their delegation, to their
    role, to them alone, and to everyone."""
    return notices_page_for_user(session, delegation_id=delegation_id, role=role,
                                 user_id=user_id, limit=limit).items


def notices_page_for_user(session: Session, *, delegation_id: int | None, role: str,
                          user_id: int | None = None, limit: int = 50,
                          cursor: Cursor | None = None) -> Page[Notice]:
    """The same, a page at a time (drafting.notice_lists)."""
    return page_of_notices(session, addresses(delegation_id, role, user_id), limit, cursor)


REVISION_SYMBOL = re.compile(r"^(?P<base>(MC|PC|FSC)\.DD/\d{1,4}/\d{2})(/Rev\.(?P<rev>\d+))?$")


def find_draft(session: Session, symbol: str) -> tuple[Draft, int | None]:
    """A draft by its symbol, and the revision the symbol names: MC.DD/3/26/Rev.1 → (the
    draft, 1); MC.DD/3/26 → (the draft, None: the current revision)."""
    match = REVISION_SYMBOL.match(symbol.strip())
    if not match:
        raise NotFound(f"{symbol!r} is not a draft symbol such as MC.DD/12/17 or MC.DD/12/17/Rev.1")
    draft = session.scalar(select(Draft).where(Draft.symbol == match["base"]))
    if draft is None:
        raise NotFound(f"there is no draft {match['base']}")
    return draft, int(match["rev"]) if match["rev"] else None
