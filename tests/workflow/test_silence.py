"""The silence procedure: start with an exact deadline, the frozen text, breaks before and
after the deadline, adoption at the deadline's instant, exactly once under races."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from drafting import amendments, revisions
from drafting.actors import Actor
from drafting.db import utcnow
from drafting.errors import Conflict, Forbidden, Invalid
from drafting.models import Notice
from drafting.services import find_delegation
from plenary.db import make_engine, make_sessionmaker
from tests.factories import CHAIR, open_draft, paragraph
from workflow import silence
from workflow.models import Decision

VIENNA = ZoneInfo("Europe/Vienna")


def italy(session):
    return Actor(user_id=None, role="drafter", delegation_id=find_delegation(session, "Italy").id)


def soon(minutes=60):
    return utcnow() + timedelta(minutes=minutes)


def test_the_deadline_is_shown_in_the_bodys_zone():
    deadline = datetime(2017, 12, 1, 11, 0, tzinfo=UTC)
    assert silence.deadline_text(deadline, VIENNA) == "12:00 CET, 1 December 2017"
    assert silence.deadline_text(datetime(2017, 7, 3, 10, tzinfo=UTC), VIENNA) == (
        "12:00 CEST, 3 July 2017")


def test_a_deadline_in_the_past_or_without_a_zone_is_refused(session):
    draft = open_draft(session)
    with pytest.raises(Invalid, match="has passed"):
        silence.start(session, CHAIR, draft, utcnow() - timedelta(minutes=1))
    with pytest.raises(Invalid, match="needs its time zone"):
        silence.start(session, CHAIR, draft, datetime(2099, 1, 1, 12))
    assert draft.state == "negotiating"


def test_the_text_under_silence_is_frozen(session):
    draft = open_draft(session)
    silence.start(session, CHAIR, draft, soon())
    assert draft.state == "under_silence"
    key = paragraph(session, draft, "OP1").key
    with pytest.raises(Conflict, match="under silence"):
        amendments.propose(session, italy(session), draft, paragraph_key=key, action="delete")
    with pytest.raises(Conflict, match="under silence"):
        revisions.issue_revision(session, CHAIR, draft, incorporate=[])
    told = session.scalars(select(Notice.message)).all()
    assert any("is under silence until" in m for m in told)


def test_an_objection_breaks_silence_and_everyone_is_told(session):
    draft = open_draft(session)
    running = silence.start(session, CHAIR, draft, soon())
    with pytest.raises(Invalid, match="give its reason"):
        silence.break_(session, italy(session), draft, kind="objection")
    with pytest.raises(Forbidden):
        silence.break_(session, CHAIR, draft, kind="objection", reason="no")
    silence.break_(session, italy(session), draft, kind="objection", reason="OP1 goes too far")
    assert draft.state == "negotiating" and running.status == "broken"
    assert running.broken_by.name == "Italy" and running.break_reason == "OP1 goes too far"
    assert session.scalar(select(Notice).where(Notice.message.like("Italy broke silence%"),
                                               Notice.delegation_id.is_(None))) is not None
    with pytest.raises(Conflict, match="there is no silence to break"):
        silence.break_(session, italy(session), draft, kind="objection", reason="again")


def test_an_amendment_breaks_silence_and_becomes_an_ordinary_amendment(session):
    draft = open_draft(session)
    silence.start(session, CHAIR, draft, soon())
    op1 = paragraph(session, draft, "OP1")
    silence.break_(session, italy(session), draft, kind="amendment",
                   amendment={"paragraph": op1.key, "action": "modify",
                              "text": op1.text + " Promptly."})
    listed = amendments.list_amendments(session, draft)
    assert [(a.delegation.name, a.status) for a in listed] == [("Italy", "submitted")]
    told = session.scalars(select(Notice.message).where(Notice.delegation_id.is_(None))).all()
    assert f"Italy broke silence on {draft.symbol} with Amendment {listed[0].id} · OP1 · " \
           "Italy" in told


def test_a_break_after_the_deadline_changes_nothing(session):
    draft = open_draft(session)
    running = silence.start(session, CHAIR, draft, soon(1))
    later = utcnow() + timedelta(minutes=2)
    with pytest.raises(Conflict, match="changes nothing"):
        silence.break_(session, italy(session), draft, kind="objection", reason="late",
                       now=later)
    assert (draft.state, running.status) == ("under_silence", "running")


def test_unbroken_silence_adopts_at_the_deadline_instant(session):
    draft = open_draft(session)
    deadline = soon(1)
    running = silence.start(session, CHAIR, draft, deadline)
    assert silence.expire_due(session) == []  # not yet
    decisions = silence.expire_due(session, now=deadline + timedelta(seconds=5))
    assert [d.mode for d in decisions] == ["silence"]
    decision = decisions[0]
    assert decision.adopted_at == deadline and draft.state == "adopted"
    assert decision.revision.number == running.revision and running.decision_id == decision.id
    assert silence.expire_due(session, now=deadline + timedelta(seconds=9)) == []


def _committed_silence(url: str, deadline: datetime) -> int:
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        draft = open_draft(session)
        silence.start(session, CHAIR, draft, deadline, now=deadline - timedelta(hours=1))
        session.commit()
        draft_id = draft.id
    engine.dispose()
    return draft_id


def _expire_in(url: str, now: datetime, results) -> None:
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            decisions = silence.expire_due(session, now=now)
            session.commit()
            results.append(len(decisions))
    finally:
        engine.dispose()


def _count_decisions(url: str) -> int:
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        count = session.scalar(select(func.count()).select_from(Decision))
    engine.dispose()
    return count


def test_exactly_once_when_threads_race(fresh_database_url):
    deadline = utcnow() - timedelta(seconds=1)
    _committed_silence(fresh_database_url, deadline)
    results: list[int] = []
    threads = [threading.Thread(target=_expire_in, args=(fresh_database_url, utcnow(), results))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 0, 0, 1]
    assert _count_decisions(fresh_database_url) == 1


def _process(url, now, queue):
    results: list[int] = []
    _expire_in(url, now, results)
    queue.put(results[0])


def test_exactly_once_when_processes_race(fresh_database_url):
    deadline = utcnow() - timedelta(seconds=1)
    _committed_silence(fresh_database_url, deadline)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    processes = [context.Process(target=_process, args=(fresh_database_url, utcnow(), queue))
                 for _ in range(3)]
    for p in processes:
        p.start()
    for p in processes:
        p.join(60)
    assert sorted(queue.get(timeout=5) for _ in processes) == [0, 0, 1]
    assert _count_decisions(fresh_database_url) == 1


def test_an_open_journal_of_the_next_day_announces_the_adoption_at_once(session):
    from tests.factories import make_journal
    from workflow import journals

    draft = open_draft(session)
    deadline = utcnow() + timedelta(minutes=1)
    silence.start(session, CHAIR, draft, deadline)
    journal = make_journal(session, number=50, day=(deadline + timedelta(days=1)).date(),
                           journal_number=1)
    [decision] = silence.expire_due(session, now=deadline + timedelta(seconds=1))
    assert [e.decision_id for e in journals.announcements(session, journal)] == [decision.id]


def test_the_secretariat_is_told_where_an_adoption_by_silence_is_announced(session):
    from drafting.models import Notice
    from tests.factories import make_journal
    from workflow.dating import spoken

    def told() -> list[Notice]:
        return list(session.scalars(select(Notice).where(Notice.role == "secretariat")
                                    .order_by(Notice.id)))

    draft = open_draft(session)
    deadline = utcnow() + timedelta(minutes=1)
    silence.start(session, CHAIR, draft, deadline)
    [decision] = silence.expire_due(session, now=deadline + timedelta(seconds=1))
    [notice] = told()
    assert notice.message == (
        f"{decision.symbol} was adopted by silence procedure on "
        f"{spoken(decision.adopted_on)}: the journal of the next MC meeting day will "
        "announce it when it is opened")
    later = open_draft(session, title="Another decision")
    silence.start(session, CHAIR, later, deadline + timedelta(minutes=1))
    journal = make_journal(session, number=51, day=(deadline + timedelta(days=1)).date(),
                           journal_number=1)
    [second] = silence.expire_due(session, now=deadline + timedelta(minutes=2))
    assert told()[-1].message.endswith("it is announced in MC(51) Journal No. 1")
    assert told()[-1].link == f"/journals/{journal.id}"
    assert second.id != decision.id
