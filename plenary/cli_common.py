"""What every `plenary` command module shares (a module of its own, so that a command
module need not import plenary.cli, which may be running as __main__)."""

from __future__ import annotations

from contextlib import contextmanager

from plenary.settings import load_settings


class CommandError(Exception):
    """A problem the person at the terminal can fix; printed without a traceback."""


@contextmanager
def transaction():
    from plenary.db import make_engine, make_sessionmaker

    engine = make_engine(load_settings().database_url)
    try:
        with make_sessionmaker(engine)() as session:
            yield session
            session.commit()
    finally:
        engine.dispose()
