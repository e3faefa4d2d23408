"""THE acceptance test: the demo's MC.DEC/7/17, exported from the database as txt and
md, has exactly the words of the reference decision; and importing the decision part of
the reference and exporting it again gives the same words."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from drafting import services as drafting
from drafting.actors import SYSTEM
from exports.formats import export_decision
from plenary import demo
from tests.conftest import fixture_file
from tests.factories import CHAIR
from workflow import numbering
from workflow import services as workflow


def normalised_words(text: str) -> list[str]:
    """Remove `**`, remove a leading `- ` list marker on a line, then split on whitespace."""
    lines = (re.sub(r"^\s*- ", "", line.replace("**", "")) for line in text.splitlines())
    return " ".join(lines).split()


def reference_text() -> str:
    return fixture_file("reference/MC.DEC-7-17.md").read_text(encoding="utf-8")


def test_the_demo_decision_exports_the_words_of_the_reference(session):
    demo.load(session)
    decision = workflow.find_decision(session, "MC.DEC/7/17")
    expected = normalised_words(reference_text())
    for fmt in ("txt", "md"):
        body = export_decision(session, decision, fmt).body
        assert normalised_words(body.decode()) == expected, fmt


def decision_part(text: str) -> str:
    """The reference up to its footer's date (the attachment is the statement's)."""
    return text[: text.index("8 December 2017") + len("8 December 2017")]


def test_importing_the_reference_and_exporting_it_gives_the_same_words(session):
    part = decision_part(reference_text())
    draft = drafting.import_draft(session, SYSTEM, body="MC", text=part,
                                  tabled_at=datetime(2017, 11, 20, tzinfo=UTC))
    meeting = workflow.create_meeting(session, SYSTEM, body="MC", number=24, place="Vienna",
                                      starts_on=date(2017, 12, 7), ends_on=date(2017, 12, 8))
    journal = workflow.open_journal(session, SYSTEM, meeting, number=2, day=date(2017, 12, 8))
    numbering.set_next_number(session, "MC", 7, 2017)
    decision = workflow.adopt_at_meeting(session, CHAIR, draft, journal, agenda_item=7)
    assert decision.symbol == "MC.DEC/7/17"
    for fmt in ("txt", "md"):
        body = export_decision(session, decision, fmt).body
        assert normalised_words(body.decode()) == normalised_words(part), fmt


def test_the_demo_loads_once_however_often_it_runs(session):
    first = demo.load(session)
    counts = _counts(session)
    assert demo.load(session) == first
    assert _counts(session) == counts


def _counts(session):
    from sqlalchemy import func, select

    from drafting.models import Draft, Paragraph
    from plenary.models import User
    from workflow.models import Decision, Statement

    return [session.scalar(select(func.count()).select_from(m))
            for m in (Draft, Paragraph, User, Decision, Statement)]
