"""The drafters' and the Chair's journeys in a real browser against a real server:
propose, see the redline, support, withdraw; accept, issue Rev.1, see a rebased and a
conflicting amendment, rewrite it."""

from __future__ import annotations

import re

import pytest

from tests.plenary.conftest import page_signed_in

pytestmark = pytest.mark.browser
ENERGY = "MC.DD/3/26"


def energy_page(browser, server, name):
    page = page_signed_in(browser, server, name)
    page.click(f"text={ENERGY}")
    return page


def propose(page, label: str, old: str, new: str) -> None:
    form = page.locator("details.propose", has_text=f"Propose an amendment to {label}").first
    form.locator("summary").click()
    textarea = form.locator("textarea[name=text]")
    textarea.fill(textarea.input_value().replace(old, new))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def proposal(page, delegation: str, label: str):
    return page.locator(".proposal", has_text=delegation).filter(has_text=label).first


def test_the_drafters_journey(browser, server):
    italy = energy_page(browser, server, "drafter.it")
    propose(italy, "OP3", "to take part in", "to participate in")
    mine = proposal(italy, "Italy", "OP3")
    assert mine.locator("del").all_inner_texts() == ["take part"]
    assert mine.locator("ins").all_inner_texts() == ["participate"]

    usa = energy_page(browser, server, "drafter.us")
    proposal(usa, "Italy", "OP3").locator("button", has_text="Support").click()
    usa.wait_for_load_state()
    assert "Supported by United States of America" in proposal(usa, "Italy", "OP3").inner_text()

    italy.reload()
    proposal(italy, "Italy", "OP3").locator("button", has_text="Withdraw").click()
    italy.wait_for_load_state()
    italy.locator(".confirm button[type=submit]").click()  # what cannot be undone: confirmed
    italy.wait_for_load_state()
    assert italy.locator(".proposal", has_text="participate").count() == 0


def test_the_chairs_journey(browser, server):
    italy = energy_page(browser, server, "drafter.it")
    propose(italy, "OP2", "in 2027", "in 2028")  # other words than Russia's: rebased
    usa = energy_page(browser, server, "drafter.us")
    propose(usa, "OP2", "within existing resources", "within existing and new resources")

    chair = energy_page(browser, server, "chair")
    proposal(chair, "Russian Federation", "OP2").locator("button", has_text="Accept").click()
    chair.wait_for_load_state()
    chair.locator(".confirm button[type=submit]").click()  # what cannot be undone: confirmed
    chair.wait_for_load_state()
    flagged = proposal(chair, "United States of America", "OP2").inner_text()
    assert "to be rewritten after Amendment " in flagged
    assert "· OP2 · Russian Federation was accepted" in flagged and "Written against" in flagged

    chair.locator("button", has_text="Issue MC.DD/3/26/Rev.1").click()
    chair.wait_for_load_state()
    chair.locator(".confirm button[type=submit]").click()  # what cannot be undone: confirmed
    chair.wait_for_load_state()
    assert chair.locator(".symbol").first.inner_text().startswith("MC.DD/3/26/Rev.1")
    op2 = chair.locator(".paragraph", has_text="extra-budgetary contributions").first
    assert "within existing resources" not in op2.locator("p").first.inner_text()
    rebased = proposal(chair, "Italy", "OP2")
    assert rebased.locator("ins").all_inner_texts() == ["2028"]
    assert "extra-budgetary" in rebased.inner_text()

    usa.goto(f"{server}/")
    usa.click(f"text={ENERGY}/Rev.1")
    usa.locator(".attention a", has_text="United States of America").click()
    assert "To reconcile" in usa.inner_text("main")
    usa.fill("#rewrite", usa.input_value("#rewrite").replace("to organize", "to organize, "
                                                                            "jointly,"))
    usa.click("text=Submit the rewritten amendment")
    usa.wait_for_load_state()
    assert "submitted" in usa.inner_text(".symbol")


def test_an_amendment_is_named_by_its_label_on_the_draft_and_in_its_notice(browser, server):
    italy = energy_page(browser, server, "drafter.it")
    form = italy.locator("details.propose", has_text="Propose an amendment to OP3").first
    form.locator("summary").click()
    textarea = form.locator("textarea[name=text]")  # pasted with the paragraph's number
    textarea.fill("3. " + textarea.input_value().replace("to take part in", "to join"))
    form.locator("button[type=submit]").click()
    italy.wait_for_load_state()
    mine = italy.locator(".proposal", has_text="join").first
    label = mine.locator(".proposal-head strong").inner_text()
    assert re.fullmatch(r"Amendment \d+ · OP3 · Italy", label)
    assert mine.locator("ins").all_inner_texts() == ["join"]  # not "3. join"

    chair = energy_page(browser, server, "chair")
    theirs = chair.locator(".proposal", has_text=label).first
    theirs.locator("summary", has_text="Reject").click()
    theirs.locator("input[name=reason]").fill("Not in this text")
    theirs.locator("button", has_text=f"Reject {label}").click()
    chair.wait_for_load_state()
    chair.locator(".confirm button[type=submit]").click()  # what cannot be undone: confirmed
    chair.wait_for_load_state()

    italy.goto(f"{server}/")
    assert f"{label} ({ENERGY}) was rejected: Not in this text" in italy.inner_text("main")
