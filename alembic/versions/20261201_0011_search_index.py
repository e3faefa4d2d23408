"""search: the full-text index (SQLite FTS5, PostgreSQL tsvector with a GIN index)

One new table of entries (drafting/search_index.py), and the database's own full-text
index over it: on SQLite an external-content FTS5 table kept by triggers on the entries;
on PostgreSQL a generated tsvector column ('simple' configuration: no stemming, so every
language of the OSCE is indexed alike) with a GIN index. Neither is in the models'
MetaData (plenary.migrate.include_name leaves them out of the comparison). The entries of
the rows already stored are written here, read with plain SQL (the tables as they stand
at this revision), through the same functions that write them afterwards.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 18:00:00
"""
from collections import defaultdict

from alembic import op
import sqlalchemy as sa

from drafting import search_text
from drafting.search_index import amendment_text, amendment_title, entry
from workflow.journals import journal_symbol
from workflow.search_index import decision_state, journal_text, statement_title


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

SQLITE_INDEX = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, text, content='search_entries', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE OF title, text ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO search_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
]
POSTGRESQL_INDEX = [
    "ALTER TABLE search_entries ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, text), 'B')) STORED",
    "CREATE INDEX ix_search_entries_search_vector ON search_entries USING gin (search_vector)",
]


def upgrade() -> None:
    op.create_table('search_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=True),
    sa.Column('body', sa.String(length=8), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('delegations', sa.String(length=4000), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entries'))
    )
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.create_index('ix_search_entries_draft_id', ['draft_id'], unique=False)
        batch_op.create_index('ix_search_entries_kind_ref_id', ['kind', 'ref_id'], unique=False)
    connection = op.get_bind()
    for statement in (SQLITE_INDEX if connection.dialect.name == "sqlite"
                      else POSTGRESQL_INDEX):
        op.execute(statement)
    _fill(connection)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("search_entries_ai", "search_entries_ad", "search_entries_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_search_entries_kind_ref_id')
        batch_op.drop_index('ix_search_entries_draft_id')
    op.drop_table('search_entries')


# --- the entries of the rows already stored -----------------------------------------------

ENTRY_COLUMNS = ("kind", "ref_id", "draft_id", "decision_id", "revision", "body", "state",
                 "year", "delegations", "title", "text")
ENTRIES = sa.table("search_entries", *(sa.column(c) for c in ENTRY_COLUMNS))


def _rows(connection, query: str):
    return connection.execute(sa.text(query)).all()


def _year(value) -> int:
    return value.year if hasattr(value, "year") else int(str(value)[:4])


def _fill(connection) -> None:
    names = dict(_rows(connection, "SELECT id, name FROM delegations"))
    drafts = {d.id: d for d in _rows(connection,
                                     "SELECT id, body, symbol, title, state, tabled_at "
                                     "FROM drafts")}
    sponsors = defaultdict(list)
    for draft_id, delegation_id in _rows(connection, "SELECT draft_id, delegation_id FROM "
                                         "draft_sponsors ORDER BY position"):
        sponsors[draft_id].append(delegation_id)
    paragraphs = defaultdict(list)
    for revision_id, label, text in _rows(connection, "SELECT revision_id, label, text FROM "
                                          "paragraphs ORDER BY revision_id, position"):
        paragraphs[revision_id].append((label, text))
    rows = [*_revisions(connection, drafts, sponsors, paragraphs),
            *_amendments(connection, drafts, names),
            *_decisions(connection, drafts, sponsors, paragraphs),
            *_statements(connection, names), *_journals(connection)]
    for start in range(0, len(rows), 500):
        connection.execute(ENTRIES.insert(), rows[start:start + 500])


def _revisions(connection, drafts, sponsors, paragraphs):
    for r in _rows(connection, "SELECT id, draft_id, number FROM revisions"):
        d = drafts[r.draft_id]
        symbol = d.symbol if r.number == 0 else f"{d.symbol}/Rev.{r.number}"
        yield entry("draft_revision", r.id, body=d.body, state=d.state, year=_year(d.tabled_at),
                    delegations=sponsors[d.id], draft_id=d.id, revision=r.number,
                    title=f"{symbol} {d.title}",
                    text=search_text.paragraphs_text(paragraphs[r.id]))


def _amendments(connection, drafts, names):
    for a in _rows(connection, "SELECT id, draft_id, delegation_id, status, created_at, "
                   "text, rationale FROM amendments"):
        d = drafts[a.draft_id]
        yield entry("amendment", a.id, body=d.body, state=a.status, year=_year(a.created_at),
                    delegations=[a.delegation_id], draft_id=d.id,
                    title=amendment_title(a.id, d.symbol, names[a.delegation_id]),
                    text=amendment_text(a.text, a.rationale))


def _decisions(connection, drafts, sponsors, paragraphs):
    for c in _rows(connection, "SELECT id, body, symbol, draft_id, revision_id, adopted_on, "
                   "issued_at FROM decisions"):
        yield entry("decision", c.id, body=c.body, state=decision_state(c.issued_at is not None),
                    year=_year(c.adopted_on), delegations=sponsors[c.draft_id],
                    draft_id=c.draft_id, decision_id=c.id,
                    title=f"{c.symbol} {drafts[c.draft_id].title}",
                    text=search_text.paragraphs_text(paragraphs[c.revision_id]))


def _statements(connection, names):
    decisions = {c.id: c for c in _rows(connection, "SELECT id, body, symbol, draft_id, "
                                        "adopted_on FROM decisions")}
    cosigners = defaultdict(list)
    for statement_id, delegation_id in _rows(connection, "SELECT statement_id, delegation_id "
                                             "FROM statement_cosigners ORDER BY id"):
        cosigners[statement_id].append(delegation_id)
    for s in _rows(connection, "SELECT id, decision_id, kind, delegation_id, status, text "
                   "FROM statements"):
        c = decisions[s.decision_id]
        yield entry("statement", s.id, body=c.body, state=s.status, year=_year(c.adopted_on),
                    delegations=[s.delegation_id, *cosigners[s.id]], draft_id=c.draft_id,
                    decision_id=c.id, title=statement_title(s.kind, names[s.delegation_id],
                                                            c.symbol),
                    text=s.text)


def _journals(connection):
    decided = {c.id: f"{c.symbol} {c.title}" for c in _rows(
        connection, "SELECT decisions.id, decisions.symbol, drafts.title FROM decisions "
        "JOIN drafts ON drafts.id = decisions.draft_id")}
    records = defaultdict(list)
    for item_id, decision_id in _rows(connection, "SELECT agenda_item_id, decision_id FROM "
                                      "journal_entries ORDER BY id"):
        records[item_id].append(decided.get(decision_id, ""))
    items = defaultdict(list)
    for i in _rows(connection, "SELECT id, journal_id, number, title FROM agenda_items "
                   "ORDER BY number"):
        items[i.journal_id].append((i.number, i.title, records[i.id]))
    meetings = {m.id: m for m in _rows(connection, "SELECT id, body, number FROM meetings")}
    for j in _rows(connection, "SELECT id, meeting_id, number, day, chairperson, next_meeting "
                   "FROM journals"):
        m = meetings[j.meeting_id]
        yield entry("journal", j.id, body=m.body, year=_year(j.day),
                    title=journal_symbol(m.body, m.number, j.number),
                    text=journal_text(j.chairperson, items[j.id], j.next_meeting))
