"""The one reader of configuration: environment variables prefixed PLENARY_.

Secrets are read here and never logged. Defaults suit a developer's laptop: an SQLite file
under var/ and a secret key generated once into var/secret_key.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PLENARY_VAR_DIR", PROJECT_ROOT / "var"))


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    time_zone: str
    https: bool
    session_hours: int
    max_body_bytes: int
    background_jobs: bool = True  # the silence clock and the mailer; tests may switch off
    smtp_url: str | None = None  # smtp://user:password@host:587 (STARTTLS) or smtps://…
    mail_from: str = "plenary@localhost"
    base_url: str = "http://127.0.0.1:8000"  # where the links in e-mails point
    # Failed sign-ins from one client address in an hour before it is paused: room for a
    # conference hall behind one address, none for spraying guesses over many accounts.
    signin_address_limit: int = 50
    # Long exports (pdf, docx, akn) rendered at once by each server process, each in a
    # process of its own (plenary/exporting.py), and how long one may take.
    export_processes: int = 2
    export_seconds: int = 60
    # Live pages' event streams open at once on each server process (plenary.broker).
    live_streams: int = 500

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


def default_database_url() -> str:
    return f"sqlite:///{VAR_DIR / 'plenary.db'}"


DATABASE_EXAMPLE = "sqlite:///var/plenary.db or postgresql+psycopg://user@host:5432/plenary"
# The drivers Plenary is built and tested with (plenary.db turns postgres:// into psycopg).
DATABASE_DRIVERS = {"sqlite", "sqlite+pysqlite", "postgresql", "postgresql+psycopg",
                    "postgres"}


def check_database_url(url: str) -> str:
    """The URL, if Plenary can use it; else ConfigError naming what is wrong (never the
    URL itself: it may hold a password)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise ConfigError("PLENARY_DATABASE_URL is not a database URL (or its port is not a "
                          f"number); write it as {DATABASE_EXAMPLE}") from None
    if parsed.drivername not in DATABASE_DRIVERS:
        raise ConfigError(f"PLENARY_DATABASE_URL names {parsed.drivername}://, which Plenary "
                          f"does not support; use SQLite or PostgreSQL: {DATABASE_EXAMPLE}")
    if parsed.port is not None and not 1 <= parsed.port <= 65535:
        raise ConfigError(f"PLENARY_DATABASE_URL has the port {parsed.port}; a port is a number "
                          "from 1 to 65535 (PostgreSQL's is usually 5432)")
    return url


def _secret_key() -> str:
    key = os.environ.get("PLENARY_SECRET_KEY")
    if key:
        return key
    # A laptop gets a key generated once and kept beside the database, so sessions survive
    # restarts; a deployment sets PLENARY_SECRET_KEY (shared by every worker).
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _time_zone() -> str:
    name = os.environ.get("PLENARY_TIME_ZONE", "Europe/Vienna")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"PLENARY_TIME_ZONE={name!r} is not a known time zone; use an IANA name such as "
            "Europe/Vienna"
        ) from exc
    return name


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} must be a whole number") from exc


def _positive(name: str, default: int) -> int:
    value = _int(name, default)
    if value < 1:
        raise ConfigError(f"{name}={value} must be 1 or more")
    return value


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    ssl: bool  # smtps://: TLS from the first byte; smtp://: STARTTLS when offered
    username: str | None = None
    password: str | None = field(default=None, repr=False)  # never in a log line


SMTP_EXAMPLE = "smtp://user:password@mail.example.org:587 or smtps://…:465"


def parse_smtp_url(url: str) -> SmtpServer:
    """PLENARY_SMTP_URL read into its parts; ConfigError names what is wrong, never the
    password. The user name and password are percent-decoded (write @ as %40)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"smtp", "smtps"}:
        raise ConfigError(f"PLENARY_SMTP_URL must start with smtp:// or smtps://, as in "
                          f"{SMTP_EXAMPLE}")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise ConfigError("PLENARY_SMTP_URL has a port that is not a number from 1 to "
                          f"65535; write it as in {SMTP_EXAMPLE} (percent-encode : / ? # "
                          "in a password)")
    if not parts.hostname:
        raise ConfigError(f"PLENARY_SMTP_URL names no host; write it as in {SMTP_EXAMPLE}")
    if parts.path not in {"", "/"} or parts.query or parts.fragment:
        raise ConfigError("PLENARY_SMTP_URL has a path, query or fragment after the host; "
                          f"write it as in {SMTP_EXAMPLE} (percent-encode / ? # in a password)")
    ssl = parts.scheme == "smtps"
    return SmtpServer(
        host=parts.hostname, port=port or (465 if ssl else 25), ssl=ssl,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
    )


def _smtp_url() -> str | None:
    url = os.environ.get("PLENARY_SMTP_URL") or None
    if url is not None:
        parse_smtp_url(url)  # a malformed URL stops the start, not the first e-mail
    return url


def _base_url() -> str:
    url = os.environ.get("PLENARY_BASE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query:
        raise ConfigError(f"PLENARY_BASE_URL={url!r} must be the site's address as users "
                          "reach it, such as https://plenary.example.org")
    return url


def load_settings() -> Settings:
    return Settings(
        database_url=check_database_url(
            os.environ.get("PLENARY_DATABASE_URL") or default_database_url()),
        secret_key=_secret_key(),
        time_zone=_time_zone(),
        https=os.environ.get("PLENARY_HTTPS", "").lower() in {"1", "true", "yes"},
        session_hours=_int("PLENARY_SESSION_HOURS", 12),
        max_body_bytes=_int("PLENARY_MAX_BODY_BYTES", 2_000_000),
        background_jobs=os.environ.get("PLENARY_BACKGROUND_JOBS", "1") != "0",
        smtp_url=_smtp_url(),
        mail_from=os.environ.get("PLENARY_MAIL_FROM", "plenary@localhost"),
        base_url=_base_url(),
        signin_address_limit=_positive("PLENARY_SIGNIN_ADDRESS_LIMIT", 50),
        export_processes=_positive("PLENARY_EXPORT_PROCESSES", 2),
        export_seconds=_positive("PLENARY_EXPORT_SECONDS", 60),
        live_streams=_positive("PLENARY_LIVE_STREAMS", 500),
    )
