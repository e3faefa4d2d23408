"""The demo: the story of Ministerial Council Decision No. 7/17 (Vienna, 2017), from the
tabled draft to the decision with the Russian Federation's statement attached, and a
second draft of our own writing still under negotiation. Loading it twice changes nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from drafting import amendments
from drafting import services as drafting
from drafting.actors import SYSTEM
from drafting.models import Draft
from plenary import accounts
from workflow import journals, numbering, statements
from workflow import services as workflow
from workflow.models import Decision, Journal, Meeting

DATA = Path(__file__).parent / "demo_data"

# (email, role, delegation, password): demo passwords are printed by `plenary demo`.
ACCOUNTS = [
    ("chair@demo.plenary", "chair", None, "chair-demo-2017"),
    ("secretariat@demo.plenary", "secretariat", None, "secretariat-demo-2017"),
    ("drafter.ru@demo.plenary", "drafter", "Russian Federation", "drafter-ru-demo"),
    ("drafter.us@demo.plenary", "drafter", "United States of America", "drafter-us-demo"),
    ("drafter.it@demo.plenary", "drafter", "Italy", "drafter-it-demo"),
    ("drafter.by@demo.plenary", "drafter", "Belarus", "drafter-by-demo"),
    ("observer@demo.plenary", "observer", None, "observer-demo-2017"),
]
CHILD_TRAFFICKING_DRAFT = "MC.DD/12/17"
ENERGY_DRAFT = "MC.DD/3/26"


def load(session: Session) -> list[tuple[str, str, str]]:
    """Load what is missing of the demo; returns (email, role, password) of its accounts."""
    _accounts(session)
    meeting = _meeting(session)
    # The day's times first: an adoption at the meeting is dated at its closing time.
    _journal_of_the_day(session, _journal_2(session, meeting))
    decision = _decision_7_17(session, meeting)
    _statement_ru(session, decision)
    _eu_presidencies(session)
    _energy_draft(session)
    session.flush()
    return [(email, role, password) for email, role, _, password in ACCOUNTS]


def _accounts(session: Session) -> None:
    for email, role, delegation, password in ACCOUNTS:
        if accounts.find_user(session, email) is None:
            accounts.add_user(session, email=email, role=role, password=password,
                              delegation=delegation)


def _meeting(session: Session) -> Meeting:
    meeting = session.scalar(select(Meeting).where(Meeting.body == "MC", Meeting.number == 24))
    if meeting is None:
        meeting = workflow.create_meeting(session, SYSTEM, body="MC", number=24, place="Vienna",
                                          starts_on=date(2017, 12, 7), ends_on=date(2017, 12, 8))
        for number, day in ((1, date(2017, 12, 7)), (2, date(2017, 12, 8))):
            workflow.open_journal(session, SYSTEM, meeting, number=number, day=day,
                                  chairperson="Mr. S. Kurz, Chairperson-in-Office")
    return meeting


def _decision_7_17(session: Session, meeting: Meeting) -> Decision:
    draft = session.scalar(select(Draft).where(Draft.symbol == CHILD_TRAFFICKING_DRAFT))
    if draft is None:
        draft = drafting.import_draft(
            session, SYSTEM, body="MC", symbol=CHILD_TRAFFICKING_DRAFT,
            text=(DATA / "mc-dec-7-17-draft.md").read_text(encoding="utf-8"),
            sponsors=["United States of America", "Belarus", "Italy"],
            tabled_at=datetime(2017, 11, 20, 10, 0, tzinfo=UTC),
        )
    decision = session.scalar(select(Decision).where(Decision.draft_id == draft.id))
    if decision is not None:
        return decision
    numbering.set_next_number(session, "MC", 7, 2017)  # six decisions came before it in 2017
    return workflow.adopt_at_meeting(
        session, SYSTEM, draft, _journal_2(session, meeting), agenda_item=7,
        agenda_title="Adoption of the decisions and documents of the Ministerial Council",
    )


def _journal_2(session: Session, meeting: Meeting) -> Journal:
    """MC(24) Journal No. 2, of 8 December 2017: the day MC.DEC/7/17 was adopted."""
    return session.scalar(select(Journal).where(Journal.meeting_id == meeting.id,
                                                Journal.number == 2))


def _statement_ru(session: Session, decision: Decision) -> None:
    if decision.statements:
        return
    statements.register(
        session, SYSTEM, decision,
        delegation=drafting.find_delegation(session, "Russian Federation"),
        kind="interpretative_statement", original_language="RUSSIAN",
        text=(DATA / "mc-dec-7-17-statement-ru.txt").read_text(encoding="utf-8"),
    )
    session.refresh(decision)


# Who held the Presidency of the Council of the European Union: its statements are
# delivered through that delegation (2017 for MC.DEC/7/17's meeting; 2026 for today's).
EU_PRESIDENCIES = [("Estonia", date(2017, 7, 1), date(2017, 12, 31)),
                   ("Cyprus", date(2026, 1, 1), date(2026, 6, 30)),
                   ("Ireland", date(2026, 7, 1), date(2026, 12, 31))]


def _eu_presidencies(session: Session) -> None:
    recorded = {(p.delegation.name, p.starts_on)
                for p in statements.list_presidencies(session, "European Union")}
    for name, starts_on, ends_on in EU_PRESIDENCIES:
        if (name, starts_on) not in recorded:
            statements.set_presidency(session, SYSTEM, group="European Union",
                                      delegation=drafting.find_delegation(session, name),
                                      starts_on=starts_on, ends_on=ends_on)


def _journal_of_the_day(session: Session, journal: Journal) -> None:
    """MC(24) Journal No. 2: the day's times and the next meeting (the 25th, in Milan)."""
    if journal.opened_at is None and journal.closed_at is None:
        journals.set_times(session, SYSTEM, journal, time(10, 10), time(17, 5))
    if not journal.next_meeting:
        journals.set_next_meeting(session, SYSTEM, journal, "6 and 7 December 2018, in Milan")


