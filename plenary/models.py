"""The shell's tables: users, their server-side sessions and their API tokens, and the
sign-in throttle.

Sessions and tokens are stored as SHA-256 digests of the random values handed out, so a
copy of the database does not let anyone sign in.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from drafting.db import Base, UTCDateTime, utcnow
from drafting.models import Delegation


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    delegation: Mapped[Delegation | None] = relationship()


class UserSession(Base):
    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class SignInThrottle(Base):
    """Failed sign-ins counted per account and per client address (plenary.throttle): in
    the database, so that every worker sees the same counts. One row per key, the key a
    digest (no e-mail address or IP address is kept here); rows of quiet keys are pruned."""

    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)  # in this window, in flight too
    lockouts: Mapped[int] = mapped_column(Integer, default=0)  # in this window: the pause grows
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    since: Mapped[datetime] = mapped_column(UTCDateTime)  # the window's start
    last_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # the pruning order


class IdempotencyKey(Base):
    """A write sent with an Idempotency-Key header (plenary.idempotency): reserved before
    the work runs, then holding the answer to replay to a retry. In the database, so that
    a retry reaching another worker finds it. `owner` is a digest of the API token or
    session id: keys are per user, and no credential is kept here."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("owner", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))  # of the method, path and body
    state: Mapped[str] = mapped_column(String(12))  # processing, committed, done
    status_code: Mapped[int | None] = mapped_column(Integer)
    headers: Mapped[list | None] = mapped_column(JSON)  # [[name, value], …] to replay
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # the pruning order


class NoticePreference(Base):
    """How a user wants their notices (plenary.notice_settings): by e-mail at once, in a
    daily digest, or not by e-mail; and how far they have read them. No row: the defaults
    (immediate e-mail, nothing read)."""

    __tablename__ = "notice_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    email: Mapped[str] = mapped_column(String(12), default="immediate")
    # Every notice up to this id is read ("mark all as read"); those after it are read one
    # by one (NoticeRead), so marking all writes one row, however many there are.
    read_through: Mapped[int] = mapped_column(Integer, default=0)
    # The last day (the body's time zone) whose digest was sent or found empty: never two.
    digest_through: Mapped[date | None] = mapped_column(Date)


class NoticeRead(Base):
    """A notice one user has marked read, past their read_through."""

    __tablename__ = "notice_reads"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"),
                                           primary_key=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
