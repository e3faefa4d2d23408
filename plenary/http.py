"""What every handler shares: one transaction per request, who is asking, CSRF.

Handlers stay thin: they parse input, call `run(request, work)` where `work(session)`
calls one use case, and render the result. Database work runs in the thread pool.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from drafting.actors import Actor
from drafting.errors import DomainError, Forbidden
from exports.formats import Exported
from plenary import accounts, clock
from plenary.models import User

T = TypeVar("T")
SESSION_COOKIE = "plenary_session"
PRESESSION_COOKIE = "plenary_pre"  # binds the login form's CSRF token before sign-in


class Unauthorized(DomainError):
    code = "unauthorized"
    status = 401


def in_transaction(request: Request, work: Callable[[Session], T]) -> T:
    # Silences due are settled first, in their own transaction: whatever this request
    # reads, and whether or not it succeeds, the expiry stands.
    clock.tick(request.app.state.sessionmaker, request.app.state.settings)
    with request.app.state.sessionmaker() as session:
        try:
            result = work(session)
            session.commit()
            return result
        except BaseException:
            session.rollback()
            raise


async def run(request: Request, work: Callable[[Session], T]) -> T:
    return await run_in_threadpool(in_transaction, request, work)


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
    user = accounts.token_user(session, token)
    if user is None:
        raise Unauthorized("the API token is unknown or its account is disabled")
    return accounts.actor_for(user)


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
