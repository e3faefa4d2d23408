"""Decision numbers are unique, never skipped, never reused, also when adoptions race
(threads and processes, on a real database with real commits)."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import date

from sqlalchemy import select

from plenary.db import make_engine, make_sessionmaker
from tests.factories import CHAIR, make_journal, open_draft
from workflow import services as workflow
from workflow.models import Decision

DRAFTS = 6


def _prepare(url: str) -> tuple[int, list[int]]:
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        journal = make_journal(session, day=date(2017, 12, 8))
        drafts = [open_draft(session).id for _ in range(DRAFTS)]
        session.commit()
        journal_id = journal.id
    engine.dispose()
    return journal_id, drafts


def _adopt(url: str, journal_id: int, draft_id: int) -> None:
    from drafting.services import get_draft

    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            workflow.adopt_at_meeting(session, CHAIR, get_draft(session, draft_id),
                                      workflow.get_journal(session, journal_id), agenda_item=1)
            session.commit()
    finally:
        engine.dispose()


def _numbers(url: str) -> list[int]:
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        numbers = sorted(session.scalars(select(Decision.number)))
    engine.dispose()
    return numbers


def test_concurrent_adoptions_in_threads_are_numbered_one_after_another(fresh_database_url):
    journal_id, drafts = _prepare(fresh_database_url)
    threads = [threading.Thread(target=_adopt, args=(fresh_database_url, journal_id, d))
               for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _numbers(fresh_database_url) == list(range(1, DRAFTS + 1))


def test_concurrent_adoptions_in_processes_are_numbered_one_after_another(fresh_database_url):
    journal_id, drafts = _prepare(fresh_database_url)
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_adopt, args=(fresh_database_url, journal_id, d))
                 for d in drafts]
    for p in processes:
        p.start()
    for p in processes:
        p.join(60)
    assert [p.exitcode for p in processes] == [0] * DRAFTS
    assert _numbers(fresh_database_url) == list(range(1, DRAFTS + 1))
