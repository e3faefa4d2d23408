"""The amendment pages through HTTP: the consolidated draft, the forms, an amendment's
page with its conflict, compare, the consensus map, and the notices."""

from __future__ import annotations

import pytest

from drafting import amendments, revisions
from tests.factories import CHAIR, drafter, paragraph
from tests.plenary.conftest import csrf_of


@pytest.fixture
def italy(demo_client):
    return demo_client("drafter.it")


@pytest.fixture
def chair(demo_client):
    return demo_client("chair")


def test_the_consolidated_draft_shows_every_pending_amendment_as_a_redline(italy, energy):
    page = italy.get(f"/drafts/{energy.id}").text
    assert '<del>within existing resources</del><ins>subject to the availability of' in page
    assert "OP1(b)bis" in page and "Supported by Belarus" in page
    assert "Propose an amendment to OP3" in page


def test_a_drafter_proposes_through_the_form(italy, energy, session):
    page = italy.get(f"/drafts/{energy.id}")
    op3 = paragraph(session, energy, "OP3")
    response = italy.post(f"/drafts/{energy.id}/amendments", data={
        "csrf": csrf_of(page), "paragraph": op3.key, "base_revision": "0",
        "action": "modify", "text": op3.text.replace("take part in", "join"),
        "rationale": "<i>shorter</i>"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/drafts/{energy.id}#{op3.key}"
    shown = italy.get(f"/drafts/{energy.id}").text
    assert "<del>take part in</del><ins>join</ins>" in shown
    assert "&lt;i&gt;shorter&lt;/i&gt;" in shown

    unchanged = italy.post(f"/drafts/{energy.id}/amendments", data={
        "csrf": csrf_of(page), "paragraph": op3.key, "base_revision": "0",
        "action": "modify", "text": op3.text})
    assert unchanged.status_code == 422 and "identical to OP3" in unchanged.text


def test_an_amendment_to_rewrite_shows_the_three_texts_and_takes_the_rewrite(
        italy, chair, energy, session):
    op2 = paragraph(session, energy, "OP2")
    mine = amendments.propose(session, drafter(session, "Italy"), energy, paragraph_key=op2.key,
                              action="modify",
                              text=op2.text.replace("within existing resources", "at once"))
    russian = next(a for a in amendments.list_amendments(session, energy)
                   if a.delegation.name == "Russian Federation")
    amendments.accept(session, CHAIR, russian)
    revisions.issue_revision(session, CHAIR, energy, incorporate=[russian.id])
    session.commit()

    draft_page = italy.get(f"/drafts/{energy.id}").text
    assert "Amendments to rewrite" in draft_page
    assert f'<a href="/amendments/{mine.id}">Amendment {mine.id} · OP2 · Italy</a>' in draft_page
    page = italy.get(f"/amendments/{mine.id}")
    assert "To reconcile" in page.text and "MC.DD/3/26/Rev.1" in page.text
    assert "extra-budgetary contributions" in page.text
    rewritten = italy.post(f"/amendments/{mine.id}/rewrite", data={
        "csrf": csrf_of(page), "text": paragraph(session, energy, "OP2").text + " Promptly."})
    assert rewritten.status_code == 303
    session.refresh(mine)
    assert (mine.status, mine.base_revision) == ("submitted", 1)

    compare = chair.get(f"/drafts/{energy.id}/compare?from=0&to=1").text
    assert "<del>within existing resources</del>" in compare and "modified" in compare
    assert chair.get(f"/drafts/{energy.id}/compare?from=x").status_code == 422
    assert chair.get(f"/drafts/{energy.id}/compare?from=0&to=9").status_code == 404


def test_the_consensus_map_is_a_picture(chair, energy):
    page = chair.get(f"/drafts/{energy.id}/map").text
    assert "<svg" in page and "Russian Federation proposes an amendment to OP2" in page
    assert "Belarus supports an amendment to OP2" in page
    assert "3 of 12 paragraphs have open amendments." in page


def test_the_chair_accepts_rejects_and_issues_through_forms(chair, energy, session):
    page = chair.get(f"/drafts/{energy.id}")
    listed = amendments.list_amendments(session, energy)
    usa = next(a for a in listed if a.delegation.name == "United States of America")
    italy_insert = next(a for a in listed if a.delegation.name == "Italy")
    assert chair.post(f"/amendments/{usa.id}/reject", data={
        "csrf": csrf_of(page), "reason": ""}).status_code == 422
    assert chair.post(f"/amendments/{usa.id}/reject", data={
        "csrf": csrf_of(page), "reason": "No consensus", "confirm": "yes"}).status_code == 303
    assert chair.post(f"/amendments/{italy_insert.id}/accept",
                      data={"csrf": csrf_of(page), "confirm": "yes"}).status_code == 303
    issued = chair.post(f"/drafts/{energy.id}/revisions", data={
        "csrf": csrf_of(page), "base_revision": "0", "incorporate": str(italy_insert.id),
        "confirm": "yes"})
    assert issued.status_code == 303
    rev1 = chair.get(f"/drafts/{energy.id}").text
    assert "MC.DD/3/26/Rev.1" in rev1 and "OP1(c)" in rev1
    again = chair.post(f"/drafts/{energy.id}/revisions", data={
        "csrf": csrf_of(page), "base_revision": "0", "confirm": "yes"})
    assert again.status_code == 409 and "has been issued since revision 0" in again.text


def test_notices_reach_the_delegation(demo_client, chair, energy, session):
    usa = next(a for a in amendments.list_amendments(session, energy)
               if a.delegation.name == "United States of America")
    amendments.reject(session, CHAIR, usa, "Not agreed")
    session.commit()
    client = demo_client("drafter.us")
    assert f"Amendment {usa.id} · PP3 · United States of America ({energy.symbol}) was " \
           "rejected: Not agreed" in \
        client.get("/").text
