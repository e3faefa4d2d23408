"""Accounts under attack, through HTTP: the sign-in throttle (per account, per address,
growing pauses, one notice to the owner), API tokens that expire or are revoked, the
user's own page with their tokens, and the caching and transport headers."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import httpx2
import pytest
from sqlalchemy import select, update

from drafting.db import utcnow
from drafting.models import Notice
from exports.wording import format_date
from plenary import accounts, mailer, throttle
from plenary.app import create_app
from plenary.models import ApiToken, SignInThrottle, UserSession
from tests.factories import make_user
from tests.live_server import live_server
from tests.plenary.conftest import DEMO_PASSWORDS, TestClient, bearer, csrf_of
from workflow.services import find_decision

PASSWORD = "correct horse battery"
EMAIL = "chair.x@test.plenary"  # make_user(session, "chair")
WRONG = "not the password at all"
PAUSED = "Too many failed sign-ins; try again in {} seconds."


@pytest.fixture
def chair(session):
    user = make_user(session, "chair", password=PASSWORD)
    session.commit()
    return user


def fail(sign_in, client, times: int, email: str = EMAIL) -> list[int]:
    return [sign_in(client, email, WRONG).status_code for _ in range(times)]


def end_the_pauses(session) -> None:
    """Move time on: every pause of the throttle ended a second ago."""
    session.execute(update(SignInThrottle).where(SignInThrottle.locked_until.is_not(None))
                    .values(locked_until=utcnow() - timedelta(seconds=1)))
    session.commit()


def paused(response, seconds: int) -> bool:
    """A 429 with the pause's seconds in Retry-After and in the message: `seconds` when
    paused a moment ago (a slow machine may take a second or two to ask again)."""
    if response.status_code != 429:
        return False
    left = int(response.headers["retry-after"])
    return seconds - 3 <= left <= seconds and PAUSED.format(left) in response.text


def lockout_notices(session) -> list[Notice]:
    return list(session.scalars(select(Notice).where(Notice.message.contains("paused"))))


@pytest.fixture
def app_with(settings, session_factory):
    """An app on the test's transaction with some settings changed."""
    return lambda **changes: create_app(replace(settings, **changes),
                                        sessionmaker=session_factory)


@pytest.fixture
def browser_at(make_client):
    """A new browser at a client address of its own."""
    return lambda address: make_client(client=(address, 50000))


# --- the throttle: per account --------------------------------------------------------------


def test_five_wrong_passwords_answer_401_and_the_sixth_429_with_retry_after(
    client, chair, sign_in
):
    assert fail(sign_in, client, 5) == [401] * 5

    sixth = sign_in(client, EMAIL, WRONG)

    assert paused(sixth, 60)
    assert sixth.headers["content-type"].startswith("text/html")
    assert '<form method="post" action="/login"' in sixth.text  # the form, to try again


def test_the_right_password_during_the_pause_is_refused_too(client, chair, sign_in, session):
    fail(sign_in, client, 5)

    response = sign_in(client, EMAIL, PASSWORD)

    assert paused(response, 60)
    assert "plenary_session" not in response.headers.get("set-cookie", "")
    assert session.scalars(select(UserSession)).all() == []


def test_after_the_pause_the_right_password_signs_in_and_clears_the_count(
    client, chair, sign_in, session
):
    fail(sign_in, client, 5)
    end_the_pauses(session)

    assert sign_in(client, EMAIL, PASSWORD).status_code == 303
    assert client.get("/account").status_code == 200

    # The count started again: five more wrong passwords before the next pause.
    assert fail(sign_in, client, 5) == [401] * 5
    assert paused(sign_in(client, EMAIL, WRONG), 60)


def test_each_failure_after_a_pause_pauses_twice_as_long(client, chair, sign_in, session):
    fail(sign_in, client, 5)
    pauses = []
    for _ in range(3):
        end_the_pauses(session)
        assert sign_in(client, EMAIL, WRONG).status_code == 401  # one try after each pause
        pauses.append(sign_in(client, EMAIL, WRONG))

    assert [paused(response, seconds) for response, seconds
            in zip(pauses, [120, 240, 480], strict=True)] == [True] * 3


