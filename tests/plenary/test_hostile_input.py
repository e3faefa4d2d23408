"""Hostile input is refused with what to fix, never a 500: ids that can name no row (404),
integers past the columns' range, NUL characters, lone surrogates, dates that do not exist
or fall out of range (422), in paths, query strings, JSON bodies and forms alike."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select
from starlette.convertors import IntegerConvertor

from drafting.db import MAX_ID
from drafting.models import Amendment, Draft
from plenary.app import routes
from plenary.routing import numbers_up_to
from tests.factories import make_user, open_draft, paragraph
from tests.plenary.conftest import bearer, csrf_of

HUGE = "9" * 5000  # past Python's 4,300-digit limit on int() of a string
UNROWED = [str(MAX_ID + 1), str(2**63), str(2**64), HUGE]  # past PostgreSQL, SQLite, both


@pytest.fixture
def chair_headers(session, token_for) -> dict[str, str]:
    return bearer(token_for(make_user(session, role="chair")))


@pytest.fixture
def italy_headers(session, token_for) -> dict[str, str]:
    return bearer(token_for(make_user(session, role="drafter", delegation="Italy")))


@pytest.fixture
def draft(session) -> Draft:
    """A draft open for amendments, committed so that the app sees it."""
    draft = open_draft(session)
    session.commit()
    return draft


def refused(response, status: int, *words: str) -> str:
    """The JSON error's message, after checking its status and that it names `words`."""
    assert response.status_code == status, response.text
    message = response.json()["error"]["message"]
    assert all(word in message for word in words), message
    return message


def post_raw(client, url: str, headers: dict, body: bytes):
    return client.post(url, content=body, headers=headers | {"content-type": "application/json"})


# --- ids in paths -------------------------------------------------------------------------


@pytest.mark.parametrize("number", UNROWED, ids=["2^31", "2^63", "2^64", "5000 digits"])
@pytest.mark.parametrize("path", ["/api/v1/drafts/{}", "/api/v1/decisions/{}/document",
                                  "/api/v1/drafts/1/revisions/{}", "/api/v1/statements/{}"])
def test_an_id_no_row_can_have_is_a_404_naming_the_path(client, chair_headers, path, number):
    url = path.format(number)
    refused(client.get(url, headers=chair_headers), 404, f"there is no {url}", "/openapi.json")


@pytest.mark.parametrize("number", UNROWED, ids=["2^31", "2^63", "2^64", "5000 digits"])
def test_an_id_no_row_can_have_is_a_404_for_a_write_too(client, italy_headers, number):
    response = client.post(f"/api/v1/amendments/{number}/support", headers=italy_headers)
    refused(response, 404, "there is no /api/v1/amendments/")


def test_the_largest_storable_id_reaches_the_handler_and_finds_nothing(client, chair_headers):
    refused(client.get(f"/api/v1/drafts/{MAX_ID}", headers=chair_headers), 404,
            f"there is no draft {MAX_ID}")


@pytest.mark.parametrize("number", UNROWED[1:], ids=["2^63", "2^64", "5000 digits"])
def test_a_page_for_an_id_no_row_can_have_is_a_404_page(demo_client, number):
    response = demo_client("chair").get(f"/drafts/{number}")
    assert response.status_code == 404
    assert "check the address" in response.text


def test_every_integer_in_a_path_is_read_by_the_id_convertor():
    # Starlette's {x:int} takes any run of digits: one such route would bring back the 500s.
    loose = [route.path for route in routes
             if any(isinstance(c, IntegerConvertor)
                    for c in getattr(route, "param_convertors", {}).values())]
    assert loose == []


@pytest.mark.parametrize("limit", [0, 7, 10, 99, 100, 2024, MAX_ID])
@given(number=st.integers(min_value=0, max_value=10**12))
def test_the_id_pattern_matches_exactly_the_numbers_up_to_its_limit(limit, number):
    pattern = re.compile(numbers_up_to(limit))
    assert bool(pattern.fullmatch(str(number))) == (number <= limit)


def test_the_id_pattern_takes_no_leading_zeros_nor_other_digits():
    pattern = re.compile(numbers_up_to(MAX_ID))
    assert [s for s in ["007", "00", "²", "١٢", "-1", "+1", " 1", ""] if pattern.fullmatch(s)] == []
    assert pattern.fullmatch("0") and pattern.fullmatch(str(MAX_ID))


# --- query strings ------------------------------------------------------------------------


@pytest.mark.parametrize("value", [str(MAX_ID + 1), str(2**63), HUGE, "-1", "1.5", "²", "x"])
def test_a_revision_number_out_of_range_in_a_query_is_a_422(client, draft, chair_headers,
                                                             value):
    response = client.get(f"/api/v1/drafts/{draft.id}/compare?from=0&to={value}",
                          headers=chair_headers)
    refused(response, 422, "give ?to= as a revision number from 0 to 2147483647")
    response = client.get(f"/api/v1/drafts/{draft.id}/document?revision={value}",
                          headers=chair_headers)
    refused(response, 422, "?revision=")


