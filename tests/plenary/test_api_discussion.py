"""An amendment's discussion through the JSON API: read, comment, reply, mark."""

from __future__ import annotations

import pytest

from drafting import amendments
from tests.factories import drafter, make_user, open_draft, paragraph
from tests.plenary.conftest import bearer


@pytest.fixture
def people(session, token_for):
    return {
        "chair": token_for(make_user(session, role="chair")),
        "it": token_for(make_user(session, delegation="Italy")),
        "fr": token_for(make_user(session, delegation="France")),
        "obs": token_for(make_user(session, role="observer")),
    }


@pytest.fixture
def amendment(session):
    draft = open_draft(session)
    op1 = paragraph(session, draft, "OP1")
    made = amendments.propose(session, drafter(session, "Italy"), draft,
                              paragraph_key=op1.key, action="modify", text=op1.text + " now")
    session.commit()
    return made


def test_comment_reply_mark_and_read_the_thread(client, people, amendment):
    url = f"/api/v1/amendments/{amendment.id}/comments"
    top = client.post(url, headers=bearer(people["fr"]), json={"text": "Why now?"})
    assert top.status_code == 201, top.text
    assert (top.json()["speaker"], top.json()["reply_to"]) == ("France", None)
    reply = client.post(url, headers=bearer(people["it"]),
                        json={"text": "Because.", "reply_to": top.json()["id"]})
    assert reply.status_code == 201 and reply.json()["reply_to"] == top.json()["id"]

    mark = f"/api/v1/comments/{reply.json()['id']}/compromise"
    assert client.post(mark, headers=bearer(people["fr"]),
                       json={"compromise": True}).status_code == 403
    marked = client.post(mark, headers=bearer(people["chair"]), json={"compromise": True})
    assert marked.status_code == 200 and marked.json()["compromise"] is True
    again = client.post(mark, headers=bearer(people["chair"]), json={"compromise": True})
    assert again.status_code == 409 and "already marked" in again.json()["error"]["message"]

    thread = client.get(url, headers=bearer(people["obs"])).json()
    assert (thread["open"], thread["count"], thread["next"]) == (True, 2, None)
    [first] = thread["comments"]
    assert first["text"] == "Why now?"
    assert [(r["speaker"], r["compromise"]) for r in first["replies"]] == [("Italy", True)]

    notices = client.get("/api/v1/notifications", headers=bearer(people["it"])).json()
    assert any(n["message"].startswith("France commented on Amendment")
               for n in notices["notifications"])


def test_the_thread_is_paged(client, people, amendment):
    url = f"/api/v1/amendments/{amendment.id}/comments"
    for n in range(3):
        assert client.post(url, headers=bearer(people["chair"]),
                           json={"text": f"Point {n}"}).status_code == 201
    first = client.get(f"{url}?limit=2", headers=bearer(people["it"])).json()
    assert [c["text"] for c in first["comments"]] == ["Point 0", "Point 1"]
    second = client.get(first["next"], headers=bearer(people["it"])).json()
    assert [c["text"] for c in second["comments"]] == ["Point 2"]
    bad = client.get(f"{url}?cursor=nonsense", headers=bearer(people["it"]))
    assert bad.status_code == 422


@pytest.mark.parametrize(("who", "body", "status", "message"), [
    ("obs", {"text": "Hi"}, 403, "only the drafter or chair or secretariat"),
    ("fr", {}, 422, "the field 'text' is required"),
    ("fr", {"text": "   "}, 422, "the comment is empty"),
    ("fr", {"text": "x" * 5_001}, 422, "at most 5,000"),
    ("fr", {"text": "Hi", "reply_to": 999_999}, 422, "there is no comment 999999"),
    ("fr", {"text": "Hi", "reply_to": "1"}, 422, "'reply_to' must be"),
])
def test_bad_comments_are_refused_with_a_message(client, people, amendment, who, body,
                                                  status, message):
    answer = client.post(f"/api/v1/amendments/{amendment.id}/comments",
                         headers=bearer(people[who]), json=body)
    assert answer.status_code == status and message in answer.json()["error"]["message"]


def test_a_closed_amendment_takes_no_more_comments(client, people, amendment):
    assert client.post(f"/api/v1/amendments/{amendment.id}/withdraw",
                       headers=bearer(people["it"])).status_code == 200
    answer = client.post(f"/api/v1/amendments/{amendment.id}/comments",
                         headers=bearer(people["fr"]), json={"text": "Late"})
    assert answer.status_code == 409 and "discussion is closed" in answer.text
    thread = client.get(f"/api/v1/amendments/{amendment.id}/comments",
                        headers=bearer(people["fr"])).json()
    assert thread["open"] is False


def test_unknown_records_are_404(client, people):
    assert client.get("/api/v1/amendments/999999/comments",
                      headers=bearer(people["it"])).status_code == 404
    assert client.post("/api/v1/comments/999999/compromise", headers=bearer(people["chair"]),
                       json={"compromise": True}).status_code == 404
