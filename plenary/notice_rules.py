"""The rules of how a user gets their notices, free of the database: the e-mail settings,
the day a digest covers and when it is due, and how an unread count is shown."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from drafting.errors import Invalid

IMMEDIATE, DIGEST, NONE = "immediate", "digest", "none"
EMAIL_SETTINGS = {
    IMMEDIATE: "An e-mail for each notification, as it comes",
    DIGEST: "One e-mail a day, at 07:00, with the notifications of the day before",
    NONE: "No e-mail: notifications only here",
}
DEFAULT_EMAIL = IMMEDIATE
# The digest of a day goes out the next morning at this hour of the body's time zone:
# after a negotiation that ran past midnight, before the delegations' morning meetings.
DIGEST_HOUR = 7
UNREAD_CAP = 100  # counted no further: a count costs the same after a week away


def email_setting(value: object) -> str:
    """The e-mail setting named by `value`; 422 naming the settings otherwise."""
    if isinstance(value, str) and value in EMAIL_SETTINGS:
        return value
    if value is None or value == "":
        raise Invalid(f"choose how notifications reach you by e-mail: one of "
                      f"{', '.join(EMAIL_SETTINGS)}")
    shown = repr(value) if isinstance(value, str) and len(value) <= 40 else "that value"
    raise Invalid(f"{shown} is not an e-mail setting for notices; use one of "
                  f"{', '.join(EMAIL_SETTINGS)}")


def digest_day(now: datetime, zone: ZoneInfo) -> date:
    """The latest day whose digest is due at `now`: yesterday from 07:00, the day before
    until then. A worker that was down sends the missed day's digest when it is back."""
    local = now.astimezone(zone)
    return (local - timedelta(hours=DIGEST_HOUR)).date() - timedelta(days=1)


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The first instant of `day` in the body's time zone and of the day after (a day of a
    clock change has 23 or 25 hours)."""
    start = datetime.combine(day, time(0), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return start, end


def unread_label(count: int) -> str:
    """The count as the header shows it: "3", or "99+" once the count reached the cap."""
    return f"{UNREAD_CAP - 1}+" if count >= UNREAD_CAP else str(count)
