"""The change feed (plenary.feed): topics are told when a transaction commits, never for a
rollback or a rolled back savepoint; on PostgreSQL through a real LISTEN connection, on
SQLite through this process's sinks, as each worker hears them."""

from __future__ import annotations

import asyncio
import os
import queue
import subprocess
import sys
import threading

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from drafting import amendments, notices
from drafting.db import utcnow
from drafting.errors import Invalid
from drafting.models import Delegation, Draft, Notice
from drafting.services import revision_of
from plenary import accounts, demo, feed
from plenary.broker import Broker
from plenary.db import make_engine, make_sessionmaker
from plenary.models import User
from plenary.writer import Writer
from tests.tcp_proxy import TcpProxy

SENTINEL_USER = 987654  # a notice to nobody: "notices:user:987654", to mark the order


class Ear:
    """Hears the feed as a worker does: a LISTEN connection on PostgreSQL, this process's
    sinks on SQLite."""

    def __init__(self, url: str):
        self.url = url
        self.postgres = make_url(url).get_backend_name() == "postgresql"
        self.heard: queue.SimpleQueue[frozenset[str]] = queue.SimpleQueue()

    def __enter__(self) -> Ear:
        if self.postgres:
            info = make_url(self.url).set(drivername="postgresql")
            self.conn = psycopg.connect(info.render_as_string(hide_password=False),
                                        autocommit=True)
            self.conn.execute(f"LISTEN {feed.CHANNEL}")
            self.stopping = threading.Event()
            self.thread = threading.Thread(target=self._listen)
            self.thread.start()
        else:
            feed.local_sinks.add(self.heard.put)
        return self

    def _listen(self) -> None:
        # One generator for all: psycopg hands over every notification a read brought,
        # and a generator stopped early would drop those after the first.
        while not self.stopping.is_set():
            for notice in self.conn.notifies(timeout=0.2):
                self.heard.put(feed.topics_of_payload(notice.payload))

    def __exit__(self, *exc) -> None:
        if self.postgres:
            self.stopping.set()
            self.thread.join(10)
            self.conn.close()
        else:
            feed.local_sinks.discard(self.heard.put)

    def next(self, timeout: float = 10) -> frozenset[str]:
        return self.heard.get(timeout=timeout)


@pytest.fixture
def factory(fresh_database_url):
    engine = make_engine(fresh_database_url)
    factory = make_sessionmaker(engine)
    with factory() as session:
        demo.load(session)
        session.commit()
    yield factory
    engine.dispose()


@pytest.fixture
def ear(factory, fresh_database_url):
    with Ear(fresh_database_url) as ear:
        yield ear


def delegation(session, name: str) -> int:
    return session.scalar(select(Delegation.id).where(Delegation.name == name))


def sentinel(factory) -> frozenset[str]:
    """Commit a notice to nobody: what the feed tells next proves what it did not tell
    before (PostgreSQL delivers notifications in the order of the commits)."""
    with factory() as session:
        notices.to_user(session, SENTINEL_USER, "sentinel")
        session.commit()
    return frozenset({f"notices:user:{SENTINEL_USER}"})


def test_a_proposal_tells_its_draft_on_commit(factory, ear):
    with factory() as session:
        draft = session.scalar(select(Draft).where(Draft.symbol == demo.ENERGY_DRAFT))
        user = session.scalar(select(User).where(User.email == "drafter.it@demo.plenary"))
        paragraph = revision_of(session, draft).paragraphs[0]
        # The proposal's row goes in with one Core INSERT: its audit event names the draft.
        amendments.propose(session, accounts.actor_for(user), draft,
                           paragraph_key=paragraph.key, action="modify", text="Welcomes all.")
        draft_id = draft.id
        session.commit()
    assert f"draft:{draft_id}" in ear.next()


def test_a_notice_tells_its_addresses(factory, ear):
    with factory() as session:
        italy = delegation(session, "Italy")
        notices.to_delegation(session, italy, "to Italy")
        notices.to_role(session, "chair", "to the Chair")
        notices.to_everyone(session, "to all")
        session.commit()
    assert ear.next() == {f"notices:delegation:{italy}", "notices:role:chair", "notices:all"}


def test_a_rollback_tells_nothing(factory, ear):
    with factory() as session:
        notices.to_role(session, "chair", "never sent")
        session.flush()
        session.rollback()
    marker = sentinel(factory)
    assert ear.next() == marker


def test_a_savepoint_rolled_back_tells_nothing_and_a_released_one_tells_on_commit(factory, ear):
    with factory() as session:
        italy, belarus = delegation(session, "Italy"), delegation(session, "Belarus")
        refused = session.begin_nested()
        notices.to_delegation(session, italy, "refused")
        session.flush()
        refused.rollback()
        kept = session.begin_nested()
        notices.to_delegation(session, belarus, "kept")
        session.flush()
        kept.commit()
        session.commit()
    assert ear.next() == {f"notices:delegation:{belarus}"}


