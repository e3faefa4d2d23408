"""The Word tracked changes through the API: `?format=docx&amendments=pending` and
`?format=docx&revision=1&against=0` on the demo's MC.DD/3/26, accepted and rejected as
Word does (tests/exports/test_docx_tracked.py) and compared word for word."""

from __future__ import annotations

from sqlalchemy import select

from drafting import services as drafting
from drafting.models import Amendment
from drafting.revisions import issue_revision
from plenary import accounts
from tests.exports.test_docx_tracked import (
    W,
    applied,
    changes,
    document_xml,
    draft_part,
    expected,
    resolve,
    without_markers,
)
from tests.factories import CHAIR
from tests.plenary.conftest import bearer

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _get(client, session, token_for, draft_id: int, **params):
    token = token_for(accounts.find_user(session, "observer@demo.plenary"))
    response = client.get(f"/api/v1/drafts/{draft_id}/document", params=params,
                          headers=bearer(token))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == DOCX
    return document_xml(response.content)


def _pending(session, draft) -> list[Amendment]:
    return list(session.scalars(select(Amendment).where(
        Amendment.draft_id == draft.id, Amendment.status == "submitted")
        .order_by(Amendment.id)))


def test_the_pending_amendments_as_word_tracked_changes(client, session, energy, token_for):
    root = _get(client, session, token_for, energy.id, format="docx", amendments="pending")
    current = drafting.revision_of(session, energy).paragraphs
    want = applied(current, _pending(session, energy))
    accepted = without_markers(resolve(root, accept=True))
    assert draft_part(accepted, want[0], len(want)) == want
    rejected = resolve(root, accept=False)
    assert draft_part(rejected, expected(current)[0], len(current)) == expected(current)


def test_a_redline_of_two_revisions_as_word_tracked_changes(client, session, energy,
                                                           token_for):
    chosen = _pending(session, energy)
    issue_revision(session, CHAIR, energy, incorporate=[a.id for a in chosen])
    session.commit()
    root = _get(client, session, token_for, energy.id, format="docx", revision="1",
                against="0")
    old, new = (expected(drafting.revision_of(session, energy, n).paragraphs) for n in (0, 1))
    assert draft_part(resolve(root, accept=True), new[0], len(new)) == new
    assert draft_part(resolve(root, accept=False), old[0], len(old)) == old
    authors = {e.get(W + "author") for e in changes(root)}
    assert {a.delegation.name for a in chosen} <= authors <= (
        {a.delegation.name for a in chosen} | {"Chairmanship"})
