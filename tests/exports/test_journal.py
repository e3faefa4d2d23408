"""The journal of the day as a document: its wording, its txt and md layouts (exact), the
demo's MC(24) Journal No. 2 against golden files, and the export named after its symbol."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from drafting.services import find_delegation
from exports.build import decision_document, journal_document
from exports.formats import JOURNAL_FORMATS, UnknownFormat, export_journal
from exports.journal import (
    TXT_SEPARATOR,
    JournalAgendaItem,
    JournalAnnex,
    JournalDecision,
    JournalDocument,
    JournalPointer,
    JournalSpeakerLine,
    annex_title,
    render_journal_md,
    render_journal_txt,
)
from exports.text import render_md, render_txt
from exports.wording import clock_time, silence_announcement, statement_pointer
from plenary import demo
from tests.factories import SECRETARIAT, adopt, make_draft, make_journal, silence_decision
from workflow import journals, statements
from workflow import services as workflow

GOLDEN = Path(__file__).parent / "golden"


# --- wording ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "text"), [
    (time(10, 0), "10 a.m."), (time(10, 10), "10.10 a.m."), (time(13, 5), "1.05 p.m."),
    (time(15, 15), "3.15 p.m."), (time(12, 0), "12 noon"), (time(12, 30), "12.30 p.m."),
    (time(0, 0), "12 midnight"), (time(0, 45), "12.45 a.m."), (time(9, 5, 59), "9.05 a.m."),
    (time(23, 59), "11.59 p.m."),
])
def test_clock_time(value, text):
    assert clock_time(value) == text


def test_silence_announcement():
    assert silence_announcement("MC", "3/17", "MC.DEC/3/17", "OSCE Chairmanship in 2020",
                                date(2017, 12, 1)) == (
        "The Chairperson announced that the Ministerial Council had adopted Decision No. 3/17 "
        "(MC.DEC/3/17) on OSCE Chairmanship in 2020, by silence procedure on 1 December 2017.")
    assert silence_announcement("PC", "1281", "PC.DEC/1281", "Agenda of the forum",
                                date(2018, 1, 5)).startswith(
        "The Chairperson announced that the Permanent Council had adopted Decision No. 1281 "
        "(PC.DEC/1281) on agenda of the forum, by silence")


def test_statement_pointer():
    assert statement_pointer("Russian Federation", "interpretative_statement", 1) == (
        "Russian Federation (interpretative statement, see attachment 1 to the decision)")
    assert statement_pointer("Russian Federation", "interpretative_statement", 1, 1) == (
        "Russian Federation (interpretative statement, see attachment to the decision)")
    assert statement_pointer("Canada", "interpretative_statement", 2, 3,
                             ["Iceland", "Norway", "Switzerland"]) == (
        "Canada (also on behalf of Iceland, Norway and Switzerland) (interpretative "
        "statement, see attachment 2 to the decision)")
    assert statement_pointer("Liechtenstein", "formal_reservation", 2) == (
        "Liechtenstein (formal reservation, see attachment 2 to the decision)")


# --- layout of a synthetic journal --------------------------------------------------------------


def synthetic_journal(**changes) -> JournalDocument:
    values = dict(
        symbol="PC.JOUR/1200", day=date(2018, 11, 8), body_name="Permanent Council",
        meeting_line="1200th Plenary Meeting", title="1200th PLENARY MEETING OF THE COUNCIL",
        opened_at=time(10), closed_at=time(13, 5),
        chairperson="Ambassador A. Azzoni",
        announcements=["The Chairperson announced that the Permanent Council had adopted "
                       "Decision No. 1306 (PC.DEC/1306) on x, by silence procedure on "
                       "2 November 2018."],
        agenda_items=[
            JournalAgendaItem(number=1, title="Review of current issues"),
            JournalAgendaItem(number=2, title="Decision on the timetable", decisions=[
                JournalDecision(symbol="PC.DEC/1307", sentence="The Permanent Council adopted "
                                "Decision No. 1307 (PC.DEC/1307) on the timetable, the text of "
                                "which is appended to this journal.", pointers=[
                                    JournalPointer("Russian Federation",
                                                   "interpretative_statement", 1),
                                    JournalPointer("Austria-European Union",
                                                   "formal_reservation", 2)])]),
        ],
        next_meeting="Thursday, 15 November 2018, at 10 a.m., Neuer Saal",
    )
    return JournalDocument(**(values | changes))


SYNTHETIC_TXT = """\
PC.JOUR/1200
Organization for Security and Co-operation in Europe
8 November 2018
Permanent Council
Original: ENGLISH

