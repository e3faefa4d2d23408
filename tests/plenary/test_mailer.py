"""The mailer of the notices outbox against a real SMTP server (aiosmtpd on 127.0.0.1):
who receives a notice, once; what a rollback, a refusing server and a server that is down
do; two workers at once; TLS and sign-in; the PLENARY_SMTP_URL setting."""

from __future__ import annotations

import asyncio
import dataclasses
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from drafting import notices
from drafting.models import Notice
from drafting.services import find_delegation
from plenary import accounts, background, mailer
from plenary.app import create_app
from plenary.db import make_engine, make_sessionmaker
from plenary.models import User
from plenary.settings import ConfigError, load_settings, parse_smtp_url
from tests.conftest import UNDER_CI

BASE_URL = "https://plenary.example.org"


@dataclass
class Mail:
    sender: str
    recipients: list[str]
    message: EmailMessage


class Inbox:
    """An aiosmtpd handler that keeps what it accepts; `refuse` answers DATA with that
    reply instead, `refuse_rcpt` refuses those recipients."""

    def __init__(self) -> None:
        self.mails: list[Mail] = []
        self.refuse: str | None = None
        self.refuse_rcpt: set[str] = set()
        self.delay = 0.0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_rcpt:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        if self.refuse:
            return self.refuse
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.mails.append(Mail(envelope.mail_from, sorted(envelope.rcpt_tos), message))
        return "250 2.0.0 accepted"

    def body(self, index: int = 0) -> str:
        return self.mails[index].message.get_content().replace("\r\n", "\n")

    def subjects(self) -> list[str]:
        return [m.message["Subject"] for m in self.mails]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def inbox(smtp_server) -> Inbox:
    return smtp_server[0]


@pytest.fixture
def mail_settings(settings, smtp_server):
    return dataclasses.replace(settings, smtp_url=f"smtp://127.0.0.1:{smtp_server[1]}",
                               mail_from="plenary@test.plenary", base_url=BASE_URL)


@pytest.fixture
def people(session: Session) -> dict[str, str]:
    """Users of Italy (two, and a disabled one), France, the Chair, the secretariat."""
    users = {
        "italy": person(session, "drafter", "Italy"),
        "italy2": person(session, "drafter", "Italy", "second.italy@test.plenary"),
        "italy_gone": person(session, "drafter", "Italy", "gone.italy@test.plenary"),
        "france": person(session, "drafter", "France"),
        "chair": person(session, "chair"),
        "secretariat": person(session, "secretariat"),
    }
    users["italy_gone"].active = False
    session.commit()
    return {key: user.email for key, user in users.items()}


def person(session: Session, role: str, delegation: str | None = None,
           email: str | None = None) -> User:
    """A user without a password (no hashing: the mailer needs only the address)."""
    email = email or f"{role}.{(delegation or 'x').lower()}@test.plenary"
    return accounts.add_user(session, email=email, role=role, password=None,
                             delegation=delegation)


def delegation(session: Session, name: str) -> int:
    return find_delegation(session, name).id


def unsent(session: Session) -> list[Notice]:
    session.expire_all()
    return list(session.scalars(select(Notice).where(Notice.emailed_at.is_(None))))


# --- who receives what --------------------------------------------------------------------


def test_a_notice_to_a_delegation_goes_to_its_active_users_only_once(
        session, session_factory, mail_settings, inbox, people):
    notices.to_delegation(session, delegation(session, "Italy"), "amendment 7 was accepted",
                          link="/amendments/7")
    session.commit()

    assert mailer.send_pending(session_factory, mail_settings) == 1
    assert mailer.send_pending(session_factory, mail_settings) == 0

    assert len(inbox.mails) == 1
    mail = inbox.mails[0]
    assert mail.sender == "plenary@test.plenary"
    assert mail.recipients == sorted([people["italy"], people["italy2"]])
    assert mail.message["Subject"] == "[Plenary] amendment 7 was accepted"
    assert mail.message["From"] == "plenary@test.plenary"
    assert mail.message["To"] == "undisclosed-recipients:;"
    assert mail.message["Bcc"] is None  # no recipient sees another's address
    assert mail.message["Auto-Submitted"] == "auto-generated"
    assert inbox.body().startswith(f"amendment 7 was accepted\n\n{BASE_URL}/amendments/7\n")
    assert unsent(session) == []


