"""The secretariat's day in a real browser against a real server: create today's meeting,
open and keep its journal, and the Chair records an adoption under one of its agenda
items from the draft's page; the decision is numbered in today's year."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.plenary.conftest import page_signed_in

pytestmark = pytest.mark.browser
ENERGY = "MC.DD/3/26"


def test_the_secretariat_keeps_todays_journal_and_the_chair_adopts_under_it(browser, server):
    today = datetime.now(ZoneInfo("Europe/Vienna")).date()
    secretariat = page_signed_in(browser, server, "secretariat")
    secretariat.click("header >> text=Meetings")
    secretariat.select_option("#meeting-body", "MC")
    secretariat.fill("#meeting-number", "33")
    secretariat.fill("#meeting-place", "Vienna")
    secretariat.fill("#meeting-first", today.isoformat())
    secretariat.fill("#meeting-last", (today + timedelta(days=1)).isoformat())
    secretariat.click("button:has-text('Create the meeting')")
    secretariat.wait_for_load_state()
    assert "MC(33), Vienna" in secretariat.inner_text("h1")

    secretariat.fill("#journal-day", today.isoformat())
    secretariat.fill("#journal-chair", "Ms. A. Example, Chairperson-in-Office")
    secretariat.click("button:has-text('Open the journal')")
    secretariat.wait_for_load_state()
    assert "MC(33) Journal No. 1" in secretariat.inner_text("h1")
    secretariat.fill("#opened-at", "10:10")
    secretariat.click("button:has-text('Record the times')")
    secretariat.wait_for_load_state()
    secretariat.fill("#agenda-title", "Adoption of the decisions of the Ministerial Council")
    secretariat.click("button:has-text('Add the agenda item')")
    secretariat.wait_for_load_state()
    journal = secretariat.inner_text("main")
    assert "Opened: 10.10 a.m." in journal
    assert "Agenda item 1: ADOPTION OF THE DECISIONS OF THE MINISTERIAL COUNCIL" in journal

    chair = page_signed_in(browser, server, "chair")
    chair.click(f"text={ENERGY}")
    chair.select_option("#journal", label=f"MC(33) Journal No. 1 — {today.day} "
                                          f"{today:%B %Y}")
    chair.fill("#agenda_item", "1")
    chair.click("button:has-text('Record consensus: adopt the current text')")
    chair.wait_for_load_state()
    assert f"MC.DEC/1/{today:%y}" in chair.inner_text("main")

    secretariat.reload()
    assert f"MC.DEC/1/{today:%y}" in secretariat.inner_text("main")
