"""Search in a real browser against a real server: a drafter types a word of another
delegation's amendment into the header's search box and finds the amendment, the word
highlighted, then follows the result to the amendment's page."""

from __future__ import annotations

import pytest

from tests.plenary.conftest import page_signed_in

pytestmark = pytest.mark.browser


def test_search_finds_a_word_of_an_amendment(browser, server):
    page = page_signed_in(browser, server, "drafter.us")
    page.fill("#header-search", "extra-budgetary")
    page.press("#header-search", "Enter")
    page.wait_for_url(f"{server}/search?q=extra-budgetary")
    hit = page.locator("li.search-amendment")
    assert hit.count() == 1
    heading = hit.locator("h3 a").inner_text()
    assert heading.startswith("Amendment ") and heading.endswith("· OP2 · Russian Federation")
    marked = [m.lower() for m in hit.locator("mark").all_inner_texts()]
    assert marked and set(marked) <= {"extra-budgetary", "extra", "budgetary"}
    assert page.locator("#search-q").input_value() == "extra-budgetary"

    page.select_option("#search-kind", "decision")
    page.click("form.search-form button[type=submit]")
    page.wait_for_load_state()
    assert "Nothing found" in page.inner_text("main")

    page.go_back()
    page.wait_for_load_state()
    page.click("li.search-amendment h3 a")
    page.wait_for_load_state()
    assert "/amendments/" in page.url
    assert "Russian Federation" in page.inner_text("h1")
