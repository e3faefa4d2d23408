"""Tabling a draft from text: what is stored, and what is refused with nothing stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from drafting import services
from drafting.actors import Actor
from drafting.errors import Conflict, Forbidden, Invalid, TooLarge
from drafting.models import Draft, Paragraph
from tests.factories import CHAIR, draft_text, make_draft

DECIDES = """Extension of the mandate of the OSCE Mission

The Permanent Council,

Recalling its Decision No. 1000,

Decides:

1. To extend the mandate until 31 December 2027;

2. To request a report:

    (a) On the budget;

    (b) On the activities, including:

        (i) Training;

        (ii) Monitoring;

3. To remain seized of the matter.
"""


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_draft_is_stored_with_its_structure_and_labels(session):
    draft = services.import_draft(session, CHAIR, body="PC", text=DECIDES,
                                  sponsors=["Italy", "the Holy See", "italy"])
    revision = services.revision_of(session, draft)
    assert draft.title == "Extension of the mandate of the OSCE Mission"
    assert draft.enacting_formula == "The Permanent Council,"
    assert draft.state == "proposed" and revision.number == 0
    assert [s.delegation.name for s in draft.sponsors] == ["Italy", "Holy See"]
    assert [(p.label, p.kind) for p in revision.paragraphs] == [
        ("PP1", "preambular"), ("Chapeau", "operative"), ("OP1", "operative"),
        ("OP2", "operative"), ("OP2(a)", "operative"), ("OP2(b)", "operative"),
        ("OP2(b)(i)", "operative"), ("OP2(b)(ii)", "operative"), ("OP3", "operative"),
    ]
    assert revision.paragraphs[1].text == "Decides:"
    assert len({p.key for p in revision.paragraphs}) == 9


def test_symbols_are_numbered_per_body_and_year_unless_given(session):
    from datetime import UTC, datetime

    at = datetime(2017, 3, 1, tzinfo=UTC)
    first = make_draft(session, tabled_at=at)
    second = make_draft(session, tabled_at=at)
    given = make_draft(session, symbol="MC.DD/12/17")
    third = make_draft(session, tabled_at=at)
    assert [first.symbol, second.symbol, given.symbol, third.symbol] == [
        "MC.DD/1/17", "MC.DD/2/17", "MC.DD/12/17", "MC.DD/13/17"]
    assert given.revision_symbol(1) == "MC.DD/12/17/Rev.1"


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"text": "1. Decides;\n\n3. Urges;"}, Invalid, "line 3"),
    ({"text": ""}, Invalid, "no paragraphs"),
    ({"body": "UN"}, Invalid, "unknown body 'UN'"),
    ({"symbol": "PC.DD/1/17"}, Invalid, "belongs to PC, not to MC"),
    ({"symbol": "MC/DD/1"}, Invalid, "not a draft symbol"),
    ({"sponsors": ["Atlantis"]}, Invalid, "'Atlantis' is not a participating State"),
    ({"text": draft_text().replace("The Ministerial Council,", "The Permanent Council,")},
     Invalid, "does not belong to the body MC"),
    ({"text": "x" * 1_000_001}, TooLarge, "at most 1,000,000"),
])
def test_refusals_store_nothing(session, kwargs, error, message):
    values = {"body": "MC", "text": draft_text()} | kwargs
    with pytest.raises(error, match=message):
        services.import_draft(session, CHAIR, **values)
    assert count(session, Draft) == 0 and count(session, Paragraph) == 0


def test_a_title_is_required_somewhere(session):
    text = draft_text().split("\n", 2)[2]  # without its title line
    with pytest.raises(Invalid, match="no title"):
        services.import_draft(session, CHAIR, body="MC", text=text)
    draft = services.import_draft(session, CHAIR, body="MC", text=text, title="Given title")
    assert draft.title == "Given title"


def test_a_symbol_is_unique(session):
    make_draft(session, symbol="MC.DD/5/17")
    with pytest.raises(Conflict, match="MC.DD/5/17 exists already"):
        make_draft(session, symbol="MC.DD/5/17")
    assert count(session, Draft) == 1


@pytest.mark.parametrize("role", ["drafter", "observer"])
def test_drafters_and_observers_do_not_table_drafts(session, role):
    with pytest.raises(Forbidden, match="table a draft"):
        services.import_draft(session, Actor(user_id=None, role=role), body="MC",
                              text=draft_text())


def test_every_import_is_in_the_audit_trail(session):
    from drafting.audit import AuditEvent

    draft = make_draft(session)
    events = session.scalars(select(AuditEvent).where(AuditEvent.subject_id == draft.id)).all()
    assert [(e.name, e.data) for e in events] == [("draft:import", {"symbol": draft.symbol})]
