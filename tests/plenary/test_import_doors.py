"""The doors that table a draft from a file or a text (`plenary draft import`, and
POST /api/v1/drafts on a real server): Word lists restarted by overrides give the right
numbers, errors name the Word paragraph, and attached statements are refused with what
they are, never dropped. Each refusal stores nothing."""

from __future__ import annotations

import httpx2
from sqlalchemy import func, select

from drafting.models import Draft
from drafting.services import find_draft, revision_of
from plenary.cli import main
from plenary.db import make_engine, make_sessionmaker
from tests.conftest import fixture_file
from tests.docx_factories import LETTERED, OPERATIVE, build, numbered_docx, word_list
from tests.server_process import api_token

ATTACHMENT_FOUND = ("the text has an attachment after the decision: Attachment (line 63): an "
                    "interpretative statement by the delegation of the Russian Federation, "
                    "\"In joining the consensus regarding the OSCE Ministerial …\". A draft "
                    "holds no statements: a delegation makes its statement when it joins "
                    "consensus, and it is registered on the decision's page after adoption. "
                    "Keep it to register then, remove everything from line 63 on, and import "
                    "the draft again")


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def stored(database_url: str, symbol: str | None = None):
    """The number of drafts, or the (label, text) of one draft's paragraphs."""
    engine = make_engine(database_url)
    try:
        with make_sessionmaker(engine)() as session:
            if symbol is None:
                return session.scalar(select(func.count()).select_from(Draft))
            draft, _ = find_draft(session, symbol)
            return [(p.label, p.text) for p in revision_of(session, draft).paragraphs]
    finally:
        engine.dispose()


def reference() -> str:
    return fixture_file("reference/MC.DEC-7-17.md").read_text(encoding="utf-8")


# --- the command line ---------------------------------------------------------------------


def test_cli_imports_a_libreoffice_docx_with_its_lists_restarted(cli_db, capsys, tmp_path):
    path = tmp_path / "draft.docx"
    path.write_bytes(numbered_docx([
        ("Decides to co-operate:", 11, 0), ("On grids;", 21, 0), ("On pipelines;", 21, 0),
        ("Decides to share:", 11, 0), ("Data;", 22, 0),
        ("Decides to remain seized.", 11, 0)],
        [word_list(11, OPERATIVE), word_list(21, LETTERED, {0: 1}),
         word_list(22, LETTERED, {0: 1})]))
    code, out, err = cli(capsys, "draft", "import", str(path), "--body", "PC",
                         "--symbol", "PC.DD/7/26")
    assert (code, err) == (0, "PC.DD/7/26: 7 paragraphs\n") and out.strip().isdigit()
    assert stored(cli_db, "PC.DD/7/26") == [
        ("PP1", "Recalling its earlier decisions,"), ("OP1", "Decides to co-operate:"),
        ("OP1(a)", "On grids;"), ("OP1(b)", "On pipelines;"), ("OP2", "Decides to share:"),
        ("OP2(a)", "Data;"), ("OP3", "Decides to remain seized.")]


def test_cli_refuses_a_docx_naming_the_word_paragraph(cli_db, capsys, tmp_path):
    path = tmp_path / "draft.docx"
    path.write_bytes(numbered_docx([("Decides to co-operate;", 13, 0)],
                                   [word_list(13, OPERATIVE, {0: 5})]))
    code, out, err = cli(capsys, "draft", "import", str(path), "--body", "PC")
    assert (code, out) == (1, "")
    assert err == ("plenary: the draft's structure cannot be read: Word paragraph 5 "
                   "(\"5. Decides to co-operate;\"): the first operative paragraph is numbered "
                   "5; number it 1\n")
    assert stored(cli_db) == 0


def test_cli_refuses_a_docx_with_a_statement_attached_naming_its_word_paragraph(
        cli_db, capsys, tmp_path):
    rows = reference().splitlines()  # a Word paragraph for each line of the reference
    path = tmp_path / "decision.docx"
    path.write_bytes(build([(" ".join(row.split()).replace("**", ""), None, None)
                            for row in rows if row.strip()]))
    code, out, err = cli(capsys, "draft", "import", str(path), "--body", "MC")
    assert (code, out) == (1, "")
    assert err.startswith("plenary: the text has an attachment after the decision: "
                          "Attachment (Word paragraph 41): an interpretative statement by the "
                          "delegation of the Russian Federation, \"In joining the consensus")
    assert err.endswith("remove everything from Word paragraph 41 on, and import the draft "
                        "again\n")
    assert stored(cli_db) == 0


def test_cli_refuses_a_markdown_decision_with_its_attachment(cli_db, capsys, tmp_path):
    path = tmp_path / "decision.md"
    path.write_text(reference())
    code, out, err = cli(capsys, "draft", "import", str(path), "--body", "MC")
    assert (code, out, err) == (1, "", f"plenary: {ATTACHMENT_FOUND}\n")
    assert stored(cli_db) == 0


# --- the API, on a real server --------------------------------------------------------------


def test_the_api_refuses_a_text_with_attachments_with_a_422_and_stores_nothing(
        empty_server, fresh_database_url, monkeypatch, capsys):
    token = api_token(fresh_database_url, "chair@demo.plenary", monkeypatch, capsys)
    headers = {"Authorization": f"Bearer {token}"}
    before = stored(fresh_database_url)
    with httpx2.Client(base_url=empty_server, headers=headers, timeout=30) as http:
        refused = http.post("/api/v1/drafts", json={"body": "MC", "text": reference()})
        assert refused.status_code == 422
        assert refused.json() == {"error": {"code": "invalid", "message": ATTACHMENT_FOUND}}
        assert stored(fresh_database_url) == before

        decision_part = reference()[:reference().index("\nAttachment\n")]
        tabled = http.post("/api/v1/drafts", json={"body": "MC", "text": decision_part})
        assert tabled.status_code == 201
        assert len(tabled.json()["paragraphs"]) == 30
    assert stored(fresh_database_url) == before + 1