def test_a_count_older_than_a_day_starts_again(client, chair, sign_in, session):
    assert fail(sign_in, client, 4) == [401] * 4
    session.execute(update(SignInThrottle).values(since=utcnow() - timedelta(hours=25)))
    session.commit()

    assert fail(sign_in, client, 5) == [401] * 5
    assert sign_in(client, EMAIL, WRONG).status_code == 429


def test_many_addresses_guessing_one_account_are_stopped_by_its_count(
    chair, sign_in, browser_at
):
    codes = [sign_in(browser_at(f"198.51.100.{n}"), EMAIL, WRONG).status_code
             for n in range(1, 6)]
    assert codes == [401] * 5

    newcomer = browser_at("203.0.113.99")
    assert paused(sign_in(newcomer, EMAIL, PASSWORD), 60)


def test_an_unknown_address_is_paused_like_a_real_account(client, chair, sign_in, session):
    # Otherwise six guesses would tell whether an account exists.
    assert fail(sign_in, client, 5, email="nobody@test.plenary") == [401] * 5

    assert paused(sign_in(client, "nobody@test.plenary", WRONG), 60)
    assert lockout_notices(session) == []
    assert sign_in(client, EMAIL, PASSWORD).status_code == 303  # other accounts go on


def test_a_new_password_set_for_a_paused_account_ends_the_pause(
    client, chair, sign_in, session
):
    fail(sign_in, client, 6)

    accounts.set_password(session, chair, "a brand new passphrase")
    session.commit()

    assert sign_in(client, EMAIL, "a brand new passphrase").status_code == 303


# --- the throttle: per address --------------------------------------------------------------


def test_one_address_spraying_many_accounts_is_paused(session, app_with, sign_in, chair):
    with TestClient(app_with(signin_address_limit=3), follow_redirects=False,
                    client=("203.0.113.7", 4000)) as sprayer, \
         TestClient(app_with(signin_address_limit=3), follow_redirects=False,
                    client=("198.51.100.20", 4000)) as elsewhere:
        codes = [sign_in(sprayer, f"guess{n}@test.plenary", WRONG).status_code
                 for n in range(3)]
        assert codes == [401] * 3

        # Any account, even with its right password, from that address: paused.
        assert paused(sign_in(sprayer, EMAIL, PASSWORD), 60)
        # The account itself is not paused: its owner signs in from elsewhere.
        assert sign_in(elsewhere, EMAIL, PASSWORD).status_code == 303
    assert lockout_notices(session) == []


def test_successful_sign_ins_do_not_use_up_an_address(session, app_with, sign_in, chair):
    # A conference hall behind one address: people who sign in are not counted against it.
    with TestClient(app_with(signin_address_limit=2), follow_redirects=False) as hall:
        for _ in range(4):
            assert sign_in(hall, EMAIL, PASSWORD).status_code == 303
        assert sign_in(hall, EMAIL, WRONG).status_code == 401
        assert sign_in(hall, EMAIL, PASSWORD).status_code == 303


def test_an_address_signing_into_its_own_account_does_not_clear_its_count(
    session, app_with, sign_in, chair
):
    with TestClient(app_with(signin_address_limit=3), follow_redirects=False) as attacker:
        fail(sign_in, attacker, 2, email="victim@test.plenary")
        assert sign_in(attacker, EMAIL, PASSWORD).status_code == 303  # its own account
        assert sign_in(attacker, "other@test.plenary", WRONG).status_code == 401
        assert sign_in(attacker, "third@test.plenary", WRONG).status_code == 429


# --- the owner is told ----------------------------------------------------------------------


