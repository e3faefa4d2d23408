"""Alembic's entry point: migrations run on a connection handed over by Plenary
(`config.attributes["connection"]`) or on PLENARY_DATABASE_URL.

SQLite trap (see shared/stack.md): a batch migration rebuilds a table with DROP TABLE, and
with foreign keys ON that cascades into every child row. So foreign keys are switched off,
outside any transaction, for the whole migration and checked afterwards.
"""

from __future__ import annotations

from alembic import context

from plenary.db import make_engine, metadata
from plenary.settings import load_settings

config = context.config


def _migrate(connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        _set_foreign_keys(connection, on=False)
    try:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        if connection.in_transaction():
            connection.commit()
        if sqlite:
            _check_foreign_keys(connection)
    finally:
        if sqlite:
            _set_foreign_keys(connection, on=True)


def _set_foreign_keys(connection, on: bool) -> None:
    # The pragma is a no-op inside a transaction: end any, and talk to the driver directly
    # so that SQLAlchemy does not open one first.
    if connection.in_transaction():
        connection.commit()
    connection.connection.driver_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _check_foreign_keys(connection) -> None:
    broken = connection.connection.driver_connection.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"the migration left rows with broken foreign keys: {broken[:5]}")


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = make_engine(load_settings().database_url)
    with engine.connect() as connection:
        _migrate(connection)
        connection.commit()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run plenary db upgrade")
run_migrations_online()
