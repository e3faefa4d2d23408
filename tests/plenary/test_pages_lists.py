"""The pages of long lists, without JavaScript: a draft's amendments, the draft page with
the first page of pending amendments and counts, the dashboard, notifications, history
and decisions, each with plain "Next page" and "Previous page" links; and a draft page
whose cost in SQL statements does not grow with its amendments."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import event

from drafting import notices
from drafting.models import AMENDMENT_STATUSES
from tests.drafting.test_amendment_lists import CYCLE
from tests.factories import (
    make_amendments,
    make_draft,
    make_user,
    open_draft,
    paragraph,
    silence_decision,
)
from tests.plenary.conftest import csrf_of

PASSWORD = "correct horse battery"
PROPOSAL = re.compile(r'<div class="proposal [^"]*" id="amendment-(\d+)"')
NEXT = re.compile(r'<a href="([^"]+)" rel="next">Next page</a>')
PREVIOUS = re.compile(r'<a href="([^"]+)" rel="prev">Previous page</a>')


@pytest.fixture
def chair(client, session, sign_in):
    make_user(session, "chair", password=PASSWORD)
    session.commit()
    assert sign_in(client, "chair.x@test.plenary", PASSWORD).status_code == 303
    return client


@pytest.fixture
def draft(session):
    return open_draft(session)


def shown(page) -> list[int]:
    return [int(i) for i in PROPOSAL.findall(page.text)]


def link(pattern, page) -> str:
    return pattern.search(page.text).group(1).replace("&amp;", "&")


def test_the_amendment_list_pages_with_plain_links(chair, session, draft):
    made = make_amendments(session, draft, 60, tuple(CYCLE))
    session.commit()

    first = chair.get(f"/drafts/{draft.id}/amendments")
    second = chair.get(link(NEXT, first))
    back = chair.get(link(PREVIOUS, second))

    assert first.status_code == second.status_code == back.status_code == 200
    assert len(shown(first)) == 50 and len(shown(second)) == 10
    assert sorted(shown(first) + shown(second)) == sorted(a.id for a in made)
    assert shown(back) == shown(first) and not NEXT.search(second.text)
    assert not PREVIOUS.search(first.text) and "First page" in second.text
    for status in AMENDMENT_STATUSES:  # what exists, in every status
        count = sum(a.status == status for a in made)
        assert f'value="{status}"> {status.replace("_", " ")} ({count})' in first.text


def test_the_amendment_list_filters_by_status_with_a_plain_form(chair, session, draft):
    made = make_amendments(session, draft, 20, tuple(CYCLE))
    session.commit()

    page = chair.get(f"/drafts/{draft.id}/amendments", params={"status": ["withdrawn",
                                                                          "rejected"]})

    assert sorted(shown(page)) == sorted(a.id for a in made
                                         if a.status in ("withdrawn", "rejected"))
    assert 'value="withdrawn" checked' in page.text and 'value="submitted" checked' not in page.text


def test_a_bad_amendment_list_query_is_a_clear_page(chair, session, draft):
    session.commit()
    page = chair.get(f"/drafts/{draft.id}/amendments?status=pending")
    assert page.status_code == 422
    assert "unknown status &#39;pending&#39;; use one or more of submitted" in page.text


def test_the_draft_page_shows_the_first_page_of_pending_amendments_and_counts(chair, session,
                                                                              draft):
    made = make_amendments(session, draft, 64, ("submitted", "withdrawn"))  # 32 and 32
    made += make_amendments(session, draft, 30, ("accepted",))  # 62 pending in all
    session.commit()
    op1 = paragraph(session, draft, "OP1")
    pending_op1 = sum(a.paragraph_key == op1.key and a.status != "withdrawn" for a in made)

    page = chair.get(f"/drafts/{draft.id}")

    pending = sorted(a.id for a in made if a.status != "withdrawn")
    assert shown(page) and set(shown(page)) == set(pending[:50])
    assert "The first 50 of the 62 pending amendments are shown beside the text" in page.text
    assert (f'href="/drafts/{draft.id}/amendments?status=submitted,accepted,needs_rebase">'
            'pending (62)</a>') in page.text
    assert f'href="/drafts/{draft.id}/amendments?status=withdrawn">withdrawn (32)</a>' in page.text
    assert (f'<a href="/drafts/{draft.id}/amendments?paragraph={op1.key}&amp;status=submitted,'
            f'accepted,needs_rebase">{pending_op1} pending amendments to OP1</a>') in page.text
    assert 'name="incorporate_more"' in page.text  # for those the form cannot list


def test_the_chair_incorporates_an_amendment_beyond_the_first_page_by_number(chair, session,
                                                                            draft):
    made = make_amendments(session, draft, 55, ("accepted",))
    session.commit()
    page = chair.get(f"/drafts/{draft.id}")
    last = made[-1]

    bad = chair.post(f"/drafts/{draft.id}/revisions", data={
        "csrf": csrf_of(page), "base_revision": "0", "incorporate_more": "12, x"})
    issued = chair.post(f"/drafts/{draft.id}/revisions", data={
        "csrf": csrf_of(page), "base_revision": "0", "incorporate_more": f"{last.id}",
        "confirm": "yes"})

    assert bad.status_code == 422 and "by their numbers, separated by commas" in bad.text
    assert issued.status_code == 303, issued.text
    session.refresh(last)
    assert (last.status, last.incorporated_in) == ("incorporated", 1)


class Statements:
    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self.seen)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self.seen)

    def seen(self, *args):
        self.count += 1


def statements_for(client, engine, path: str) -> int:
    client.get(path)  # once to warm anything cached per process
    with Statements(engine) as counted:
        assert client.get(path).status_code == 200
    return counted.count


@pytest.mark.parametrize("path", ["/drafts/{id}", "/drafts/{id}/amendments",
                                  "/drafts/{id}/amendments?status=submitted,withdrawn",
                                  "/drafts/{id}/map"])
def test_a_page_costs_the_same_statements_at_10_and_at_60_amendments(chair, session, engine,
                                                                     path):
    few, many = open_draft(session, symbol="MC.DD/1/17"), open_draft(session, symbol="MC.DD/2/17")
    for d, count in ((few, 10), (many, 60)):
        for a in make_amendments(session, d, count, tuple(CYCLE)):
            if a.id % 2:
                a.supports = [_support(session, "France"), _support(session, "Malta")]
    session.commit()

    at_10 = statements_for(chair, engine, path.format(id=few.id))
    at_60 = statements_for(chair, engine, path.format(id=many.id))
    assert at_10 == at_60 and at_10 > 5


def _support(session, name):
    from drafting.models import AmendmentSupport
    from drafting.services import find_delegation

    return AmendmentSupport(delegation_id=find_delegation(session, name).id)


def test_the_dashboard_pages_the_drafts_and_filters_them(chair, session):
    for n in range(53):
        make_draft(session, symbol=f"MC.DD/{n + 1}/17").state = (
            "adopted" if n % 10 == 0 else "negotiating")
    session.commit()

    first = chair.get("/")
    second = chair.get(link(NEXT, first))
    adopted = chair.get("/?state=adopted")

    rows = re.compile(r'<td><a href="/drafts/(\d+)">')
    assert len(rows.findall(first.text)) == 50 and len(rows.findall(second.text)) == 3
    assert set(rows.findall(first.text)).isdisjoint(rows.findall(second.text))
    assert '<a href="/?state=adopted">adopted (6)</a>' in first.text
    assert len(rows.findall(adopted.text)) == 6 and "adopted" in adopted.text


def test_the_notifications_page_pages_newest_first(chair, session):
    for n in range(130):
        notices.to_everyone(session, f"notice number {n}.")
    session.commit()

    first = chair.get("/notifications")
    second = chair.get(link(NEXT, first))

    assert "notice number 129." in first.text and "notice number 30." in first.text
    assert "notice number 29." not in first.text
    assert "notice number 29." in second.text and "notice number 0." in second.text
    assert not NEXT.search(second.text) and PREVIOUS.search(second.text)


def test_the_history_page_pages_the_audit_trail(chair, session, draft):
    from drafting.audit import record
    from tests.factories import CHAIR

    for n in range(120):
        record(session, CHAIR, "draft:note", draft.id, draft_id=draft.id, n=n)
    session.commit()

    first = chair.get(f"/drafts/{draft.id}/history")
    second = chair.get(link(NEXT, first))

    assert first.text.count("<td>draft:note</td>") == 98  # after the import and the opening
    assert second.text.count("<td>draft:note</td>") == 22


def test_the_decisions_page_pages_them_all(chair, session):
    for n in range(3):
        silence_decision(session, date(2017, 12, 1 + n), title=f"Decision {n}")
    session.commit()

    first = chair.get("/decisions?limit=2")
    second = chair.get(link(NEXT, first))

    assert first.text.count('<td><a href="/decisions/') == 2
    assert second.text.count('<td><a href="/decisions/') == 1
    assert 'href="/decisions">All decisions</a>' in chair.get("/").text
