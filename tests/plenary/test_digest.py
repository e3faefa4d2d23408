"""The daily digest and the e-mail settings, against a real SMTP server (aiosmtpd): one
e-mail a day from 07:00 (Vienna) with the day before's notices, never two for one day,
not even from two workers at once; immediate and no e-mail as chosen."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from drafting import notices
from drafting.models import Notice
from drafting.services import find_delegation
from plenary import accounts, background, digest, mailer, notice_settings
from plenary.models import NoticePreference, User
from tests.plenary import test_mailer
from tests.plenary.test_mailer import person

# The mailer tests' SMTP server (aiosmtpd on 127.0.0.1) and settings that point at it.
smtp_server, inbox, mail_settings = (test_mailer.smtp_server, test_mailer.inbox,
                                     test_mailer.mail_settings)

DAY_BEFORE_NOON = datetime(2017, 12, 7, 11, 0, tzinfo=UTC)  # 12:00 in Vienna
LATE_THAT_DAY = datetime(2017, 12, 7, 22, 30, tzinfo=UTC)  # 23:30 in Vienna
MIDNIGHT = datetime(2017, 12, 7, 23, 0, tzinfo=UTC)  # 8 December begins in Vienna
SEVEN = datetime(2017, 12, 8, 6, 0, tzinfo=UTC)  # 07:00 on 8 December in Vienna


def notice_at(session, at: datetime, message: str, delegation: str | None = "Italy") -> None:
    to = find_delegation(session, delegation).id if delegation else None
    session.add(Notice(delegation_id=to, message=message, link="/drafts/1", created_at=at))


def choose(session, email: str, setting: str) -> User:
    user = session.scalar(select(User).where(User.email == email))
    notice_settings.set_email(session, accounts.actor_for(user), setting)
    return user


@pytest.fixture
def readers(session) -> dict[str, User]:
    """Three drafters of Italy, one for each setting, and the Chair (the default)."""
    users = {name: person(session, "drafter", "Italy", f"{name}@test.plenary")
             for name in ("digest", "immediate", "none")}
    users["chair"] = person(session, "chair")
    session.flush()
    for name in ("digest", "immediate", "none"):
        choose(session, f"{name}@test.plenary", name)
    session.commit()
    return users


def test_one_digest_a_day_with_the_day_befores_notices_from_seven(session, session_factory,
                                                                   mail_settings, inbox,
                                                                   readers):
    notice_at(session, DAY_BEFORE_NOON, "amendment 4 of Italy was accepted")
    notice_at(session, LATE_THAT_DAY, "silence on MC.DD/3/26\nends at noon", delegation=None)
    notice_at(session, MIDNIGHT, "a notice of 8 December")
    notice_at(session, DAY_BEFORE_NOON, "to France only", delegation="France")
    session.commit()

    assert digest.send_digests(session_factory, mail_settings, now=SEVEN.replace(hour=5)) == 0
    assert digest.send_digests(session_factory, mail_settings, now=SEVEN) == 1
    assert digest.send_digests(session_factory, mail_settings, now=SEVEN.replace(hour=9)) == 0

    (mail,) = inbox.mails
    assert mail.recipients == ["digest@test.plenary"]
    assert mail.message["Subject"] == "[Plenary] Your notifications of 7 December 2017: 2"
    assert mail.message["Message-ID"] == (
        f"<digest-{readers['digest'].id}-2017-12-07@test.plenary>")
    assert inbox.body() == (
        "What you were told on 7 December 2017, oldest first:\n\n"
        "12:00  amendment 4 of Italy was accepted\n"
        "       https://plenary.example.org/drafts/1\n\n"
        "23:30  silence on MC.DD/3/26 ends at noon\n"
        "       https://plenary.example.org/drafts/1\n\n"
        "-- \nPlenary: every notification is also listed at "
        "https://plenary.example.org/notifications;\n"
        "choose how you get them at https://plenary.example.org/account\n")
    session.expire_all()
    assert session.get(NoticePreference, readers["digest"].id).digest_through.isoformat() == \
        "2017-12-07"


def test_the_next_morning_brings_the_next_days_digest(session, session_factory,
                                                      mail_settings, inbox, readers):
    notice_at(session, DAY_BEFORE_NOON, "on the 7th")
    notice_at(session, MIDNIGHT, "on the 8th")
    session.commit()

    digest.send_digests(session_factory, mail_settings, now=SEVEN)
    digest.send_digests(session_factory, mail_settings, now=SEVEN.replace(day=9))

    assert inbox.subjects() == ["[Plenary] Your notifications of 7 December 2017: 1",
                                "[Plenary] Your notifications of 8 December 2017: 1"]


def test_a_day_without_notices_sends_nothing_and_is_settled(session, session_factory,
                                                            mail_settings, inbox, readers):
    assert digest.send_digests(session_factory, mail_settings, now=SEVEN) == 0

    assert inbox.mails == []
    session.expire_all()
    assert session.get(NoticePreference, readers["digest"].id).digest_through is not None


def test_each_notice_at_once_only_to_those_who_want_it_so(session, session_factory,
                                                          mail_settings, inbox, readers):
    notices.to_delegation(session, find_delegation(session, "Italy").id, "to Italy")
    session.commit()

    assert mailer.send_pending(session_factory, mail_settings) == 1

    (mail,) = inbox.mails
    assert mail.recipients == ["immediate@test.plenary"]  # not digest@, not none@


def test_without_an_smtp_url_no_digest_is_recorded(session, session_factory, settings,
                                                   readers):
    notice_at(session, DAY_BEFORE_NOON, "on the 7th")
    session.commit()

    assert digest.send_digests(session_factory, settings, now=SEVEN) == 0
    session.expire_all()
    assert session.get(NoticePreference, readers["digest"].id).digest_through is None


def test_the_app_runs_the_digest_in_the_background():
    assert "digest" in [job.name for job in background.JOBS]


# --- several workers ------------------------------------------------------------------------


@pytest.fixture
def committed_factory(fresh_database_url):
    """Sessions that commit for real, on a database of the test's own, with 12 drafters
    who chose the digest and a notice to them all on 7 December."""
    from plenary.db import make_engine, make_sessionmaker

    engine = make_engine(fresh_database_url)
    factory = make_sessionmaker(engine)
    with factory() as session:
        for i in range(12):
            person(session, "drafter", "Italy", f"reader{i:02}@test.plenary")
        session.flush()
        for i in range(12):
            choose(session, f"reader{i:02}@test.plenary", "digest")
        notice_at(session, DAY_BEFORE_NOON, "to Italy on the 7th")
        session.commit()
    yield factory
    engine.dispose()


def test_two_workers_at_once_send_each_users_digest_exactly_once(committed_factory,
                                                                 mail_settings, inbox):
    inbox.delay = 0.02  # each message takes a while: the workers overlap
    start, sent, errors = threading.Barrier(2), [], []

    def worker():
        try:
            start.wait()
            sent.append(digest.send_digests(committed_factory, mail_settings, now=SEVEN))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sum(sent) == 12
    assert sorted(m.recipients[0] for m in inbox.mails) == [
        f"reader{i:02}@test.plenary" for i in range(12)]
    assert digest.send_digests(committed_factory, mail_settings, now=SEVEN) == 0
    assert len(inbox.mails) == 12
