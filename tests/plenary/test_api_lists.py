"""The JSON API's lists, page by page: following `next` reaches every record once,
`previous` goes back, filters and counts, and a clear 422 for a bad status, limit or
cursor."""

from __future__ import annotations

from datetime import timedelta

import pytest

from drafting import notices
from drafting.audit import record
from drafting.models import PENDING_STATUSES
from tests.drafting.test_amendment_lists import CYCLE
from tests.factories import CHAIR, TABLED_AT, make_amendments, make_draft, make_user, open_draft
from tests.plenary.conftest import bearer


@pytest.fixture
def headers(session, token_for):
    return bearer(token_for(make_user(session, role="chair")))


@pytest.fixture
def draft(session):
    return open_draft(session)


def follow(client, url: str, headers, key: str) -> list[dict]:
    """The records of every page, from `url` through the `next` links."""
    pages = []
    while url:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.text
        pages.append(response.json()[key])
        url = response.json()["next"]
    return pages


def test_amendments_page_through_every_one_once_pending_first(client, session, headers, draft):
    made = make_amendments(session, draft, statuses=CYCLE, count=23)
    session.commit()

    pages = follow(client, f"/api/v1/drafts/{draft.id}/amendments?limit=5", headers,
                   "amendments")

    listed = [a for page in pages for a in page]
    assert [len(page) for page in pages] == [5, 5, 5, 5, 3]
    assert sorted(a["id"] for a in listed) == sorted(a.id for a in made)
    pending = [a["status"] in PENDING_STATUSES for a in listed]
    assert pending == sorted(pending, reverse=True)  # every pending one before any closed
    assert all(a["redline"] for a in listed)


def test_the_previous_link_goes_back_a_page(client, session, headers, draft):
    make_amendments(session, draft, statuses=CYCLE, count=12)
    session.commit()
    url = f"/api/v1/drafts/{draft.id}/amendments?limit=5"
    first = client.get(url, headers=headers).json()
    second = client.get(first["next"], headers=headers).json()

    back = client.get(second["previous"], headers=headers).json()

    assert first["previous"] is None and second["previous"] is not None
    assert [a["id"] for a in back["amendments"]] == [a["id"] for a in first["amendments"]]
    assert "limit=5" in second["next"] and second["next"].startswith(
        f"/api/v1/drafts/{draft.id}/amendments?")


def test_amendments_filtered_by_status_and_counted(client, session, headers, draft):
    made = make_amendments(session, draft, statuses=CYCLE, count=16)
    session.commit()
    url = f"/api/v1/drafts/{draft.id}/amendments"

    repeated = client.get(f"{url}?status=withdrawn&status=accepted", headers=headers).json()
    commas = client.get(f"{url}?status=withdrawn,accepted", headers=headers).json()

    wanted = {a.id for a in made if a.status in ("withdrawn", "accepted")}
    assert {a["id"] for a in repeated["amendments"]} == wanted
    assert commas["amendments"] == repeated["amendments"]
    assert repeated["counts"] == {s: sum(a.status == s for a in made)
                                  for s in repeated["counts"]}
    assert repeated["next"] is None


def test_amendments_of_one_paragraph(client, session, headers, draft):
    made = make_amendments(session, draft, statuses=CYCLE, count=9)
    session.commit()
    key = made[0].paragraph_key

    answer = client.get(f"/api/v1/drafts/{draft.id}/amendments", params={"paragraph": key},
                        headers=headers).json()

    assert {a["paragraph"] for a in answer["amendments"]} == {key}
    assert len(answer["amendments"]) == sum(a.paragraph_key == key for a in made)
    assert sum(answer["counts"].values()) == len(answer["amendments"])


@pytest.mark.parametrize(("query", "message"), [
    ("status=pending", "unknown status 'pending'; use one or more of submitted, accepted, "
                       "needs_rebase, withdrawn, rejected, incorporated, contained"),
    ("status=submitted,open", "unknown status 'open'"),
    ("limit=0", "limit must be a whole number from 1 to 200"),
    ("limit=201", "limit must be a whole number from 1 to 200"),
    ("limit=many", "limit must be a whole number from 1 to 200"),
    ("cursor=garbage", "the cursor is not one this list gave: follow the next and previous "
                       "links as they are, or leave cursor out to start again"),
    ("paragraph=" + "p" * 40, "paragraph must be a paragraph key"),
    ("paragraph=p%00x", "contains a NUL character"),
])
def test_a_bad_amendment_list_query_is_a_clear_422(client, headers, draft, session, query,
                                                   message):
    session.commit()
    response = client.get(f"/api/v1/drafts/{draft.id}/amendments?{query}", headers=headers)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    assert message in response.json()["error"]["message"]


