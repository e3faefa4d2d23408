"""Running Alembic from Plenary (the CLI, the demo and the tests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from plenary.settings import PROJECT_ROOT


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


# The database's own full-text index over search_entries (alembic/versions/…_0011): an FTS5
# table and its shadow tables on SQLite, a generated tsvector column and its GIN index on
# PostgreSQL. The models cannot declare them, so comparing models and schema leaves them out.
FULL_TEXT_INDEX = {("table", "search_fts"), ("table", "search_fts_data"),
                   ("table", "search_fts_idx"), ("table", "search_fts_docsize"),
                   ("table", "search_fts_config"), ("column", "search_vector"),
                   ("index", "ix_search_entries_search_vector")}


def include_name(name: str | None, type_: str, _parents: dict) -> bool:
    """Alembic's filter for comparing the models with the schema: not the full-text index."""
    return (type_, name) not in FULL_TEXT_INDEX


def upgrade(connection: Connection | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(connection), revision)


def downgrade(connection: Connection | None = None, revision: str = "base") -> None:
    command.downgrade(alembic_config(connection), revision)


@contextmanager
def foreign_keys_suspended(connection: Connection) -> Iterator[None]:
    """On SQLite, migrate with foreign keys off and check them afterwards.

    The trap (shared/stack.md): a batch migration rebuilds a table with DROP TABLE, and with
    foreign keys ON that cascades into every child row. The pragma is a no-op inside a
    transaction, so any is ended and the driver is addressed directly.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.driver_connection
    if connection.in_transaction():
        connection.commit()
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
        if connection.in_transaction():
            connection.commit()
        broken = driver.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"the migration left rows with broken foreign keys: {broken[:5]}")
    finally:
        driver.execute("PRAGMA foreign_keys=ON")
