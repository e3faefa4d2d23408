"""The sign-in throttle: failed sign-ins counted per account and per client address, in
the database, so that every worker sees the same counts.

After ACCOUNT_LIMIT failures in a row an account is paused (an address: after its limit,
PLENARY_SIGNIN_ADDRESS_LIMIT, within an hour): every attempt is refused, the right
password too, for FIRST_PAUSE seconds; then each further failure pauses it twice as long
again, up to LONGEST_PAUSE. A successful sign-in clears its account's count. An address's
count only ages out with its window: an attacker's own account must not clear the address
it sprays guesses from.

Each attempt is counted before its password is checked (`admit`) and settled after it
(`settle`), so a burst of parallel guesses cannot all slip in under the limit while the
first ones are still being hashed. Every step is a conditional update, safe to race.
Unknown e-mail addresses are counted like real ones: a pause says nothing about whether
an account exists.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from plenary.models import SignInThrottle

ACCOUNT_LIMIT = 5
ACCOUNT_WINDOW = timedelta(hours=24)  # a count older than this starts again from zero
ADDRESS_WINDOW = timedelta(hours=1)
FIRST_PAUSE = 60  # seconds
LONGEST_PAUSE = 3600
MAX_ROWS = 100_000  # `prune` keeps the table under this many rows, the quietest go first

table = SignInThrottle.__table__


@dataclass(frozen=True)
class Key:
    kind: str  # "account" or "address"
    digest: str  # of the e-mail address or the client's network: neither is stored
    limit: int
    window: timedelta


def account_key(email: str) -> Key:
    return Key("account", _digest(f"account|{email.strip().lower()}"), ACCOUNT_LIMIT,
               ACCOUNT_WINDOW)


def address_key(host: str, limit: int) -> Key:
    return Key("address", _digest(f"address|{network_of(host)}"), limit, ADDRESS_WINDOW)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def network_of(host: str) -> str:
    """An IPv4 address as it is; an IPv6 address by its /64, which one machine usually
    holds whole (counting its addresses one by one would count nothing)."""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host[:100]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # ::ffff:203.0.113.7 is 203.0.113.7
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


@dataclass(frozen=True)
class Refused:
    seconds: int

    @property
    def message(self) -> str:
        return f"too many failed sign-ins; try again in {self.seconds} seconds"


@dataclass(frozen=True)
class Lockout:
    """A key this call paused: the first lockout of its window has number 1."""

    key: Key
    number: int
    seconds: int


@dataclass
class Verdict:
    refused: Refused | None = None
    lockouts: list[Lockout] = field(default_factory=list)


def pause(lockouts_before: int) -> int:
    return min(FIRST_PAUSE * 2 ** min(lockouts_before, 16), LONGEST_PAUSE)


def admit(session: Session, keys: list[Key], now: datetime) -> Verdict:
    """Count an attempt against every key, or refuse it (counted against none)."""
    verdict = Verdict()
    taken: list[Key] = []
    for key in keys:
        _start(session, key, now)
        if not _take(session, key, now):
            verdict.refused = _refusal(session, key, now, verdict)
            for earlier in taken:
                _give_back(session, earlier)
            return verdict
        taken.append(key)
    return verdict


def settle(session: Session, keys: list[Key], succeeded: bool, now: datetime) -> list[Lockout]:
    """After the password check: a success clears the account and gives the address its
    attempt back; a failure stays counted, and pauses a key that reached its limit."""
    lockouts = []
    for key in keys:
        if succeeded and key.kind == "account":
            session.execute(delete(table).where(table.c.key == key.digest))
        elif succeeded:
            _give_back(session, key)
        else:
            row = _row(session, key)
            if row is not None and row.failures >= key.limit and _is_unlocked(row, now):
                lockouts += [lockout] if (lockout := _lock(session, key, row, now)) else []
    return lockouts


def forget(session: Session, key: Key) -> None:
    """Clear a key's count and pause (a new password was set for the account)."""
    session.execute(delete(table).where(table.c.key == key.digest))


def prune(session: Session, now: datetime, max_rows: int = MAX_ROWS) -> int:
    """Delete the rows of keys quiet for longer than any window, then the quietest beyond
    `max_rows`; a paused key stays until its pause is over (unless the table overflows)."""
    quiet = delete(table).where(table.c.last_at < now - ACCOUNT_WINDOW, _unlocked(now))
    deleted = session.execute(quiet).rowcount
    cutoff = session.scalar(select(table.c.last_at).order_by(table.c.last_at.desc())
                            .offset(max_rows).limit(1))
    if cutoff is not None:
        deleted += session.execute(delete(table).where(table.c.last_at <= cutoff)).rowcount
    return deleted


def _unlocked(now: datetime):
    return or_(table.c.locked_until.is_(None), table.c.locked_until <= now)


def _is_unlocked(row, now: datetime) -> bool:
    return row.locked_until is None or row.locked_until <= now


def _row(session: Session, key: Key):
    return session.execute(select(table).where(table.c.key == key.digest)).first()


def _start(session: Session, key: Key, now: datetime) -> None:
    """The key's row exists (two workers may insert it at once), and a count older than
    its window starts again from zero."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(table).values(
        key=key.digest, failures=0, lockouts=0, since=now, last_at=now,
    ).on_conflict_do_nothing(index_elements=["key"]))
    session.execute(update(table).where(
        table.c.key == key.digest, table.c.since <= now - key.window, _unlocked(now),
    ).values(failures=0, lockouts=0, since=now))


def _take(session: Session, key: Key, now: datetime) -> bool:
    return session.execute(update(table).where(
        table.c.key == key.digest, table.c.failures < key.limit, _unlocked(now),
    ).values(failures=table.c.failures + 1, last_at=now)).rowcount == 1


def _give_back(session: Session, key: Key) -> None:
    session.execute(update(table).where(table.c.key == key.digest, table.c.failures > 0)
                    .values(failures=table.c.failures - 1))


def _refusal(session: Session, key: Key, now: datetime, verdict: Verdict) -> Refused:
    row = _row(session, key)
    if row is not None and _is_unlocked(row, now):
        # Unpaused, yet its attempts are all taken: by ones still being checked, or by one
        # whose worker died before settling. Either way, it is time to pause.
        if lockout := _lock(session, key, row, now):
            verdict.lockouts.append(lockout)
            return Refused(lockout.seconds)
        row = _row(session, key)  # another worker paused it a moment ago
    if row is None or _is_unlocked(row, now):  # a race with `prune` or another worker
        return Refused(1)
    return Refused(math.ceil((row.locked_until - now).total_seconds()))


def _lock(session: Session, key: Key, row, now: datetime) -> Lockout | None:
    """Pause the key, unless another worker did so first. One attempt is allowed after
    the pause; if it fails too, the next pause is twice as long."""
    seconds = pause(row.lockouts)
    paused = session.execute(update(table).where(
        table.c.key == key.digest, table.c.lockouts == row.lockouts,
        table.c.failures >= key.limit, _unlocked(now),
    ).values(locked_until=now + timedelta(seconds=seconds), lockouts=row.lockouts + 1,
             failures=key.limit - 1, last_at=now))
    return Lockout(key, row.lockouts + 1, seconds) if paused.rowcount == 1 else None
