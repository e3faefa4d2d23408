"""Small factories: each test says only what it cares about."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from drafting import services as drafting
from drafting.actors import SYSTEM, Actor
from drafting.models import Draft
from plenary import accounts
from plenary.models import User
from workflow import numbering
from workflow import services as workflow
from workflow.models import Decision, Journal

CHAIR = Actor(user_id=None, role="chair", name="Chair")
SECRETARIAT = Actor(user_id=None, role="secretariat", name="Secretariat")


def draft_text(preambular: int = 2, operative: int = 3, title: str = "Test decision") -> str:
    lines = [title, "", "The Ministerial Council,", ""]
    lines += [f"Recalling commitment number {i}," for i in range(1, preambular + 1)]
    lines += [f"{i}. Decides on measure {i};" for i in range(1, operative + 1)]
    return "\n\n".join(lines) + "\n"


TABLED_AT = datetime(2017, 11, 20, 9, 0, tzinfo=UTC)  # before the journals the tests adopt at


def make_draft(session: Session, paragraphs: int = 3, body: str = "MC", **kwargs) -> Draft:
    text = kwargs.pop("text", None) or draft_text(preambular=1, operative=paragraphs - 1)
    kwargs.setdefault("tabled_at", TABLED_AT)
    if body != "MC":
        text = text.replace("The Ministerial Council,", drafting.ENACTING_FORMULAS[body])
    return drafting.import_draft(session, SYSTEM, body=body, text=text, **kwargs)


def make_user(session: Session, role: str = "drafter", delegation: str | None = None,
              email: str | None = None, password: str = "correct horse battery") -> User:
    if role == "drafter" and delegation is None:
        delegation = "Italy"
    email = email or f"{role}.{(delegation or 'x').split()[0].lower()}@test.plenary"
    return accounts.add_user(session, email=email, role=role, password=password,
                             delegation=delegation)


def make_journal(session: Session, body: str = "MC", number: int = 24,
                 day: date = date(2017, 12, 8), journal_number: int = 2) -> Journal:
    meeting = workflow.create_meeting(session, SYSTEM, body=body, number=number,
                                      place="Vienna", starts_on=day, ends_on=day)
    return workflow.open_journal(session, SYSTEM, meeting, number=journal_number, day=day)


def adopt(session: Session, draft: Draft, journal: Journal, agenda_item: int = 1) -> Decision:
    return workflow.adopt_at_meeting(session, CHAIR, draft, journal, agenda_item=agenda_item)


def drafter(session: Session, delegation: str) -> Actor:
    from drafting.services import find_delegation

    delegation_id = find_delegation(session, delegation).id
    return Actor(user_id=None, role="drafter", delegation_id=delegation_id, name=delegation)


def open_draft(session: Session, text: str | None = None, **kwargs) -> Draft:
    draft = make_draft(session, text=text, **kwargs) if text else make_draft(session, **kwargs)
    workflow.open_negotiation(session, SYSTEM, draft)
    return draft


def paragraph(session: Session, draft: Draft, label: str):
    revision = drafting.revision_of(session, draft)
    return next(p for p in revision.paragraphs if p.label == label)


def silence_decision(session: Session, adopted_on: date, body: str = "MC",
                     title: str = "Test decision", number: int | None = None) -> Decision:
    """A decision adopted by silence procedure, made directly with the models: no agenda
    item and no journal entry, as the silence procedure leaves it until announced."""
    draft = make_draft(session, body=body, title=title)
    draft.state = "adopted"
    number = number or numbering.take_next_number(session, body, adopted_on.year)
    decision = Decision(
        body=body, year=numbering.sequence_year(body, adopted_on.year), number=number,
        symbol=numbering.decision_symbol(body, number, adopted_on.year), draft=draft,
        revision=draft.revisions[0], agenda_item=None, mode="silence", adopted_on=adopted_on,
        adopted_at=datetime(adopted_on.year, adopted_on.month, adopted_on.day, 11, tzinfo=UTC),
    )
    session.add(decision)
    session.flush()
    return decision


def make_amendments(session: Session, draft: Draft, count: int,
                    statuses: tuple[str, ...] = ("submitted",), delegation: str = "Italy"):
    """`count` amendments of the draft's paragraphs in turn, their statuses taken in turn
    from `statuses`, made directly with the model (no use case: many, fast)."""
    from drafting.models import Amendment

    paragraphs = drafting.revision_of(session, draft).paragraphs
    delegation_id = drafting.find_delegation(session, delegation).id
    made = [Amendment(draft_id=draft.id, paragraph_key=p.key, action="modify",
                      delegation_id=delegation_id, base_revision=draft.current_revision,
                      base_text=p.text, text=f"{p.text} Amended {n}.",
                      status=statuses[n % len(statuses)], conflict={"why": "a test"})
            for n in range(count) for p in [paragraphs[n % len(paragraphs)]]]
    session.add_all(made)
    session.flush()
    return made

