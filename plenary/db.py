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
import drafting.search_index  # noqa: F401  (the index's table, and the hook that keeps it)
import plenary.feed  # noqa: F401  (the change feed hears every session's commits)
import plenary.models  # noqa: F401
import workflow.models  # noqa: F401
import workflow.search_index  # noqa: F401  (the procedure's kinds in the index)
from drafting.db import Base

metadata = Base.metadata
SQLITE_BEGIN = "plenary_sqlite_begin"  # an execution option: IMMEDIATE (writes) or DEFERRED


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
    # A writing transaction begins IMMEDIATE, taking the write lock at the start:
    # concurrent writers queue (up to busy_timeout) instead of failing with SQLITE_BUSY
    # when a read turns into a write. A read (see `read_sessionmaker`) begins DEFERRED and
    # takes no lock at all: in WAL mode it runs beside the writer.
    mode = connection.get_execution_options().get(SQLITE_BEGIN, "IMMEDIATE")
    connection.exec_driver_sql(f"BEGIN {mode}")


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
    # A database host that drops packets would otherwise hold a request for the system's
    # TCP timeout (minutes) before it can be answered 503.
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def make_sessionmaker(engine_or_connection) -> sessionmaker:
    return sessionmaker(bind=engine_or_connection, expire_on_commit=False)


def read_sessionmaker(writes: sessionmaker) -> sessionmaker:
    """Sessions for reads, on the same engine and pool as `writes`: on SQLite their
    transactions begin DEFERRED. A sessionmaker bound to one connection (the tests') is
    returned as it is: that connection's transaction has begun already."""
    bind = writes.kw.get("bind")
    if not isinstance(bind, Engine):
        return writes
    return writes.__class__(**{**writes.kw,
                               "bind": bind.execution_options(**{SQLITE_BEGIN: "DEFERRED"})})