1200th PLENARY MEETING OF THE COUNCIL

1. Date: Thursday, 8 November 2018

Opened: 10 a.m.
Closed: 1.05 p.m.

2. Chairperson: Ambassador A. Azzoni

3. Subjects discussed – Statements – Decisions/documents adopted:

The Chairperson announced that the Permanent Council had adopted Decision No. 1306 \
(PC.DEC/1306) on x, by silence procedure on 2 November 2018.

Agenda item 1: REVIEW OF CURRENT ISSUES

Agenda item 2: DECISION ON THE TIMETABLE

Decision: The Permanent Council adopted Decision No. 1307 (PC.DEC/1307) on the timetable, \
the text of which is appended to this journal.

Russian Federation (interpretative statement, see attachment 1 to the decision)

Austria-European Union (formal reservation, see attachment 2 to the decision)

4. Next meeting:

Thursday, 15 November 2018, at 10 a.m., Neuer Saal
"""


def test_txt_layout():
    assert render_journal_txt(synthetic_journal()) == SYNTHETIC_TXT


# \x20\x20 at the end of a line: a hard line break.
SYNTHETIC_MD = """\
**PC.JOUR/1200**\x20\x20
Organization for Security and Co-operation in Europe\x20\x20
8 November 2018\x20\x20
Permanent Council\x20\x20
Original: ENGLISH

**1200th PLENARY MEETING OF THE COUNCIL**

1\\. Date: Thursday, 8 November 2018

Opened: 10 a.m.\x20\x20
Closed: 1.05 p.m.

2\\. Chairperson: Ambassador A. Azzoni

3\\. Subjects discussed – Statements – Decisions/documents adopted:

The Chairperson announced that the Permanent Council had adopted Decision No. 1306 \
(PC.DEC/1306) on x, by silence procedure on 2 November 2018.

**Agenda item 1: REVIEW OF CURRENT ISSUES**

**Agenda item 2: DECISION ON THE TIMETABLE**

Decision: The Permanent Council adopted Decision No. 1307 (PC.DEC/1307) on the timetable, \
the text of which is appended to this journal.

Russian Federation (interpretative statement, see attachment 1 to the decision)

Austria-European Union (formal reservation, see attachment 2 to the decision)

4\\. Next meeting:

