"""The database engine and sessions, for SQLite (embedded) and PostgreSQL (deployments).

Importing this module registers every table on the shared MetaData.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

import drafting.audit  # noqa: F401  (registers the tables)
import drafting.models  # noqa: F401
import plenary.models  # noqa: F401
import workflow.models  # noqa: F401
from drafting.db import Base

metadata = Base.metadata


def _sqlite_connect(dbapi_connection, _record) -> None:
    # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT; take it over
    # (SQLAlchemy's recipe): no implicit transactions, and an explicit BEGIN in `_begin`.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    if _is_file_database(dbapi_connection):
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_begin(connection) -> None:
    # IMMEDIATE takes the write lock at the start: concurrent transactions queue (up to
    # busy_timeout) instead of failing with SQLITE_BUSY when a read turns into a write.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _is_file_database(dbapi_connection) -> bool:
    row = dbapi_connection.execute("PRAGMA database_list").fetchone()
    return bool(row and row[2])  # an in-memory database has no file name


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.drivername in {"postgresql", "postgres"}:
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True)


def make_sessionmaker(engine_or_connection) -> sessionmaker:
    return sessionmaker(bind=engine_or_connection, expire_on_commit=False)