def test_the_owner_is_told_once_not_at_every_attempt(
    client, chair, sign_in, session, make_client
):
    fail(sign_in, client, 5)
    fail(sign_in, client, 3)  # refused while paused
    end_the_pauses(session)
    fail(sign_in, client, 2)  # a second, longer pause in the same day

    [notice] = lockout_notices(session)
    assert notice.user_id == chair.id and notice.role is None and notice.delegation_id is None
    assert notice.message == (
        "Signing in to your account is paused for 60 seconds: the password was wrong 5 "
        "times in a row, the last time from testclient. Each further wrong password pauses "
        "it longer. If it was not you: those attempts did not get in; tell the secretariat "
        "if they go on.")
    assert mailer.recipients(session, notice) == [EMAIL]

    end_the_pauses(session)
    owner = make_client()
    assert sign_in(owner, EMAIL, PASSWORD).status_code == 303
    assert "Signing in to your account is paused" in owner.get("/notifications").text


def test_a_lockout_notice_is_shown_to_nobody_else(client, chair, sign_in, session, make_client):
    other_chair = make_user(session, "chair", email="second.chair@test.plenary")
    session.commit()
    fail(sign_in, client, 5)

    someone_else = make_client()
    assert sign_in(someone_else, other_chair.email, PASSWORD).status_code == 303
    page = someone_else.get("/notifications")
    assert page.status_code == 200 and "paused" not in page.text
    assert mailer.recipients(session, lockout_notices(session)[0]) == [EMAIL]


# --- API tokens -----------------------------------------------------------------------------


def test_a_token_expires_after_90_days_by_default(session, chair):
    accounts.create_token(session, chair)

    row = session.scalars(select(ApiToken)).one()
    assert abs(row.expires_at - (utcnow() + timedelta(days=90))) < timedelta(minutes=1)
    assert accounts.token_state(row) == "active"


@pytest.mark.parametrize("days", [0, -1, 3651])
def test_a_token_life_out_of_range_is_refused(session, chair, days):
    with pytest.raises(accounts.Invalid, match=f"a token lasts 1 to 3650 days, not {days}"):
        accounts.create_token(session, chair, days=days)


def test_an_expired_token_is_refused_saying_when_it_expired(client, session, chair, token_for):
    headers = bearer(token_for(chair))
    assert client.get("/api/v1/notifications", headers=headers).status_code == 200
    expired = utcnow() - timedelta(minutes=1)
    session.execute(update(ApiToken).values(expires_at=expired))
    session.commit()

    response = client.get("/api/v1/notifications", headers=headers)

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"error": {"code": "unauthorized", "message": (
        f"the API token expired on {format_date(expired.date())}; create a new one with "
        "plenary token create")}}


def test_a_revoked_token_is_refused_at_once(client, session, chair, token_for):
    headers = bearer(token_for(chair))
    assert client.get("/api/v1/notifications", headers=headers).status_code == 200

    row = session.scalars(select(ApiToken)).one()
    assert accounts.revoke_token(session, row) is True
    assert accounts.revoke_token(session, row) is False  # twice is harmless
    session.commit()
    response = client.get("/api/v1/notifications", headers=headers)

    assert response.status_code == 401
    assert response.json()["error"]["message"] == (
        f"the API token was revoked on {format_date(utcnow().date())}; create a new one with "
        "plenary token create")


def test_disabling_a_user_ends_their_sessions_and_tokens_at_once(
    client, session, chair, sign_in, token_for
):
    headers = bearer(token_for(chair))
    assert sign_in(client, EMAIL, PASSWORD).status_code == 303

    assert accounts.disable_user(session, chair) == (1, 1)
    session.commit()

    assert client.get("/account").headers["location"] == "/login?next=/account"
    assert client.get("/api/v1/notifications", headers=headers).status_code == 401
    accounts.enable_user(session, chair)
    session.commit()
    assert accounts.token_state(session.scalars(select(ApiToken)).one()) == "revoked"
    assert client.get("/api/v1/notifications", headers=headers).status_code == 401


