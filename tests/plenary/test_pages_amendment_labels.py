"""Amendments as people name them, through HTTP: one label on every page, the closed ones
behind a filter, the author's forms on the amendment's own page, and the Chair's
compromise edit starting from the paragraph's text."""

from __future__ import annotations

import html

import pytest

from drafting import amendments
from drafting.services import revision_of
from tests.factories import CHAIR, paragraph
from tests.plenary.conftest import csrf_of


@pytest.fixture
def italy(demo_client):
    return demo_client("drafter.it")


@pytest.fixture
def chair(demo_client):
    return demo_client("chair")


def of(session, draft, delegation):
    return next(a for a in amendments.list_amendments(session, draft)
                if a.delegation.name == delegation)


def test_the_draft_page_and_the_list_name_each_amendment_by_its_label(chair, energy, session):
    russian, mine = of(session, energy, "Russian Federation"), of(session, energy, "Italy")
    for url in (f"/drafts/{energy.id}", f"/drafts/{energy.id}/amendments"):
        page = chair.get(url).text
        assert f'<strong>Amendment {russian.id} · OP2 · Russian Federation</strong>' in page
        assert f"Amendment {mine.id} · OP1(b) · Italy" in page
    form = chair.get(f"/drafts/{energy.id}").text
    assert (f'value="{russian.id}"> Amendment {russian.id} · OP2 · Russian Federation · modify'
            in form)  # the revision form, where the Chair picks what to incorporate


def test_closed_amendments_stay_behind_a_filter_and_their_pages_open(
        italy, chair, energy, session):
    mine = of(session, energy, "Italy")
    page = italy.get(f"/amendments/{mine.id}")
    assert italy.post(f"/amendments/{mine.id}/withdraw", data={
        "csrf": csrf_of(page), "confirm": "yes"}).headers["location"] == f"/amendments/{mine.id}"
    draft_page = chair.get(f"/drafts/{energy.id}").text
    assert f'<strong>Amendment {mine.id}' not in draft_page  # no longer beside the text
    assert f'<a href="/drafts/{energy.id}/amendments?status=withdrawn">withdrawn (1)</a>' \
        in draft_page
    listed = chair.get(f"/drafts/{energy.id}/amendments?status=withdrawn").text
    assert f"Amendment {mine.id} · OP1(b) · Italy" in listed
    assert listed.count('<div class="proposal ') == 1  # the withdrawn one only
    own = chair.get(f"/amendments/{mine.id}")
    assert own.status_code == 200 and "status-withdrawn" in own.text
    assert f"<h1>Amendment {mine.id} · OP1(b) · Italy</h1>" in own.text


def test_the_author_withdraws_and_rewrites_from_the_amendments_own_page(
        italy, chair, energy, session):
    mine = of(session, energy, "Italy")
    page = italy.get(f"/amendments/{mine.id}")
    assert f'action="/amendments/{mine.id}/withdraw"' in page.text
    assert f'action="/amendments/{mine.id}/rewrite"' in page.text
    assert html.escape(mine.text, quote=False) in page.text  # the rewrite starts from it
    others = chair.get(f"/amendments/{mine.id}").text
    assert f'action="/amendments/{mine.id}/withdraw"' not in others
    assert f'action="/amendments/{mine.id}/rewrite"' not in others

    rewritten = italy.post(f"/amendments/{mine.id}/rewrite", data={
        "csrf": csrf_of(page), "text": "(c) to exchange information on incidents;"})
    assert rewritten.status_code == 303
    session.expire_all()
    assert mine.text == "(c) to exchange information on incidents;"  # an insertion keeps it
    assert italy.post(f"/amendments/{mine.id}/withdraw",
                      data={"csrf": csrf_of(page), "confirm": "yes"}).status_code == 303
    session.expire_all()
    assert mine.status == "withdrawn"
    assert f'action="/amendments/{mine.id}/withdraw"' not in italy.get(
        f"/amendments/{mine.id}").text


def test_the_chairs_compromise_edit_starts_from_the_paragraphs_text(chair, energy, session):
    op3 = paragraph(session, energy, "OP3")
    plain = chair.get(f"/drafts/{energy.id}")
    assert 'name="edit_text"' not in plain.text and '<select id="edit" name="edit">' in plain.text
    assert 'name="edit_text"' not in chair.get(f"/drafts/{energy.id}?edit=nothing").text
    page = chair.get(f"/drafts/{energy.id}?edit={op3.key}")
    assert f'<input type="hidden" name="edit_paragraph" value="{op3.key}">' in page.text
    assert f'name="edit_text" rows="4" maxlength="10000">{html.escape(op3.text)}</textarea>' \
        in page.text
    issued = chair.post(f"/drafts/{energy.id}/revisions", data={
        "csrf": csrf_of(page), "base_revision": "0", "edit_paragraph": op3.key,
        "edit_text": f"3. {op3.text} Promptly.", "confirm": "yes"})
    assert issued.status_code == 303
    session.expire_all()
    assert paragraph(session, energy, "OP3").text == f"{op3.text} Promptly."
    assert revision_of(session, energy).number == 1


def test_the_history_says_which_amendment_what_happened_and_why(chair, energy, session):
    usa = of(session, energy, "United States of America")
    amendments.reject(session, CHAIR, usa, "Not agreed")
    session.commit()
    page = chair.get(f"/drafts/{energy.id}/history").text
    assert (f'<a href="/amendments/{usa.id}">Amendment {usa.id} · PP3 · United States of America'
            f': rejected</a>. Reason: Not agreed <code>amendment:reject</code>') in page
