"""Notifications in the app: each user sees what their delegation or office and everyone
were told, newest first, on the dashboard, on /notifications and through the API."""

from __future__ import annotations

import pytest

from drafting import notices
from drafting.services import find_delegation, notices_for_user
from tests.factories import make_user
from tests.plenary.conftest import bearer

PASSWORD = "correct horse battery"


@pytest.fixture
def told(session) -> None:
    """One notice to each kind of addressee, oldest first."""
    italy, france = (find_delegation(session, n).id for n in ("Italy", "France"))
    notices.to_everyone(session, "MC.DD/3/26 is open for amendments", link="/drafts/1")
    notices.to_delegation(session, italy, "amendment 4 of Italy was accepted",
                          link="/amendments/4")
    notices.to_delegation(session, france, "amendment 5 of France needs rewriting",
                          link="/amendments/5")
    notices.to_role(session, "chair", "France broke silence on MC.DD/3/26")
    notices.to_everyone(session, "silence on MC.DD/3/26 & Rev.1 ends on 8 December")
    session.commit()


ITALY_SEES = ["silence on MC.DD/3/26 & Rev.1 ends on 8 December",
              "amendment 4 of Italy was accepted", "MC.DD/3/26 is open for amendments"]
CHAIR_SEES = ["silence on MC.DD/3/26 & Rev.1 ends on 8 December",
              "France broke silence on MC.DD/3/26", "MC.DD/3/26 is open for amendments"]


@pytest.fixture
def italy(session):
    return make_user(session, "drafter", "Italy", password=PASSWORD)


@pytest.fixture
def chair(session):
    return make_user(session, "chair", password=PASSWORD)


def browser(make_client, sign_in, user):
    client = make_client()
    assert sign_in(client, user.email, PASSWORD).status_code == 303
    return client


def test_a_user_is_told_what_their_delegation_or_role_and_everyone_were_told(session, told):
    italy = find_delegation(session, "Italy").id

    def messages(**whom):
        return [n.message for n in notices_for_user(session, **whom)]

    assert messages(delegation_id=italy, role="drafter") == ITALY_SEES
    assert messages(delegation_id=None, role="chair") == CHAIR_SEES
    assert messages(delegation_id=None, role="observer") == [ITALY_SEES[0], ITALY_SEES[2]]
    assert messages(delegation_id=italy, role="drafter", limit=1) == ITALY_SEES[:1]


def test_the_notifications_page_of_a_drafter_of_italy(make_client, sign_in, italy, told):
    page = browser(make_client, sign_in, italy).get("/notifications")

    assert page.status_code == 200
    assert '<h1>Notifications</h1>' in page.text
    assert "What Italy and everyone were told, newest first." in page.text
    shown = [page.text.index(message.replace("&", "&amp;")) for message in ITALY_SEES]
    assert shown == sorted(shown)  # newest first
    assert '<a href="/amendments/4">amendment 4 of Italy was accepted</a>' in page.text
    assert "France" not in page.text
    assert "MC.DD/3/26 &amp; Rev.1" in page.text  # escaped like everything else


def test_the_notifications_page_of_the_chair(make_client, sign_in, chair, told):
    page = browser(make_client, sign_in, chair).get("/notifications")

    assert page.status_code == 200
    assert "France broke silence on MC.DD/3/26" in page.text
    assert "Italy was accepted" not in page.text and "France needs rewriting" not in page.text
    # A notice without a link is shown as text, not as a link to nowhere.
    assert '<strong>Unread:</strong> France broke silence on MC.DD/3/26 <span class="when">' \
        in page.text


def test_every_page_links_to_the_notifications(make_client, sign_in, chair):
    page = browser(make_client, sign_in, chair).get("/")

    assert '<a href="/notifications">Notifications</a>' in page.text


def test_the_dashboard_shows_the_latest_notifications_to_every_user(make_client, sign_in,
                                                                     chair, told):
    page = browser(make_client, sign_in, chair).get("/")

    assert '<h2 id="notices-heading">Notifications</h2>' in page.text
    assert "France broke silence on MC.DD/3/26" in page.text
    assert '<a href="/notifications">All notifications</a>' in page.text
    assert "Italy was accepted" not in page.text


def test_a_dashboard_without_notifications_says_so(make_client, sign_in, chair):
    page = browser(make_client, sign_in, chair).get("/")

    assert '<h2 id="notices-heading">Notifications</h2>' in page.text
    assert "No notifications yet." in page.text


def test_the_notifications_page_needs_a_sign_in(client):
    response = client.get("/notifications")

    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/notifications"


def test_the_api_lists_the_notifications_of_the_tokens_user(client, session, italy, chair,
                                                            token_for, told):
    as_italy = client.get("/api/v1/notifications", headers=bearer(token_for(italy)))
    as_chair = client.get("/api/v1/notifications", headers=bearer(token_for(chair)))

    assert as_italy.status_code == as_chair.status_code == 200
    listed = as_italy.json()["notifications"]
    assert [n["message"] for n in listed] == ITALY_SEES
    assert [n["message"] for n in as_chair.json()["notifications"]] == CHAIR_SEES
    accepted = listed[1]
    assert set(accepted) == {"id", "message", "link", "draft_id", "created_at", "read"}
    assert accepted["read"] is False and as_italy.json()["unread"] == 3
    assert accepted["link"] == "/amendments/4" and accepted["draft_id"] is None
    assert accepted["created_at"].endswith("+00:00")
    assert listed[0]["id"] > accepted["id"] > listed[2]["id"]


def test_the_api_needs_a_token(client):
    response = client.get("/api/v1/notifications")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
