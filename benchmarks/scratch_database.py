"""A scratch database on a PostgreSQL server, created for one benchmark run and dropped
after it, whatever happens in between."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@contextmanager
def scratch_postgres(admin_url: str, prefix: str) -> Iterator[str]:
    """The URL of a new database named `prefix` and a random suffix on `admin_url`'s
    server (whose user may create databases)."""
    url = make_url(admin_url)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{secrets.token_hex(4)}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
