"""What every input must be before a handler looks at it, and the readers that check it.

Text must be storable: PostgreSQL refuses a NUL character, and a lone surrogate (JSON's
"\\ud800") cannot be encoded as UTF-8, neither into the database nor into the answer.
Integers must fit the Integer columns (PostgreSQL's 32 bits). A value a handler reads that
breaks either is refused here with 422 and the field named, before any use case sees it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from starlette.requests import Request

from drafting.db import MAX_ID
from drafting.errors import Invalid

MIN_INT, MAX_INT = -MAX_ID - 1, MAX_ID
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def check_text(value: str, where: str) -> str:
    """`value` itself, or Invalid naming `where` ("the field 'title'") and the character."""
    found = UNSTORABLE.search(value)
    if found:
        char = found.group()
        kind = "a NUL character" if char == "\x00" else "a lone surrogate"
        raise Invalid(f"{where} contains {kind} (U+{ord(char):04X}) at position "
                      f"{found.start() + 1}; remove it")
    return value


def check_int(value: int, where: str) -> int:
    if not MIN_INT <= value <= MAX_INT:
        raise Invalid(f"{where} is out of range: integers here are between {MIN_INT} "
                      f"and {MAX_INT}")
    return value


def check_value(value, path: str):
    """A value read from a JSON body at `path` (title, edits[0].text): a string storable,
    an integer within range, and so each string or integer of a list. Fields a handler does
    not read are not looked at (they are ignored, so they cannot hurt), and an object's
    fields are checked as they are read. Returns `value`."""
    where = f"the field {path!r}"
    if isinstance(value, str):
        check_text(value, where)
    elif isinstance(value, int) and not isinstance(value, bool):
        check_int(value, where)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str | int):
                check_value(item, f"{path}[{i}]")
    return value


def check_form(form) -> None:
    """Every field of a submitted form (urlencoded or multipart) storable."""
    for name, value in form.multi_items():
        check_text(name, "a field name of the form")
        if isinstance(value, str):
            check_text(value, f"the field {name!r}")


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: str, what: str) -> date:
    """A date written year-month-day: fromisoformat alone also takes 20171208 and week
    dates (2017-W49-5), which the API's documented format (RFC 3339's full-date) does not."""
    value = check_text(value, what).strip()
    if ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass  # 2017-02-30, year 0000
    raise Invalid(f"{what} must be a date such as 2017-12-08 (year-month-day, a day that "
                  f"exists, years 0001 to 9999)")


def parse_clock_time(value: str, what: str) -> time:
    """A local time of day, 24-hour, such as 10:10 or 13:05."""
    try:
        return datetime.strptime(check_text(value, what).strip(), "%H:%M").time()
    except ValueError:
        raise Invalid(f"{what} must be a time such as 10:10 or 13:05") from None


def parse_instant(value: str, what: str) -> datetime:
    """An ISO 8601 date and time with its offset, that UTC can hold."""
    try:
        instant = datetime.fromisoformat(check_text(value, what).strip())
    except ValueError:
        raise Invalid(f"{what} must be ISO 8601 with its offset, such as "
                      f"2017-12-01T12:00:00+01:00") from None
    if instant.tzinfo is None:
        raise Invalid(f"{what} has no time zone: add its offset, such as +01:00")
    return check_instant(instant, what)


def check_instant(instant: datetime, what: str) -> datetime:
    """An aware time that converts to UTC: 0001-01-01T00:00+01:00 falls before year 1
    there (an OverflowError wherever it is stored or compared), so it is out of range."""
    try:
        instant.astimezone(UTC)
    except OverflowError:
        raise Invalid(f"{what} is out of range: it must fall between the years 0001 and "
                      f"9999 in UTC") from None
    return instant


# --- query parameters ---------------------------------------------------------------------


def query_text(request: Request, name: str, default: str | None = None) -> str | None:
    value = request.query_params.get(name)
    return default if value is None else check_text(value, f"?{name}=")


def query_number(request: Request, name: str, default: int | None = None, *,
                 minimum: int = 0, maximum: int = MAX_INT, what: str = "a whole number"
                 ) -> int | None:
    """A whole number from ?name= within `minimum` … `maximum`; `default` when absent.
    Digits are counted before int() is called: int() of 5,000 digits raises ValueError."""
    value = request.query_params.get(name)
    if value is None:
        return default
    if not (value.isascii() and value.isdigit() and len(value) <= len(str(maximum))
            and minimum <= int(value) <= maximum):
        raise Invalid(f"give ?{name}= as {what} from {minimum} to {maximum}")
    return int(value)


def query_choice(request: Request, name: str, choices, default: str | None = None
                 ) -> str | None:
    value = query_text(request, name)
    if value is None:
        return default
    if value not in choices:
        raise Invalid(f"?{name}= takes one of {', '.join(choices)}; not {value!r}")
    return value