Thursday, 15 November 2018, at 10 a.m., Neuer Saal
"""


def test_md_layout():
    assert render_journal_md(synthetic_journal()) == SYNTHETIC_MD


def test_what_is_not_recorded_is_left_out():
    doc = synthetic_journal(opened_at=None, closed_at=None, chairperson=" ", announcements=[],
                            agenda_items=[], next_meeting="")
    assert render_journal_txt(doc) == (
        "PC.JOUR/1200\nOrganization for Security and Co-operation in Europe\n8 November 2018\n"
        "Permanent Council\nOriginal: ENGLISH\n\n1200th PLENARY MEETING OF THE COUNCIL\n\n"
        "1. Date: Thursday, 8 November 2018\n")
    assert render_journal_md(doc) == (
        "**PC.JOUR/1200**  \nOrganization for Security and Co-operation in Europe  \n"
        "8 November 2018  \nPermanent Council  \nOriginal: ENGLISH\n\n"
        "**1200th PLENARY MEETING OF THE COUNCIL**\n\n1\\. Date: Thursday, 8 November 2018\n")


def test_the_session_stands_under_the_title():
    doc = synthetic_journal(session="3rd PLENARY MEETING (CLOSED)", chairperson="",
                            announcements=[], agenda_items=[], next_meeting="")
    assert render_journal_txt(doc).endswith(
        "\n\n1200th PLENARY MEETING OF THE COUNCIL\n3rd PLENARY MEETING (CLOSED)\n\n"
        "1. Date: Thursday, 8 November 2018\n\nOpened: 10 a.m.\nClosed: 1.05 p.m.\n")
    assert ("**1200th PLENARY MEETING OF THE COUNCIL**  \n**3rd PLENARY MEETING (CLOSED)**"
            "\n\n") in render_journal_md(doc)


def test_the_session_recorded_on_the_journal_is_in_its_document(session):
    journal = make_journal(session, number=24, day=date(2017, 12, 8), journal_number=2)
    journals.set_session_title(session, SECRETARIAT, journal, "  3rd PLENARY   MEETING (CLOSED) ")
    assert journal.session_title == "3rd PLENARY MEETING (CLOSED)"
    text = render_journal_txt(journal_document(session, journal))
    assert ("\n\n2nd DAY OF THE TWENTY-FOURTH MEETING OF THE MINISTERIAL COUNCIL\n"
            "3rd PLENARY MEETING (CLOSED)\n\n1. Date: Friday, 8 December 2017\n") in text


def test_md_escapes_what_the_secretariat_typed():
    doc = synthetic_journal(chairperson="*Acting* <Chair>", announcements=[],
                            agenda_items=[JournalAgendaItem(number=4, title="# any_other")],
                            next_meeting="1. December, [tbc]")
    text = render_journal_md(doc)
    assert "\n\n2\\. Chairperson: \\*Acting\\* \\<Chair>\n\n" in text
    assert "\n\n**Agenda item 4: # ANY\\_OTHER**\n\n" in text  # "#" starts no line here
    assert text.endswith("\n\n4\\. Next meeting:\n\n1\\. December, \\[tbc\\]\n")
    assert "2. Chairperson: *Acting* <Chair>\n" in render_journal_txt(doc)


# --- the demo's MC(24) Journal No. 2 ------------------------------------------------------------


@pytest.fixture
def demo_journal(session):
    demo.load(session)
    return journals.find_journal(session, "MC(24) Journal No. 2")


@pytest.mark.parametrize(("suffix", "render"), [(".txt", render_journal_txt),
                                                (".md", render_journal_md)])
def test_golden_files(session, demo_journal, suffix, render, regenerate_golden):
    path = GOLDEN / ("mc-24-journal-2" + suffix)
    rendered = render(journal_document(session, demo_journal))
    if regenerate_golden:
        path.write_bytes(rendered.encode("utf-8"))
    assert path.exists(), f"{path} is missing: run pytest with --regenerate-golden"
    assert rendered == path.read_bytes().decode("utf-8")


@pytest.mark.parametrize(("render_journal", "render_decision", "separator"), [
    (render_journal_txt, render_txt, TXT_SEPARATOR), (render_journal_md, render_md, "---")])
def test_the_decision_is_appended_as_its_own_export_renders_it(
        session, demo_journal, render_journal, render_decision, separator):
    decision = workflow.find_decision(session, "MC.DEC/7/17")
    journal = render_journal(journal_document(session, demo_journal))
    own, _, appended = journal.partition(f"\n\n{separator}\n\n")
    assert appended == render_decision(decision_document(session, decision))
    assert own.endswith(". Next meeting:\n\n6 and 7 December 2018, in Milan")


DEMO_SECTIONS = """\
MC(24).JOUR/2
Organization for Security and Co-operation in Europe
8 December 2017
Ministerial Council
Vienna 2017
Original: ENGLISH

2nd DAY OF THE TWENTY-FOURTH MEETING OF THE MINISTERIAL COUNCIL

1. Date: Friday, 8 December 2017

Opened: 10.10 a.m.
Closed: 5.05 p.m.

2. Chairperson: Mr. S. Kurz, Chairperson-in-Office

3. Subjects discussed – Statements – Decisions/documents adopted:

Agenda item 7: ADOPTION OF THE DECISIONS AND DOCUMENTS OF THE MINISTERIAL COUNCIL

Decision: The Ministerial Council adopted Decision No. 7/17 (MC.DEC/7/17) on strengthening \
efforts to combat all forms of child trafficking, including for sexual exploitation, as well \
as other forms of sexual exploitation of children, the text of which is appended to this \
journal.

Russian Federation (interpretative statement, see attachment to the decision)

4. Next meeting:

6 and 7 December 2018, in Milan

