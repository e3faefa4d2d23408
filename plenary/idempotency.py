"""Idempotency-Key: a write retried with the same key is answered, not carried out again.

A client that lost the answer to a POST (a timeout, a dropped connection, a 503) sends
it again with the same `Idempotency-Key` header. The first request reserves the key (a
unique row, committed before the work starts); its answer, when it succeeded (status
below 400), is stored and replayed to every retry with `Idempotent-Replayed: true`. A
retry arriving while the first still runs finds the reservation and gets 409, never a
second run. An answer of 400 or more changed nothing, so it is not kept: the key is
released and a retry runs afresh (after a 503, that is what the client wants).

Keys are per user (a digest of the API token or the session id), up to 255 characters,
and kept for 24 hours (pruned by a background job). A request without the header costs
one look at its method and headers.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.cookies import SimpleCookie

from sqlalchemy import delete, select, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from drafting.db import utcnow
from plenary.background import Job, register
from plenary.models import IdempotencyKey

log = logging.getLogger("plenary.idempotency")

# DELETE too: a journal's lines are named by position, so a blind retry of "remove
# speaker 2" would remove the next one.
METHODS = frozenset({"POST", "PATCH", "DELETE"})
HEADER = b"idempotency-key"
REPLAYED = {"idempotent-replayed": "true"}
MAX_KEY = 255
KEEP = timedelta(hours=24)
# A reservation older than this whose request never finished belongs to a process that
# died: a retry may take it over. Longer than any request runs (a revision, a PDF).
LEASE = timedelta(minutes=2)
KEPT_HEADERS = frozenset({b"content-type", b"location"})  # no cookies: they are the first's
PROCESSING, COMMITTED, DONE = "processing", "committed", "done"
RESERVED, REPLAY, IN_PROGRESS, MISMATCH, LOST = (
    "reserved", "replay", "in_progress", "mismatch", "lost")


@dataclass(frozen=True)
class Outcome:
    kind: str
    row_id: int | None = None
    status: int | None = None
    headers: list | None = None
    body: bytes | None = None


# --- the record of keys: each function one short transaction of its own ---------------------

def reserve(factory: sessionmaker, owner: str, key: str, fingerprint: str,
            now: datetime | None = None) -> Outcome:
    """Reserve the key for this request, or say what a retry gets instead."""
    now = now or utcnow()
    with factory() as session:
        row = _find(session, owner, key)
        if row is not None and row.expires_at <= now:
            session.delete(row)
            session.flush()
            row = None
        if row is None:
            row = IdempotencyKey(owner=owner, key=key, fingerprint=fingerprint,
                                 state=PROCESSING, created_at=now, expires_at=now + KEEP)
            session.add(row)
            try:
                session.commit()
                return Outcome(RESERVED, row.id)
            except sa_exc.IntegrityError:  # a concurrent request reserved it first
                session.rollback()
                row = _find(session, owner, key)
                if row is None:
                    return Outcome(IN_PROGRESS)
        return _existing(session, row, fingerprint, now)


def _find(session: Session, owner: str, key: str) -> IdempotencyKey | None:
    return session.scalar(select(IdempotencyKey).where(
        IdempotencyKey.owner == owner, IdempotencyKey.key == key))


def _existing(session: Session, row: IdempotencyKey, fingerprint: str,
              now: datetime) -> Outcome:
    if row.fingerprint != fingerprint:
        return Outcome(MISMATCH)
    if row.state == DONE:
        return Outcome(REPLAY, row.id, row.status_code, row.headers, row.body)
    stale = now - LEASE
    if row.created_at > stale:
        return Outcome(IN_PROGRESS)
    if row.state == COMMITTED:
        return Outcome(LOST)  # its work is stored; running it again would do it twice
    # Conditional, so that of two retries taking over at once only one runs the work.
    taken = session.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.id == row.id, IdempotencyKey.state == PROCESSING,
               IdempotencyKey.created_at <= stale)
        .values(created_at=now)
    ).rowcount
    session.commit()
    return Outcome(RESERVED, row.id) if taken == 1 else Outcome(IN_PROGRESS)


def finish(factory: sessionmaker, row_id: int, status: int, headers: list,
           body: bytes) -> None:
    """Keep the answer of a request that succeeded, for its retries."""
    with factory() as session:
        session.execute(update(IdempotencyKey).where(IdempotencyKey.id == row_id).values(
            state=DONE, status_code=status, headers=headers, body=body))
        session.commit()


def release(factory: sessionmaker, row_id: int) -> None:
    """Free the key of a request that changed nothing, so that a retry runs afresh."""
    with factory() as session:
        session.execute(delete(IdempotencyKey).where(
            IdempotencyKey.id == row_id, IdempotencyKey.state == PROCESSING))
        session.commit()


def mark_committed(session: Session, request: Request) -> None:
    """Record, in the request's own transaction, that its work is committed with it.

    For the write path to call after a request's work succeeds, before the commit: a
    retry then knows that the work is stored even when the answer never was (the process
    died in between), and says so instead of running it again."""
    row_id = getattr(request.state, "idempotency_key", None)
    if row_id is not None:
        session.execute(update(IdempotencyKey).where(
            IdempotencyKey.id == row_id, IdempotencyKey.state == PROCESSING,
        ).values(state=COMMITTED))


def within_request(request: Request, work):
    """`work(session)`, followed in the same transaction by `mark_committed`: what the
    write path runs for a request that reserved a key (the work itself otherwise)."""
    if getattr(request.state, "idempotency_key", None) is None:
        return work

    def work_then_mark(session: Session):
        result = work(session)
        mark_committed(session, request)
        return result

    return work_then_mark


def prune(factory: sessionmaker, now: datetime | None = None) -> int:
    with factory() as session:
        removed = session.execute(delete(IdempotencyKey).where(
            IdempotencyKey.expires_at <= (now or utcnow()))).rowcount
        session.commit()
        return removed


register(Job("idempotency keys", 600, lambda app: prune(app.state.sessionmaker)))


# --- the middleware ---------------------------------------------------------------------------

class IdempotencyMiddleware:
    """Wraps the routes (inside Starlette's error middleware, outside its exception
    handlers, which turn the routes' errors into answers before they reach it).

    `error(request, status, code, message, headers)` renders the app's errors (JSON for the
    API, a page otherwise); `database_error(request, exc)` answers a failing database;
    `session_cookie` names the cookie holding a browser's session id."""

    def __init__(self, app, error, database_error, session_cookie: str):
        self.app, self.error, self.database_error = app, error, database_error
        self.session_cookie = session_cookie

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in METHODS:
            return await self.app(scope, receive, send)
        raw = _header(scope, HEADER)
        owner = _owner(scope, self.session_cookie) if raw is not None else None
        if owner is None:  # no key, or nobody to keep it for (the answer is a 401 anyway)
            return await self.app(scope, receive, send)
        request = Request(scope)
        key = _key(raw)
        if key is None:
            response = self.error(request, 400, "invalid_idempotency_key",
                                  f"the Idempotency-Key header must be 1 to {MAX_KEY} "
                                  "printable ASCII characters, such as a UUID")
            return await response(scope, receive, send)
        body = await _read_body(receive)
        factory = scope["app"].state.sessionmaker
        request_print = fingerprint(scope["method"], scope["path"],
                                    scope.get("query_string", b""), body)
        try:
            outcome = await run_in_threadpool(reserve, factory, owner, key, request_print)
        except (sa_exc.DBAPIError, sa_exc.TimeoutError) as exc:
            return await (await self.database_error(request, exc))(scope, receive, send)
        if outcome.kind != RESERVED:
            return await self._answer(request, outcome)(scope, receive, send)
        scope.setdefault("state", {})["idempotency_key"] = outcome.row_id
        await self._run(scope, _replaying(body, receive), send, factory, outcome.row_id)

    def _answer(self, request: Request, outcome: Outcome) -> Response:
        if outcome.kind == REPLAY:
            headers = dict(outcome.headers) | REPLAYED
            return Response(outcome.body, status_code=outcome.status, headers=headers)
        if outcome.kind == MISMATCH:
            return self.error(request, 422, "idempotency_key_reused",
                              "this Idempotency-Key was used for a different request (another "
                              "method, path or body); send a new key with a new request")
        if outcome.kind == LOST:
            return self.error(request, 409, "idempotency_key_answer_lost",
                              "the first request with this Idempotency-Key was carried out, "
                              "but its answer was lost; read the result instead of retrying")
        return self.error(request, 409, "idempotency_key_in_progress",
                          "the first request with this Idempotency-Key is still being "
                          "processed; retry in a moment", {"Retry-After": "1"})

    async def _run(self, scope, receive, send, factory: sessionmaker, row_id: int) -> None:
        messages = []  # the answer is held back until it is kept (or the key freed)

        async def hold(message):
            messages.append(message)

        try:
            await self.app(scope, receive, hold)
        except BaseException:
            await _settle(release, factory, row_id)
            raise
        start = next(m for m in messages if m["type"] == "http.response.start")
        if start["status"] < 400:
            kept = [[n.decode("latin-1"), v.decode("latin-1")]
                    for n, v in start.get("headers", []) if n.lower() in KEPT_HEADERS]
            body = b"".join(m.get("body", b"") for m in messages
                            if m["type"] == "http.response.body")
            await _settle(finish, factory, row_id, start["status"], kept, body)
        else:
            await _settle(release, factory, row_id)
        for message in messages:
            await send(message)


