"""The writer: writes queued meanwhile commit together, each in its own savepoint, and
reads never wait for them (on SQLite they begin DEFERRED and take no lock).

These tests commit for real, on a database of their own (fresh_database_url)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import sessionmaker
from starlette.testclient import TestClient

from drafting import amendments, audit
from drafting import services as drafting
from drafting.actors import SYSTEM, Actor
from drafting.db import utcnow
from drafting.errors import Conflict, DomainError
from drafting.models import Amendment, Draft
from plenary import accounts, clock
from plenary.app import create_app
from plenary.db import make_engine, make_sessionmaker, read_sessionmaker
from plenary.http import READING, ReadWrote
from plenary.models import ApiToken
from plenary.writer import MAX_BATCH, Writer
from tests.factories import make_draft
from workflow import services as workflow
from workflow import silence
from workflow.models import Decision, Silence

DRAFTERS = ["Austria", "Finland", "Italy"]


@pytest.fixture
def factory(fresh_database_url) -> Iterator[sessionmaker]:
    engine = make_engine(fresh_database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def draft_id(factory) -> int:
    with factory() as session:
        draft = make_draft(session, paragraphs=4)
        workflow.open_negotiation(session, SYSTEM, draft)
        session.commit()
        return draft.id


def drafter(session, name: str) -> Actor:
    return Actor(user_id=None, role="drafter", name=name,
                 delegation_id=drafting.find_delegation(session, name).id)


def proposal(draft_id: int, delegation: str, n: int):
    """The work of one API request proposing an amendment; returns the new id."""

    def work(session):
        draft = drafting.get_draft(session, draft_id)
        paragraph = drafting.revision_of(session, draft).paragraphs[-1]
        amendment = amendments.propose(
            session, drafter(session, delegation), draft, paragraph_key=paragraph.key,
            action="modify", text=f"{paragraph.text} (variant {n})")
        return amendment.id

    return work


def refused(session):
    audit.record(session, SYSTEM, "test:refused", None)  # undone with its savepoint
    raise Conflict("refused on purpose")


def held(started: threading.Event, release: threading.Event):
    """A write that holds the writer (and its transaction) until released."""

    def work(session):
        audit.record(session, SYSTEM, "test:held", None)
        session.flush()
        started.set()
        assert release.wait(10)
        return "held"

    return work


def count_amendments(factory) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(Amendment))


def test_writes_queued_behind_a_batch_commit_together_in_one_transaction(factory, draft_id):
    writer = Writer(factory)
    started, release = threading.Event(), threading.Event()
    first = writer.submit(held(started, release))
    assert started.wait(10)
    queued = [writer.submit(proposal(draft_id, DRAFTERS[n % 3], n)) for n in range(10)]
    begins = []

    def began(connection) -> None:
        begins.append(connection)

    engine = factory.kw["bind"]
    event.listen(engine, "begin", began)
    release.set()
    ids = [f.result(10) for f in queued]
    writer.stop()
    event.remove(engine, "begin", began)
    assert first.result() == "held"
    assert ids == sorted(ids)  # in arrival order
    assert count_amendments(factory) == 10
    assert len(begins) <= 2  # the ten queued proposals took one transaction (or two)
    with factory() as session:
        assert audit.verify(session) is None


def test_a_refused_item_gets_its_error_and_the_others_of_its_batch_are_stored(factory,
                                                                             draft_id):
    writer = Writer(factory)
    started, release = threading.Event(), threading.Event()
    writer.submit(held(started, release))
    assert started.wait(10)
    before = writer.submit(proposal(draft_id, "Austria", 1))
    failing = writer.submit(refused)
    after = writer.submit(proposal(draft_id, "Finland", 2))
    release.set()
    assert before.result(10) < after.result(10)
    with pytest.raises(Conflict, match="refused on purpose"):
        failing.result(10)
    writer.stop()
    assert count_amendments(factory) == 2
    with factory() as session:
        names = [e.name for e in session.scalars(select(audit.AuditEvent)
                                                 .order_by(audit.AuditEvent.id))]
        assert "test:refused" not in names
        assert names[-2:] == ["amendment:propose", "amendment:propose"]
        assert audit.verify(session) is None  # the chain skips the undone event cleanly


def proposal_then_refused(draft_id: int, delegation: str, kept: list):
    """A proposal whose request fails after its amendment went in: its savepoint takes
    the row away, and SQLite gives the next proposal the same id. The object stays
    referenced (`kept`), as the frames of an error's traceback would keep it."""

    def work(session):
        kept.append(session.get(Amendment, proposal(draft_id, delegation, 0)(session)))
        raise Conflict("refused after the insert")

    return work


def test_an_amendment_undone_with_its_savepoint_leaves_no_ghost_behind(factory, draft_id):
    writer = Writer(factory)
    started, release = threading.Event(), threading.Event()
    writer.submit(held(started, release))
    assert started.wait(10)
    kept: list = []
    failing = writer.submit(proposal_then_refused(draft_id, "Austria", kept))
    after = writer.submit(proposal(draft_id, "Finland", 2))
    read_back = writer.submit(lambda session: [
        (a.id, a.delegation.name, a.text) for a in session.scalars(select(Amendment))])
    release.set()
    with pytest.raises(Conflict, match="refused after the insert"):
        failing.result(10)
    new_id = after.result(10)
    rows = read_back.result(10)
    writer.stop()
    assert [(i, name) for i, name, _ in rows] == [(new_id, "Finland")]
    assert rows[0][2].endswith("(variant 2)")
    with factory() as session:
        stored = session.get(Amendment, new_id)
        assert (stored.delegation.name, stored.conflict, stored.reason) == ("Finland", None, "")
        assert session.scalar(select(func.count()).select_from(Amendment)
                              .where(Amendment.conflict.is_(None))) == 1
        assert stored.redline is not None


