"""An amendment's discussion: who may comment, replies one level deep, the limits, the
notices to the proposer, the Chair's compromise mark, the audit trail, and when it closes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from drafting import amendments, discussion, limits
from drafting.actors import Actor
from drafting.audit import AuditEvent
from drafting.errors import Conflict, Forbidden, Invalid
from drafting.models import Comment, Draft, Notice
from tests.factories import CHAIR, SECRETARIAT, drafter, open_draft, paragraph

OBSERVER = Actor(user_id=None, role="observer", name="Observer")


@pytest.fixture
def amendment(session):
    draft = open_draft(session)
    op1 = paragraph(session, draft, "OP1")
    return amendments.propose(session, drafter(session, "Italy"), draft,
                              paragraph_key=op1.key, action="modify",
                              text=op1.text + " at once")


def notices_to(session, amendment):
    return [n.message for n in session.scalars(
        select(Notice).where(Notice.delegation_id == amendment.delegation_id,
                             Notice.message.contains("discussion")
                             | Notice.message.contains("commented")
                             | Notice.message.contains("compromise")).order_by(Notice.id))]


def test_a_drafter_comments_for_its_delegation_and_the_proposer_is_told(session, amendment):
    c = discussion.post(session, drafter(session, "Russian Federation"), amendment,
                        "  We cannot   accept\n this. ")
    assert (c.speaker, c.role, c.text, c.parent_id) == ("Russian Federation", "drafter",
                                                        "We cannot accept this.", None)
    [told] = notices_to(session, amendment)
    assert told.startswith("Russian Federation commented on Amendment")
    notice = session.scalars(select(Notice).order_by(Notice.id.desc())).first()
    assert notice.link == f"/amendments/{amendment.id}#comment-{c.id}"
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.name, event.subject_id, event.data) == (
        "comment:post", c.id, {"amendment": amendment.id, "reply_to": None})


def test_the_proposer_is_not_told_of_its_own_comments(session, amendment):
    discussion.post(session, drafter(session, "Italy"), amendment, "To explain: ...")
    assert notices_to(session, amendment) == []


def test_the_chair_and_the_secretariat_speak_for_their_office(session, amendment):
    assert discussion.post(session, CHAIR, amendment, "Views?").speaker == "The Chair"
    c = discussion.post(session, SECRETARIAT, amendment, "Noted.")
    assert (c.speaker, c.delegation_id) == ("The secretariat", None)


def test_observers_read_only(session, amendment):
    with pytest.raises(Forbidden, match="only the drafter or chair or secretariat"):
        discussion.post(session, OBSERVER, amendment, "Hello")
    assert not discussion.may_post(session, OBSERVER, amendment)


def test_a_reply_to_a_reply_joins_the_same_top_level_comment(session, amendment):
    top = discussion.post(session, CHAIR, amendment, "Views?")
    reply = discussion.post(session, drafter(session, "Belarus"), amendment, "Support.",
                            reply_to=top.id)
    again = discussion.post(session, drafter(session, "Italy"), amendment, "Thanks.",
                            reply_to=reply.id)
    assert (reply.parent_id, again.parent_id) == (top.id, top.id)
    assert notices_to(session, amendment)[-1].startswith("Belarus replied in the discussion")
    [thread] = discussion.page_of_threads(session, amendment, limit=10).items
    assert (thread.comment, thread.replies) == (top, [reply, again])


def test_a_reply_names_a_comment_of_the_same_amendment(session, amendment):
    other = amendments.propose(session, drafter(session, "Belarus"),
                               session.get(Draft, amendment.draft_id),
                               paragraph_key=amendment.paragraph_key, action="delete")
    foreign = discussion.post(session, CHAIR, other, "Elsewhere")
    with pytest.raises(Invalid, match=f"there is no comment {foreign.id} in the discussion"):
        discussion.post(session, CHAIR, amendment, "Here", reply_to=foreign.id)


@pytest.mark.parametrize(("text", "message"), [
    ("   ", "the comment is empty"),
    ("x" * 5_001, "the comment has 5,001 characters; at most 5,000"),
    ("bad \x07 bell", "control characters"),
    (12, "must be text"),
])
def test_bad_text_is_refused(session, amendment, text, message):
    with pytest.raises(Invalid, match=message):
        discussion.post(session, CHAIR, amendment, text)


def test_at_most_500_comments_per_amendment(session, amendment):
    session.add_all([Comment(amendment_id=amendment.id, role="chair", text=f"c{n}",
                             compromise=False)
                     for n in range(limits.MAX_COMMENTS_PER_AMENDMENT)])
    session.flush()
    with pytest.raises(Conflict, match="MAX_COMMENTS_PER_AMENDMENT, 500"):
        discussion.post(session, CHAIR, amendment, "One more")


def test_the_discussion_closes_with_the_amendment(session, amendment):
    amendments.withdraw(session, drafter(session, "Italy"), amendment)
    with pytest.raises(Conflict, match="is withdrawn: its discussion is closed"):
        discussion.post(session, CHAIR, amendment, "Too late")
    assert not discussion.is_open(session, amendment)


def test_the_discussion_closes_with_the_draft(session, amendment):
    session.get(Draft, amendment.draft_id).state = "adopted"
    with pytest.raises(Conflict, match="is adopted: the discussion of its amendments"):
        discussion.post(session, CHAIR, amendment, "Too late")


def test_the_chair_marks_and_unmarks_a_compromise_proposal(session, amendment):
    top = discussion.post(session, CHAIR, amendment, "Views?")
    reply = discussion.post(session, drafter(session, "Belarus"), amendment,
                            "Perhaps 'in due course'?", reply_to=top.id)
    discussion.mark_compromise(session, CHAIR, reply)
    assert reply.compromise
    assert notices_to(session, amendment)[-1].startswith(
        "The Chair marked a comment of Belarus on Amendment")
    with pytest.raises(Conflict, match="already marked"):
        discussion.mark_compromise(session, CHAIR, reply)
    discussion.mark_compromise(session, CHAIR, reply, False)
    assert not reply.compromise
    names = list(session.scalars(select(AuditEvent.name).where(
        AuditEvent.subject_id == reply.id, AuditEvent.name.like("comment:%"))
        .order_by(AuditEvent.id)))
    assert names == ["comment:post", "comment:mark", "comment:unmark"]


def test_only_the_chair_marks_a_compromise_proposal(session, amendment):
    c = discussion.post(session, drafter(session, "Belarus"), amendment, "Perhaps?")
    for actor in (SECRETARIAT, drafter(session, "Italy"), OBSERVER):
        with pytest.raises(Forbidden, match="only the chair may mark a compromise"):
            discussion.mark_compromise(session, actor, c)
    assert discussion.may_mark(session, CHAIR, amendment)
    assert not discussion.may_mark(session, SECRETARIAT, amendment)


def test_the_thread_is_paged_over_top_level_comments(session, amendment):
    tops = [discussion.post(session, CHAIR, amendment, f"Point {n}") for n in range(5)]
    discussion.post(session, SECRETARIAT, amendment, "Reply", reply_to=tops[1].id)
    first = discussion.page_of_threads(session, amendment, limit=2)
    assert [t.comment for t in first.items] == tops[:2]
    assert [r.text for r in first.items[1].replies] == ["Reply"]
    second = discussion.page_of_threads(session, amendment, limit=2, cursor=first.next)
    assert [t.comment for t in second.items] == tops[2:4]
