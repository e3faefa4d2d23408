"""An amendment's discussion in a real browser against a real server: a drafter comments
on another delegation's amendment, and the proposer reads the notice and the comment."""

from __future__ import annotations

import pytest

from tests.plenary.conftest import page_signed_in

pytestmark = pytest.mark.browser
ENERGY = "MC.DD/3/26"


def test_a_comment_reaches_the_proposer(browser, server):
    usa = page_signed_in(browser, server, "drafter.us")
    usa.click(f"text={ENERGY}")
    usa.locator(".proposal", has_text="Russian Federation").first.locator(
        "a[href^='/amendments/']").first.click()
    usa.wait_for_load_state()
    usa.fill("#comment-text", "We could accept this with 'where appropriate'.")
    usa.locator("form.comment-form button[type=submit]").click()
    usa.wait_for_load_state()
    assert "We could accept this" in usa.locator("section.discussion").inner_text()

    russia = page_signed_in(browser, server, "drafter.ru")
    russia.goto(f"{server}/notifications")
    notice = russia.locator("a", has_text="United States of America commented on").first
    notice.click()
    russia.wait_for_load_state()
    thread = russia.locator("section.discussion")
    assert "We could accept this with 'where appropriate'." in thread.inner_text()
    reply = thread.locator("details.reply-form").first
    reply.locator("summary").click()
    reply.locator("textarea").fill("Agreed.")
    reply.locator("button[type=submit]").click()
    russia.wait_for_load_state()
    assert "Agreed." in russia.locator("ol.replies").inner_text()
