"""Users, passwords (argon2id), server-side sessions and API tokens.

A browser holds only a random session id; the database holds its SHA-256 digest. Logging
out, disabling the account or changing the password deletes or invalidates the row, so a
copied cookie stops working at once.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from drafting import audit
from drafting.actors import ROLES, SYSTEM, Actor
from drafting.db import utcnow
from drafting.errors import Conflict, Invalid
from drafting.services import find_delegation
from plenary.models import ApiToken, User, UserSession

HASHER = PasswordHasher()  # argon2id with the library's current parameters
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # hashing megabytes of "password" would be a cheap denial of service
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Verifying against a real hash when the email is unknown keeps the timing the same.
_DUMMY_HASH = HASHER.hash("not a real password")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(
    session: Session, *, email: str, role: str, password: str | None,
    delegation: str | None = None, display_name: str = "", actor: Actor = SYSTEM,
) -> User:
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise Invalid(f"{email!r} is not an email address")
    if role not in ROLES:
        raise Invalid(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    if (role == "drafter") != (delegation is not None):
        raise Invalid("a drafter needs --delegation, and only a drafter has one")
    if session.scalar(select(User).where(User.email == email)):
        raise Conflict(f"a user {email} exists already")
    user = User(email=email, role=role, display_name=display_name or email.split("@")[0])
    if delegation is not None:
        user.delegation = find_delegation(session, delegation)
    if password is not None:
        user.password_hash = hash_password(password)
    session.add(user)
    session.flush()
    audit.record(session, actor, "user:add", user.id, email=email, role=role)
    return user


def hash_password(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise Invalid(f"a password has {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    return HASHER.hash(password)


def set_password(session: Session, user: User, password: str) -> None:
    """A new password ends every session of the user."""
    user.password_hash = hash_password(password)
    session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    session.flush()


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    stored = user.password_hash if user and user.password_hash else _DUMMY_HASH
    try:
        HASHER.verify(stored, password[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active or not user.password_hash:
        return None
    return user


def start_session(session: Session, user: User, hours: int) -> str:
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(digest=digest(token), user=user, expires_at=utcnow() + timedelta(hours=hours))
    )
    session.flush()
    return token


def end_session(session: Session, token: str) -> None:
    session.execute(delete(UserSession).where(UserSession.digest == digest(token)))


def session_user(session: Session, token: str) -> User | None:
    row = session.scalar(select(UserSession).where(UserSession.digest == digest(token)))
    if row is None or row.expires_at <= utcnow() or not row.user.active:
        return None
    return row.user


def create_token(session: Session, user: User) -> str:
    token = "pln_" + secrets.token_urlsafe(32)
    session.add(ApiToken(digest=digest(token), user=user))
    session.flush()
    audit.record(session, SYSTEM, "token:create", user.id)
    return token


def token_user(session: Session, token: str) -> User | None:
    row = session.scalar(select(ApiToken).where(ApiToken.digest == digest(token)))
    if row is None or not row.user.active:
        return None
    row.last_used_at = utcnow()
    return row.user


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def actor_for(user: User) -> Actor:
    return Actor(
        user_id=user.id, role=user.role, delegation_id=user.delegation_id,
        name=user.display_name,
    )