"""


def test_the_demo_journal_in_the_osce_layout(session, demo_journal):
    own, _, _ = render_journal_txt(journal_document(session, demo_journal)).partition(
        TXT_SEPARATOR)
    assert own == DEMO_SECTIONS


def test_a_pc_journal_points_to_several_statements_one_delegation_after_the_other(session):
    journal = make_journal(session, body="PC", number=1283, day=date(2020, 7, 23),
                           journal_number=1283)
    journals.set_times(session, SECRETARIAT, journal, opened_at=time(10),
                       closed_at=time(12, 45))
    decision = adopt(session, make_draft(session, body="PC"), journal, agenda_item=3)
    for name, also in (("Canada", ()), ("Norway", ("Iceland", "Liechtenstein"))):
        # registered by the secretariat, who received it from every delegation it names
        statements.register(
            session, SECRETARIAT, decision, delegation=find_delegation(session, name),
            kind="interpretative_statement", original_language="ENGLISH", text="We join.",
            also_on_behalf_of=[find_delegation(session, n) for n in also])
    text = render_journal_txt(journal_document(session, journal))
    own, _, _ = text.partition(TXT_SEPARATOR)
    assert own == (
        "PC.JOUR/1283\nOrganization for Security and Co-operation in Europe\n23 July 2020\n"
        "Permanent Council\nOriginal: ENGLISH\n\n1283rd PLENARY MEETING OF THE COUNCIL\n\n"
        "1. Date: Thursday, 23 July 2020\n\nOpened: 10 a.m.\nClosed: 12.45 p.m.\n\n"
        "2. Subjects discussed – Statements – Decisions/documents adopted:\n\n"
        "Agenda item 3\n\n"
        f"Decision: The Permanent Council adopted Decision No. {decision.number_label} "
        f"({decision.symbol}) on test decision, the text of which is appended to this "
        "journal.\n\n"
        "Canada (interpretative statement, see attachment 1 to the decision)\n\n"
        "Norway (also on behalf of Iceland and Liechtenstein) (interpretative statement, see "
        "attachment 2 to the decision)\n\n")


def test_the_demo_journal_document(session, demo_journal):
    doc = journal_document(session, demo_journal)
    assert (doc.symbol, doc.body_name, doc.meeting_line) == (
        "MC(24) Journal No. 2", "Ministerial Council", "Second day of the Twenty-Fourth Meeting")
    assert (doc.opened_at, doc.closed_at) == (time(10, 10), time(17, 5))
    [item] = doc.agenda_items
    assert [d.symbol for d in item.decisions] == ["MC.DEC/7/17"]
    assert item.decisions[0].pointers == [
        JournalPointer("Russian Federation", "interpretative_statement", 1)]
    assert [d.symbol for d in doc.appended] == ["MC.DEC/7/17"]
    demo.load(session)  # loading again changes nothing
    assert journal_document(session, demo_journal) == doc


def test_announcements_come_before_the_agenda_and_are_not_appended(session):
    silence_decision(session, date(2017, 12, 1), title="Water governance")
    journal = make_journal(session, number=24, day=date(2017, 12, 8), journal_number=2)
    decision = adopt(session, make_draft(session), journal, agenda_item=7)
    spain = find_delegation(session, "Spain")
    statements.set_presidency(session, SECRETARIAT, group="European Union", delegation=spain,
                              starts_on=date(2017, 12, 1), ends_on=date(2017, 12, 31))
    statements.register(session, SECRETARIAT, decision, delegation=spain,
                        kind="interpretative_statement", original_language="SPANISH",
                        text="The EU joins.", group="European Union")
    text = render_journal_txt(journal_document(session, journal))
    assert ("\n\nThe Chairperson announced that the Ministerial Council had adopted Decision "
            "No. 1/17 (MC.DEC/1/17) on water governance, by silence procedure on 1 December "
            "2017.\n\nAgenda item 7\n\nDecision: The Ministerial Council adopted Decision No. "
            "2/17 (MC.DEC/2/17) on test decision, the text of which is appended to this "
            "journal.\n\nSpain-European Union (interpretative statement, see attachment to the "
            "decision)\n\n" + TXT_SEPARATOR + "\n\nSecond day of the Twenty-Fourth Meeting\n"
            "MC(24) Journal No. 2, Agenda item 7\n\nDECISION No. 2/17\n") in text
    assert text.count(TXT_SEPARATOR) == 1


# --- the export ---------------------------------------------------------------------------------


def test_export_is_named_after_the_document_symbol(session, demo_journal):
    exported = export_journal(session, demo_journal, "md")
    assert (exported.file_name, exported.content_type) == (
        "MC(24).JOUR-2.md", "text/markdown; charset=utf-8")
    assert exported.body == (GOLDEN / "mc-24-journal-2.md").read_bytes()
    pc = make_journal(session, body="PC", number=1200, day=date(2018, 11, 8),
                      journal_number=1200)
    exported = export_journal(session, pc, "txt")
    assert (exported.file_name, exported.content_type) == (
        "PC.JOUR-1200.txt", "text/plain; charset=utf-8")
    assert exported.body == (
        b"PC.JOUR/1200\nOrganization for Security and Co-operation in Europe\n8 November 2018\n"
        b"Permanent Council\nOriginal: ENGLISH\n\n1200th PLENARY MEETING OF THE COUNCIL\n\n"
        b"1. Date: Thursday, 8 November 2018\n")


def test_an_unknown_format_lists_the_known_ones(session, demo_journal):
    with pytest.raises(UnknownFormat) as error:
        export_journal(session, demo_journal, "odt")
    assert error.value.message == "unknown format 'odt'; use one of " + ", ".join(JOURNAL_FORMATS)


def test_agenda_items_and_appended_decisions_follow_the_agenda(session):
    journal = make_journal(session, number=24, day=date(2017, 12, 8), journal_number=2)
    late = adopt(session, make_draft(session), journal, agenda_item=7)
    early = adopt(session, make_draft(session), journal, agenda_item=3)
    doc = journal_document(session, journal)
    assert [item.number for item in doc.agenda_items] == [3, 7]
    assert [d.symbol for d in doc.appended] == [early.symbol, late.symbol] == [
        "MC.DEC/2/17", "MC.DEC/1/17"]


# --- what was said under each agenda item, the suspensions, the annexes ----------------------

def journal_with_speakers() -> JournalDocument:
    return synthetic_journal(
        symbol="PC.JOUR/1289", day=date(2020, 12, 3), meeting_line="1289th Plenary Meeting",
        title="1289th PLENARY MEETING OF THE COUNCIL",
        closed_at=time(18, 5), suspensions=[(time(13, 5), time(15, 10)), (time(17), None)],
        chairperson="", announcements=[], next_meeting="",
        agenda_items=[JournalAgendaItem(number=2, title="Review of current issues", speakers=[
            JournalSpeakerLine("Chairperson"), JournalSpeakerLine("Russian Federation", 1),
            JournalSpeakerLine("Estonia-European Union (with the candidate countries)"),
            JournalSpeakerLine("United States of America", 2)],
            documents=["PC.DEL/1229/20", "MC.GAL/3/17"])],
        annexes=[JournalAnnex(1, "Statement by the delegation of the Russian Federation",
                              ["Mr. Chairperson,", "We *note* [this]."]),
                 JournalAnnex(2, "Statement by the delegation of the United States of America",
                              ["Thank you."])])


SAID_TXT = """\
PC.JOUR/1289
Organization for Security and Co-operation in Europe
3 December 2020
Permanent Council
Original: ENGLISH

