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
