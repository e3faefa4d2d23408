"""The journal page: the whole journal as its document lays it out, and its downloads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from plenary import demo
from tests.factories import SECRETARIAT, silence_decision
from workflow import journals
from workflow import services as workflow

GOLDEN = Path(__file__).resolve().parents[1] / "exports" / "golden"
ANNOUNCEMENT = (
    "The Chairperson announced that the Ministerial Council had adopted Decision No. 3/17 "
    "(MC.DEC/3/17) on OSCE Chairmanship in 2020, by silence procedure on 1 December 2017.")


@pytest.fixture
def journal(session):
    demo.load(session)
    journal = journals.find_journal(session, "MC(24) Journal No. 2")
    silence_decision(session, date(2017, 12, 1), title="OSCE Chairmanship in 2020", number=3)
    journals.announce_silence_adoptions(session, SECRETARIAT, journal)
    session.commit()
    return journal


@pytest.fixture
def observer(make_client, sign_in, journal):
    client = make_client()
    response = sign_in(client, "observer@demo.plenary", "observer-demo-2017")
    assert response.status_code == 303
    return client


def test_the_page_shows_the_whole_journal_in_order(observer, session, journal):
    decision = workflow.find_decision(session, "MC.DEC/7/17")
    page = observer.get(f"/journals/{journal.id}")
    assert page.status_code == 200
    expected = [
        "<title>MC(24) Journal No. 2 · Plenary</title>",
        f'<a href="/journals/{journal.id}/document.txt">txt</a> · '
        f'<a href="/journals/{journal.id}/document.md">md</a>',
        "<h1>MC(24) Journal No. 2</h1>",
        "8 December 2017<br>Ministerial Council<br>Original: ENGLISH",
        "<strong>Second day of the Twenty-Fourth Meeting</strong>",
        "Date: 8 December 2017<br>Opened: 10.10 a.m.<br>Closed: 5.05 p.m.",
        "<p>Chairperson: Mr. S. Kurz, Chairperson-in-Office</p>",
        f'<p class="announcement">{ANNOUNCEMENT}</p>',
        "<h2>Agenda item 7: ADOPTION OF THE DECISIONS AND DOCUMENTS OF THE MINISTERIAL "
        "COUNCIL</h2>",
        "<p>Decision: The Ministerial Council adopted Decision No. 7/17 (MC.DEC/7/17) on "
        "strengthening efforts to combat all forms of child trafficking, including for sexual "
        "exploitation, as well as other forms of sexual exploitation of children, the text of "
        "which is appended to this journal.</p>",
        f'<p class="pointer">Russian Federation (interpretative statement, see <a href="/'
        f'decisions/{decision.id}#attachments">attachment 1</a> to the decision)</p>',
        "<p>Next meeting: 6 and 7 December 2018, in Milan</p>",
        f'<li><a href="/decisions/{decision.id}">MC.DEC/7/17</a>, Decision No. 7/17, with 1 '
        "attachment</li>",
    ]
    positions = [page.text.find(text) for text in expected]
    assert -1 not in positions, expected[positions.index(-1)]
    assert positions == sorted(positions)


def test_a_journal_with_nothing_recorded_says_so(observer, session, journal):
    first = journals.find_journal(session, "MC(24) Journal No. 1")
    page = observer.get(f"/journals/{first.id}").text
    assert "<p>No agenda item has an entry yet.</p>" in page
    assert "Opened:" not in page and "Next meeting:" not in page
    assert "Appended to this journal" not in page


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_the_downloads_are_the_export(observer, journal, fmt):
    response = observer.get(f"/journals/{journal.id}/document.{fmt}")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == (
        f'attachment; filename="MC(24).JOUR-2.{fmt}"')
    golden = (GOLDEN / f"mc-24-journal-2.{fmt}").read_text(encoding="utf-8")
    # The demo's journal, and the adoption by silence this test announced in it.
    assert response.text == golden.replace(
        "Decisions/documents adopted:\n",
        f"Decisions/documents adopted:\n\n{ANNOUNCEMENT}\n")


def test_downloads_refuse_unknown_formats_and_anonymous_readers(observer, client, journal):
    unknown = observer.get(f"/journals/{journal.id}/document.odt")
    assert unknown.status_code == 400
    assert "unknown format &#39;odt&#39;; use one of txt, md, html, pdf, docx" in unknown.text
    anonymous = client.get(f"/journals/{journal.id}/document.txt")
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == f"/login?next=/journals/{journal.id}/document.txt"
    assert observer.get("/journals/999999").status_code == 404
