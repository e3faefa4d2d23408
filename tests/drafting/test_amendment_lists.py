"""A draft's amendments read page by page: each exactly once, the pending ones first,
filters, counts, and cursors that refuse to be anything but this list's."""

from __future__ import annotations

import base64
import json

import pytest

from drafting import amendment_lists, draft_lists, paging
from drafting.errors import Invalid
from drafting.models import PENDING_STATUSES, Amendment
from drafting.paging import Cursor, check_limit, decode, encode
from tests.factories import make_amendments, open_draft

# The statuses given in turn to the amendments made below: pending and closed mixed, so
# that the order "pending first" has something to do.
CYCLE = ["withdrawn", "submitted", "rejected", "accepted", "needs_rebase", "incorporated",
         "submitted", "contained"]


def add_amendments(session, draft, count: int) -> list[Amendment]:
    return make_amendments(session, draft, count, tuple(CYCLE))


def walk(session, draft, limit: int, **filters) -> list[list[int]]:
    """Every page from the first, following `next`: the ids of each."""
    pages, cursor = [], None
    while True:
        page = amendment_lists.page_of_amendments(session, draft, limit=limit, cursor=cursor,
                                                  **filters)
        pages.append([a.id for a in page.items])
        if page.next is None:
            return pages
        cursor = page.next


def expected_order(made, statuses=None) -> list[int]:
    chosen = [a for a in made if statuses is None or a.status in statuses]
    return ([a.id for a in chosen if a.status in PENDING_STATUSES]
            + [a.id for a in chosen if a.status not in PENDING_STATUSES])


@pytest.fixture
def draft(session):
    return open_draft(session)


@pytest.mark.parametrize("limit", [1, 7, 23, 200])
def test_every_amendment_appears_once_the_pending_ones_first(session, draft, limit):
    made = add_amendments(session, draft, 23)

    pages = walk(session, draft, limit)

    assert [i for page in pages for i in page] == expected_order(made)
    assert all(len(page) == limit for page in pages[:-1]) and 0 < len(pages[-1]) <= limit


def test_previous_walks_the_same_pages_back(session, draft):
    add_amendments(session, draft, 23)
    forward = walk(session, draft, 5)

    page = amendment_lists.page_of_amendments(session, draft, limit=5)
    while page.next is not None:  # to the last page
        page = amendment_lists.page_of_amendments(session, draft, limit=5, cursor=page.next)
    backward = [[a.id for a in page.items]]
    while page.previous is not None:
        page = amendment_lists.page_of_amendments(session, draft, limit=5,
                                                  cursor=page.previous)
        backward.append([a.id for a in page.items])

    assert backward[::-1] == forward
    assert page.previous is None and page.next is not None  # back on the first page


def test_the_first_and_a_single_page_have_no_previous(session, draft):
    add_amendments(session, draft, 3)
    page = amendment_lists.page_of_amendments(session, draft, limit=50)
    assert (len(page.items), page.next, page.previous) == (3, None, None)


def test_a_page_holds_when_amendments_are_added_or_closed_between_pages(session, draft):
    made = add_amendments(session, draft, 10)
    first = amendment_lists.page_of_amendments(session, draft, limit=3)
    closed = next(a for a in made if a.status == "submitted" and a.id not in
                  [x.id for x in first.items])
    closed.status = "withdrawn"  # moves to the closed tier, behind the cursor's place
    session.flush()

    rest = walk_from(session, draft, first.next, 3)

    seen = [a.id for a in first.items] + rest
    assert len(seen) == len(set(seen)) == 10


def walk_from(session, draft, cursor, limit) -> list[int]:
    ids = []
    while cursor is not None:
        page = amendment_lists.page_of_amendments(session, draft, limit=limit, cursor=cursor)
        ids += [a.id for a in page.items]
        cursor = page.next
    return ids


@pytest.mark.parametrize("statuses", [("submitted",), ("withdrawn", "accepted"),
                                      ("rejected", "contained", "needs_rebase")])
def test_a_status_filter_keeps_the_order(session, draft, statuses):
    made = add_amendments(session, draft, 30)

    pages = walk(session, draft, 4, statuses=statuses)

    assert [i for page in pages for i in page] == expected_order(made, statuses)