def test_a_batch_adopts_a_silence_that_is_due_before_its_items_run(factory, draft_id):
    with factory() as session:
        draft = session.get(Draft, draft_id)
        silence.start(session, SYSTEM, draft, utcnow() + timedelta(hours=1))
        session.execute(update(Silence).values(deadline=utcnow() - timedelta(seconds=1)))
        session.commit()
    vienna = SimpleNamespace(zone=ZoneInfo("Europe/Vienna"))
    writer = Writer(factory, before_batch=lambda session: clock.settle_within(session, vienna))
    late = writer.submit(proposal(draft_id, "Austria", 1))
    with pytest.raises(Conflict, match="adopted"):
        late.result(10)
    assert writer.submit(lambda session: clock.settle_within(session, vienna)).result(10) == []
    writer.stop()
    with factory() as session:
        assert session.get(Draft, draft_id).state == "adopted"
        assert session.scalar(select(func.count()).select_from(Decision)) == 1
        assert audit.verify(session) is None


def test_a_failed_commit_fails_every_item_of_the_batch_and_stores_none(factory, draft_id):
    def refuse_commit(session):
        raise RuntimeError("the disk is full")

    writer = Writer(factory)
    started, release = threading.Event(), threading.Event()
    writer.submit(held(started, release))
    assert started.wait(10)
    event.listen(factory, "before_commit", refuse_commit)
    futures = [writer.submit(proposal(draft_id, DRAFTERS[n % 3], n)) for n in range(3)]
    release.set()
    for future in futures:
        with pytest.raises(RuntimeError, match="the disk is full"):
            future.result(10)
    event.remove(factory, "before_commit", refuse_commit)
    assert writer.submit(proposal(draft_id, "Italy", 9)).result(10)  # the writer goes on
    writer.stop()
    assert count_amendments(factory) == 1


def test_a_batch_is_bounded(factory, draft_id):
    writer = Writer(factory)
    sizes: list[int] = []
    original = writer._commit
    writer._commit = lambda batch: (sizes.append(len(batch)), original(batch))[1]
    started, release = threading.Event(), threading.Event()
    writer.submit(held(started, release))
    assert started.wait(10)
    futures = [writer.submit(proposal(draft_id, DRAFTERS[n % 3], n))
               for n in range(MAX_BATCH + 5)]
    release.set()
    for future in futures:
        future.result(20)
    writer.stop()
    assert sizes[0] == 1 and max(sizes) == MAX_BATCH and sum(sizes) == MAX_BATCH + 6


def test_many_threads_proposing_at_once_all_get_their_amendment(factory, draft_id):
    writer = Writer(factory)
    results: list[int] = []
    errors: list[BaseException] = []

    def delegate(name: str, n: int) -> None:
        try:
            for k in range(5):
                results.append(writer.submit(proposal(draft_id, name, n * 10 + k)).result(30))
        except BaseException as exc:  # noqa: BLE001 - collected and asserted
            errors.append(exc)

    threads = [threading.Thread(target=delegate, args=(DRAFTERS[n % 3], n)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    writer.stop()
    assert errors == []
    assert len(set(results)) == 60 == count_amendments(factory)
    with factory() as session:
        assert audit.verify(session) is None


def test_a_read_runs_while_a_write_holds_the_database(factory, draft_id, database_url):
    """On SQLite a writing transaction holds the write lock; a read begins DEFERRED and
    is answered at once (WAL), instead of waiting up to busy_timeout behind it."""
    writer = Writer(factory)
    started, release = threading.Event(), threading.Event()
    holding = writer.submit(held(started, release))
    assert started.wait(10)
    try:
        with read_sessionmaker(factory)() as session:
            assert session.get(Draft, draft_id).state == "negotiating"
            session.commit()
    finally:
        release.set()
    assert holding.result(10) == "held"
    writer.stop()


def test_a_domain_error_keeps_its_status(factory, draft_id):
    writer = Writer(factory)
    future = writer.submit(refused)
    with pytest.raises(DomainError) as caught:
        future.result(10)
    writer.stop()
    assert caught.value.status == 409


def test_a_read_records_a_tokens_use_after_it_and_at_most_every_few_minutes(
        fresh_database_url, settings, factory):
    with factory() as session:
        user = accounts.add_user(session, email="chair@example.org", role="chair",
                                 password=None)
        token = accounts.create_token(session, user)
        session.commit()
    app = create_app(replace(settings, database_url=fresh_database_url))
    headers = {"Authorization": f"Bearer {token}"}

    def last_used():
        with factory() as session:
            return session.scalar(select(ApiToken.last_used_at))

    with TestClient(app) as client:
        assert client.get("/api/v1/drafts", headers=headers).status_code == 200
        app.state.writer.stop()  # drains what the read left for it
        first = last_used()
        assert first is not None
        assert client.get("/api/v1/drafts", headers=headers).status_code == 200
        app.state.writer.stop()
        assert last_used() == first  # within TOKEN_USE_PRECISION: not written again
        with factory() as session:
            session.execute(ApiToken.__table__.update().values(
                last_used_at=utcnow() - accounts.TOKEN_USE_PRECISION - timedelta(seconds=1)))
            session.commit()
        assert client.get("/api/v1/drafts", headers=headers).status_code == 200
        app.state.writer.stop()
        assert last_used() > first
    app.state.sessionmaker.kw["bind"].dispose()  # its pooled connections, closed


def test_a_read_that_writes_is_reported(factory):
    with factory() as session:
        session.info[READING] = True
        audit.record(session, SYSTEM, "test:written-in-a-read", None)
        with pytest.warns(ReadWrote):
            session.flush()
        session.rollback()
