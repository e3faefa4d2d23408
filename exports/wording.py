"""The fixed wording of issued documents: ordinals, dates, meeting lines, statement headers.

Pure functions, text in and text out. The wording follows the issued OSCE documents
(MC.DEC/7/17 is the reference), so a change here changes every export.
"""

from __future__ import annotations

from datetime import date, time

from exports.document import DocStatement
from workflow.journals import journal_symbol  # one definition, where journals live

_UNITS = ["", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
          "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen",
          "Eighteen", "Nineteen"]
_TENS = ["", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"]
# Only these ordinals are not "cardinal + th"; "Twenty" -> "Twentieth" is handled by rule.
_IRREGULAR_ORDINALS = {"One": "First", "Two": "Second", "Three": "Third", "Five": "Fifth",
                       "Eight": "Eighth", "Nine": "Ninth", "Twelve": "Twelfth"}
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}
_PLENARY_BODIES = ("PC", "FSC")

_RULES_OF_PROCEDURE_LINES = [
    "PARAGRAPH IV.1(A)6 OF THE RULES OF PROCEDURE",
    "OF THE ORGANIZATION FOR SECURITY AND",
    "CO-OPERATION IN EUROPE",
]
# The issued documents break the centred header here (see the reference); the breaks are
# kept as data because no wrapping width reproduces them.
_STATEMENT_HEADER_LINES = {
    "interpretative_statement": ["INTERPRETATIVE STATEMENT UNDER", *_RULES_OF_PROCEDURE_LINES],
    "formal_reservation": ["FORMAL RESERVATION UNDER", *_RULES_OF_PROCEDURE_LINES],
}


def _check_positive(n: int, upper: int | None = None) -> None:
    # bool is an int subclass; True as a meeting number is a bug upstream, not "First".
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected an int, got {n!r}")
    if n < 1 or (upper is not None and n > upper):
        raise ValueError(f"{n} is out of range (1..{upper or ''})")


