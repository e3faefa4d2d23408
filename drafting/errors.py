"""The errors a use case raises; the shell maps each to an HTTP status or a CLI exit.

Each carries a stable `code` for the JSON API and a message that tells a person what to fix.
"""

from __future__ import annotations

from collections.abc import Callable


class DomainError(Exception):
    code = "error"
    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Invalid(DomainError):
    code = "invalid"
    status = 422


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Forbidden(DomainError):
    code = "forbidden"
    status = 403


class Conflict(DomainError):
    code = "conflict"
    status = 409


class TooLarge(DomainError):
    code = "too_large"
    status = 413


def allows(check: Callable[[], object]) -> bool:
    """Whether a rule's `check` lets the action through (it refuses with 403 or 409):
    what the pages ask before they offer a button."""
    try:
        check()
    except (Conflict, Forbidden):
        return False
    return True
