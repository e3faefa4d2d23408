"""The silence journey in a real browser against a real server (its poller running):
start, break, restart, expire, adopted, attach a statement."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.plenary.conftest import page_signed_in

pytestmark = pytest.mark.browser
ENERGY = "MC.DD/3/26"


def vienna(delta: timedelta) -> str:
    return (datetime.now(ZoneInfo("Europe/Vienna")) + delta).strftime("%Y-%m-%dT%H:%M:%S")


def start_silence(page, deadline: str) -> None:
    page.fill("#deadline", deadline)
    page.click("text=Start the silence procedure")
    page.wait_for_load_state()


def test_the_silence_journey(browser, server):
    chair = page_signed_in(browser, server, "chair")
    chair.click(f"text={ENERGY}")
    start_silence(chair, vienna(timedelta(hours=2)))
    assert "Under silence until" in chair.inner_text("main")

    russia = page_signed_in(browser, server, "drafter.ru")
    assert "Silence procedures running" in russia.inner_text("main")
    russia.click(f"text={ENERGY}")
    russia.click("text=Break silence for Russian Federation")
    russia.fill("#break-reason", "OP2 needs extra-budgetary funding")
    russia.click("button:has-text('Break silence')")
    russia.wait_for_load_state()
    russia.locator(".confirm button[type=submit]").click()  # what cannot be undone: confirmed
    russia.wait_for_load_state()
    assert "Under silence" not in russia.inner_text("main")
    russia.goto(f"{server}/")
    assert "Russian Federation broke silence on MC.DD/3/26" in russia.inner_text("main")

    chair.reload()
    start_silence(chair, vienna(timedelta(seconds=4)))
    assert "Under silence until" in chair.inner_text("main")
    time.sleep(6)  # the deadline passes; the server's poller (or this read) adopts it
    chair.reload()
    assert "adopted" in chair.inner_text(".symbol")

    russia.goto(f"{server}/")
    russia.click("text=MC.DEC/1/")
    russia.fill("#text", "The Russian Federation joins consensus on this decision.")
    russia.select_option("#original_language", "RUSSIAN")
    russia.click("text=Register the statement")
    russia.wait_for_load_state()
    main = russia.inner_text("main")
    assert "Adopted by silence procedure" in main or "Journal" in main
    assert "By the delegation of the Russian Federation:" in main
    assert "Original: RUSSIAN" in main
