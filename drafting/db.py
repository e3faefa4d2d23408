"""The declarative base every package's tables share, and the column types they need.

It lives in the lowest package so that drafting, workflow and the shell can all declare
tables on one MetaData (one Alembic history) while imports keep pointing one way.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Named constraints, so that Alembic's batch mode on SQLite can find and alter them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """An aware datetime in, an aware UTC datetime out, on SQLite and PostgreSQL alike.

    SQLite drops the offset, so the value is stored as naive UTC and made aware again.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given: Plenary stores only aware times")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


MAX_ID = 2**31 - 1  # the largest id an Integer column holds on PostgreSQL


def storable_id(value: int) -> bool:
    """Whether an id could name a row at all: one beyond the column's range is no row
    (and SQLite would overflow on it rather than find nothing)."""
    return 0 < value <= MAX_ID


def utcnow() -> datetime:
    return datetime.now(UTC)
