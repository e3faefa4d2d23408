"""A real browser (Debian's Chromium, driven by Playwright) against a real server."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_a_drafter_signs_in_and_reads_the_demo_draft(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/")
    assert page.url.startswith(f"{server}/login")
    page.fill("#email", "drafter.it@demo.plenary")
    page.fill("#password", "drafter-it-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/")
    assert "Italy" in page.inner_text("header")

    page.click("text=MC.DD/3/26")
    labels = page.locator(".paragraph .label").all_inner_texts()
    assert labels[:4] == ["PP1", "PP2", "PP3", "PP4"]
    assert "OP1(b)(ii)" in labels
    first = page.locator(".paragraph").first.inner_text()
    assert "Recalling the OSCE Strategy Document" in first

    page.click("text=Sign out")
    page.wait_for_url(f"{server}/login")
    page.goto(f"{server}/drafts/1")
    assert page.url.startswith(f"{server}/login")
    page.close()


def test_keyboard_only_sign_in(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/login")
    # The email field has the focus (autofocus), or Tab reaches it past the two links.
    for _ in range(4):
        if page.evaluate("document.activeElement.id") == "email":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "email"
    page.keyboard.type("chair@demo.plenary")
    page.keyboard.press("Tab")
    page.keyboard.type("chair-demo-2017")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/")
    assert page.locator("h1").inner_text() == "Dashboard"
    page.close()
