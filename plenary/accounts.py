"""Users, passwords (argon2id), server-side sessions and API tokens.

A browser holds only a random session id; the database holds its SHA-256 digest. Logging
out, disabling the account or changing the password deletes or invalidates the row, so a
copied cookie stops working at once. API tokens expire (90 days unless said otherwise)
and can be revoked; disabling an account revokes them all.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from drafting import audit
from drafting.actors import ROLES, SYSTEM, Actor
from drafting.db import utcnow
from drafting.errors import Conflict, DomainError, Invalid, NotFound
from drafting.services import find_delegation
from exports.wording import format_date
from plenary import throttle
from plenary.models import ApiToken, User, UserSession

HASHER = PasswordHasher()  # argon2id with the library's current parameters
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # hashing megabytes of "password" would be a cheap denial of service
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Verifying against a real hash when the email is unknown keeps the timing the same.
_DUMMY_HASH = HASHER.hash("not a real password")
TOKEN_DAYS = 90  # an API token's life unless its creator says otherwise
MAX_TOKEN_DAYS = 3650
# Long enough, yet the first thing anyone guesses: refused whatever their length.
COMMON_PASSWORDS = frozenset({
    "1234567890", "12345678910", "123456789012", "0987654321", "1q2w3e4r5t", "1qaz2wsx3edc",
    "qwertyuiop", "qwerty123456", "asdfghjkl1", "password12", "password123", "password1234",
    "passwordpassword", "iloveyou12", "letmein123", "welcome123", "administrator",
    "changeme123", "plenary123", "plenary2017",
})


class TokenRefused(DomainError):
    """An API token that is known but expired or revoked: the message says which."""

    code = "unauthorized"
    status = 401


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
        user.password_hash = hash_password(password, email)
    session.add(user)
    session.flush()
    audit.record(session, actor, "user:add", user.id, email=email, role=role)
    return user


def hash_password(password: str, email: str = "") -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise Invalid(f"a password has {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    folded = password.casefold()
    if folded in COMMON_PASSWORDS or len(set(folded)) < 4:
        raise Invalid("this password is among the first ones guessed; choose a longer "
                      "phrase of several words")
    if email and folded in {email.casefold(), email.casefold().split("@")[0]}:
        raise Invalid("the password may not be the e-mail address or its first part")
    return HASHER.hash(password)


def set_password(session: Session, user: User, password: str, actor: Actor = SYSTEM) -> int:
    """A new password ends every session of the user, and clears the sign-in throttle's
    pause of the account (the remedy of an owner locked out by someone guessing). How
    many sessions it ended."""
    user.password_hash = hash_password(password, user.email)
    ended = session.execute(delete(UserSession).where(UserSession.user_id == user.id)).rowcount
    throttle.forget(session, throttle.account_key(user.email))
    session.flush()
    audit.record(session, actor, "user:password", user.id, sessions_ended=ended)
    return ended


def password_matches(stored: str | None, password: str) -> bool:
    """Whether `password` is the one `stored` was hashed from. Without a stored hash (no
    such account) a real hash is verified all the same, so the time taken tells nothing."""
    try:
        HASHER.verify(stored or _DUMMY_HASH, password[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        return False
    return stored is not None


def disable_user(session: Session, user: User, actor: Actor = SYSTEM) -> tuple[int, int]:
    """Disable the account, end its sessions and revoke its tokens at once: how many of
    each."""
    user.active = False
    sessions = session.execute(
        delete(UserSession).where(UserSession.user_id == user.id)).rowcount
    tokens = session.execute(update(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None),
    ).values(revoked_at=utcnow())).rowcount
    session.flush()
    audit.record(session, actor, "user:disable", user.id, sessions_ended=sessions,
                 tokens_revoked=tokens)
    return sessions, tokens


def enable_user(session: Session, user: User, actor: Actor = SYSTEM) -> None:
    """Enable the account again; its old tokens stay revoked (create new ones)."""
    user.active = True
    session.flush()
    audit.record(session, actor, "user:enable", user.id)


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


def create_token(session: Session, user: User, days: int = TOKEN_DAYS) -> str:
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise Invalid(f"a token lasts 1 to {MAX_TOKEN_DAYS} days, not {days}")
    token = "pln_" + secrets.token_urlsafe(32)
    row = ApiToken(digest=digest(token), user=user, expires_at=utcnow() + timedelta(days=days))
    session.add(row)
    session.flush()
    audit.record(session, SYSTEM, "token:create", user.id, token_id=row.id, days=days)
    return token


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens, newest first, revoked and expired ones too."""
    return list(session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())))


