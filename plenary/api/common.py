"""What every API handler uses to read a request: the JSON body (parse_json), its typed
fields (field, date_field, names_field) with errors that say what to send, and the
delegations' names for serialising.

Errors are {"error": {"code", "message"}} with their status (see plenary.app)."""

from __future__ import annotations

import json
from datetime import date

from drafting import services as drafting
from drafting.errors import DomainError, Invalid
from plenary.inputs import MAX_INT, check_value, parse_date


class BadRequest(DomainError):
    code = "bad_request"
    status = 400


def parse_json(raw: bytes) -> dict:
    """The request body as a JSON object: 400 if it is not JSON. Read its fields with
    `field`, which refuses unstorable values (422)."""
    try:
        data = json.loads(raw or b"null", parse_int=_bounded_int, parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequest(f"the request body is not valid JSON: {exc}") from exc
    except RecursionError as exc:
        # json.loads recurses once per nesting level: "[[[[…" within the body limit would
        # otherwise end as a 500.
        raise BadRequest("the request body is not valid JSON: it is nested too deeply") from exc
    if not isinstance(data, dict):
        raise Invalid("the request body must be a JSON object")
    return data


def _bounded_int(digits: str) -> int:
    # int() refuses more than 4,300 digits (a ValueError, so a 500). Any number this long
    # is out of range anyway: a stand-in past the range lets `field` name it, if read.
    return int(digits) if len(digits) <= 20 else MAX_INT + 1


def _no_constant(name: str):
    # json.loads accepts NaN and Infinity, which are not JSON (RFC 8259).
    raise BadRequest(f"the request body is not valid JSON: {name} is not a JSON value")


def field(data: dict, name: str, kind: type, required: bool = True, default=None):
    value = data.get(name, default)
    if value is None:
        if required:
            raise Invalid(f"the field {name!r} is required")
        return default
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise Invalid(f"the field {name!r} must be {JSON_TYPES.get(kind, kind.__name__)}")
    return check_value(value, name)


def delegation_names(session) -> dict[int, str]:
    return {d.id: d.name for d in drafting.list_delegations(session)}


def date_field(data: dict, name: str) -> date:
    return parse_date(field(data, name, str), f"the field {name!r}")


def names_field(data: dict, name: str) -> list[str]:
    names = field(data, name, list, required=False, default=[])
    if not all(isinstance(n, str) for n in names):
        raise Invalid(f"the field {name!r} must be a list of names of participating States")
    return names


# The JSON names of the types a field may have: a client writes JSON, not Python.
JSON_TYPES = {str: "a string", list: "an array", dict: "an object", int: "an integer",
              bool: "a boolean"}