def test_a_nul_character_in_a_query_is_a_422_naming_the_parameter(client, chair_headers):
    response = client.get("/api/v1/decisions?symbol=MC.DEC%00/7/17", headers=chair_headers)
    refused(response, 422, "?symbol= contains a NUL character (U+0000) at position 7")


def test_an_unknown_format_is_a_422_listing_every_format(client, draft, chair_headers):
    response = client.get(f"/api/v1/drafts/{draft.id}/document?format=rtf",
                          headers=chair_headers)
    refused(response, 422, "?format= takes one of txt, md, html, pdf, docx; not 'rtf'")


def test_a_revision_number_out_of_range_on_a_page_is_a_422_page(demo_client, energy):
    chair = demo_client("chair")
    for url in [f"/drafts/{energy.id}?revision={HUGE}", f"/drafts/{energy.id}/compare?to=2"
                f"{'0' * 20}", f"/drafts/{energy.id}/document.txt?against={2**63}"]:
        response = chair.get(url)
        assert response.status_code == 422, url
        assert "a revision number from 0 to 2147483647" in response.text


# --- JSON bodies --------------------------------------------------------------------------


@pytest.mark.parametrize(("escape", "kind"), [("\\u0000", "a NUL character (U+0000)"),
                                              ("\\ud800", "a lone surrogate (U+D800)"),
                                              ("\\udfff", "a lone surrogate (U+DFFF)")])
def test_an_unstorable_character_in_a_json_string_is_a_422_naming_the_field(
        client, session, chair_headers, escape, kind):
    before = session.scalar(select(func.count()).select_from(Draft))
    body = f'{{"body": "MC", "text": "x", "title": "A title {escape}"}}'.encode()
    refused(post_raw(client, "/api/v1/drafts", chair_headers, body), 422,
            f"the field 'title' contains {kind} at position 9; remove it")
    assert session.scalar(select(func.count()).select_from(Draft)) == before


def test_an_unstorable_character_deep_in_a_body_is_named_by_its_path(client, draft,
                                                                      chair_headers):
    body = b'{"edits": [{"paragraph": "p", "text": "fine"}, {"paragraph": "p", "text": "\\u0000"}]}'
    refused(post_raw(client, f"/api/v1/drafts/{draft.id}/revisions", chair_headers, body),
            422, "the field 'edits[1].text' contains a NUL character")
    body = b'{"kind": "amendment", "amendment": {"paragraph": "p", "text": "\\ud83d"}}'
    refused(post_raw(client, f"/api/v1/drafts/{draft.id}/silence/break", chair_headers, body),
            422, "the field 'amendment.text' contains a lone surrogate (U+D83D)")


def test_a_field_no_handler_reads_is_ignored_whatever_it_holds(client, session, chair_headers):
    body = json.dumps({"body": "MC", "text": "Tested\n\nThe Ministerial Council,\n\n"
                       "1. Decides;", "symbol": "MC.DD/1/26",
                       "extra \x00": ["\ud800", 10**100]}).encode()
    assert post_raw(client, "/api/v1/drafts", chair_headers, body).status_code == 201


@pytest.mark.parametrize("number", [str(MAX_ID + 1), str(-MAX_ID - 2), str(2**63), HUGE],
                         ids=["2^31", "-2^31-1", "2^63", "5000 digits"])
def test_an_integer_past_the_columns_range_is_a_422_naming_the_field(client, chair_headers,
                                                                      number):
    body = ('{"body": "MC", "number": ' + number + ', "place": "Vienna", '
            '"first_day": "2017-12-07", "last_day": "2017-12-08"}').encode()
    refused(post_raw(client, "/api/v1/meetings", chair_headers, body), 422,
            "the field 'number' is out of range: integers here are between -2147483648 and "
            "2147483647")


def test_an_id_past_the_range_in_a_list_is_a_422_naming_its_place(client, draft,
                                                                   chair_headers):
    body = json.dumps({"incorporate": [1, 2**63]}).encode()
    refused(post_raw(client, f"/api/v1/drafts/{draft.id}/revisions", chair_headers, body),
            422, "the field 'incorporate[1]' is out of range")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_numbers_that_are_not_json_are_a_400(client, chair_headers, constant):
    body = ('{"body": "MC", "number": ' + constant + "}").encode()
    refused(post_raw(client, "/api/v1/meetings", chair_headers, body), 400,
            f"{constant} is not a JSON value")


