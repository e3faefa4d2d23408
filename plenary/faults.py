"""When the database fails: which failures mean "unreachable" or "busy" (answered 503 with
Retry-After, since a retry in a moment will do) and which are bugs (500); the readiness
check behind /readyz; and log lines that do not flood during an outage."""

from __future__ import annotations

import logging
import threading
import time

import anyio
from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

log = logging.getLogger("plenary.faults")

UNAVAILABLE, BUSY = "unavailable", "busy"
RETRY_AFTER = "2"  # seconds: about one pool reconnect, and the silence clock's own period
MESSAGES = {
    UNAVAILABLE: "the database is unavailable; retry in a moment",
    BUSY: "the database is busy; retry in a moment",
}
READY_TIMEOUT = 2.0  # seconds /readyz waits for SELECT 1

# PostgreSQL SQLSTATEs. Class 08 (connection exception) and 53 (insufficient resources,
# e.g. too many connections), and a server shutting down or starting: unreachable.
_PG_UNAVAILABLE_CLASSES = {"08", "53"}
_PG_UNAVAILABLE = {"57P01", "57P02", "57P03"}
# Contention that a retry resolves: serialization failure, deadlock, lock or statement
# timeout.
_PG_BUSY = {"40001", "40P01", "55P03", "57014"}
# SQLite result codes (the primary code is the low byte of an extended one).
_SQLITE_BUSY = {5, 6}  # SQLITE_BUSY after busy_timeout, SQLITE_LOCKED
_SQLITE_UNAVAILABLE = {10, 14}  # SQLITE_IOERR, SQLITE_CANTOPEN


def classify(exc: BaseException) -> str | None:
    """UNAVAILABLE, BUSY, or None for any other error (a constraint violation, a missing
    table, a bug), which must not be disguised as a passing outage."""
    if isinstance(exc, sa_exc.TimeoutError):
        return BUSY  # every pooled connection in use for pool_timeout seconds
    if not isinstance(exc, sa_exc.DBAPIError):
        return None
    if exc.connection_invalidated:
        return UNAVAILABLE
    if hasattr(exc.orig, "sqlite_errorcode"):
        return _sqlite(exc.orig.sqlite_errorcode)
    if not isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError)):
        return None
    return _postgresql(getattr(exc.orig, "sqlstate", None))


def _sqlite(code: int | None) -> str | None:
    code = (code or 0) & 0xFF
    if code in _SQLITE_BUSY:
        return BUSY
    return UNAVAILABLE if code in _SQLITE_UNAVAILABLE else None


def _postgresql(state: str | None) -> str | None:
    if state is None:
        return UNAVAILABLE  # psycopg's own: refused, reset, closed, no route to the host
    if state[:2] in _PG_UNAVAILABLE_CLASSES or state in _PG_UNAVAILABLE:
        return UNAVAILABLE
    return BUSY if state in _PG_BUSY else None


def first_line(exc: BaseException) -> str:
    """The driver's own words, one line of them (psycopg adds hints on further lines)."""
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__


class Throttled:
    """A warning at most once per `every` seconds: during an outage each request fails the
    same way, and one line says as much as a thousand."""

    def __init__(self, logger: logging.Logger, every: float = 30.0):
        self.logger, self.every = logger, every
        self._last = -every
        self._lock = threading.Lock()

    def warning(self, message: str, *args) -> None:
        with self._lock:
            now = time.monotonic()
            if now - self._last < self.every:
                return
            self._last = now
        self.logger.warning(message, *args)


request_log = Throttled(log)  # requests answered 503
probe_log = Throttled(log)  # /readyz


class Probe:
    """One readiness check at a time: a load balancer asking every second must not pile up
    threads stuck on an unreachable host. A check that overran is abandoned, not awaited;
    the next one may start when it ends."""

    def __init__(self):
        self._running = threading.Lock()
        # Its own thread limiter: a probe never queues behind 40 busy request threads.
        self._limiter = anyio.CapacityLimiter(1)

    async def problem(self, factory: sessionmaker, timeout: float = READY_TIMEOUT) -> str | None:
        """None when the database answers SELECT 1 within `timeout`; else what is wrong."""
        if not self._running.acquire(blocking=False):
            return "the previous check of the database has not finished"
        with anyio.move_on_after(timeout):
            try:
                await anyio.to_thread.run_sync(self._select_one, factory,
                                               abandon_on_cancel=True, limiter=self._limiter)
                return None
            except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
                probe_log.warning("readiness check: the database fails: %s", first_line(exc))
                return "the database is busy" if classify(exc) == BUSY else (
                    "the database is unreachable")
        return f"the database did not answer within {timeout:g} s"

    def _select_one(self, factory: sessionmaker) -> None:
        try:
            with factory() as session:
                session.execute(text("SELECT 1"))
        finally:
            self._running.release()
