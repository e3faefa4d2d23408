"""Fixtures of the web shell: the app on the test's own transaction, TestClients, API
tokens, signing in through the real login form, the demo, a real server for the real
browser (tests/conftest.py), and the command line's database.

The app's sessions share the test's connection (see tests/conftest.py), so what a test
stores is visible to the app once flushed, and what the app commits only releases a
savepoint that the test's rollback undoes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import httpx2
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.testclient import TestClient

from drafting.models import Draft
from plenary import accounts, demo
from plenary.app import create_app
from plenary.models import User
from tests.live_server import live_server

CSRF_FIELD = re.compile(r'<input type="hidden" name="csrf" value="([0-9a-f]{64})">')


def csrf_of(page: httpx2.Response) -> str:
    """The CSRF token of the (first) form on a page."""
    match = CSRF_FIELD.search(page.text)
    assert match, f"no CSRF field on the page:\n{page.text[:2000]}"
    return match.group(1)


@pytest.fixture
def app(settings, session_factory) -> Starlette:
    return create_app(settings, sessionmaker=session_factory)


@pytest.fixture
def make_client(app) -> Iterator[Callable[..., TestClient]]:
    """A new browser: its own cookie jar. Redirects are not followed, so that tests see them."""
    clients: list[TestClient] = []

    def make(base_url: str = "http://testserver", **kwargs) -> TestClient:
        client = TestClient(app, base_url=base_url, follow_redirects=False, **kwargs)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()


@pytest.fixture
def token_for(session: Session) -> Callable[[User], str]:
    """An API token for a user, committed (a savepoint) so that the app sees it."""

    def token_for(user: User) -> str:
        token = accounts.create_token(session, user)
        session.commit()
        return token

    return token_for


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def sign_in() -> Callable[..., httpx2.Response]:
    """Sign in through the login form as a browser does: GET the form, POST it back."""

    def sign_in(client: TestClient, email: str, password: str, next: str | None = None,
                **extra: str) -> httpx2.Response:
        form = client.get("/login" if next is None else f"/login?next={next}")
        assert form.status_code == 200, form.text
        data = {"csrf": csrf_of(form), "email": email, "password": password,
                "next": next or "/", **extra}
        return client.post("/login", data=data)

    return sign_in


# --- the demo, signed-in browsers, and a real browser on a real server -------------------

DEMO_PASSWORDS = {email: password for email, _, _, password in demo.ACCOUNTS}
@pytest.fixture
def demo_loaded(session) -> None:
    demo.load(session)
    session.commit()


@pytest.fixture
def energy(session, demo_loaded) -> Draft:
    """The demo's draft under negotiation, MC.DD/3/26, with pending amendments."""
    return session.scalar(select(Draft).where(Draft.symbol == "MC.DD/3/26"))


@pytest.fixture
def demo_client(make_client, sign_in, demo_loaded) -> Callable[[str], TestClient]:
    """A new browser signed in as one of the demo's accounts: demo_client("chair")."""

    def signed_in_as(name: str) -> TestClient:
        email = f"{name}@demo.plenary"
        client = make_client()
        assert sign_in(client, email, DEMO_PASSWORDS[email]).status_code == 303
        return client

    return signed_in_as


@pytest.fixture
def cli_db(fresh_database_url, monkeypatch) -> str:
    """A database of its own for the `plenary` command, which commits for real."""
    monkeypatch.setenv("PLENARY_DATABASE_URL", fresh_database_url)
    monkeypatch.setenv("PLENARY_SECRET_KEY", "cli-test-secret")
    return fresh_database_url


@pytest.fixture
def cli_demo_db(cli_db, capsys) -> str:
    """`cli_db` with the demo loaded (its output swallowed)."""
    from plenary.cli import main

    assert main(["demo"]) == 0
    capsys.readouterr()
    return cli_db


@pytest.fixture
def server(fresh_database_url) -> Iterator[str]:
    """`plenary serve` in a subprocess with the demo loaded; its base URL."""
    with live_server(fresh_database_url) as base:
        yield base


# The empty desk's draft, tabled two days before the tests run (numbered in that year).
EMPTY_DESK_TABLED_AT = datetime.now(UTC) - timedelta(days=2)
EMPTY_DESK_DRAFT = f"MC.DD/1/{EMPTY_DESK_TABLED_AT:%y}"


def accounts_and_one_draft() -> None:
    """What an empty desk starts from: the demo's accounts and one tabled draft, and
    nothing else (no meeting, journal or decision)."""
    from drafting.actors import SYSTEM
    from drafting.services import import_draft
    from plenary.cli_common import transaction
    from tests.factories import draft_text

    with transaction() as session:
        for email, role, delegation, password in demo.ACCOUNTS:
            accounts.add_user(session, email=email, role=role, password=password,
                              delegation=delegation)
        import_draft(session, SYSTEM, body="MC", symbol=EMPTY_DESK_DRAFT,
                     text=draft_text(title="Good governance"), sponsors=["Italy"],
                     tabled_at=EMPTY_DESK_TABLED_AT)


@pytest.fixture
def empty_server(fresh_database_url) -> Iterator[str]:
    """`plenary serve` in a subprocess on a database with only the demo's accounts and one
    tabled draft; its base URL."""
    with live_server(fresh_database_url, load=accounts_and_one_draft) as base:
        yield base


def page_signed_in(browser, server: str, name: str):
    """A page of a new browser context, signed in as a demo account, on the dashboard."""
    email = f"{name}@demo.plenary"
    page = browser.new_context().new_page()
    page.goto(f"{server}/login")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORDS[email])
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/")
    return page
