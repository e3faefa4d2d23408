"""E-mail for the notices outbox (drafting.notices): each notice, written in the same
transaction as its event, is mailed afterwards to the active users it is addressed to who
want each notice at once (plenary.notice_settings; the daily digest is plenary.digest).

Each notice is sent in a transaction of its own that holds it locked (FOR UPDATE SKIP
LOCKED on PostgreSQL; on SQLite every transaction takes the write lock at BEGIN) and sets
emailed_at before committing, so several workers never send one twice. Only a crash
between the mail server's "250 OK" and that commit sends a notice again: delivery is at
least once, and the Message-ID is the notice's own so that mail clients fold a repeat.

One message per notice, its recipients only in the envelope (Bcc): participating States
do not see each other's staff addresses, and one SMTP transaction either takes the notice
for every recipient or for none, so emailed_at and email_attempts are true of the whole
notice. A message per recipient would need a row per recipient to survive a failure
half-way without mailing the first ones again.
"""

from __future__ import annotations

import enum
import logging
import smtplib
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from drafting.db import utcnow
from drafting.models import Notice
from plenary.background import Job, register
from plenary.models import NoticePreference, User
from plenary.notice_rules import IMMEDIATE
from plenary.settings import Settings, SmtpServer, parse_smtp_url

log = logging.getLogger("plenary.mailer")
MAX_ATTEMPTS = 5
# Per SMTP command. On SQLite other writers wait while a notice is being sent, up to the
# busy_timeout (10 s): a stalled server must give up before they do.
SMTP_TIMEOUT = 8
SUBJECT_CHARS = 120


class Outcome(enum.Enum):
    SENT = "sent"  # or nobody to send it to
    REFUSED = "refused"  # the server refused this message: count an attempt, go on
    BROKEN = "broken"  # the connection failed: count an attempt, the rest wait


def send_pending(factory: sessionmaker, settings: Settings, limit: int = 100) -> int:
    """Mail up to `limit` unsent notices in id order; how many were settled (sent, or with
    nobody to send them to). Without PLENARY_SMTP_URL it does nothing: in-app only."""
    if not settings.smtp_url:
        return 0
    server = parse_smtp_url(settings.smtp_url)
    if not _any_pending(factory):
        return 0
    return send_each(server, limit, "notices",
                     lambda smtp, after: _send_next(factory, smtp, settings, after))


def send_each(server: SmtpServer, limit: int, waiting: str,
              send_next: Callable[[smtplib.SMTP, int], tuple[int, Outcome] | None]) -> int:
    """On one connection, `send_next(smtp, after)` one message after another (it returns
    the id it settled and its outcome, or None when nothing is left), up to `limit` or
    until the connection breaks; how many were sent. The immediate notices and the daily
    digests go out this way."""
    try:
        smtp = connect(server)
    except OSError as exc:  # SMTPException and ssl.SSLError are OSErrors
        # An outage counts against no message: they all wait for the next run.
        log.warning("cannot use the mail server %r: %s; %s wait for the next run",
                    server, exc, waiting)
        return 0
    sent, after = 0, 0
    try:
        for _ in range(limit):
            result = send_next(smtp, after)
            if result is None:
                break
            after, outcome = result
            sent += outcome is Outcome.SENT
            if outcome is Outcome.BROKEN:
                break
    finally:
        disconnect(smtp)
    return sent