def _cardinal_below_100(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    return _TENS[tens] + (f"-{_UNITS[unit]}" if unit else "")


def _ordinal_of_word(word: str) -> str:
    if word in _IRREGULAR_ORDINALS:
        return _IRREGULAR_ORDINALS[word]
    if word.endswith("y"):
        return word[:-1] + "ieth"
    return word + "th"


def ordinal_word(n: int) -> str:
    """24 -> "Twenty-Fourth", 100 -> "One Hundredth", 101 -> "One Hundred and First".

    British usage ("and" after the hundreds), as in the OSCE's English texts; only the
    last word becomes ordinal, so "Twenty-Four" -> "Twenty-Fourth".
    """
    _check_positive(n, 999)
    hundreds, rest = divmod(n, 100)
    if not rest:
        return f"{_UNITS[hundreds]} Hundredth"
    head, _, last = _cardinal_below_100(rest).rpartition("-")
    words = (head + "-" if head else "") + _ordinal_of_word(last)
    return f"{_UNITS[hundreds]} Hundred and {words}" if hundreds else words


def ordinal_number(n: int) -> str:
    """1148 -> "1148th"; 11, 12 and 13 (also 111, 1012 ...) take "th"."""
    _check_positive(n)
    suffix = "th" if n % 100 in (11, 12, 13) else _SUFFIXES.get(n % 10, "th")
    return f"{n}{suffix}"


def format_date(d: date) -> str:
    """date(2017, 12, 8) -> "8 December 2017", independent of the process locale."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def meeting_line(body: str, meeting_number: int, day_number: int) -> str:
    """MC: "Second day of the Twenty-Fourth Meeting"; PC/FSC: "1148th Plenary Meeting".

    The Permanent Council and the FSC meet in numbered plenary meetings of one day each,
    so their day_number is ignored.
    """
    if body == "MC":
        return f"{ordinal_word(day_number)} day of the {ordinal_word(meeting_number)} Meeting"
    if body in _PLENARY_BODIES:
        return f"{ordinal_number(meeting_number)} Plenary Meeting"
    raise ValueError(f"unknown body {body!r}")


def journal_document_symbol(body: str, meeting_number: int, journal_number: int) -> str:
    """The document symbol of a journal: "MC(24).JOUR/2"; "PC.JOUR/1148"."""
    if body == "MC":
        return f"MC({meeting_number}).JOUR/{journal_number}"
    if body in _PLENARY_BODIES:
        return f"{body}.JOUR/{journal_number}"
    raise ValueError(f"unknown body {body!r}")


def journal_heading_symbol(body: str, meeting_number: int, journal_number: int) -> str:
    """The symbol a journal opens with: "MC(24) Journal No. 2", as the decisions adopted
    that day cite it; "PC.JOUR/1148" for the Permanent Council and the FSC."""
    if body == "MC":
        return journal_symbol(body, meeting_number, journal_number)
    return journal_document_symbol(body, meeting_number, journal_number)


_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_COUNCILS = {"MC": "MINISTERIAL COUNCIL", "PC": "COUNCIL", "FSC": "FORUM"}


def long_date(d: date) -> str:
    """date(2017, 12, 8) -> "Friday, 8 December 2017", as a journal's date line writes it."""
    return f"{_WEEKDAYS[d.weekday()]}, {format_date(d)}"


def journal_title(body: str, meeting_number: int, day_number: int) -> str:
    """The title of a journal: MC "2nd DAY OF THE TWENTY-FOURTH MEETING OF THE MINISTERIAL
    COUNCIL"; PC "1283rd PLENARY MEETING OF THE COUNCIL" (FSC: "… OF THE FORUM")."""
    if body == "MC":
        return (f"{ordinal_number(day_number)} DAY OF THE {ordinal_word(meeting_number).upper()} "
                f"MEETING OF THE {_COUNCILS[body]}")
    if body in _PLENARY_BODIES:
        return f"{ordinal_number(meeting_number)} PLENARY MEETING OF THE {_COUNCILS[body]}"
    raise ValueError(f"unknown body {body!r}")


def clock_time(t: time) -> str:
    """The time of day as journals write it: "10 a.m.", "10.10 a.m.", "1.05 p.m.",
    "12 noon"; seconds are not written."""
    if (t.hour, t.minute) in ((12, 0), (0, 0)):
        return "12 noon" if t.hour == 12 else "12 midnight"
    minutes = f".{t.minute:02d}" if t.minute else ""
    return f"{t.hour % 12 or 12}{minutes} {'a.m.' if t.hour < 12 else 'p.m.'}"


def journal_reference(body: str, meeting_number: int, journal_number: int,
                      agenda_item: int) -> str:
    """MC: "MC(24) Journal No. 2, Agenda item 7"; PC: "PC Journal No. 1148, Agenda item 3"."""
    return f"{journal_symbol(body, meeting_number, journal_number)}, Agenda item {agenda_item}"


BODY_NAMES = {"MC": "Ministerial Council", "PC": "Permanent Council",
              "FSC": "Forum for Security Co-operation"}


def adoption_sentence(body: str, number_label: str, symbol: str, title: str) -> str:
    """The journal's entry for a decision adopted at the meeting."""
    return (f"The {BODY_NAMES[body]} adopted Decision No. {number_label} ({symbol}) on "
            f"{sentence_title(title)}, the text of which is appended to this journal.")


def silence_announcement(body: str, number_label: str, symbol: str, title: str,
                         adopted_on: date) -> str:
    """The journal's entry for a decision adopted by silence procedure since the last
    meeting."""
    # Plenary's wording. Annex 1 of the Rules of Procedure (MC.DOC/1/06) has the adoption
    # announced at the next meeting and recorded in its journal, without a formula; this
    # keeps the journal's own adoption sentence (above) and reports it as issued journals
    # report what the Chairperson informs the Council of: "The Chairperson announced that".
    return (f"The Chairperson announced that the {BODY_NAMES[body]} had adopted Decision "
            f"No. {number_label} ({symbol}) on {sentence_title(title)}, by silence procedure "
            f"on {format_date(adopted_on)}.")


STATEMENT_KIND_LABELS = {"interpretative_statement": "interpretative statement",
                         "formal_reservation": "formal reservation"}


def statement_pointer(who: str, kind: str, attachment: int, count: int | None = None,
                      also_on_behalf_of: list[str] | None = None) -> str:
    """The journal's line for a statement on a decision adopted at the meeting:
    "Russian Federation (interpretative statement, see attachment 1 to the decision)"; "see
    attachment to the decision" when it is the decision's only one (`count` 1); a statement
    made also on behalf of others names them: "Canada (also on behalf of Iceland and
    Norway) (interpretative statement, …)"."""
    which = "attachment" if count == 1 else f"attachment {attachment}"
    also = english_list(list(also_on_behalf_of or []))
    who = f"{who} (also on behalf of {also})" if also else who
    return f"{who} ({STATEMENT_KIND_LABELS[kind]}, see {which} to the decision)"


def statement_header_lines(kind: str) -> list[str]:
    """The header of a statement, broken into lines where the issued documents break it."""
    try:
        return list(_STATEMENT_HEADER_LINES[kind])
    except KeyError:
        raise ValueError(f"unknown statement kind {kind!r}") from None


def statement_header(kind: str) -> str:
    """The header of an interpretative statement or a formal reservation, on one line."""
    return " ".join(statement_header_lines(kind))


def english_list(items: list[str]) -> str:
    """"A", "A and B", "A, B and C": no serial comma, as in the OSCE's English texts."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def author_line(statement: DocStatement) -> str:
    """The line naming who delivered the statement, before its text."""
    if statement.group is None:
        also = english_list(statement.also_on_behalf_of)
        behalf = f" (also on behalf of {also})" if also else ""
        return f"By the delegation of {statement.delegation}{behalf}:"
    # A group statement names the group as its author; "also on behalf of" has no place
    # in that sentence, and dropping the names silently would misreport the statement.
    if not statement.group_role or statement.also_on_behalf_of:
        raise ValueError("a group statement needs group_role and no also_on_behalf_of")
    return (f"The delegation of {statement.delegation}, in its capacity as "
            f"{statement.group_role}, passed the floor to the representative of "
            f"{statement.group}, who delivered the following statement:")


def attachment_label(index: int, count: int) -> str:
    """"Attachment" when it is the only one, else "Attachment 1", "Attachment 2" ..."""
    if not 1 <= index <= count:
        raise ValueError(f"attachment {index} of {count}")
    return "Attachment" if count == 1 else f"Attachment {index}"


def footer_attachment_line(count: int) -> str | None:
    """The footer's last line, announcing the attachments that follow the decision.

    None without attachments; "Attachment" for one (the reference); "Attachments" for
    several, because each of them then carries its own numbered label ("Attachment 1")
    and the footer only has to say that statements follow.
    """
    if count < 0:
        raise ValueError(f"negative attachment count {count}")
    return {0: None, 1: "Attachment"}.get(count, "Attachments")


def quoted_paragraphs(paragraphs: list[str]) -> list[str]:
    """Open the first paragraph with “ and close the last with ”, unless already there."""
    quoted = list(paragraphs)
    if quoted and not quoted[0].startswith("“"):
        quoted[0] = "“" + quoted[0]
    if quoted and not quoted[-1].endswith("”"):
        quoted[-1] = quoted[-1] + "”"
    return quoted


def _is_acronym(word: str) -> bool:
    # "OSCE", "UN", but also "OSCE’s" and "ICTs": two leading capitals mark an acronym,
    # while a single capital ("A new approach") is only the start of the sentence.
    return len(word) >= 2 and word[0].isupper() and word[1].isupper()


def sentence_title(title: str) -> str:
    """The title as it reads inside a sentence: "… Decision No. 7/17 on strengthening …"."""
    if title.isupper():
        return title.lower()
    first_word = title.split(" ", 1)[0]
    if not title or _is_acronym(first_word):
        return title
    return title[0].lower() + title[1:]


def heading_title(title: str) -> str:
    """The title as the decision's heading prints it."""
    return title.upper()


def document_header_lines(symbol: str, day: date, language: str, original: str) -> list[str]:
    """The block at the top right of an issued document's first page: its symbol, date
    and language lines ("Original: ENGLISH"; "FRENCH" / "Original: ENGLISH" for a
    translation). The reference's Markdown leaves it out, so txt and md do too."""
    return [symbol, format_date(day), *language_lines(language, original)]


OSCE_NAME = "Organization for Security and Co-operation in Europe"


def language_lines(language: str, original: str) -> list[str]:
    """"Original: ENGLISH" alone on an original; "FRENCH" / "Original: ENGLISH" else."""
    language, original = language.upper(), original.upper()
    return [f"Original: {original}"] if language == original else [
        language, f"Original: {original}"]


def place_line(body: str, place: str, day: date) -> str | None:
    """"Vienna 2017": a Ministerial Council's documents name its meeting's place and year;
    the Permanent Council and the FSC sit in Vienna and print no such line."""
    place = " ".join(place.split())
    return f"{place} {day.year}" if body == "MC" and place else None


def document_header_rows(symbol: str, day: date, body: str, place: str | None,
                         language: str, original: str) -> list[tuple[str, str]]:
    """The header block of an issued document's first page as (left, right) rows, as the
    OSCE prints it: the symbol at the top right; the Organization's name, the body and
    (MC) the place and year at the left, beside the date; the language lines at the right
    of the last rows. Read row by row: symbol; Organization; date; body; place; language.
    """
    left = [OSCE_NAME, BODY_NAMES.get(body, body), *([place] if place else [])]
    languages = language_lines(language, original)
    count = max(1 + len(left), 2 + len(languages))
    right = [symbol, format_date(day)] + [""] * (count - 2 - len(languages)) + languages
    left = [""] + left + [""] * (count - 1 - len(left))
    return list(zip(left, right, strict=True))


def document_header_words(rows: list[tuple[str, str]]) -> list[str]:
    """The header rows in reading order, empty cells left out."""
    return [cell for row in rows for cell in row if cell]
