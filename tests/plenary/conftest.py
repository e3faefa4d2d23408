"""Fixtures of the web shell: the app on the test's own transaction, TestClients, API
tokens, and signing in through the real login form.

The app's sessions share the test's connection (see tests/conftest.py), so what a test
stores is visible to the app once flushed, and what the app commits only releases a
savepoint that the test's rollback undoes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import httpx2
import pytest
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.testclient import TestClient

from plenary import accounts
from plenary.app import create_app
from plenary.models import User

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