def test_a_cursor_of_another_list_is_refused(client, session, headers, draft):
    for n in range(3):
        make_draft(session, symbol=f"MC.DD/{n + 20}/17")
    session.commit()
    drafts_next = client.get("/api/v1/drafts?limit=1", headers=headers).json()["next"]
    cursor = drafts_next.split("cursor=")[1]

    response = client.get(f"/api/v1/drafts/{draft.id}/amendments?cursor={cursor}",
                          headers=headers)

    assert response.status_code == 422
    assert "the cursor is not one this list gave" in response.json()["error"]["message"]


def test_drafts_page_through_the_open_ones_first_newest_first(client, session, headers):
    made = []
    for n in range(7):
        d = make_draft(session, symbol=f"MC.DD/{n + 1}/17", tabled_at=TABLED_AT + timedelta(n))
        d.state = ["negotiating", "adopted", "proposed", "withdrawn"][n % 4]
        made.append(d)
    session.commit()

    pages = follow(client, "/api/v1/drafts?limit=3", headers, "drafts")

    listed = [d["id"] for page in pages for d in page]
    open_first = [d for d in reversed(made) if d.state in ("negotiating", "proposed")]
    closed = [d for d in reversed(made) if d.state not in ("negotiating", "proposed")]
    assert listed == [d.id for d in open_first + closed]
    assert [len(page) for page in pages] == [3, 3, 1]


def test_drafts_filtered_by_state_and_counted(client, session, headers):
    for n, state in enumerate(["negotiating", "adopted", "negotiating", "withdrawn"]):
        make_draft(session, symbol=f"MC.DD/{n + 1}/17").state = state
    session.commit()

    answer = client.get("/api/v1/drafts?state=negotiating", headers=headers).json()
    bad = client.get("/api/v1/drafts?state=open", headers=headers)

    assert [d["state"] for d in answer["drafts"]] == ["negotiating", "negotiating"]
    assert answer["counts"] == {"proposed": 0, "negotiating": 2, "under_silence": 0,
                                "adopted": 1, "withdrawn": 1}
    assert bad.status_code == 422 and bad.json()["error"]["message"] == (
        "unknown state 'open'; use one or more of proposed, negotiating, under_silence, "
        "adopted, withdrawn")


def test_notifications_page_through_newest_first(client, session, token_for):
    user = make_user(session, delegation="Italy")
    italy = user.delegation_id
    for n in range(12):  # to Italy, to everyone, to another delegation, to the Chair
        if n % 4 == 0:
            notices.to_delegation(session, italy, f"to Italy {n}")
        elif n % 4 == 1:
            notices.to_everyone(session, f"to all {n}")
        elif n % 4 == 2:
            notices.to_delegation(session, italy + 1, f"to another {n}")
        else:
            notices.to_role(session, "chair", f"to the Chair {n}")
    session.commit()

    pages = follow(client, "/api/v1/notifications?limit=2", bearer(token_for(user)),
                   "notifications")

    messages = [n["message"] for page in pages for n in page]
    assert messages == [f"to {'Italy' if n % 4 == 0 else 'all'} {n}"
                        for n in reversed(range(12)) if n % 4 in (0, 1)]
    assert [len(page) for page in pages] == [2, 2, 2]


def test_a_drafts_events_page_through_oldest_first(client, session, headers, draft):
    for n in range(6):
        record(session, CHAIR, "draft:note", draft.id, draft_id=draft.id, n=n)
    session.commit()

    pages = follow(client, f"/api/v1/drafts/{draft.id}/events?limit=3", headers, "events")

    events = [e for page in pages for e in page]
    assert [e["id"] for e in events] == sorted(e["id"] for e in events)
    assert [e["data"].get("n") for e in events if e["name"] == "draft:note"] == list(range(6))
    assert len(events) == 6 + 2  # the import and the opening came first


def test_decisions_page_through(client, session, headers):
    from datetime import date

    from tests.factories import silence_decision

    made = [silence_decision(session, date(2017, 12, 1 + n), title=f"Decision {n}")
            for n in range(5)]
    session.commit()

    pages = follow(client, "/api/v1/decisions?limit=2", headers, "decisions")

    assert [d["id"] for page in pages for d in page] == [d.id for d in reversed(made)]


def test_meetings_page_through_every_one_once_latest_first(client, session, headers):
    from datetime import date

    from workflow import services as workflow

    for n in range(1, 8):
        meeting = workflow.create_meeting(session, CHAIR, body="PC", number=1200 + n,
                                          place="Vienna", starts_on=date(2020, 1, n),
                                          ends_on=date(2020, 1, n))
        workflow.open_journal(session, CHAIR, meeting, number=1200 + n, day=date(2020, 1, n))
    session.commit()
    pages = follow(client, "/api/v1/meetings?limit=3", headers, "meetings")
    assert [len(page) for page in pages] == [3, 3, 1]
    meetings = [m for page in pages for m in page]
    assert [m["number"] for m in meetings] == [1207, 1206, 1205, 1204, 1203, 1202, 1201]
    assert all(len(m["journals"]) == 1 for m in meetings)
    bad = client.get("/api/v1/meetings?limit=0", headers=headers)
    assert bad.status_code == 422
