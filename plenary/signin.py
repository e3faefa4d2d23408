"""Signing in through the throttle (plenary.throttle).

Two short write transactions, with the password check between them and outside both:
argon2 takes about 90 ms and 64 MiB, and must hold neither the writer (plenary/writer.py)
nor any row of the throttle while it runs. The first counts the attempt (or refuses it),
the second settles it and, on success, starts the session.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from drafting import notices
from drafting.db import utcnow
from plenary import accounts, throttle
from plenary.background import Job, register
from plenary.http import SESSION_COOKIE, run
from plenary.models import User


@dataclass(frozen=True)
class Admission:
    verdict: throttle.Verdict
    user_id: int | None
    stored_hash: str | None  # None: no such account, or disabled (a dummy hash is checked)


async def sign_in(request: Request, email: str, password: str) -> str | throttle.Refused | None:
    """A new session token; or Refused (too many failures: answer 429); or None (a wrong
    e-mail address or password, or a disabled account)."""
    settings = request.app.state.settings
    address = client_address(request)
    keys = [throttle.address_key(address, settings.signin_address_limit),
            throttle.account_key(email)]
    admission = await run(request, lambda session: _admit(session, keys, email, address))
    if admission.verdict.refused is not None:
        return admission.verdict.refused
    matches = await run_in_threadpool(accounts.password_matches, admission.stored_hash,
                                      password)
    previous = request.cookies.get(SESSION_COOKIE)

    def settle(session: Session) -> str | None:
        user = _still_valid(session, admission) if matches else None
        lockouts = throttle.settle(session, keys, user is not None, utcnow())
        _tell_owner(session, admission.user_id, lockouts, address)
        if user is None:
            return None
        if previous:  # a new sign-in replaces the browser's old session, not adds to it
            accounts.end_session(session, previous)
        return accounts.start_session(session, user, settings.session_hours)

    return await run(request, settle)


def client_address(request: Request) -> str:
    # Behind a proxy, uvicorn puts the client's own address here from X-Forwarded-For
    # (trusting only the proxies in FORWARDED_ALLOW_IPS; see the README).
    return request.client.host if request.client else "unknown"


def _admit(session: Session, keys: list[throttle.Key], email: str, address: str) -> Admission:
    user = accounts.find_user(session, email)
    verdict = throttle.admit(session, keys, utcnow())
    _tell_owner(session, user.id if user else None, verdict.lockouts, address)
    usable = bool(user is not None and user.active and user.password_hash)
    return Admission(verdict, user.id if user else None, user.password_hash if usable else None)


def _still_valid(session: Session, admission: Admission) -> User | None:
    # The password checked was the one stored a moment ago: it must still be the one.
    user = session.get(User, admission.user_id) if admission.user_id else None
    if user is None or not user.active or user.password_hash != admission.stored_hash:
        return None
    return user


def _tell_owner(session: Session, user_id: int | None, lockouts: list[throttle.Lockout],
                address: str) -> None:
    """One notice when an account is first paused; its later pauses in the same window
    (until a successful sign-in, or 24 hours) add none."""
    for lockout in lockouts:
        if lockout.key.kind == "account" and lockout.number == 1 and user_id is not None:
            notices.to_user(session, user_id, lockout_message(lockout.seconds, address),
                            link="/account")


def lockout_message(seconds: int, address: str) -> str:
    return (f"Signing in to your account is paused for {seconds} seconds: the password was "
            f"wrong {throttle.ACCOUNT_LIMIT} times in a row, the last time from {address}. "
            "Each further wrong password pauses it longer. If it was not you: those "
            "attempts did not get in; tell the secretariat if they go on.")


def _prune(app: Starlette) -> None:
    with app.state.sessionmaker() as session, session.begin():
        throttle.prune(session, utcnow())


register(Job("sign-in throttle pruning", 300, _prune))