1289th PLENARY MEETING OF THE COUNCIL

1. Date: Thursday, 3 December 2020

Opened: 10 a.m.
Suspended: 1.05 p.m.
Resumed: 3.10 p.m.
Suspended: 5 p.m.
Closed: 6.05 p.m.

2. Subjects discussed – Statements – Decisions/documents adopted:

Agenda item 2: REVIEW OF CURRENT ISSUES

Speakers: Chairperson, Russian Federation (Annex 1), Estonia-European Union (with the \
candidate countries), United States of America (Annex 2)
Documents: PC.DEL/1229/20, MC.GAL/3/17

PC.JOUR/1289
3 December 2020
Annex 1

STATEMENT BY THE DELEGATION OF THE RUSSIAN FEDERATION

Mr. Chairperson,

We *note* [this].

PC.JOUR/1289
3 December 2020
Annex 2

STATEMENT BY THE DELEGATION OF THE UNITED STATES OF AMERICA

Thank you.
"""


def test_speakers_documents_suspensions_and_annexes_in_txt():
    assert render_journal_txt(journal_with_speakers()) == SAID_TXT


def test_speakers_documents_suspensions_and_annexes_in_md():
    md = render_journal_md(journal_with_speakers())
    assert ("Suspended: 1.05 p.m.\x20\x20\nResumed: 3.10 p.m.\x20\x20\nSuspended: 5 p.m.\x20\x20\n"
            "Closed: 6.05 p.m.\n\n2\\. Subjects discussed – Statements – Decisions/documents "
            "adopted:\n\n**Agenda item 2: REVIEW OF CURRENT ISSUES**\n\n"
            "Speakers: Chairperson, Russian Federation (Annex 1), Estonia-European Union (with "
            "the candidate countries), United States of America (Annex 2)\x20\x20\n"
            "Documents: PC.DEL/1229/20, MC.GAL/3/17\n\nPC.JOUR/1289  \n3 December 2020  \n"
            "Annex 1\n\n**STATEMENT BY THE "
            "DELEGATION OF THE RUSSIAN FEDERATION**\n\nMr. Chairperson,\n\n"
            "We \\*note\\* \\[this\\].\n\nPC.JOUR/1289  \n3 December 2020  \nAnnex 2\n\n") in md


@pytest.mark.parametrize(("speaker", "in_text", "title"), [
    ("Russian Federation", "the Russian Federation",
     "Statement by the delegation of the Russian Federation"),
    ("Chairperson", None, "Statement by the Chairperson"),
    ("Estonia-European Union", None, "Statement by Estonia-European Union"),
])
def test_an_annex_is_titled_after_its_speaker(speaker, in_text, title):
    assert annex_title(speaker, in_text) == title
