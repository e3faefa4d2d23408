"""The dates of the record: a decision adopted at a meeting is dated by that meeting's
journal, in the body's time zone; a decision adopted by silence at its deadline."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

VIENNA = ZoneInfo("Europe/Vienna")  # the OSCE's bodies meet in Vienna by default
NOON = time(12, 0)


def meeting_moment(day: date, opened_at: time | None, closed_at: time | None,
                   zone: ZoneInfo = VIENNA) -> datetime:
    """When consensus was recorded at a meeting: its closing time when the journal has it,
    its opening time otherwise, noon otherwise; on the journal's day, in the body's zone."""
    return datetime.combine(day, closed_at or opened_at or NOON, tzinfo=zone)


def local_day(moment: datetime, zone: ZoneInfo = VIENNA) -> date:
    return moment.astimezone(zone).date()


def spoken(day: date) -> str:
    """"8 December 2017", as a message names a day."""
    return f"{day.day} {day:%B %Y}"
