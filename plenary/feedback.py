"""What a page says about the last action: the message after a success (kept across the
redirect in a short-lived signed cookie), a refusal shown inside the form it answers with
the user's input kept, and the confirmation asked before an irreversible action.

The message never travels in the URL: a forged link could show a false one. The cookie is
an HMAC of the message bound to the browser's session, so a tampered cookie or one set
for another session shows nothing; it is HttpOnly, SameSite=Lax and lives a minute at
most. An answer replayed for a repeated Idempotency-Key carries no cookie
(plenary/idempotency.py keeps no Set-Cookie), so a replay shows no stale message."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import Response

from plenary.http import SESSION_COOKIE

FLASH_COOKIE = "plenary_flash"
FLASH_SECONDS = 60  # read by the page the redirect leads to, a moment later
MAX_MESSAGE = 600  # characters: the cookie stays far below the 4 KB browsers keep
FEEDBACK = "form_feedback"  # request.state: the refused form, redisplayed
CONFIRM_FIELD, CONFIRMED = "confirm", "yes"
IDS_NAMED = 10  # a message names at most these many amendments of each kind


@dataclass(frozen=True)
class Done:
    """What a form's work returns when it has something to say: where to go, and what
    happened ("Amendment 4 · OP3 · Russian Federation accepted")."""

    url: str
    message: str


@dataclass(frozen=True)
class Refused:
    """A refused form, redisplayed: which form (its hidden `form` field), the message and
    the values the user sent."""

    form_id: str
    message: str
    values: dict[str, list[str]] = field(default_factory=dict)
    field_name: str | None = None


@dataclass(frozen=True)
class Confirmation:
    """What an irreversible action asks first: what will happen, and what cannot be undone."""

    title: str
    happens: str
    cannot_undo: str
    button: str = "Confirm"


# --- the message after a success -----------------------------------------------------------

def bounded(message: str) -> str:
    message = " ".join(message.split())
    return message if len(message) <= MAX_MESSAGE else message[:MAX_MESSAGE - 1] + "…"


def _signature(secret: str, binding: str, payload: str) -> str:
    return hmac.new(secret.encode(), f"flash|{binding}|{payload}".encode(),
                    hashlib.sha256).hexdigest()


def _binding(request: Request) -> str:
    return request.cookies.get(SESSION_COOKIE) or request.state.presession


def set_flash(request: Request, response: Response, message: str) -> None:
    secret = request.app.state.settings.secret_key
    payload = base64.urlsafe_b64encode(bounded(message).encode()).decode().rstrip("=")
    value = f"{payload}.{_signature(secret, _binding(request), payload)}"
    response.set_cookie(FLASH_COOKIE, value, max_age=FLASH_SECONDS, path="/", httponly=True,
                        samesite="lax", secure=_secure(request))


def read_flash(request: Request) -> str | None:
    """The message the cookie holds, when its signature is this session's; else none."""
    payload, _, signature = request.cookies.get(FLASH_COOKIE, "").partition(".")
    if not payload or len(payload) > 4 * MAX_MESSAGE:
        return None
    expected = _signature(request.app.state.settings.secret_key, _binding(request), payload)
    if not hmac.compare_digest(signature, expected):
        return None
    try:
        return bounded(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode())
    except (binascii.Error, UnicodeDecodeError):
        return None


def take_flash(request: Request) -> str | None:
    """The message for the page being rendered; the page then clears the cookie. Only a
    page the browser navigates to takes it: a script's fetch leaves it for that page."""
    if FLASH_COOKIE not in request.cookies:
        return None
    mode = request.headers.get("sec-fetch-mode")
    if mode is not None and mode != "navigate":
        return None
    request.state.flash_taken = True
    return read_flash(request)


def clear_taken_flash(request: Request, response: Response) -> None:
    if getattr(request.state, "flash_taken", False):
        response.delete_cookie(FLASH_COOKIE, path="/", httponly=True, samesite="lax",
                               secure=_secure(request))


def _secure(request: Request) -> bool:
    return request.app.state.settings.https or request.url.scheme == "https"


# --- a refused form, redisplayed ------------------------------------------------------------

def refused(request: Request, form_id: str | None = None) -> Refused | None:
    """The refusal being redisplayed; with `form_id`, only when it is that form's."""
    found = getattr(request.state, FEEDBACK, None)
    if found is None or (form_id is not None and found.form_id != form_id):
        return None
    return found


def form_value(request: Request, form_id: str, name: str, default=""):
    """What the field shows: the value the user sent when this form was refused, else
    `default` (the stored value)."""
    found = refused(request, form_id)
    if found is None or name not in found.values:
        return default
    return found.values[name][0] if found.values[name] else ""


def form_checked(request: Request, form_id: str, name: str, value: str, default: bool) -> bool:
    """Whether a radio button or checkbox is ticked: as sent when this form was refused."""
    found = refused(request, form_id)
    if found is None:
        return default
    return str(value) in found.values.get(name, [])


def invalid(request: Request, form_id: str, name: str, main: bool = False) -> Markup:
    """aria-invalid and aria-describedby for a field of a refused form: the field the
    error names, or the form's `main` field when it names none."""
    found = refused(request, form_id)
    if found is None or (found.field_name != name and not (found.field_name is None and main)):
        return Markup("")
    return Markup(f' aria-invalid="true" aria-describedby="{escape(form_id)}-error"')


def revision_message(symbol: str, outcome) -> str:
    """"MC.DD/3/26/Rev.1 issued: incorporated amendments 1 and 3; rebased 2; flagged 5 as
    conflicting, to be rewritten": what a revised text did, in the Chair's words."""
    parts = [(outcome.incorporated, "incorporated {}"), (outcome.rebased, "rebased {}"),
             (outcome.needs_rebase, "flagged {} as conflicting, to be rewritten"),
             (outcome.contained, "closed {} as already contained in the text")]
    said = [what.format(_amendments(ids, first=not i)) for i, (ids, what) in
            enumerate(p for p in parts if p[0])]
    return f"{symbol} issued: " + ("; ".join(said) if said else "no amendment was pending")


def _amendments(ids: list[int], first: bool) -> str:
    named = [str(i) for i in ids[:IDS_NAMED]]
    more = len(ids) - len(named)
    listed = (", ".join(named[:-1]) + " and " + named[-1]) if len(named) > 1 and not more \
        else ", ".join(named) + (f" and {more:,} more" if more else "")
    if not first:
        return listed
    return ("amendment " if len(ids) == 1 else "amendments ") + listed