def find_token(session: Session, token_id: int, owner_id: int | None = None) -> ApiToken:
    """A token by its id; with `owner_id`, only one of theirs (another's is not found)."""
    row = session.get(ApiToken, token_id)
    if row is None or (owner_id is not None and row.user_id != owner_id):
        if owner_id is not None:
            raise NotFound(f"you have no API token {token_id}; your own are listed on your "
                           "account page")
        raise NotFound(f"there is no API token {token_id}; see plenary token list EMAIL")
    return row


def revoke_token(session: Session, row: ApiToken, actor: Actor = SYSTEM) -> bool:
    """Revoke the token at once; False if it was revoked already."""
    if row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    session.flush()
    audit.record(session, actor, "token:revoke", row.user_id, token_id=row.id)
    return True


def token_state(row: ApiToken, now: datetime | None = None) -> str:
    """ "active", "expired" or "revoked": what a list of tokens shows."""
    if row.revoked_at is not None:
        return "revoked"
    return "expired" if row.expires_at <= (now or utcnow()) else "active"


# Every API request asks who its token belongs to: one statement, built once, run on the
# session's connection (a third of the cost of loading the token and its user as objects).
TOKEN_ACTOR = (
    select(ApiToken.id, ApiToken.expires_at, ApiToken.revoked_at, ApiToken.last_used_at,
           User.id.label("user_id"), User.role, User.delegation_id, User.display_name,
           User.active)
    .join(User, User.id == ApiToken.user_id)
    .where(ApiToken.digest == bindparam("digest"))
)


def token_actor(session: Session, token: str) -> Actor | None:
    """Who acts with this API token: None if it is unknown or its account disabled; an
    expired or revoked one is refused (TokenRefused, saying which)."""
    session.flush()  # a token created earlier in this session is found too
    row = session.connection().execute(TOKEN_ACTOR, {"digest": digest(token)}).first()
    if row is None or not row.active:
        return None
    _refuse_if_ended(row)
    _note_use(session, row.id, row.last_used_at)
    return Actor(user_id=row.user_id, role=row.role, delegation_id=row.delegation_id,
                 name=row.display_name)


# When a token was last used is worth knowing to the minute, not to the request: written on
# every request it would make every API call, reads included, a write on one hot row.
TOKEN_USE_PRECISION = timedelta(minutes=5)
LATER_WRITES = "plenary.later_writes"  # session.info of a read: writes to make afterwards


def _note_use(session: Session, token_id: int, last_used_at: datetime | None) -> None:
    now = utcnow()
    if last_used_at is not None and now - last_used_at < TOKEN_USE_PRECISION:
        return
    later = session.info.get(LATER_WRITES)
    write = update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now)
    if later is None:
        session.execute(write)
    else:  # a read takes no write lock: the write is made after it
        later.append(lambda writing: writing.execute(write))


def _refuse_if_ended(row: ApiToken) -> None:
    how = "create a new one with plenary token create"
    if row.revoked_at is not None:
        raise TokenRefused(f"the API token was revoked on {format_date(row.revoked_at.date())}"
                           f"; {how}")
    if row.expires_at <= utcnow():
        raise TokenRefused(f"the API token expired on {format_date(row.expires_at.date())}"
                           f"; {how}")


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def actor_for(user: User) -> Actor:
    return Actor(
        user_id=user.id, role=user.role, delegation_id=user.delegation_id,
        name=user.display_name,
    )
