"""The journal's page keeps what was said under each agenda item with plain forms (no
JavaScript): speakers, documents cited, statements annexed, suspensions; refusals keep
the page (422, 403, 409) and store nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories import SECRETARIAT
from tests.plenary.conftest import csrf_of
from workflow import journal_items, journals
from workflow.models import JournalSpeaker


@pytest.fixture
def journal(session, demo_loaded):
    return journals.find_journal(session, "MC(24) Journal No. 2")  # agenda item 7


@pytest.fixture
def secretariat(demo_client):
    return demo_client("secretariat")


def post(client, journal, path: str, **data):
    page = client.get(f"/journals/{journal.id}")
    return client.post(f"/journals/{journal.id}{path}", data={"csrf": csrf_of(page), **data})


def test_the_secretariat_keeps_what_was_said_with_forms(secretariat, journal):
    for path, data in [
        ("/agenda/7/speakers", {"name": "Chairperson", "position": ""}),
        ("/agenda/7/speakers", {"name": "Russian Federation"}),
        ("/agenda/7/speakers", {"name": "Estonia-European Union", "position": "2"}),
        ("/agenda/7/documents", {"symbol": "mc.del/59/17"}),
        ("/agenda/7/annexes", {"speaker": "3", "text": "Mr. Chairman,\r\n\r\nWe joined."}),
        ("/suspensions", {"suspended_at": "13:05", "resumed_at": "15:10"}),
    ]:
        response = post(secretariat, journal, path, **data)
        assert response.status_code == 303, response.text
        assert response.headers["location"] == f"/journals/{journal.id}"
    page = secretariat.get(f"/journals/{journal.id}").text
    expected = [
        "Opened: 10.10 a.m.<br>Suspended: 1.05 p.m.<br>Resumed: 3.10 p.m.<br>Closed: 5.05 p.m.",
        '<p class="speakers">Speakers: Chairperson, Estonia-European Union, Russian Federation '
        '(<a href="#annex-1">Annex 1</a>)</p>',
        '<p class="documents">Documents: MC.DEL/59/17</p>',
        "<p>Decision: The Ministerial Council adopted Decision No. 7/17",
        '<h2 id="annex-1-heading">Annex 1</h2>',
        "<p><strong>STATEMENT BY THE DELEGATION OF THE RUSSIAN FEDERATION</strong></p>",
        "<p>Mr. Chairman,</p><p>We joined.</p>",
        '<h2 id="said-7">What was said under agenda item 7</h2>',
        '<label for="item-7-speaker-3-name">Speaker</label>',
        '<label for="item-7-documents-symbol">Document</label>',
        '<label for="annex-1-text">Text of Annex 1</label>',
    ]
    positions = [page.find(text) for text in expected]
    assert -1 not in positions, expected[positions.index(-1)]
    assert positions == sorted(positions)
    document = secretariat.get(f"/journals/{journal.id}/document.txt").text
    assert ("Speakers: Chairperson, Estonia-European Union, Russian Federation (Annex 1)\n"
            "Documents: MC.DEL/59/17\n\nDecision:") in document


def test_lines_are_moved_corrected_and_removed(secretariat, session, journal):
    for name in ("Chairperson", "Italy", "Austria"):
        journal_items.add_speaker(session, SECRETARIAT, journal, 7, name)
    journal_items.add_annex(session, SECRETARIAT, journal, 7, 2, "Italy's words.")
    journal_items.add_document(session, SECRETARIAT, journal, 7, "MC.GAL/3/17")
    session.commit()
    steps = [
        ("/agenda/7/speakers/3", {"name": "Austria-European Union", "position": "1"}),
        ("/agenda/7/annexes/1", {"speaker": "1", "text": "The EU's words."}),
        ("/agenda/7/speakers/3/remove", {}),  # Italy, now third, without the annex
        ("/agenda/7/documents/1", {"symbol": "MC.GAL/4/17", "position": "1"}),
        ("/suspensions", {"suspended_at": "12:00", "resumed_at": ""}),
        ("/suspensions/1/remove", {}),
    ]
    for path, data in steps:
        response = post(secretariat, journal, path, **data)
        assert response.status_code == 303, (path, response.text[:3000])
    page = secretariat.get(f"/journals/{journal.id}").text
    assert ('Speakers: Austria-European Union (<a href="#annex-1">Annex 1</a>), Chairperson'
            '</p>') in page
    assert "<p>The EU&#39;s words.</p>" in page
    assert "Documents: MC.GAL/4/17</p>" in page
    assert "Suspended:" not in page
    session.expire_all()
    assert journal.suspensions == []


@pytest.mark.parametrize(("path", "data", "message"), [
    ("/agenda/7/documents", {"symbol": "the Russian paper"},
     "theRussianpaper is not a document symbol; document symbols look like PC.DEL/1229/20"),
    ("/agenda/7/speakers", {"name": "  "}, "the speaker needs a name"),
    ("/agenda/7/speakers", {"name": "Malta", "position": "two"},
     "the speaker&#39;s place must be a whole number"),
    ("/agenda/7/annexes", {"speaker": "1", "text": " "}, "the annex needs the text"),
    ("/suspensions", {"suspended_at": "09:00"},
     "the meeting cannot be suspended at 09:00: it was opened at 10:10"),
    ("/suspensions", {"suspended_at": ""}, "give the time the meeting was suspended"),
])
def test_bad_input_is_refused_on_the_page_and_stores_nothing(secretariat, session, journal,
                                                             path, data, message):
    journal_items.add_speaker(session, SECRETARIAT, journal, 7, "Chairperson")
    session.commit()
    response = post(secretariat, journal, path, **data)
    assert response.status_code == 422
    assert message in response.text
    session.expire_all()
    assert [s.name for s in journal.agenda_items[0].speakers] == ["Chairperson"]
    assert journal.agenda_items[0].documents == [] and journal.suspensions == []
    assert journal.agenda_items[0].speakers[0].annex is None


@pytest.mark.parametrize("who", ["observer", "drafter.it"])
def test_other_roles_are_refused(demo_client, session, journal, who):
    client = demo_client(who)
    response = post(client, journal, "/agenda/7/speakers", name="Italy")
    assert response.status_code == 403
    assert session.scalars(select(JournalSpeaker)).all() == []
    assert "What was said under agenda item" not in client.get(f"/journals/{journal.id}").text


def test_the_limit_is_refused_naming_it(secretariat, session, journal):
    item = journal.agenda_items[0]
    session.add_all(JournalSpeaker(agenda_item_id=item.id, position=n, name=f"Speaker {n}")
                    for n in range(1, journal_items.MAX_SPEAKERS_PER_ITEM + 1))
    session.commit()
    response = post(secretariat, journal, "/agenda/7/speakers", name="Malta")
    assert response.status_code == 409
    assert ("agenda item 7 has 100 speakers already, the most it may have; remove one first"
            in response.text)