@pytest.mark.parametrize(("password", "message"), [
    ("short", "a password has 10 to 1024 characters"),
    ("1234567890", "this password is among the first ones guessed"),
    ("aaaaaaaaaaaa", "this password is among the first ones guessed"),
    ("Chair.X@test.plenary", "the password may not be the e-mail address or its first part"),
])
def test_a_weak_password_is_refused_saying_why(session, chair, password, message):
    with pytest.raises(accounts.Invalid, match=re.escape(message)):
        accounts.set_password(session, chair, password)


# --- the user's own page --------------------------------------------------------------------


@pytest.fixture
def signed_in(client, chair, sign_in):
    assert sign_in(client, EMAIL, PASSWORD).status_code == 303
    return client


def token_rows(page) -> dict[str, str]:
    rows = re.findall(r'<tr id="token-(\d+)">(.*?)</tr>', page.text, flags=re.S)
    return {token_id: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for token_id, row in rows}


def test_the_account_page_lists_the_users_tokens_with_revoke_buttons(
    signed_in, session, chair, token_for
):
    token_for(chair)
    used = token_for(chair)
    other = make_user(session, "secretariat")
    token_for(other)
    old, new, _theirs = session.scalars(select(ApiToken).order_by(ApiToken.id)).all()
    accounts.revoke_token(session, old)
    session.commit()
    assert signed_in.get("/api/v1/notifications", headers=bearer(used)).status_code == 200

    page = signed_in.get("/account")

    assert page.status_code == 200
    rows = token_rows(page)
    assert list(rows) == [str(new.id), str(old.id)]  # newest first; nobody else's
    when = r"\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d [A-Z]+"  # 1 December 2026, 10:00 CET
    # No., created, last used, expires, state, the button
    assert re.fullmatch(rf"No\. {new.id} {when} {when} {when} active Revoke",
                        rows[str(new.id)]), rows
    assert re.fullmatch(rf"No\. {old.id} {when} never {when} revoked {when}",
                        rows[str(old.id)]), rows
    assert f'action="/account/tokens/{new.id}/revoke"' in page.text
    assert f'action="/account/tokens/{old.id}/revoke"' not in page.text
    assert page.headers["cache-control"] == "no-store"


def test_revoking_a_token_from_the_account_page(signed_in, session, chair, token_for):
    headers = bearer(token_for(chair))
    row = session.scalars(select(ApiToken)).one()
    page = signed_in.get("/account")

    response = signed_in.post(f"/account/tokens/{row.id}/revoke", data={"csrf": csrf_of(page)})

    assert (response.status_code, response.headers["location"]) == (303, "/account")
    assert "revoked" in token_rows(signed_in.get("/account"))[str(row.id)]
    assert signed_in.get("/api/v1/notifications", headers=headers).status_code == 401


def test_revoking_without_the_csrf_token_is_refused(signed_in, session, chair, token_for):
    headers = bearer(token_for(chair))
    row = session.scalars(select(ApiToken)).one()

    response = signed_in.post(f"/account/tokens/{row.id}/revoke", data={"csrf": "0" * 64})

    assert response.status_code == 403
    assert signed_in.get("/api/v1/notifications", headers=headers).status_code == 200


def test_another_users_token_cannot_be_revoked_from_ones_page(signed_in, session, token_for):
    theirs = bearer(token_for(make_user(session, "secretariat")))
    row = session.scalars(select(ApiToken)).one()
    page = signed_in.get("/account")

    response = signed_in.post(f"/account/tokens/{row.id}/revoke", data={"csrf": csrf_of(page)})

    assert response.status_code == 404
    assert f"you have no API token {row.id}" in response.text
    assert signed_in.get("/api/v1/notifications", headers=theirs).status_code == 200


# --- caching and transport headers ----------------------------------------------------------