# --- dates and times ----------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0000-01-01", "99999-01-01", "2017-02-30", "2017-13-01",
                                 "20171208", "2017-W49-5", "08.12.2017", "\u0662017-12-08"])
def test_a_date_that_does_not_exist_or_is_not_year_month_day_is_a_422(client, chair_headers,
                                                                       day):
    body = json.dumps({"body": "MC", "number": 30, "place": "Vienna", "first_day": day,
                       "last_day": "2017-12-08"}).encode()
    refused(post_raw(client, "/api/v1/meetings", chair_headers, body), 422,
            "the field 'first_day' must be a date such as 2017-12-08")


@pytest.mark.parametrize("deadline", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_a_deadline_utc_cannot_hold_is_a_422(client, draft, chair_headers, deadline):
    body = json.dumps({"deadline": deadline}).encode()
    refused(post_raw(client, f"/api/v1/drafts/{draft.id}/silence", chair_headers, body), 422,
            "the deadline is out of range: it must fall between the years 0001 and 9999 in UTC")


def test_a_deadline_utc_cannot_hold_on_the_form_is_a_422_page(demo_client, energy):
    chair = demo_client("chair")
    page = chair.get(f"/drafts/{energy.id}")
    response = chair.post(f"/drafts/{energy.id}/silence",
                          data={"csrf": csrf_of(page), "deadline": "0001-01-01T00:10"})
    assert response.status_code == 422
    assert "the deadline is out of range" in response.text


# --- forms --------------------------------------------------------------------------------


def test_a_nul_character_in_a_form_is_a_422_page_and_nothing_is_stored(demo_client, energy,
                                                                         session):
    italy = demo_client("drafter.it")
    page = italy.get(f"/drafts/{energy.id}")
    before = session.scalar(select(func.count()).select_from(Amendment))
    op3 = paragraph(session, energy, "OP3")
    response = italy.post(f"/drafts/{energy.id}/amendments", data={
        "csrf": csrf_of(page), "paragraph": op3.key, "base_revision": "0", "action": "modify",
        "text": op3.text + " \x00"})
    assert response.status_code == 422
    assert "contains a NUL character (U+0000)" in response.text
    assert session.scalar(select(func.count()).select_from(Amendment)) == before


def test_a_nul_character_in_the_sign_in_form_is_a_422_page(client, sign_in, demo_loaded):
    response = sign_in(client, "chair@demo.plenary\x00", "chair-demo-2017")
    assert response.status_code == 422
    assert "contains a NUL character" in response.text


@pytest.mark.parametrize("number", ["²", "١", HUGE, str(2**63)])
def test_a_number_on_a_form_that_is_no_whole_number_is_a_422_page(demo_client, energy, session,
                                                                  number):
    italy = demo_client("drafter.it")
    page = italy.get(f"/drafts/{energy.id}")
    op3 = paragraph(session, energy, "OP3")
    response = italy.post(f"/drafts/{energy.id}/amendments", data={
        "csrf": csrf_of(page), "paragraph": op3.key, "base_revision": number,
        "action": "delete"})
    assert response.status_code == 422
    assert "the base revision must be a whole number" in response.text


# --- what schemathesis found in the handlers ----------------------------------------------


@pytest.mark.parametrize(("number", "day"), [(1000, 1), (24, 1000)])
def test_an_mc_meeting_or_day_the_record_cannot_spell_is_a_422(client, chair_headers, number,
                                                                day):
    # Its journal is headed "Second day of the Twenty-Fourth Meeting": words up to 999.
    meeting = {"body": "MC", "number": number, "place": "Vienna", "first_day": "2017-12-07",
               "last_day": "2017-12-08"}
    response = client.post("/api/v1/meetings", json=meeting, headers=chair_headers)
    if number > 999:
        refused(response, 422, "a Ministerial Council meeting is numbered from 1 to 999")
        return
    journal = {"number": day, "date": "2017-12-07"}
    response = client.post(f"/api/v1/meetings/{response.json()['id']}/journals", json=journal,
                           headers=chair_headers)
    refused(response, 422, "a day of a Ministerial Council meeting is numbered from 1 to 999")


def test_a_plenary_meeting_may_have_a_number_past_999(client, chair_headers):
    meeting = {"body": "PC", "number": 1200, "place": "Vienna", "first_day": "2018-09-13",
               "last_day": "2018-09-13"}
    assert client.post("/api/v1/meetings", json=meeting, headers=chair_headers).status_code == 201


def test_a_place_longer_than_its_column_is_a_422(client, chair_headers):
    meeting = {"body": "MC", "number": 25, "place": "V" * 101, "first_day": "2018-12-06",
               "last_day": "2018-12-07"}
    refused(client.post("/api/v1/meetings", json=meeting, headers=chair_headers), 422,
            "the place has 101 characters; at most 100")
