"""What every handler shares: one transaction per request, who is asking, CSRF.

Handlers stay thin: they parse input, call `run(request, work)` where `work(session)`
calls one use case, and render the result. Database work runs in the thread pool.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import warnings
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from drafting.actors import Actor
from drafting.errors import DomainError, Forbidden
from exports.formats import Exported
from plenary import accounts, clock, idempotency
from plenary.models import User

T = TypeVar("T")
SESSION_COOKIE = "plenary_session"
PRESESSION_COOKIE = "plenary_pre"  # binds the login form's CSRF token before sign-in


class Unauthorized(DomainError):
    code = "unauthorized"
    status = 401


READS = frozenset({"GET", "HEAD", "OPTIONS"})
READING = "plenary.reading"  # session.info: this session serves a read


class ReadWrote(UserWarning):
    """A read (GET) changed the database: it should go through a write (POST)."""


@event.listens_for(Session, "before_flush")
def _reads_do_not_write(session: Session, _context, _instances) -> None:
    # A read's transaction is DEFERRED on SQLite: a write there can fail at once with
    # SQLITE_BUSY under load. None should happen; the tests turn this warning into an error.
    if session.info.get(READING) and (
            session.new or session.deleted or any(session.is_modified(o) for o in session.dirty)):
        warnings.warn(f"a read wrote to the database: {session.new or session.dirty}",
                      ReadWrote, stacklevel=2)


def in_transaction(request: Request, work: Callable[[Session], T]) -> T:
    """Run a read in a transaction of its own, deferred on SQLite: it takes no write lock,
    so in WAL mode it runs beside the writer, never behind it."""
    state = request.app.state
    clock.settle(state.read_sessionmaker, state.sessionmaker, state.settings)
    one_connection = state.read_sessionmaker is state.sessionmaker  # the tests' connection
    with state.read_sessionmaker() as session:
        session.info[READING] = True
        later = session.info.setdefault(accounts.LATER_WRITES, [])
        try:
            result = work(session)
            if one_connection:  # no writer thread may share the tests' connection
                session.info[READING] = False
                for write in later:
                    write(session)
            session.commit()
        except BaseException:
            session.rollback()
            raise
    if not one_connection:
        for write in later:  # bookkeeping (a token's last use): not waited for
            state.writer.submit(write)
    return result


async def run(request: Request, work: Callable[[Session], T]) -> T:
    """Run `work(session)`: a read (GET, HEAD) in the thread pool, beside other reads; a
    write through this process's writer (plenary/writer.py), which commits the writes
    that queued meanwhile together, each in its own savepoint."""
    if request.method in READS:
        return await run_in_threadpool(in_transaction, request, work)
    # A request with an Idempotency-Key marks its key used in its own savepoint: the key
    # and the work commit together, or neither does (plenary/idempotency.py).
    return await write(request, idempotency.within_request(request, work))


async def write(request: Request, work: Callable[[Session], T]) -> T:
    """Run `work(session)` through the writer, whatever the request's method: what a read
    records after it has answered (an export's audit event) goes this way too."""
    return await request.app.state.writer.run(work)


def download(exported: Exported) -> Response:
    """A document as a file download named after its symbol."""
    disposition = f'attachment; filename="{exported.file_name}"'
    return Response(exported.body, media_type=exported.content_type,
                    headers={"content-disposition": disposition})


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def api_actor(request: Request, session: Session) -> Actor:
    """The actor behind an API request: a bearer token only (no cookies, so no CSRF)."""
    token = bearer_token(request)
    if token is None:
        raise Unauthorized(
            "send an API token: Authorization: Bearer <token> (see plenary token create)"
        )
    actor = accounts.token_actor(session, token)
    if actor is None:
        raise Unauthorized("the API token is unknown or its account is disabled")
    return actor


def page_user(request: Request, session: Session) -> User | None:
    token = request.cookies.get(SESSION_COOKIE)
    return accounts.session_user(session, token) if token else None


def csrf_token(request: Request, secret: str) -> str:
    """The form token: an HMAC of the session id, or of the pre-session id at login."""
    binding = request.cookies.get(SESSION_COOKIE) or request.state.presession
    return hmac.new(secret.encode(), f"csrf|{binding}".encode(), hashlib.sha256).hexdigest()


def check_csrf(request: Request, form_token: str | None, secret: str) -> None:
    origin = request.headers.get("origin")
    if origin and origin != f"{request.url.scheme}://{request.url.netloc}":
        raise Forbidden("this form was sent from another site; reload the page and try again")
    expected = csrf_token(request, secret)
    if not form_token or not hmac.compare_digest(form_token, expected):
        raise Forbidden("the form has expired or was not sent from Plenary; reload and try again")


def presession(cookie_value: str | None) -> tuple[str, bool]:
    """The pre-session id from its cookie, and whether it is new (to be set as a cookie)."""
    if cookie_value and len(cookie_value) <= 100:
        return cookie_value, False
    return secrets.token_urlsafe(24), True