def test_pages_downloads_and_api_answers_are_not_stored_static_files_may_be(
    signed_in, session, chair, token_for, demo_loaded
):
    headers = bearer(token_for(chair))
    decision_id = find_decision(session, "MC.DEC/7/17").id
    responses = {
        "account page": signed_in.get("/account"),
        "notifications page": signed_in.get("/notifications"),
        "page download": signed_in.get(f"/decisions/{decision_id}/document.txt"),
        "API answer": signed_in.get("/api/v1/notifications", headers=headers),
        "API download": signed_in.get(f"/api/v1/decisions/{decision_id}/document?format=md",
                                      headers=headers),
        "API error": signed_in.get("/api/v1/notifications"),
        "login page": signed_in.get("/login"),
    }

    for what, response in responses.items():
        assert response.status_code in (200, 401), (what, response.status_code)
        assert response.headers.get("cache-control") == "no-store", what
        assert "strict-transport-security" not in response.headers, what
    assert "cache-control" not in signed_in.get("/static/plenary.css").headers


def test_hsts_over_https(app_with, chair, sign_in):
    with TestClient(app_with(https=True), base_url="https://testserver",
                    follow_redirects=False) as client:
        responses = [client.get("/login"), sign_in(client, EMAIL, PASSWORD),
                     client.get("/account"), client.get("/static/plenary.css")]

    for response in responses:
        assert response.headers["strict-transport-security"] == (
            "max-age=31536000; includeSubDomains")


# --- the throttle's table -------------------------------------------------------------------


def test_a_burst_of_parallel_guesses_gets_no_more_than_the_limit(session):
    # Attempts are counted before the password is checked: five are in flight, unsettled.
    keys = [throttle.account_key("someone@test.plenary")]
    now = utcnow()
    assert [throttle.admit(session, keys, now).refused for _ in range(5)] == [None] * 5

    sixth = throttle.admit(session, keys, now)

    assert sixth.refused == throttle.Refused(60)
    assert [(lockout.number, lockout.seconds) for lockout in sixth.lockouts] == [(1, 60)]
    assert [throttle.settle(session, keys, False, now) for _ in range(5)] == [[]] * 5


def test_rows_quiet_for_a_day_are_pruned_and_the_table_is_bounded(session):
    now = utcnow()
    addresses = [throttle.address_key(f"192.0.2.{n}", 50) for n in range(5)]
    for n, key in enumerate(addresses):
        throttle.admit(session, [key], now + timedelta(seconds=n))

    assert throttle.prune(session, now + timedelta(hours=23)) == 0
    assert throttle.prune(session, now, max_rows=2) == 3  # the quietest go first
    assert sorted(session.scalars(select(SignInThrottle.key))) == sorted(
        key.digest for key in addresses[3:])
    assert throttle.prune(session, now + timedelta(hours=25)) == 2


@pytest.mark.parametrize(("host", "network"), [
    ("203.0.113.7", "203.0.113.7"),
    ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
    ("::ffff:203.0.113.7", "203.0.113.7"),
    ("testclient", "testclient"),
])
def test_addresses_are_counted_by_network(host, network):
    assert throttle.network_of(host) == network


# --- end to end: two worker processes share the counts ----------------------------------------


def test_the_throttle_holds_across_the_workers_of_a_real_server(fresh_database_url):
    email, password = "chair@demo.plenary", DEMO_PASSWORDS["chair@demo.plenary"]
    with live_server(fresh_database_url, workers=2) as base:
        def attempt(given: str) -> httpx2.Response:
            # A new connection each time: the kernel hands each to either worker.
            with httpx2.Client(base_url=base, follow_redirects=False) as browser:
                form = browser.get("/login")
                return browser.post("/login", data={"csrf": csrf_of(form), "email": email,
                                                    "password": given, "next": "/"})

        assert [attempt(WRONG).status_code for _ in range(5)] == [401] * 5
        refused = attempt(password)
        assert paused(refused, 60)
        assert refused.headers["cache-control"] == "no-store"
