"""An amendment's discussion on its page: the thread, the forms, the compromise mark."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from drafting.models import Amendment
from drafting.services import find_delegation
from tests.plenary.conftest import csrf_of


@pytest.fixture
def russian(session, energy):
    """A pending amendment of the Russian Federation to MC.DD/3/26."""
    russia = find_delegation(session, "Russian Federation").id
    return session.scalars(select(Amendment).where(
        Amendment.draft_id == energy.id, Amendment.delegation_id == russia,
        Amendment.status == "submitted").order_by(Amendment.id)).first()


def post(client, amendment, **data):
    page = client.get(f"/amendments/{amendment.id}")
    return client.post(f"/amendments/{amendment.id}/comments",
                       data={"csrf": csrf_of(page), **data})


def test_a_drafter_comments_and_replies_without_javascript(demo_client, russian):
    usa = demo_client("drafter.us")
    page = usa.get(f"/amendments/{russian.id}").text
    assert '<h2 id="discussion-heading">Discussion</h2>' in page
    assert '<label for="comment-text">Your comment (for your delegation)</label>' in page
    answer = post(usa, russian, text="We prefer the current wording.")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith(f"/amendments/{russian.id}#comment-")
    comment_id = answer.headers["location"].rsplit("-", 1)[1]

    belarus = demo_client("drafter.by")
    shown = belarus.get(f"/amendments/{russian.id}").text
    assert "United States of America" in shown and "We prefer the current wording." in shown
    assert "<summary>Reply</summary>" in shown
    assert f'<label for="reply-{comment_id}">Your reply to United States of America' in shown
    replied = post(belarus, russian, text="We support the amendment.", reply_to=comment_id,
                   back=f"/amendments/{russian.id}")
    assert replied.status_code == 303

    russia = demo_client("drafter.ru")
    notices = russia.get("/notifications").text
    assert "United States of America commented on Amendment" in notices
    assert "Belarus replied in the discussion of Amendment" in notices


def test_the_chair_marks_a_compromise_proposal_in_words(demo_client, russian):
    usa = demo_client("drafter.us")
    comment_id = post(usa, russian, text="Perhaps 'where appropriate'?").headers[
        "location"].rsplit("-", 1)[1]
    chair = demo_client("chair")
    page = chair.get(f"/amendments/{russian.id}")
    assert "Mark as compromise proposal" in page.text
    marked = chair.post(f"/comments/{comment_id}/compromise",
                        data={"csrf": csrf_of(page), "compromise": "1",
                              "back": f"/amendments/{russian.id}"})
    assert marked.status_code == 303
    shown = usa.get(f"/amendments/{russian.id}").text
    assert '<strong class="compromise-mark">Compromise proposal</strong>' in shown
    assert "Mark as compromise proposal" not in shown  # the Chair's button only

    unmarked = chair.post(f"/comments/{comment_id}/compromise",
                          data={"csrf": csrf_of(page), "compromise": "0"})
    assert unmarked.status_code == 303
    assert "compromise-mark" not in usa.get(f"/amendments/{russian.id}").text


def test_observers_read_the_thread_but_get_no_form(demo_client, russian):
    post(demo_client("drafter.us"), russian, text="A point.")
    observer = demo_client("observer")
    page = observer.get(f"/amendments/{russian.id}")
    assert "A point." in page.text and 'id="comment-text"' not in page.text
    refused = observer.post(f"/amendments/{russian.id}/comments",
                            data={"csrf": csrf_of(page), "text": "Hello"})
    assert refused.status_code == 403 and "only the drafter or chair" in refused.text


def test_bad_input_gets_a_message(demo_client, russian):
    usa = demo_client("drafter.us")
    assert post(usa, russian, text="   ").status_code == 422
    bad = post(usa, russian, text="Hi", reply_to="abc")
    assert bad.status_code == 422 and "the comment replied to must be a whole number" in bad.text
