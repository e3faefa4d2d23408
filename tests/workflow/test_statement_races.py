"""Statements changed at the same moment, on a real database with real commits: the
last confirmations never miss each other, attachment numbers stay 1..n."""

from __future__ import annotations

import threading

from sqlalchemy import select

from drafting.services import find_delegation
from plenary.db import make_engine, make_sessionmaker
from tests.factories import SECRETARIAT, drafter
from tests.statement_factories import make_decision, recorded, say
from workflow import statements
from workflow.models import Decision, Statement

NAMED = ("Belarus", "Armenia", "Kazakhstan", "Kyrgyzstan", "Tajikistan")
STATES = ("Italy", "Austria", "Canada", "Norway", "Iceland", "Malta")


def _in_session(url: str, work) -> None:
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            work(session)
            session.commit()
    finally:
        engine.dispose()


def _all_at_once(url: str, works) -> None:
    start = threading.Barrier(len(works))

    def run(work):
        start.wait()
        _in_session(url, work)

    threads = [threading.Thread(target=run, args=(w,)) for w in works]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)


def _prepared(url: str, make) -> int:
    ids = []
    _in_session(url, lambda session: ids.append(make(session).id))
    return ids[0]


def _read(url: str, query):
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            return query(session)
    finally:
        engine.dispose()


def test_confirmations_at_once_register_the_statement_once(fresh_database_url):
    statement_id = _prepared(fresh_database_url, lambda session: say(
        session, make_decision(session), also=NAMED))

    def confirm(name):
        return lambda session: statements.confirm(
            session, drafter(session, name), session.get(Statement, statement_id))

    _all_at_once(fresh_database_url, [confirm(name) for name in NAMED])
    status = _read(fresh_database_url, lambda session: (
        session.get(Statement, statement_id).status, session.get(Statement, statement_id).position,
        [c.status for c in session.get(Statement, statement_id).cosigners]))
    assert status == ("registered", 1, ["confirmed"] * len(NAMED))


def test_registrations_and_a_withdrawal_at_once_keep_the_numbers_1_to_n(fresh_database_url):
    def prepare(session):
        decision = make_decision(session)
        return recorded(session, decision, "Russian Federation")

    first_id = _prepared(fresh_database_url, prepare)

    def record(name):
        def work(session):
            decision = session.scalar(select(Decision))
            statements.register(session, SECRETARIAT, decision,
                                delegation=find_delegation(session, name),
                                kind="interpretative_statement", original_language="en",
                                text=f"{name} joins consensus.")
        return work

    def withdraw(session):
        statements.withdraw(session, SECRETARIAT, session.get(Statement, first_id), "error")

    _all_at_once(fresh_database_url, [withdraw, *(record(name) for name in STATES)])
    positions = _read(fresh_database_url, lambda session: sorted(
        s.position for s in session.scalars(select(Statement)) if s.status == "registered"))
    assert positions == list(range(1, len(STATES) + 1))
