"""A real browser (Debian's Chromium, driven by Playwright) against a real server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.live_server import live_server

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        reason = "Chromium is not installed (make test installs it with apt-get as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def server(fresh_database_url):
    with live_server(fresh_database_url) as base:
        yield base


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
