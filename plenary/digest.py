"""The daily digest: each user who chose it gets one e-mail a day, from 07:00 in the body's
time zone (plenary.notice_rules.DIGEST_HOUR), with the notices of the day before.

Never two for one day, with any number of workers: a user's digest is sent in a
transaction that holds their preference row locked (FOR UPDATE SKIP LOCKED on PostgreSQL:
another worker passes on to the next user; on SQLite every transaction takes the write
lock at BEGIN) and records the day in digest_through before committing. As with the
mailer, only a crash between the server's "250 OK" and that commit sends one again, and
the Message-ID names the user and the day so that mail clients fold the repeat. A day
without notices sends nothing and is recorded all the same.
"""

from __future__ import annotations

import smtplib
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from drafting.db import utcnow
from drafting.models import Notice
from drafting.notice_lists import addresses
from exports.wording import format_date
from plenary import mailer
from plenary.background import Job, register
from plenary.models import NoticePreference, User
from plenary.notice_rules import DIGEST, day_bounds, digest_day
from plenary.settings import Settings, parse_smtp_url

DIGEST_NOTICES = 200  # the latest of the day; /notifications lists every one


def send_digests(factory: sessionmaker, settings: Settings, now: datetime | None = None,
                 limit: int = 100) -> int:
    """Send the digests due at `now` (up to `limit` users); how many e-mails were sent.
    Without PLENARY_SMTP_URL it does nothing, and records nothing."""
    if not settings.smtp_url:
        return 0
    day = digest_day(now or utcnow(), settings.zone)
    if not _any_due(factory, day):
        return 0
    return mailer.send_each(parse_smtp_url(settings.smtp_url), limit, "digests",
                            lambda smtp, after: _send_next(factory, smtp, settings, day, after))


def _due(day: date, after_user_id: int = 0):
    return (select(NoticePreference).join(User, User.id == NoticePreference.user_id)
            .where(NoticePreference.email == DIGEST, User.active.is_(True),
                   NoticePreference.user_id > after_user_id,
                   or_(NoticePreference.digest_through.is_(None),
                       NoticePreference.digest_through < day))
            .order_by(NoticePreference.user_id))


def _any_due(factory: sessionmaker, day: date) -> bool:
    with factory() as session:
        return session.scalar(_due(day).limit(1)) is not None


def _send_next(factory: sessionmaker, smtp: smtplib.SMTP, settings: Settings, day: date,
               after_user_id: int):
    """Settle the digest of the first due user after `after_user_id` that no other worker
    holds: (their id, how sending went: None for a day without notices), or None when no
    user is left."""
    with factory() as session, session.begin():
        row = session.scalar(_due(day, after_user_id).limit(1)
                             .with_for_update(skip_locked=True, of=NoticePreference))
        if row is None:
            return None
        user = session.get(User, row.user_id)
        notices = notices_of_day(session, user, day, settings)
        if not notices:
            row.digest_through = day
            return row.user_id, None
        outcome = mailer.send(smtp, compose(user, day, notices, settings), settings.mail_from,
                              [user.email], f"the digest of user {user.id}")
        if outcome is not mailer.Outcome.BROKEN:  # a refused digest is not retried all day
            row.digest_through = day
        return row.user_id, outcome


def notices_of_day(session: Session, user: User, day: date, settings: Settings) -> list[Notice]:
    """The user's notices of `day`, oldest first: the latest DIGEST_NOTICES of them."""
    start, end = day_bounds(day, settings.zone)
    ids: set[int] = set()
    for condition in addresses(user.delegation_id, user.role, user.id):
        # Newest first through the address's index: only the day's and later ones are read.
        query = (select(Notice.id).where(condition, Notice.created_at >= start,
                                         Notice.created_at < end)
                 .order_by(Notice.id.desc()).limit(DIGEST_NOTICES))
        ids.update(session.scalars(query))
    wanted = sorted(ids)[-DIGEST_NOTICES:]
    return list(session.scalars(select(Notice).where(Notice.id.in_(wanted)).order_by(Notice.id)))


def compose(user: User, day: date, notices: list[Notice], settings: Settings) -> EmailMessage:
    message = EmailMessage()
    count = len(notices)
    message["Subject"] = (f"[Plenary] Your notifications of {format_date(day)}: {count}"
                          if count < DIGEST_NOTICES else
                          f"[Plenary] Your notifications of {format_date(day)}")
    message["From"] = settings.mail_from
    message["To"] = user.email
    message["Date"] = formatdate(usegmt=True)
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "plenary.invalid"
    message["Message-ID"] = f"<digest-{user.id}-{day.isoformat()}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(_body(day, notices, settings))
    return message


def _body(day: date, notices: list[Notice], settings: Settings) -> str:
    base = settings.base_url
    lines = [f"What you were told on {format_date(day)}, oldest first:", ""]
    for notice in notices:
        at = notice.created_at.astimezone(settings.zone).strftime("%H:%M")
        link = notice.link if notice.link.startswith("/") else "/notifications"
        lines += [f"{at}  {' '.join(notice.message.split())}", f"       {base}{link}", ""]
    if len(notices) >= DIGEST_NOTICES:
        lines += [f"These are the latest {DIGEST_NOTICES} of the day.", ""]
    lines += ["-- ", f"Plenary: every notification is also listed at {base}/notifications;",
              f"choose how you get them at {base}/account"]
    return "\n".join(lines) + "\n"


register(Job("digest", 60, lambda app: send_digests(app.state.sessionmaker,
                                                     app.state.settings)))
