"""What a statement's author types, checked and made regular: its kind, its original
language ("ru" or "RUSSIAN"), its text (paragraphs separated by a blank line, spacing
evened out) and the reasons given for declining or withdrawing it. Text in, text out."""

from __future__ import annotations

import re

from drafting.errors import Invalid
from workflow.models import LANGUAGES

LANGUAGE_CODES = {"en": "ENGLISH", "fr": "FRENCH", "de": "GERMAN", "it": "ITALIAN",
                  "ru": "RUSSIAN", "es": "SPANISH"}
MAX_STATEMENT_CHARS = 100_000
MAX_REASON_CHARS = 2_000


def language(value: str) -> str:
    value = (value or "").strip()
    name = LANGUAGE_CODES.get(value.lower(), value.upper())
    return one_of(name, LANGUAGES, "original language")


def one_of(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise Invalid(f"unknown {what} {value!r}; use one of {', '.join(allowed)}")
    return value


def statement_text(text: str) -> str:
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "")]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise Invalid("the statement has no text")
    joined = "\n\n".join(paragraphs)
    if len(joined) > MAX_STATEMENT_CHARS:
        raise Invalid(f"the statement is too long (at most {MAX_STATEMENT_CHARS:,} characters)")
    return joined


def reason_text(reason: str, *, required: bool) -> str:
    reason = " ".join((reason or "").split())
    if required and not reason:
        raise Invalid("give the reason: the audit trail and the author keep it")
    if len(reason) > MAX_REASON_CHARS:
        raise Invalid(f"the reason is too long (at most {MAX_REASON_CHARS:,} characters)")
    return reason
