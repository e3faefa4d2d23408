"""Alembic's entry point: migrations run on a connection handed over by Plenary
(`config.attributes["connection"]`) or on PLENARY_DATABASE_URL.

On SQLite every migration runs with foreign keys suspended (see
plenary.migrate.foreign_keys_suspended): a batch rebuild would otherwise cascade deletes.
"""

from __future__ import annotations

from alembic import context

from plenary.db import make_engine, metadata
from plenary.migrate import foreign_keys_suspended, include_name
from plenary.settings import load_settings

config = context.config


def _migrate(connection) -> None:
    with foreign_keys_suspended(connection):
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()


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