def test_a_notice_to_a_role_goes_to_those_holding_it(
        session, session_factory, mail_settings, inbox, people):
    notices.to_role(session, "chair", "Italy asks for the floor", link="/drafts/1")
    session.commit()

    assert mailer.send_pending(session_factory, mail_settings) == 1

    assert [m.recipients for m in inbox.mails] == [[people["chair"]]]


def test_a_notice_to_everyone_goes_to_every_active_user(
        session, session_factory, mail_settings, inbox, people):
    notices.to_everyone(session, "silence on MC.DD/3/26/Rev.1 ends at 12:00 CET")
    session.commit()

    assert mailer.send_pending(session_factory, mail_settings) == 1

    active = sorted(email for key, email in people.items() if key != "italy_gone")
    assert [m.recipients for m in inbox.mails] == [active]
    # Without a link of its own, a notice points at the list of notifications.
    assert f"\n{BASE_URL}/notifications\n" in inbox.body()


def test_notices_are_sent_in_order_and_only_the_new_ones_later(
        session, session_factory, mail_settings, inbox, people):
    italy = delegation(session, "Italy")
    notices.to_delegation(session, italy, "first")
    notices.to_delegation(session, italy, "second")
    session.commit()
    assert mailer.send_pending(session_factory, mail_settings) == 2

    notices.to_delegation(session, italy, "third")
    session.commit()
    assert mailer.send_pending(session_factory, mail_settings) == 1

    assert inbox.subjects() == ["[Plenary] first", "[Plenary] second", "[Plenary] third"]


def test_a_reason_typed_over_several_lines_makes_a_one_line_subject(
        session, session_factory, mail_settings, inbox, people):
    reason = "amendment 9 was rejected: Not agreed.\r\nBcc: everyone@example.org\n" + "x" * 200
    notices.to_delegation(session, delegation(session, "France"), reason)
    session.commit()

    assert mailer.send_pending(session_factory, mail_settings) == 1

    subject = inbox.mails[0].message["Subject"]
    assert subject.startswith("[Plenary] amendment 9 was rejected: Not agreed. Bcc: everyone@")
    assert subject.endswith("…") and len(subject) == len("[Plenary] ") + mailer.SUBJECT_CHARS
    assert inbox.mails[0].recipients == [people["france"]]
    assert inbox.mails[0].message["Bcc"] is None


def test_a_notice_nobody_can_receive_is_settled_without_a_message(
        session, session_factory, mail_settings, inbox, people):
    notices.to_delegation(session, delegation(session, "Malta"), "amendment 3 was accepted")
    session.commit()

    assert mailer.send_pending(session_factory, mail_settings) == 1

    assert inbox.mails == [] and unsent(session) == []


def test_without_an_smtp_url_notices_stay_in_app_only(session, session_factory, settings,
                                                      people):
    notices.to_everyone(session, "MC.DD/3/26 has been withdrawn")
    session.commit()

    assert settings.smtp_url is None
    assert mailer.send_pending(session_factory, settings) == 0
    assert [(n.message, n.email_attempts) for n in unsent(session)] == [
        ("MC.DD/3/26 has been withdrawn", 0)]


# --- failures -----------------------------------------------------------------------------


def test_a_refused_message_is_counted_kept_and_sent_once_the_server_takes_it(
        session, session_factory, mail_settings, inbox, people):
    notices.to_role(session, "chair", "silence broken by France")
    session.commit()

    inbox.refuse = "451 4.3.0 try again later"
    assert mailer.send_pending(session_factory, mail_settings) == 0
    [kept] = unsent(session)
    assert kept.email_attempts == 1 and inbox.mails == []

    inbox.refuse = None
    assert mailer.send_pending(session_factory, mail_settings) == 1
    assert inbox.subjects() == ["[Plenary] silence broken by France"]
    assert unsent(session) == []


def test_after_five_refusals_a_notice_is_in_app_only(
        session, session_factory, mail_settings, inbox, people):
    notices.to_role(session, "chair", "undeliverable")
    session.commit()
    inbox.refuse = "554 5.7.1 rejected"

    for _ in range(mailer.MAX_ATTEMPTS + 2):
        mailer.send_pending(session_factory, mail_settings)

    [kept] = unsent(session)
    assert kept.email_attempts == mailer.MAX_ATTEMPTS
    inbox.refuse = None
    assert mailer.send_pending(session_factory, mail_settings) == 0 and inbox.mails == []


