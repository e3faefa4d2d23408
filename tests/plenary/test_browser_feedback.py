"""Feedback in a real browser against a real server: a refused amendment comes back in the
draft page with the drafter's text still in the form and the message beside it; fixed and
sent again, the next page says what was done; an irreversible action asks first."""

from __future__ import annotations

import re

import pytest

from tests.plenary.conftest import page_signed_in

pytestmark = pytest.mark.browser
ENERGY = "MC.DD/3/26"
WORD_PASTE = "\x07"  # what a cell copied from a Word table ends with


def test_a_refused_amendment_keeps_the_drafters_text_and_the_fix_is_confirmed(browser, server):
    italy = page_signed_in(browser, server, "drafter.it")
    italy.click(f"text={ENERGY}")
    form = italy.locator("details.propose", has_text="Propose an amendment to OP3").first
    form.locator("summary").click()
    textarea = form.locator("textarea[name=text]")
    typed = textarea.input_value().replace("to take part in", f"to participate{WORD_PASTE} in")
    textarea.fill(typed)
    form.locator("input[name=rationale]").fill("Plainer English")
    form.locator("button[type=submit]").click()
    italy.wait_for_load_state()

    assert italy.title() == f"{ENERGY} · Plenary"  # the draft page, not an error page
    message = "the text contains control characters; paste it as plain text"
    assert message in italy.inner_text(".error-summary")
    assert italy.evaluate("document.activeElement.className") == "error-summary"  # focused
    again = italy.locator("details.propose[open]", has_text="Propose an amendment to OP3")
    assert again.count() == 1  # the form is open, with the message inside it
    assert again.locator(".form-error").inner_text() == message
    kept = again.locator("textarea[name=text]")
    assert "to participate" in kept.input_value() and kept.get_attribute("aria-invalid") == "true"
    assert again.locator("input[name=rationale]").input_value() == "Plainer English"

    kept.fill(kept.input_value().replace(WORD_PASTE, ""))
    again.locator("button[type=submit]").click()
    italy.wait_for_load_state()
    status = italy.locator(".flash[role=status]")
    assert re.fullmatch(r"Amendment \d+ · OP3 · Italy proposed", status.inner_text())
    assert italy.locator(".error-summary").count() == 0
    italy.reload()
    assert italy.locator(".flash").count() == 0  # said once


def test_withdrawing_asks_first_and_cancel_changes_nothing(browser, server):
    chair = page_signed_in(browser, server, "chair")
    chair.click(f"text={ENERGY}")
    chair.click(f"button:has-text('Withdraw {ENERGY}')")
    chair.wait_for_load_state()
    assert chair.inner_text("h1") == f"Withdraw {ENERGY}?"
    assert "This cannot be undone" in chair.inner_text("main")
    chair.click("text=Cancel")
    chair.wait_for_load_state()
    assert "negotiating" in chair.inner_text(".symbol")

    chair.click(f"button:has-text('Withdraw {ENERGY}')")
    chair.wait_for_load_state()
    chair.click(f"main button:has-text('Withdraw {ENERGY}')")
    chair.wait_for_load_state()
    assert "withdrawn" in chair.inner_text(".symbol")
    assert chair.inner_text(".flash") == f"{ENERGY} is withdrawn"
