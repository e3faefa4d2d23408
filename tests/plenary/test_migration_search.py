"""Migration 0011 writes the index entries of the rows already stored: the very entries
the application writes as it goes, so a database migrated with its records finds them."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from plenary import demo, migrate
from plenary.db import make_engine
from tests.factories import CHAIR
from workflow.search import search

COLUMNS = ("kind, ref_id, draft_id, decision_id, revision, body, state, year, delegations, "
           "title, text")


def entries(conn) -> list[tuple]:
    return sorted(tuple(row) for row in conn.execute(
        text(f"SELECT {COLUMNS} FROM search_entries")))


def test_the_migration_indexes_what_was_stored_as_the_application_does(fresh_database_url):
    engine = make_engine(fresh_database_url)
    try:
        with Session(engine) as session:
            demo.load(session)
            session.commit()
        with engine.connect() as conn:
            written = entries(conn)
            migrate.downgrade(conn, "0010")
            conn.commit()
            migrate.upgrade(conn)
            conn.commit()
            assert entries(conn) == written
        with Session(engine) as session:
            found = search(session, CHAIR, "extra-budgetary").hits
    finally:
        engine.dispose()
    assert {kind for kind, *_ in written} == {"draft_revision", "amendment", "decision",
                                              "statement", "journal"}
    assert [h.kind for h in found] == ["amendment"]
