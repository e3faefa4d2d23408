"""Notices in a real browser against a real server: the header counts the unread ones,
and marking one read on the notifications page brings the count down."""

from __future__ import annotations

import re

import pytest

from tests.plenary.conftest import page_signed_in

pytestmark = pytest.mark.browser
COUNT = re.compile(r"\((\d+) unread\)")


def unread_in_header(page) -> int:
    counter = page.locator("header #unread-count")
    if counter.count() == 0:
        return 0
    return int(COUNT.fullmatch(counter.inner_text()).group(1))


def test_marking_a_notice_read_brings_the_count_down(browser, server):
    page = page_signed_in(browser, server, "drafter.it")
    before = unread_in_header(page)
    assert before > 0  # the demo's negotiation has told Italy things

    page.click("header >> text=Notifications")
    page.wait_for_url(f"{server}/notifications")
    assert unread_in_header(page) == before  # reading the page marks nothing read
    marked = page.locator("li.unread").count()
    first = page.locator("li.unread").first
    notice_id = first.get_attribute("id")
    first.locator("button", has_text="Mark as read").click()  # a plain form: no script
    page.wait_for_url(f"{server}/notifications")

    assert unread_in_header(page) == before - 1
    assert page.locator("li.unread").count() == marked - 1
    assert page.locator(f"#{notice_id}").get_attribute("class") is None
    page.click("text=Mark all as read")
    page.wait_for_url(f"{server}/notifications")
    assert unread_in_header(page) == 0
    assert page.locator("#unread-total").inner_text() == "All read."
    page.close()