def test_a_writer_batch_tells_only_what_its_accepted_items_did(factory, ear):
    writer = Writer(factory)
    first_running, go_on = threading.Event(), threading.Event()
    with factory() as session:
        italy, belarus = delegation(session, "Italy"), delegation(session, "Belarus")

    def first(session):  # holds the writer, so that the next two make one batch
        first_running.set()
        go_on.wait(10)
        notices.to_role(session, "secretariat", "first")

    def refused(session):
        notices.to_delegation(session, italy, "refused")
        session.flush()
        raise Invalid("refused")

    def accepted(session):
        notices.to_delegation(session, belarus, "accepted")

    try:
        one = writer.submit(first)
        assert first_running.wait(10)
        two, three = writer.submit(refused), writer.submit(accepted)
        go_on.set()
        one.result(10)
        with pytest.raises(Invalid):
            two.result(10)
        three.result(10)
    finally:
        writer.stop()
    assert ear.next() == {"notices:role:secretariat"}
    assert ear.next() == {f"notices:delegation:{belarus}"}


def test_a_transaction_that_changes_nothing_watched_tells_nothing(factory, ear):
    with factory() as session:
        user = session.scalar(select(User).where(User.email == "observer@demo.plenary"))
        user.display_name = "Observer, renamed"
        session.commit()
    marker = sentinel(factory)
    assert ear.next() == marker


def test_mailing_a_notice_tells_nothing(factory, ear):
    with factory() as session:  # what the mailer does once it has sent a notice
        notice = session.scalar(select(Notice).order_by(Notice.id).limit(1))
        notice.emailed_at, notice.email_attempts = utcnow(), 1
        session.commit()
    marker = sentinel(factory)
    assert ear.next() == marker


def test_a_payload_too_long_for_notify_tells_everything():
    many = [f"notices:delegation:{n}" for n in range(1000)]
    assert feed.payload_of(many) == feed.EVERYTHING
    assert feed.topics_of_payload(feed.payload_of(["draft:2", "dashboard"])) == {
        "draft:2", "dashboard"}


def test_a_worker_hears_again_after_the_database_came_back(fresh_database_url, factory):
    if make_url(fresh_database_url).get_backend_name() != "postgresql":
        pytest.skip("SQLite has no LISTEN connection to lose")
    url = make_url(fresh_database_url)
    with TcpProxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(
            hide_password=False)
        asyncio.run(_lose_and_regain(Broker(through), proxy, factory))


async def _lose_and_regain(broker: Broker, proxy: TcpProxy, factory) -> None:
    broker.start()
    try:
        subscription = broker.subscribe(frozenset({"notices:role:chair", "dashboard"}))
        await broker.heard_from_the_start()
        assert broker.listening.is_set()
        proxy.down()
        while broker.listening.is_set():  # the listener notices the cut connection
            await asyncio.sleep(0.05)
        await asyncio.to_thread(_tell_the_chair, factory)  # committed while unheard
        await _bring_back(proxy)
        # Back: what went unheard meanwhile refreshes every page once …
        assert await subscription.next(30) == {"notices:role:chair", "dashboard"}
        # … and the next commits are heard again.
        await asyncio.to_thread(_tell_the_chair, factory)
        assert await subscription.next(30) == {"notices:role:chair"}
    finally:
        broker.stop()


async def _bring_back(proxy: TcpProxy) -> None:
    # The proxy's accepting thread holds its closed listener until its accept() times out.
    for _ in range(100):
        try:
            return proxy.up()
        except OSError:
            await asyncio.sleep(0.05)
    pytest.fail("the proxy could not listen again")


def _tell_the_chair(factory) -> None:
    with factory() as session:
        notices.to_role(session, "chair", "while the listener was away")
        session.commit()


def test_a_command_line_change_is_told_to_the_workers_on_postgresql(
        fresh_database_url, factory, ear, tmp_path):
    if not ear.postgres:
        pytest.skip("on SQLite another process's change is not heard (see the README)")
    text = tmp_path / "draft.md"
    text.write_text("A draft from the command line\n\nThe Ministerial Council,\n\n"
                    "Recalling its earlier decisions,\n\nDecides:\n\n1. To act.\n")
    env = os.environ | {"PLENARY_DATABASE_URL": fresh_database_url,
                        "PLENARY_SECRET_KEY": "feed-test-secret"}
    done = subprocess.run([sys.executable, "-m", "plenary.cli", "draft", "import", str(text),
                           "--body", "MC", "--symbol", "MC.DD/40/26"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with factory() as session:
        draft_id = session.scalar(select(Draft.id).where(Draft.symbol == "MC.DD/40/26"))
    assert {"dashboard", f"draft:{draft_id}"} <= ear.next()