def disconnect(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except OSError:  # the server has gone already: nothing left to say goodbye to
        smtp.close()


def connect(server: SmtpServer) -> smtplib.SMTP:
    """A connection ready to send: TLS (smtps:// from the start, smtp:// by STARTTLS when
    the server offers it), then signed in if the URL names a user."""
    context = ssl.create_default_context()
    if server.ssl:
        smtp = smtplib.SMTP_SSL(server.host, server.port, timeout=SMTP_TIMEOUT,
                                context=context)
    else:
        smtp = smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT)
    try:
        smtp.ehlo_or_helo_if_needed()
        if not server.ssl and smtp.has_extn("starttls"):
            smtp.starttls(context=context)
            smtp.ehlo()
        if server.username:
            smtp.login(server.username, server.password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _unsent(after_id: int = 0):
    return select(Notice).where(Notice.emailed_at.is_(None),
                                Notice.email_attempts < MAX_ATTEMPTS,
                                Notice.id > after_id).order_by(Notice.id)


def _any_pending(factory: sessionmaker) -> bool:
    with factory() as session:
        return session.scalar(_unsent().limit(1)) is not None


def _send_next(factory: sessionmaker, smtp: smtplib.SMTP, settings: Settings,
               after_id: int) -> tuple[int, Outcome] | None:
    """Send the first unsent notice after `after_id` that no other worker holds."""
    with factory() as session, session.begin():
        notice = session.scalar(_unsent(after_id).limit(1).with_for_update(skip_locked=True))
        if notice is None:
            return None
        outcome = _deliver(smtp, notice, recipients(session, notice), settings)
        if outcome is Outcome.SENT:
            notice.emailed_at = utcnow()
        else:
            notice.email_attempts += 1
            if notice.email_attempts >= MAX_ATTEMPTS:
                log.error("notice %s was not mailed after %s attempts; it stays in-app only",
                          notice.id, MAX_ATTEMPTS)
        return notice.id, outcome


def recipients(session: Session, notice: Notice) -> list[str]:
    """The active users who see the notice in-app and want each notice by e-mail (those
    who chose a daily digest or no e-mail are left to plenary.digest): of its delegation,
    or holding its role, or everyone; a notice to one user goes to that user alone."""
    query = select(User.email).where(User.active.is_(True), User.id.not_in(
        select(NoticePreference.user_id).where(NoticePreference.email != IMMEDIATE)))
    if notice.user_id is not None:
        return list(session.scalars(query.where(User.id == notice.user_id)))
    addressed = []
    if notice.delegation_id is not None:
        addressed.append(User.delegation_id == notice.delegation_id)
    if notice.role is not None:
        addressed.append(User.role == notice.role)
    query = query.order_by(User.id)
    return list(session.scalars(query.where(or_(*addressed)) if addressed else query))


def _deliver(smtp: smtplib.SMTP, notice: Notice, to: list[str], settings: Settings) -> Outcome:
    if not to:
        log.info("notice %s has no active recipient; it is in-app only", notice.id)
        return Outcome.SENT
    try:
        return send(smtp, compose(notice, settings), settings.mail_from, to,
                    f"notice {notice.id}")
    except Exception:  # noqa: BLE001 - one notice that cannot be composed must not block the rest
        log.exception("notice %s could not be mailed", notice.id)
        return Outcome.REFUSED


def send(smtp: smtplib.SMTP, message: EmailMessage, sender: str, to: list[str],
         what: str) -> Outcome:
    """Send one message, and say what the server's answer means for the messages after it;
    `what` names the message in the log ("notice 12", "the digest of user 3")."""
    try:
        refused = smtp.send_message(message, sender, to)
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPNotSupportedError) as exc:
        log.warning("the mail server refused %s: %s", what, exc)
        return Outcome.REFUSED
    except smtplib.SMTPResponseException as exc:
        log.warning("the mail server refused %s: %s %s", what, exc.smtp_code, exc.smtp_error)
        return Outcome.BROKEN if exc.smtp_code == 421 else Outcome.REFUSED
    except OSError as exc:
        log.warning("the connection to the mail server broke sending %s: %s", what, exc)
        return Outcome.BROKEN
    if refused:  # some accepted: sending again would mail them twice
        log.warning("%s: the mail server refused %s of its %s recipients", what, len(refused),
                    len(to))
    return Outcome.SENT


def compose(notice: Notice, settings: Settings) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = f"[Plenary] {_subject(notice.message)}"
    message["From"] = settings.mail_from
    message["To"] = "undisclosed-recipients:;"
    message["Date"] = formatdate(usegmt=True)
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "plenary.invalid"
    stamp = int(notice.created_at.timestamp())
    message["Message-ID"] = f"<notice-{notice.id}-{stamp}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
    message.set_content(_body(notice, settings.base_url))
    return message


def _subject(text: str) -> str:
    # One line: a reason typed into a form may hold line breaks, which a header may not.
    line = " ".join(text.split())
    return line if len(line) <= SUBJECT_CHARS else line[:SUBJECT_CHARS - 1] + "…"


def _body(notice: Notice, base_url: str) -> str:
    link = notice.link if notice.link.startswith("/") else "/notifications"
    return (f"{notice.message}\n\n{base_url}{link}\n\n-- \nPlenary: every notification is "
            f"also listed at {base_url}/notifications\n")


register(Job("mailer", 10, lambda app: send_pending(app.state.sessionmaker,
                                                     app.state.settings)))
