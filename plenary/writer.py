"""One writer per process: write requests queue here and commit together.

Under a deadline rush dozens of proposals arrive at once. Run each in its own thread and
transaction, and they spend their time queueing for the database's write lock (SQLite's
busy handler sleeps; PostgreSQL waits on the audit chain's head row). Instead, every
request that writes hands its work to this process's writer thread, which takes what
has queued (up to MAX_BATCH items) and runs it in ONE transaction, each item inside its
own savepoint:

- an item that fails (a refused action, a constraint) rolls back its savepoint alone and
  gets its error; the others go on;
- the items run one after another, in arrival order, exactly as they would have run one
  transaction each: every rule, the audit chain and the notifications are what they would
  have been, and the identity map spares the batch's later items the reads of the same
  draft, revision and delegation;
- the batch's audit events are chained at its end, in the items' order, under one short
  lock of the chain's head (drafting.audit.defer_events): the events of a refused item
  are dropped with its savepoint;
- nothing is acknowledged before the commit: if the commit fails, every item of the
  batch gets that error, and nothing of it is stored.

A batch is bounded (MAX_BATCH items), so no request waits behind more than that many.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from drafting import audit

MAX_BATCH = 32  # items per transaction: bounds the wait behind a batch (and PG's subxacts)

# A failure of the connection or of the database itself ends the whole batch: the
# transaction cannot go on after it.
FATAL = (OperationalError, InterfaceError)


@dataclass
class Item:
    work: Callable[[Session], Any]
    future: Future = field(default_factory=Future)


class Writer:
    """The writer thread of one process, started on the first write."""

    def __init__(self, factory: sessionmaker,
                 before_batch: Callable[[Session], object] | None = None):
        self.factory = factory
        self.before_batch = before_batch
        self.queue: queue.SimpleQueue[Item | None] = queue.SimpleQueue()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def submit(self, work: Callable[[Session], Any]) -> Future:
        item = Item(work)
        self._start()
        self.queue.put(item)
        return item.future

    async def run(self, work: Callable[[Session], Any]) -> Any:
        return await asyncio.wrap_future(self.submit(work))

    def stop(self) -> None:
        with self.lock:
            if self.thread is None:
                return
            self.queue.put(None)
            self.thread.join(timeout=30)
            self.thread = None

    def _start(self) -> None:
        if self.thread is not None:
            return
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(target=self._loop, name="plenary-writer",
                                               daemon=True)
                self.thread.start()

    def _loop(self) -> None:
        while True:
            first = self.queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < MAX_BATCH:
                try:
                    item = self.queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:  # stop after this batch
                    self.queue.put(None)
                    break
                batch.append(item)
            self._commit(batch)

    def _commit(self, batch: list[Item]) -> None:
        outcomes: list[tuple[Item, Any, BaseException | None]] = []
        try:
            with self.factory() as session:
                # The identity map holds its objects weakly: keep what the batch loads (a
                # draft, its revision, the delegations) for the batch's later items.
                loaded: list[object] = []
                event.listen(session, "loaded_as_persistent",
                             lambda _session, instance: loaded.append(instance))
                audit.defer_events(session)  # chained at the end, in the items' order
                try:
                    if self.before_batch is not None:  # the silence clock: what is due
                        self.before_batch(session)
                    for item in batch:
                        outcomes.append(self._one(session, item))
                    audit.chain_deferred(session)
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
        except BaseException as exc:  # noqa: BLE001 - handed to every waiting request
            for item in batch:
                if not item.future.done():
                    item.future.set_exception(exc)
            return
        for item, result, error in outcomes:
            if error is None:
                item.future.set_result(result)
            else:
                item.future.set_exception(error)

    @staticmethod
    def _one(session: Session, item: Item) -> tuple[Item, Any, BaseException | None]:
        savepoint = session.begin_nested()
        events = audit.deferred_count(session)
        try:
            result = item.work(session)
            savepoint.commit()
            return item, result, None
        except FATAL:
            raise
        except Exception as exc:  # noqa: BLE001 - this item's own error, given to it alone
            if savepoint.is_active:
                savepoint.rollback()
            audit.drop_deferred(session, events)
            return item, None, exc
