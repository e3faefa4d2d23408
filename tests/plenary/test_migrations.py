"""The schema changes only through Alembic: models and migrations agree, the history
round-trips, the States are there, and SQLite's foreign-key trap is handled."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import Text, inspect, text

from plenary import migrate
from plenary.db import make_engine, metadata
from plenary.migrate import foreign_keys_suspended
from tests.conftest import fixture_file


def test_models_and_migrations_agree(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": migrate.include_name})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_upgrade_downgrade_upgrade(fresh_database_url):
    engine = make_engine(fresh_database_url)
    try:
        with engine.connect() as conn:
            migrate.downgrade(conn, "base")
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
            migrate.upgrade(conn)
            assert set(metadata.tables) <= set(inspect(conn).get_table_names())
            assert conn.execute(text("SELECT count(*) FROM delegations")).scalar() == 57
    finally:
        engine.dispose()


def test_the_57_participating_states_are_there_after_migration(session):
    from drafting.services import list_delegations

    expected = fixture_file("reference/participating-states.txt").read_text().split("\n")
    assert [d.name for d in list_delegations(session)] == [s for s in expected if s]


def test_names_take_their_article_in_a_sentence(session):
    from drafting.services import find_delegation

    assert find_delegation(session, "Russian Federation").name_in_text == "the Russian Federation"
    assert find_delegation(session, "the netherlands").name_in_text == "the Netherlands"
    assert find_delegation(session, "Italy").name_in_text == "Italy"


def test_sqlite_connections_enforce_foreign_keys_after_migrating(engine):
    with engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            assert conn.dialect.name == "postgresql"  # always enforced there
            return
        migrate.upgrade(conn)  # runs the env.py path that switches the pragma off and on
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def _draft_with_a_revision(conn) -> None:
    conn.execute(text(
        "INSERT INTO drafts (body, symbol, title, enacting_formula, state, current_revision, "
        "tabled_at, version) VALUES ('MC', 'MC.DD/1/17', 't', 'The Ministerial Council,', "
        "'proposed', 0, '2017-01-01 00:00:00', 1)"))
    conn.execute(text("INSERT INTO revisions (draft_id, number, created_at) "
                      "SELECT id, 0, '2017-01-01 00:00:00' FROM drafts"))
    conn.commit()


def _rebuild_drafts_table(conn) -> None:
    ops = Operations(MigrationContext.configure(conn, opts={"render_as_batch": True}))
    # SQLite rebuilds the table (the trap); PostgreSQL alters it in place.
    recreate = "always" if conn.dialect.name == "sqlite" else "auto"
    with ops.batch_alter_table("drafts", recreate=recreate) as batch:
        batch.alter_column("title", existing_type=Text())
    conn.commit()


def test_a_batch_migration_keeps_child_rows(fresh_database_url):
    """The trap of shared/stack.md: rebuilding a parent table must not cascade."""
    engine = make_engine(fresh_database_url)
    try:
        with engine.connect() as conn:
            _draft_with_a_revision(conn)
            with foreign_keys_suspended(conn):
                _rebuild_drafts_table(conn)
            assert conn.execute(text("SELECT count(*) FROM revisions")).scalar() == 1
    finally:
        engine.dispose()


def test_without_the_guard_sqlite_would_lose_the_child_rows(fresh_database_url):
    """The control: shows the trap is real, so the test above proves something."""
    engine = make_engine(fresh_database_url)
    try:
        with engine.connect() as conn:
            if conn.dialect.name != "sqlite":
                pytest.skip("the trap is SQLite's: PostgreSQL never drops a referenced table")
            _draft_with_a_revision(conn)
            _rebuild_drafts_table(conn)
            assert conn.execute(text("SELECT count(*) FROM revisions")).scalar() == 0
    finally:
        engine.dispose()