def test_a_paragraph_filter(session, draft):
    made = add_amendments(session, draft, 12)
    key = made[1].paragraph_key

    ids = [i for page in walk(session, draft, 2, paragraph=key) for i in page]

    assert ids == expected_order([a for a in made if a.paragraph_key == key])
    counts = amendment_lists.counts_by_status(session, draft, key)
    assert sum(counts.values()) == len(ids)


def test_counts_by_status_and_by_paragraph(session, draft):
    made = add_amendments(session, draft, 17)

    counts = amendment_lists.counts_by_status(session, draft)
    assert counts == {s: sum(a.status == s for a in made) for s in counts}
    assert list(counts) == list(amendment_lists.AMENDMENT_STATUSES)
    by_paragraph = amendment_lists.pending_by_paragraph(session, draft)
    assert sum(by_paragraph.values()) == sum(a.status in PENDING_STATUSES for a in made)
    assert by_paragraph[made[1].paragraph_key] == sum(
        a.status in PENDING_STATUSES for a in made if a.paragraph_key == made[1].paragraph_key)


def test_another_drafts_amendments_never_show(session, draft):
    other = open_draft(session, symbol="MC.DD/9/17")
    add_amendments(session, other, 5)
    assert amendment_lists.page_of_amendments(session, draft, limit=50).items == []
    assert sum(amendment_lists.counts_by_status(session, draft).values()) == 0


def test_statuses_are_read_repeated_or_comma_separated():
    assert amendment_lists.check_statuses(["submitted,accepted", "accepted", " withdrawn "]) \
        == ("submitted", "accepted", "withdrawn")
    assert amendment_lists.check_statuses([]) == ()
    with pytest.raises(Invalid, match="unknown status 'pending'; use one or more of "
                                      "submitted, accepted, needs_rebase, withdrawn"):
        amendment_lists.check_statuses(["submitted,pending"])
    with pytest.raises(Invalid, match="unknown state 'open'; use one or more of proposed"):
        draft_lists.check_states(["open"])


@pytest.mark.parametrize("value", ["0", "201", "-1", "ten", "1.5", "²", "9" * 5000])
def test_a_limit_outside_1_to_200_is_refused(value):
    with pytest.raises(Invalid, match="limit must be a whole number from 1 to 200"):
        check_limit(value)


def test_a_limit_within_bounds_or_none():
    assert (check_limit(None), check_limit(""), check_limit("1"), check_limit("200")) == (
        50, 50, 1, 200)


def forged(*parts) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode().rstrip("=")


@pytest.mark.parametrize("text", [
    "not a cursor", "%%%", forged("amendments", 0, [5]), forged("drafts", 0, [5], 0),
    forged("amendments", 2, [5], 0), forged("amendments", -1, [5], 0),
    forged("amendments", 0, [2**31], 0), forged("amendments", 0, [-3], 0),
    forged("amendments", 0, ["5"], 0), forged("amendments", 0, [True], 0),
    forged("amendments", 0, [5, 6], 0), forged("amendments", 0, [5], 2), "x" * 600,
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
])
def test_a_cursor_not_from_this_list_is_refused(text):
    with pytest.raises(Invalid, match="the cursor is not one this list gave"):
        decode(text, amendment_lists.ORDERING, len(amendment_lists.TIERS))


@pytest.mark.parametrize("key", [["2017-11-20T09:00:00"], ["yesterday"], [5]])
def test_a_time_in_a_cursor_must_be_a_time_with_its_offset(key):
    text = forged("drafts", 0, [*key, 4], 0)
    with pytest.raises(Invalid, match="the cursor is not one this list gave"):
        decode(text, draft_lists.ORDERING, len(draft_lists.TIERS))


def test_a_cursor_reads_back_as_written(session, draft):
    made = add_amendments(session, draft, 3)
    cursor = Cursor(1, (made[0].id,), backward=True)
    assert decode(encode(cursor, amendment_lists.ORDERING), amendment_lists.ORDERING, 2) == cursor
    page = paging.read_page(session, [], amendment_lists.ORDERING, 5)
    assert (page.items, page.next, page.previous) == ([], None, None)