def _energy_draft(session: Session) -> None:
    if session.scalar(select(Draft).where(Draft.symbol == ENERGY_DRAFT)) is not None:
        return
    draft = drafting.import_draft(
        session, SYSTEM, body="MC", symbol=ENERGY_DRAFT,
        text=(DATA / "energy-resilience-draft.md").read_text(encoding="utf-8"),
        sponsors=["Austria", "Finland", "Kazakhstan"],
        tabled_at=datetime(2026, 11, 2, 9, 0, tzinfo=UTC),
    )
    workflow.open_negotiation(session, SYSTEM, draft)
    _energy_amendments(session, draft)


def _energy_amendments(session: Session, draft: Draft) -> None:
    """Work in progress: three delegations' amendments, one supported by a fourth."""
    paragraphs = {p.label: p for p in drafting.revision_of(session, draft).paragraphs}

    def propose(email, label, action, text=None, rationale=""):
        actor = accounts.actor_for(accounts.find_user(session, email))
        return amendments.propose(session, actor, draft, paragraph_key=paragraphs[label].key,
                                  action=action, text=text, rationale=rationale)

    ru = propose("drafter.ru@demo.plenary", "OP2", "modify", paragraphs["OP2"].text.replace(
        "within existing resources", "subject to the availability of extra-budgetary "
        "contributions"), "The unified budget cannot carry a new conference.")
    amendments.support(session, accounts.actor_for(
        accounts.find_user(session, "drafter.by@demo.plenary")), ru)
    propose("drafter.us@demo.plenary", "PP3", "modify", paragraphs["PP3"].text.replace(
        "deliberate attacks", "deliberate attacks, including cyber attacks"))
    propose("drafter.it@demo.plenary", "OP1(b)", "insert_after",
            "Arrangements for mutual assistance in restoring supplies after an incident;")
