"""The audit trail is hash-chained: tampering with a row is detected and named."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update

from drafting import audit
from drafting.audit import AuditEvent
from plenary.cli import main
from plenary.db import make_engine, make_sessionmaker
from tests.factories import make_draft


def test_events_are_chained(session):
    draft = make_draft(session)
    events = audit.events_of_draft(session, draft.id)
    assert [e.name for e in events] == ["draft:import"]
    every = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert all(b.prev_hash == a.hash for a, b in zip(every, every[1:], strict=False))
    assert audit.verify(session) is None


@pytest.mark.parametrize("tamper", [
    "UPDATE audit_events SET data = '{\"symbol\": \"MC.DD/99/17\"}' WHERE id = :id",
    "UPDATE audit_events SET actor_role = 'chair' WHERE id = :id",
    "DELETE FROM audit_events WHERE id = :id",
])
def test_tampering_is_detected_and_named(session, tamper):
    make_draft(session)
    second = make_draft(session)
    make_draft(session)
    target_id = audit.events_of_draft(session, second.id)[0].id
    session.execute(text(tamper), {"id": target_id})
    session.expire_all()
    broken = audit.verify(session)
    # a changed row is named itself; after a removed one, the next row's link is broken
    assert broken is not None and broken.id in (target_id, target_id + 1)


def test_plenary_audit_verify_names_the_first_broken_link(cli_db, capsys):
    assert main(["demo"]) == 0
    capsys.readouterr()
    assert main(["audit", "verify"]) == 0
    assert "the audit trail is intact" in capsys.readouterr().out

    engine = make_engine(cli_db)
    with make_sessionmaker(engine)() as session:
        victim = session.scalar(select(AuditEvent).where(AuditEvent.name == "draft:adopt"))
        session.execute(update(AuditEvent).where(AuditEvent.id == victim.id)
                        .values(actor_role="observer"))
        session.commit()
    engine.dispose()
    assert main(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert f"event {victim.id} (draft:adopt" in err and "broken" in err


def test_exports_are_events_of_the_audit_trail(session):
    from exports.formats import export_decision
    from plenary import demo
    from tests.factories import CHAIR
    from workflow.services import find_decision

    demo.load(session)
    decision = find_decision(session, "MC.DEC/7/17")
    export_decision(session, decision, "md", CHAIR)
    [event] = [e for e in audit.events_of_draft(session, decision.draft_id)
               if e.name == "decision:export"]
    assert (event.subject_id, event.actor_role, event.data) == (decision.id, "chair",
                                                                 {"format": "md"})
    assert audit.verify(session) is None