def test_a_refused_notice_does_not_hold_up_the_next(
        session, session_factory, mail_settings, inbox, people):
    notices.to_delegation(session, delegation(session, "France"), "for France")
    notices.to_delegation(session, delegation(session, "Italy"), "for Italy")
    session.commit()
    inbox.refuse_rcpt = {people["france"]}

    assert mailer.send_pending(session_factory, mail_settings) == 1

    assert inbox.subjects() == ["[Plenary] for Italy"]
    assert [(n.message, n.email_attempts) for n in unsent(session)] == [("for France", 1)]


def test_a_server_that_is_down_costs_no_attempt_and_the_notice_goes_later(
        session, session_factory, mail_settings, inbox, people):
    notices.to_role(session, "secretariat", "journal 2 is ready")
    session.commit()
    down = dataclasses.replace(mail_settings, smtp_url=f"smtp://127.0.0.1:{free_port()}")

    assert mailer.send_pending(session_factory, down) == 0
    assert [n.email_attempts for n in unsent(session)] == [0]

    assert mailer.send_pending(session_factory, mail_settings) == 1
    assert [m.recipients for m in inbox.mails] == [[people["secretariat"]]]


# --- the outbox on a real database ----------------------------------------------------------


@pytest.fixture
def real_factory(fresh_database_url):
    """Sessions that commit for real, on a database of the test's own."""
    engine = make_engine(fresh_database_url)
    factory = make_sessionmaker(engine)
    with factory() as session:
        person(session, "drafter", "Italy")
        person(session, "chair")
        session.commit()
    yield factory
    engine.dispose()


def test_a_notice_of_a_rolled_back_change_is_never_sent(real_factory, mail_settings, inbox):
    with pytest.raises(RuntimeError), real_factory.begin() as session:
        notices.to_everyone(session, "a change that failed")
        session.flush()
        raise RuntimeError("the use case failed after writing its notice")
    with real_factory.begin() as session:
        notices.to_everyone(session, "a change that stands")

    assert mailer.send_pending(real_factory, mail_settings) == 1

    assert inbox.subjects() == ["[Plenary] a change that stands"]
    with real_factory() as session:
        assert session.scalars(select(Notice.message)).all() == ["a change that stands"]


def test_two_workers_at_once_send_each_notice_exactly_once(real_factory, mail_settings, inbox):
    with real_factory.begin() as session:
        for i in range(20):
            notices.to_role(session, "chair", f"notice {i:02}")
    inbox.delay = 0.01  # each message takes a while: the workers overlap
    start, sent, errors = threading.Barrier(2), [], []

    def worker():
        try:
            start.wait()
            sent.append(mailer.send_pending(real_factory, mail_settings))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sum(sent) == 20
    assert sorted(inbox.subjects()) == [f"[Plenary] notice {i:02}" for i in range(20)]
    with real_factory() as session:
        assert session.scalar(select(Notice).where(Notice.emailed_at.is_(None))) is None


def test_the_app_mails_notices_in_the_background(fresh_database_url, mail_settings, inbox):
    assert "mailer" in [job.name for job in background.JOBS]
    settings = dataclasses.replace(mail_settings, database_url=fresh_database_url,
                                   background_jobs=True)
    app = create_app(settings)
    with app.state.sessionmaker.begin() as session:
        person(session, "chair")
        notices.to_role(session, "chair", "sent by the server itself")

    def settled() -> bool:
        with app.state.sessionmaker() as session:
            return session.scalar(select(Notice.emailed_at)) is not None

    with TestClient(app):  # runs the lifespan, and so the background jobs
        deadline = time.monotonic() + 10
        while not settled() and time.monotonic() < deadline:
            time.sleep(0.05)

    assert inbox.subjects() == ["[Plenary] sent by the server itself"]
    app.state.sessionmaker.kw["bind"].dispose()


# --- TLS and signing in ---------------------------------------------------------------------


