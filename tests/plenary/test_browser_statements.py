"""A statement also on behalf of two delegations, in a real browser against a real server:
ticked by keyboard, it waits for each of them, and a confirmation shows at once."""

from __future__ import annotations

import pytest

from tests.plenary.conftest import page_signed_in

pytestmark = pytest.mark.browser
DECISION = "MC.DEC/7/17"


def decision_page(browser, server, name):
    page = page_signed_in(browser, server, name)
    page.locator(f"a:has-text('{DECISION}')").first.click()
    page.wait_for_load_state()
    return page


def answers(page) -> list[str]:
    return page.locator("#awaiting-heading ~ article .cosigners li").all_inner_texts()


def test_a_statement_also_on_behalf_of_two_delegations_awaits_both(browser, server):
    russia = decision_page(browser, server, "drafter.ru")
    russia.fill("#text", "We join consensus.\n\nWe read paragraph 3 as our own.")
    russia.select_option("#original_language", "RUSSIAN")
    # The list of States opens and ticks from the keyboard: no JavaScript of ours.
    russia.focus("summary:has-text('Also on behalf of')")
    russia.keyboard.press("Enter")
    russia.focus("label:has-text('Belarus') input")
    russia.keyboard.press("Space")
    russia.check("label:has-text('Kazakhstan') input")
    russia.click("text=Register the statement")
    russia.wait_for_load_state()

    assert "Awaiting confirmation" in russia.inner_text("main")
    assert answers(russia) == ["Belarus: awaiting its confirmation",
                               "Kazakhstan: awaiting its confirmation"]
    assert "(also on behalf of" not in russia.inner_text("main")  # not attached yet

    belarus = decision_page(browser, server, "drafter.by")
    belarus.click("text=Confirm: it also speaks for Belarus")
    belarus.wait_for_load_state()
    confirmed, waiting = answers(belarus)
    assert confirmed.startswith("Belarus: confirmed (")
    assert waiting == "Kazakhstan: awaiting its confirmation"
    assert "Confirm: it also speaks for Belarus" not in belarus.inner_text("main")
