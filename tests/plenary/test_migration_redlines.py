"""Migration 0007 gives the amendments already stored their redline, the very one the
application computes for a new amendment."""

from __future__ import annotations

import json

from sqlalchemy import text

from drafting.stored_redline import spans
from plenary import migrate
from plenary.db import make_engine

BASE = "Decides that participating States shall report annually;"
ROWS = [("modify", "Decides that participating States should report annually;"),
        ("insert_after", "Welcomes the report;"), ("delete", None)]


def test_the_migration_stores_a_redline_for_every_existing_amendment(fresh_database_url):
    engine = make_engine(fresh_database_url)
    try:
        with engine.connect() as conn:
            migrate.downgrade(conn, "0006")
            conn.commit()
            conn.execute(text(
                "INSERT INTO drafts (body, symbol, title, enacting_formula, state, "
                "current_revision, tabled_at, version) VALUES ('MC', 'MC.DD/1/17', 't', "
                "'The Ministerial Council,', 'negotiating', 0, '2017-01-01 00:00:00', 1)"))
            for action, new in ROWS:
                conn.execute(text(
                    "INSERT INTO amendments (draft_id, paragraph_key, action, delegation_id, "
                    "base_revision, base_text, text, rationale, status, reason, created_at, "
                    "updated_at) SELECT id, 'p1', :action, 1, 0, :base, :text, '', "
                    "'submitted', '', '2017-01-01 00:00:00', '2017-01-01 00:00:00' "
                    "FROM drafts"), {"action": action, "base": BASE, "text": new})
            conn.commit()

            migrate.upgrade(conn)
            conn.commit()
            stored = conn.execute(text(
                "SELECT action, text, redline FROM amendments ORDER BY id")).all()
    finally:
        engine.dispose()

    assert [(row.action, _json(row.redline)) for row in stored] == [
        (action, spans(action, BASE, new)) for action, new in ROWS]
    assert _json(stored[0].redline) == [["=", 34], ["-", 5], ["+", 6], ["=", 17]]


def _json(value):
    return json.loads(value) if isinstance(value, str) else value