@pytest.fixture
def certificate(tmp_path, monkeypatch) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1, trusted by the process (SSL_CERT_FILE)."""
    if shutil.which("openssl") is None:
        if UNDER_CI:
            pytest.fail("openssl is needed to make the test certificate")
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    return str(cert), str(key)


def server_context(certificate) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def password_checker(logins: list[tuple[str, str]]):
    def authenticate(server, session, envelope, mechanism, data):
        assert isinstance(data, LoginPassword)
        logins.append((data.login.decode(), data.password.decode()))
        return AuthResult(success=data.password == b"p@ss:w/rd", handled=False)
    return authenticate


@pytest.fixture
def tls_server(certificate) -> Iterator[tuple[Inbox, int, list]]:
    """STARTTLS offered and required, and sign-in required (after TLS only)."""
    inbox, port, logins = Inbox(), free_port(), []
    controller = Controller(inbox, hostname="127.0.0.1", port=port,
                            tls_context=server_context(certificate), require_starttls=True,
                            auth_required=True, authenticator=password_checker(logins))
    controller.start()
    yield inbox, port, logins
    controller.stop()


def test_starttls_when_offered_then_the_urls_user_signs_in(session, session_factory,
                                                           mail_settings, tls_server, people):
    inbox, port, logins = tls_server
    url = f"smtp://mailer%40test.plenary:p%40ss%3Aw%2Frd@127.0.0.1:{port}"
    notices.to_role(session, "chair", "over TLS")
    session.commit()

    sent = mailer.send_pending(session_factory, dataclasses.replace(mail_settings,
                                                                    smtp_url=url))

    assert sent == 1 and inbox.subjects() == ["[Plenary] over TLS"]
    assert logins == [("mailer@test.plenary", "p@ss:w/rd")]


def test_a_wrong_password_costs_no_attempt(session, session_factory, mail_settings,
                                           tls_server, people):
    inbox, port, logins = tls_server
    notices.to_role(session, "chair", "waits")
    session.commit()
    wrong = dataclasses.replace(mail_settings, smtp_url=f"smtp://mailer:wrong@127.0.0.1:{port}")

    assert mailer.send_pending(session_factory, wrong) == 0

    assert set(logins) == {("mailer", "wrong")} and inbox.mails == []
    assert [n.email_attempts for n in unsent(session)] == [0]


def test_smtps_speaks_tls_from_the_first_byte(session, session_factory, mail_settings,
                                               certificate, people):
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port,
                            ssl_context=server_context(certificate))
    controller.start()
    try:
        notices.to_role(session, "chair", "over SSL")
        session.commit()
        smtps = dataclasses.replace(mail_settings, smtp_url=f"smtps://127.0.0.1:{port}")
        assert mailer.send_pending(session_factory, smtps) == 1
    finally:
        controller.stop()
    assert inbox.subjects() == ["[Plenary] over SSL"]


# --- the setting ----------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "expected"), [
    ("smtp://mail.example.org", ("mail.example.org", 25, False, None, None)),
    ("smtp://u:p@mail.example.org:587", ("mail.example.org", 587, False, "u", "p")),
    ("smtps://me%40example.org:a%2Fb%40c@mail.example.org/",
     ("mail.example.org", 465, True, "me@example.org", "a/b@c")),
])
def test_an_smtp_url_is_read_into_its_parts(url, expected):
    server = parse_smtp_url(url)

    assert (server.host, server.port, server.ssl, server.username, server.password) == expected


def test_the_password_is_never_in_the_servers_repr():
    assert "s3cr3t" not in repr(parse_smtp_url("smtp://me:s3cr3t@mail.example.org"))


@pytest.mark.parametrize(("url", "says"), [
    ("mail.example.org:587", "must start with smtp:// or smtps://"),
    ("http://mail.example.org", "must start with smtp:// or smtps://"),
    ("smtp://user:secret@mail.example.org:58x7", "a port that is not a number"),
    ("smtp://user:secret@mail.example.org:0", "a port that is not a number"),
    ("smtp://user:secret@:587", "names no host"),
    ("smtp://user:secret@mail.example.org:587/mail", "a path, query or fragment"),
    ("smtp://user:secret@mail.example.org?tls=1", "a path, query or fragment"),
])
def test_a_malformed_smtp_url_stops_the_start_with_what_to_fix(monkeypatch, url, says):
    monkeypatch.setenv("PLENARY_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("PLENARY_SMTP_URL", url)

    with pytest.raises(ConfigError, match=says) as raised:
        load_settings()

    assert "secret" not in str(raised.value)


def test_the_base_url_setting(monkeypatch):
    monkeypatch.setenv("PLENARY_SECRET_KEY", "k" * 40)
    monkeypatch.delenv("PLENARY_SMTP_URL", raising=False)
    monkeypatch.delenv("PLENARY_BASE_URL", raising=False)
    assert load_settings().base_url == "http://127.0.0.1:8000"
    monkeypatch.setenv("PLENARY_BASE_URL", "https://plenary.example.org/osce/")
    assert load_settings().base_url == "https://plenary.example.org/osce"
    monkeypatch.setenv("PLENARY_BASE_URL", "plenary.example.org")
    with pytest.raises(ConfigError, match="PLENARY_BASE_URL"):
        load_settings()
