"""Each door meets the limits of drafting/limits.py with the same message: the JSON API
(tabling, proposing, revising), the pages (the amendment form) and the command line
(importing a text file or a Word document)."""

from __future__ import annotations

import docx
import pytest

from drafting import limits
from drafting import services as drafting
from plenary.cli import main
from tests.factories import make_user, open_draft, paragraph
from tests.limit_factories import largest_text, pending, text_of
from tests.plenary.conftest import bearer, csrf_of

TOO_MANY = text_of([f"Decides on measure {n};" for n in range(limits.MAX_PARAGRAPHS + 1)])
TOO_MANY_MESSAGE = ("the draft has 301 paragraphs, more than a draft may have (300): split "
                    "it into several drafts")


def error(response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["message"]


@pytest.fixture
def tokens(session, token_for):
    return {"chair": token_for(make_user(session, role="chair")),
            "it": token_for(make_user(session, delegation="Italy"))}


def italy_at_its_limit(session, draft) -> None:
    italy = drafting.find_delegation(session, "Italy").id
    _, already = limits.pending_counts(session, draft.id, italy)
    pending(session, draft, limits.MAX_PENDING_PER_DELEGATION - already, [italy])
    session.commit()


def delegation_limit(symbol: str) -> str:
    return (f"Italy already has 250 pending amendments to {symbol}, the most a delegation "
            "may have on one draft; withdraw or combine some of them before proposing more")


def test_the_api_refuses_a_draft_too_large_to_table(client, tokens):
    response = client.post("/api/v1/drafts", headers=bearer(tokens["chair"]),
                           json={"body": "MC", "text": TOO_MANY})
    assert error(response) == (422, TOO_MANY_MESSAGE)


def test_the_api_refuses_one_pending_amendment_too_many(client, tokens, session):
    draft = open_draft(session)
    italy_at_its_limit(session, draft)
    op1 = paragraph(session, draft, "OP1")
    response = client.post(f"/api/v1/drafts/{draft.id}/amendments",
                           headers=bearer(tokens["it"]),
                           json={"paragraph": op1.key, "action": "delete"})
    assert error(response) == (409, delegation_limit(draft.symbol))


def test_the_api_refuses_a_revision_past_the_limits(client, tokens, session):
    draft = open_draft(session, largest_text())
    session.commit()
    op1 = paragraph(session, draft, "OP1")
    response = client.post(f"/api/v1/drafts/{draft.id}/revisions",
                           headers=bearer(tokens["chair"]),
                           json={"edits": [{"paragraph": op1.key, "text": op1.text + " More."}]})
    assert error(response) == (409, (
        f"{draft.symbol}/Rev.1 has 100,006 characters in its paragraphs, more than a draft "
        "may have (100,000): incorporate fewer amendments, or shorten the edits"))


def test_the_amendment_form_refuses_one_too_many(demo_client, energy, session):
    italy_at_its_limit(session, energy)
    browser = demo_client("drafter.it")
    page = browser.get(f"/drafts/{energy.id}")
    op3 = paragraph(session, energy, "OP3")
    response = browser.post(f"/drafts/{energy.id}/amendments", data={
        "csrf": csrf_of(page), "paragraph": op3.key, "base_revision": "0",
        "action": "delete"})
    assert response.status_code == 409
    assert delegation_limit("MC.DD/3/26") in response.text


def test_the_command_line_refuses_a_text_or_word_file_too_large(cli_db, tmp_path, capsys):
    text = tmp_path / "draft.txt"
    text.write_text(TOO_MANY, encoding="utf-8")
    word = tmp_path / "draft.docx"
    document = docx.Document()
    for block in TOO_MANY.split("\n\n"):
        document.add_paragraph(block.strip())
    document.save(word)
    for path in (text, word):
        assert main(["draft", "import", str(path), "--body", "MC"]) == 1
        assert TOO_MANY_MESSAGE in capsys.readouterr().err


def test_the_revision_form_refuses_a_text_past_the_limits(demo_client, session):
    draft = open_draft(session, largest_text())
    session.commit()
    chair = demo_client("chair")
    page = chair.get(f"/drafts/{draft.id}")
    op1 = paragraph(session, draft, "OP1")
    response = chair.post(f"/drafts/{draft.id}/revisions", data={
        "csrf": csrf_of(page), "base_revision": "0", "edit_paragraph": op1.key,
        "edit_text": op1.text + " More."})
    assert response.status_code == 409
    assert (f"{draft.symbol}/Rev.1 has 100,006 characters in its paragraphs, more than a "
            "draft may have (100,000)") in response.text
