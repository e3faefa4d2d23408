"""The silence procedure's clock in the server: a poller in every worker, and a check
before every request, so that no page or API answer shows a silence that has expired."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from plenary.background import Job, register
from plenary.settings import Settings
from workflow import silence

POLL_SECONDS = 2


def tick(factory: sessionmaker, settings: Settings) -> list[str]:
    """Adopt what is due, in a transaction of its own; the symbols of the decisions."""
    with factory() as session:
        symbols = settle_within(session, settings)
        session.commit()
        return symbols


def settle(read_factory: sessionmaker, write_factory: sessionmaker,
           settings: Settings) -> list[str]:
    """Before a request: adopt what is due. The check is a read (on SQLite it takes no
    write lock); only a silence actually due opens a writing transaction."""
    with read_factory() as session:
        due = silence.any_due(session)
    return tick(write_factory, settings) if due else []


def settle_within(session: Session, settings: Settings) -> list[str]:
    """Adopt what is due in the caller's transaction: `tick`'s own, or a writer batch's
    before its items, so that they see it. For a batch that costs no connection or
    transaction of its own: on SQLite the writer
    holds the write lock for the batch anyway, and a batch that fails to commit leaves the
    adoption to the next one (the conditional update in workflow.silence keeps it once)."""
    if not silence.any_due(session):
        return []
    return [d.symbol for d in silence.expire_due(session, zone=settings.zone)]


register(Job("silence clock", POLL_SECONDS,
             lambda app: settle(app.state.read_sessionmaker, app.state.sessionmaker,
                                app.state.settings)))