async def _settle(step, factory: sessionmaker, row_id: int, *args) -> None:
    # The request's own answer stands even when its key cannot be updated (the database
    # went away in between): the key stays reserved until its lease ends.
    try:
        await run_in_threadpool(step, factory, row_id, *args)
    except (sa_exc.DBAPIError, sa_exc.TimeoutError) as exc:
        log.warning("idempotency key %s could not be %s: %s", row_id,
                    "kept" if step is finish else "released", exc.__class__.__name__)


def _header(scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def _owner(scope, session_cookie: str) -> str | None:
    """A digest of the caller's credential: the bearer token, else the session cookie."""
    scheme, _, token = (_header(scope, b"authorization") or "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return owner_digest("token", token.strip())
    cookie = SimpleCookie(_header(scope, b"cookie") or "").get(session_cookie)
    return owner_digest("session", cookie.value) if cookie is not None and cookie.value else None


def owner_digest(kind: str, credential: str) -> str:
    """Whose keys: kind "token" (an API token) or "session" (a browser's session id)."""
    return hashlib.sha256(f"idempotency|{kind}|{credential}".encode()).hexdigest()


def _key(raw: str) -> str | None:
    key = raw.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':  # the draft standard's quoted form
        key = key[1:-1]
    if not 1 <= len(key) <= MAX_KEY or not all(" " <= c <= "~" for c in key):
        return None
    return key


def fingerprint(method: str, path: str, query: bytes, body: bytes) -> str:
    """What makes a retry the same request: its method, path, query and body."""
    digest = hashlib.sha256(f"{method} {path}?".encode())
    digest.update(query + b"\n" + body)
    return digest.hexdigest()


async def _read_body(receive) -> bytes:
    # Starlette's body limit wraps `receive`: an oversized body ends here with its 413.
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replaying(body: bytes, receive):
    """A `receive` that hands the route the body read already, then waits as before."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replay():
        return pending.pop() if pending else await receive()

    return replay
