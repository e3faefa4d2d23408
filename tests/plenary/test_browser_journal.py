"""The secretariat's day in a real browser against a real server, from an empty desk (only
the accounts and one tabled draft): create today's meeting, open and keep its journal (the
times, a suspension, the Chairperson, agenda items, the speakers under an item, a document
cited and a statement annexed), and the Chair records an adoption under one of its agenda
items from the draft's page; the decision is numbered in today's year."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.plenary.conftest import DEMO_PASSWORDS, EMPTY_DESK_DRAFT, page_signed_in
from tests.plenary.test_accessibility import AXE, RUN_AXE, TAGS

pytestmark = pytest.mark.browser


def submit(page, button: str) -> None:
    page.click(f"button:has-text('{button}')")
    page.wait_for_load_state()


@pytest.fixture
def opened(browser, empty_server):
    """Sign in in a new browser context; every context is closed before the server stops,
    so that no page keeps a connection to it open."""
    pages = []

    def open_page(name: str):
        pages.append(page_signed_in(browser, empty_server, name))
        return pages[-1]

    yield open_page
    for page in pages:
        page.context.close()


def test_the_secretariat_keeps_todays_journal_and_the_chair_adopts_under_it(browser, opened,
                                                                            empty_server):
    server = empty_server
    today = datetime.now(ZoneInfo("Europe/Vienna")).date()
    secretariat = opened("secretariat")
    secretariat.click("header >> text=Meetings")
    assert "MC(" not in secretariat.inner_text("main")  # nothing but the form yet
    secretariat.select_option("#meeting-body", "MC")
    secretariat.fill("#meeting-number", "33")
    secretariat.fill("#meeting-place", "Vienna")
    secretariat.fill("#meeting-first", today.isoformat())
    secretariat.fill("#meeting-last", (today + timedelta(days=1)).isoformat())
    submit(secretariat, "Create the meeting")
    assert "MC(33), Vienna" in secretariat.inner_text("h1")

    secretariat.fill("#journal-day", today.isoformat())
    secretariat.fill("#journal-chair", "Ms. A. Example, Chairperson-in-Office")
    submit(secretariat, "Open the journal")
    assert "MC(33) Journal No. 1" in secretariat.inner_text("h1")
    secretariat.fill("#opened-at", "10:10")
    submit(secretariat, "Record the times")
    secretariat.fill("#suspended-at", "13:05")
    secretariat.fill("#resumed-at", "15:10")
    submit(secretariat, "Record a suspension")
    secretariat.fill("#agenda-title", "Review of current issues")
    submit(secretariat, "Add the agenda item")
    secretariat.fill("#agenda-title", "Adoption of the decisions of the Ministerial Council")
    submit(secretariat, "Add the agenda item")

    for name in ("Russian Federation", "Chairperson", "Estonia-European Union (with the "
                 "candidate countries Albania and Montenegro)"):
        secretariat.fill("#item-1-speakers-name", name)
        submit(secretariat, "Add the speaker")
    secretariat.fill("#item-1-speaker-2-position", "1")  # the Chairperson spoke first
    submit(secretariat, "Save speaker 2")
    secretariat.fill("#item-1-documents-symbol", "MC.GAL/3/26")
    submit(secretariat, "Cite the document")
    secretariat.fill("#item-1-documents-symbol", "not a symbol")
    submit(secretariat, "Cite the document")
    assert "not a document symbol" in secretariat.inner_text("main")
    secretariat.select_option("#item-1-annexes-speaker", label="2. Russian Federation")
    secretariat.fill("#item-1-annexes-text", "Mr. Chairperson,\n\nWe thank the Chairmanship.")
    submit(secretariat, "Annex the statement")

    journal = secretariat.inner_text("#journal-record")
    assert "Opened: 10.10 a.m.\nSuspended: 1.05 p.m.\nResumed: 3.10 p.m." in journal
    assert "Agenda item 1: REVIEW OF CURRENT ISSUES" in journal
    assert ("Speakers: Chairperson, Russian Federation (Annex 1), Estonia-European Union (with "
            "the candidate countries Albania and Montenegro)") in journal
    assert "Documents: MC.GAL/3/26" in journal
    assert "not a symbol" not in journal
    assert "Annex 1\n\nSTATEMENT BY THE DELEGATION OF THE RUSSIAN FEDERATION" in journal
    # The speaker's line points to the annex, a link the keyboard follows.
    secretariat.focus("#journal-record a[href='#annex-1']")
    secretariat.keyboard.press("Enter")
    secretariat.wait_for_url("**#annex-1")
    assert secretariat.url.endswith("#annex-1")

    chair = opened("chair")
    chair.click(f"text={EMPTY_DESK_DRAFT}")
    chair.select_option("#journal", label=f"MC(33) Journal No. 1 — {today.day} "
                                          f"{today:%B %Y}")
    chair.fill("#agenda_item", "2")
    submit(chair, "Record consensus: adopt the current text")
    submit(chair, "Record consensus: adopt")  # the page that asks to confirm it
    assert f"MC.DEC/1/{today:%y}" in chair.inner_text("main")

    secretariat.reload()
    journal = secretariat.inner_text("#journal-record")
    assert (f"Agenda item 2: ADOPTION OF THE DECISIONS OF THE MINISTERIAL COUNCIL\n\n"
            f"Decision: The Ministerial Council adopted Decision No. 1/{today:%y} "
            f"(MC.DEC/1/{today:%y}) on good governance") in journal

    assert_accessible(browser, server, secretariat.url.partition("#")[0])


def assert_accessible(browser, server: str, url: str) -> None:
    """axe-core on the kept journal (speakers, documents, an annex and their forms), as
    tests/plenary/test_accessibility.py runs it on the demo's pages."""
    assert AXE.exists(), f"{AXE} is missing: `make axe` (npm ci --prefix tests/a11y)"
    context = browser.new_context(bypass_csp=True)  # lets axe's own script in
    try:
        page = context.new_page()
        page.goto(f"{server}/login")
        page.fill("#email", "secretariat@demo.plenary")
        page.fill("#password", DEMO_PASSWORDS["secretariat@demo.plenary"])
        page.click("button[type=submit]")
        page.wait_for_url(f"{server}/")
        page.goto(url)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE, TAGS)
    finally:
        context.close()
    assert not violations, "\n".join(f"- {v['id']} ({v['impact']}): {v['help']}; at "
                                      f"{v['targets']}" for v in violations)
