"""Notices as each user wants them: the e-mail setting (immediate, daily digest, none) on
the account page and through the API, the unread count in the header, marking one notice
or all of them read, and the notifications page paging past the latest."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from drafting import notices
from drafting.errors import Invalid, NotFound
from drafting.models import Notice
from drafting.services import find_delegation
from plenary import accounts, notice_rules, notice_settings
from plenary.models import NoticePreference
from tests.factories import make_user
from tests.plenary.conftest import bearer, csrf_of

PASSWORD = "correct horse battery"
VIENNA = ZoneInfo("Europe/Vienna")


# --- the rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(("now", "due"), [
    (datetime(2017, 12, 8, 5, 59, tzinfo=UTC), date(2017, 12, 6)),  # 06:59 in Vienna
    (datetime(2017, 12, 8, 6, 0, tzinfo=UTC), date(2017, 12, 7)),  # 07:00: yesterday's
    (datetime(2017, 12, 8, 22, 59, tzinfo=UTC), date(2017, 12, 7)),  # 23:59
    (datetime(2017, 12, 8, 23, 0, tzinfo=UTC), date(2017, 12, 7)),  # midnight: still
    (datetime(2026, 7, 2, 5, 0, tzinfo=UTC), date(2026, 7, 1)),  # 07:00 summer time
])
def test_a_days_digest_is_due_from_seven_the_next_morning_in_the_bodys_time(now, due):
    assert notice_rules.digest_day(now, VIENNA) == due


def test_a_day_runs_from_midnight_to_midnight_in_the_bodys_time_zone():
    start, end = notice_rules.day_bounds(date(2026, 3, 29), VIENNA)  # clocks go forward

    assert start == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)  # a day of 23 hours


@pytest.mark.parametrize("value", ["immediate", "digest", "none"])
def test_the_three_email_settings(value):
    assert notice_rules.email_setting(value) == value


@pytest.mark.parametrize(("value", "says"), [
    ("weekly", "'weekly' is not an e-mail setting for notices; use one of immediate, digest, "
               "none"),
    ("IMMEDIATE", "'IMMEDIATE' is not an e-mail setting"),
    (7, "that value is not an e-mail setting for notices; use one of immediate"),
    ("x" * 5000, "that value is not an e-mail setting"),
    (None, "choose how notifications reach you by e-mail: one of immediate, digest, none"),
])
def test_any_other_setting_is_refused_naming_the_three(value, says):
    with pytest.raises(Invalid) as refused:
        notice_rules.email_setting(value)
    assert says in refused.value.message


def test_the_unread_count_is_shown_up_to_99():
    assert [notice_rules.unread_label(n) for n in (1, 99, 100)] == ["1", "99", "99+"]


# --- reading, per user ----------------------------------------------------------------------


@pytest.fixture
def italy(session):
    return make_user(session, "drafter", "Italy", password=PASSWORD)


@pytest.fixture
def italy2(session):
    return make_user(session, "drafter", "Italy", email="second.italy@test.plenary",
                     password=PASSWORD)


@pytest.fixture
def chair(session):
    return make_user(session, "chair", password=PASSWORD)


def tell(session, count: int, to: str = "Italy") -> list[int]:
    """`count` notices to a delegation, oldest first; their ids."""
    delegation = find_delegation(session, to).id
    for i in range(count):
        notices.to_delegation(session, delegation, f"notice {i:03} to {to}")
    session.commit()
    return list(session.scalars(select(Notice.id).order_by(Notice.id)))[-count:]


def actor(user):
    return accounts.actor_for(user)


def test_marking_one_read_is_for_that_user_only(session, italy, italy2):
    first, second = tell(session, 2)

    notice_settings.mark_read(session, actor(italy), first)
    notice_settings.mark_read(session, actor(italy), first)  # again: nothing changes

    assert notice_settings.unread_count(session, actor(italy)) == 1
    assert notice_settings.unread_count(session, actor(italy2)) == 2
    shown = [session.get(Notice, first), session.get(Notice, second)]
    assert notice_settings.read_ids(session, actor(italy), shown) == {first}


def test_a_notice_to_others_cannot_be_marked_and_says_not_found(session, italy, chair):
    (frances,) = tell(session, 1, to="France")
    notices.to_role(session, "chair", "for the Chair")
    session.commit()

    with pytest.raises(NotFound) as refused:
        notice_settings.mark_read(session, actor(italy), frances)
    assert refused.value.message == f"no notification {frances} of yours"
    assert notice_settings.unread_count(session, actor(chair)) == 1


def test_marking_all_read_leaves_what_came_after_the_page_was_shown(session, italy):
    ids = tell(session, 3)
    notice_settings.mark_read(session, actor(italy), ids[2])

    assert notice_settings.mark_all_read(session, actor(italy), through=ids[1]) == 0
    later = tell(session, 1)

    assert notice_settings.unread_count(session, actor(italy)) == 1
    assert notice_settings.mark_all_read(session, actor(italy)) == 0
    assert notice_settings.preference(session, italy.id).read_through == later[0]


def test_marking_all_read_never_goes_back(session, italy):
    ids = tell(session, 2)
    notice_settings.mark_all_read(session, actor(italy))

    notice_settings.mark_all_read(session, actor(italy), through=ids[0])

    assert notice_settings.unread_count(session, actor(italy)) == 0


def test_the_unread_count_stops_at_the_cap(session, italy):
    tell(session, notice_rules.UNREAD_CAP + 5)

    assert notice_settings.unread_count(session, actor(italy)) == notice_rules.UNREAD_CAP


def test_a_user_who_never_chose_gets_each_notice_at_once_and_nothing_is_stored(session,
                                                                                italy):
    assert notice_settings.preference(session, italy.id).email == "immediate"
    assert session.get(NoticePreference, italy.id) is None


# --- the pages ------------------------------------------------------------------------------


def browser(make_client, sign_in, user):
    client = make_client()
    assert sign_in(client, user.email, PASSWORD).status_code == 303
    return client


def test_the_header_counts_the_unread_and_the_page_marks_one_then_all_read(
        make_client, sign_in, session, italy):
    ids = tell(session, 3)
    web = browser(make_client, sign_in, italy)

    page = web.get("/notifications")
    again = web.get("/notifications")  # reading the page marks nothing read

    assert '<span class="unread" id="unread-count">(3 unread)</span>' in again.text
    assert page.text.count(">Mark as read</button>") == 3
    marked = web.post(f"/notifications/{ids[0]}/read",
                      data={"csrf": csrf_of(page), "back": "/notifications"})
    assert marked.status_code == 303 and marked.headers["location"] == "/notifications"
    page = web.get("/notifications")
    assert '(2 unread)</span>' in page.text
    assert f'<li id="notice-{ids[0]}">' in page.text  # no longer marked unread

    done = web.post("/notifications/read", data={"csrf": csrf_of(page), "through": str(ids[2]),
                                                 "back": "https://elsewhere.example/"})
    assert done.headers["location"] == "/notifications"  # only back to this list
    page = web.get("/")
    assert 'id="unread-count"' not in page.text
    assert '<a href="/notifications">Notifications</a>' in page.text


def test_marking_without_the_form_token_is_refused(make_client, sign_in, session, italy):
    (notice,) = tell(session, 1)
    web = browser(make_client, sign_in, italy)

    refused = web.post(f"/notifications/{notice}/read", data={})

    assert refused.status_code == 403
    assert notice_settings.unread_count(session, actor(italy)) == 1


@pytest.mark.parametrize("path", ["/notifications/{others}/read", "/notifications/2147483648/read",
                                  "/notifications/99999999999999999999/read"])
def test_marking_someone_elses_or_no_notice_is_not_found(make_client, sign_in, session, italy,
                                                         path):
    (others,) = tell(session, 1, to="France")
    web = browser(make_client, sign_in, italy)
    token = csrf_of(web.get("/notifications"))

    refused = web.post(path.format(others=others), data={"csrf": token})

    assert refused.status_code == 404


def test_a_through_that_is_not_a_number_is_refused_with_what_to_send(make_client, sign_in,
                                                                     italy):
    web = browser(make_client, sign_in, italy)
    token = csrf_of(web.get("/notifications"))

    refused = web.post("/notifications/read", data={"csrf": token, "through": "12345678901"})

    assert refused.status_code == 422
    assert "the newest notification shown must be a whole number" in refused.text


def test_the_notifications_page_pages_past_the_latest(make_client, sign_in, session, italy):
    ids = tell(session, 120)
    web = browser(make_client, sign_in, italy)

    first = web.get("/notifications")
    older = first.text.split('rel="next"')[0].rpartition('href="')[2].split('"')[0]
    second = web.get(older.replace("&amp;", "&"))

    assert "notice 119 to Italy" in first.text and "notice 019 to Italy" not in first.text
    assert second.status_code == 200
    assert "notice 019 to Italy" in second.text and "notice 020 to Italy" not in second.text
    assert f'id="notice-{ids[0]}"' in second.text
    assert 'rel="prev"' in second.text and 'rel="next"' not in second.text


def test_the_account_page_sets_the_email_setting(make_client, sign_in, session, italy):
    web = browser(make_client, sign_in, italy)
    page = web.get("/account")
    assert 'id="notice-email-immediate" value="immediate" checked' in page.text
    assert ' One e-mail a day, at 07:00, with the notifications of the day before ' \
        '(Europe/Vienna time)</label>' in page.text

    saved = web.post("/account/notice-email", data={"csrf": csrf_of(page), "email": "digest"})

    assert saved.status_code == 303 and saved.headers["location"] == "/account#notice-email"
    assert 'id="notice-email-digest" value="digest" checked' in web.get("/account").text


@pytest.mark.parametrize(("sent", "says"), [
    ({"email": "weekly"}, "&#39;weekly&#39; is not an e-mail setting for notices"),
    ({}, "choose how notifications reach you by e-mail"),
])
def test_the_account_page_refuses_an_unknown_setting(make_client, sign_in, italy, sent, says):
    web = browser(make_client, sign_in, italy)
    token = csrf_of(web.get("/account"))

    refused = web.post("/account/notice-email", data={"csrf": token, **sent})

    assert refused.status_code == 422
    assert says in refused.text


# --- the API --------------------------------------------------------------------------------


def test_the_api_reads_and_sets_the_email_setting(client, italy, token_for):
    headers = bearer(token_for(italy))

    assert client.get("/api/v1/account/notification-settings",
                      headers=headers).json() == {"email": "immediate"}
    saved = client.patch("/api/v1/account/notification-settings", json={"email": "none"},
                         headers=headers)

    assert saved.status_code == 200 and saved.json() == {"email": "none"}
    assert client.get("/api/v1/account/notification-settings",
                      headers=headers).json() == {"email": "none"}


@pytest.mark.parametrize(("body", "says"), [
    ({"email": "weekly"}, "'weekly' is not an e-mail setting for notices; use one of "
                          "immediate, digest, none"),
    ({"email": ["digest"]}, "that value is not an e-mail setting"),
    ({}, "choose how notifications reach you by e-mail"),
])
def test_the_api_refuses_an_unknown_setting(client, italy, token_for, body, says):
    refused = client.patch("/api/v1/account/notification-settings", json=body,
                           headers=bearer(token_for(italy)))

    assert refused.status_code == 422
    assert says in refused.json()["error"]["message"]


def test_the_api_marks_one_and_all_read(client, session, italy, token_for):
    ids = tell(session, 3)
    headers = bearer(token_for(italy))

    one = client.post(f"/api/v1/notifications/{ids[1]}/read", headers=headers)
    listed = client.get("/api/v1/notifications", headers=headers).json()

    assert one.status_code == 200 and one.json() == {"id": ids[1], "read": True, "unread": 2}
    assert [n["read"] for n in listed["notifications"]] == [False, True, False]
    assert listed["unread"] == 2
    up_to = client.post("/api/v1/notifications/read", json={"through": ids[0]}, headers=headers)
    assert up_to.json() == {"unread": 1}
    everything = client.post("/api/v1/notifications/read", headers=headers)  # no body at all
    assert everything.status_code == 200 and everything.json() == {"unread": 0}


@pytest.mark.parametrize(("path", "status"), [
    ("/api/v1/notifications/{others}/read", 404),
    ("/api/v1/notifications/2147483648/read", 404),
    ("/api/v1/notifications/{missing}/read", 404),
])
def test_the_api_says_not_found_for_someone_elses_or_no_notice(client, session, italy,
                                                               token_for, path, status):
    (others,) = tell(session, 1, to="France")

    refused = client.post(path.format(others=others, missing=others + 1000),
                          headers=bearer(token_for(italy)))

    assert refused.status_code == status
    assert refused.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(("body", "status", "says"), [
    ({"through": 2147483648}, 422, "the field 'through' is out of range"),
    ({"through": 0}, 422, "the field 'through' must be a notification id, 1 to 2147483647"),
    ({"through": "12"}, 422, "the field 'through' must be"),
    (b"[1]", 422, "the request body must be a JSON object"),
    (b"{", 400, "the request body is not valid JSON"),
])
def test_the_api_refuses_a_bad_through(client, italy, token_for, body, status, says):
    headers = bearer(token_for(italy))
    sent = (client.post("/api/v1/notifications/read", content=body, headers=headers)
            if isinstance(body, bytes) else
            client.post("/api/v1/notifications/read", json=body, headers=headers))

    assert sent.status_code == status
    assert says in sent.json()["error"]["message"]


def test_the_api_pages_past_the_latest_50(client, session, italy, token_for):
    ids = tell(session, 60)
    headers = bearer(token_for(italy))

    first = client.get("/api/v1/notifications", headers=headers).json()
    older = client.get(first["next"], headers=headers).json()

    assert [n["id"] for n in first["notifications"]] == ids[::-1][:50]
    assert [n["id"] for n in older["notifications"]] == ids[::-1][50:]
    assert older["next"] is None and older["previous"] is not None


def test_the_api_needs_a_token_to_mark_or_set(client):
    assert client.post("/api/v1/notifications/1/read").status_code == 401
    assert client.post("/api/v1/notifications/read").status_code == 401
    assert client.patch("/api/v1/account/notification-settings",
                        json={"email": "none"}).status_code == 401
