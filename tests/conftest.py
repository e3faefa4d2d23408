"""Shared fixtures: a real database per run (SQLite by default, PostgreSQL when
PLENARY_TEST_DATABASE_URL names one), migrated once; each test inside a transaction that
is rolled back at its end."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from plenary import migrate
from plenary.db import make_engine
from plenary.settings import Settings

# ../shared beside the checkout, for data that must not be copied here (AGPL vectors);
# public reference data lives in tests/fixtures/ so a fresh clone tests on its own.
SHARED = Path(os.environ.get("PLENARY_SHARED_DIR")
              or Path(__file__).resolve().parents[2] / "shared")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-quic"]
UNDER_CI = os.environ.get("CI") == "true"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regenerate-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files of the exporters instead of comparing with them",
    )


@pytest.fixture
def regenerate_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regenerate-golden"))


def fixture_file(relative: str) -> Path:
    """A public test fixture kept in the repository (tests/fixtures/)."""
    return FIXTURES / relative


def shared_file(relative: str) -> Path:
    """A file of ../shared (read-only, beside the checkout; PLENARY_SHARED_DIR elsewhere),
    for data the repository must not hold. CI has it (CI=true, exported by .ci/run); a
    missing copy fails under CI and skips elsewhere, with the reason."""
    path = SHARED / relative
    if not path.exists():
        if UNDER_CI:
            pytest.fail(f"{path} is missing: CI runs with shared/ beside the checkout")
        pytest.skip(f"{path} is not here (shared/ is laid beside the checkout)")
    return path


def _postgres_database(admin_url: str) -> Iterator[str]:
    """A fresh database on the server of `admin_url`, dropped after the run."""
    url = make_url(admin_url)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"plenary_test_{secrets.token_hex(4)}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - the reason is printed, and fails under CI
        admin.dispose()
        reason = f"PostgreSQL at {url.render_as_string()} is not reachable: {exc}"
        if UNDER_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    configured = os.environ.get("PLENARY_TEST_DATABASE_URL", "")
    if configured.startswith("postgresql"):
        yield from _postgres_database(configured)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    with engine.connect() as conn:
        migrate.upgrade(conn)
        conn.commit()
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        outer = conn.begin()
        yield conn
        outer.rollback()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker:
    # Commits inside the code under test release savepoints; the outer rollback undoes all.
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def session(session_factory: sessionmaker) -> Iterator[Session]:
    with session_factory() as session:
        yield session


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url, secret_key="test-secret-" + "x" * 32,
        time_zone="Europe/Vienna", https=False, session_hours=12, max_body_bytes=200_000,
        background_jobs=False,  # jobs would share the test's connection from other threads
    )


@pytest.fixture
def fresh_database_url(database_url: str) -> Iterator[str]:
    """A database of its own, migrated, for tests whose code commits for real (the CLI,
    a real HTTP server): a new file on SQLite, a new database on PostgreSQL."""
    yield from fresh_database(database_url)


@pytest.fixture(scope="module")
def module_database_url(database_url: str) -> Iterator[str]:
    """The same, shared by a module's tests (a real server that many tests call)."""
    yield from fresh_database(database_url)


def fresh_database(database_url: str) -> Iterator[str]:
    if database_url.startswith("postgresql"):
        urls = _postgres_database(database_url)
        url = next(urls)
    else:
        urls = None
        directory = Path(make_url(database_url).database).parent
        url = f"sqlite:///{directory / f'fresh-{secrets.token_hex(4)}.db'}"
    engine = make_engine(url)
    with engine.connect() as conn:
        migrate.upgrade(conn)
        conn.commit()
    engine.dispose()
    yield url
    if urls is not None:
        next(urls, None)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser). Missing, it
    fails under CI and is skipped elsewhere with the reason."""
    if not CHROMIUM.exists():
        reason = "Chromium is not installed (make test installs it with apt-get as root)"
        if UNDER_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()
