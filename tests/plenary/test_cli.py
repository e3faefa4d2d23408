"""The `plenary` command line, run in-process against a database of its own."""

from __future__ import annotations

import io
import re

from plenary.cli import main
from tests.conftest import fixture_file


def run(capsys, *args, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_then_export_prints_the_decision_with_its_attachment(cli_db, capsys):
    code, out, _ = run(capsys, "demo")
    assert code == 0 and "chair@demo.plenary" in out and "chair-demo-2017" in out
    code, out, _ = run(capsys, "export", "decision", "MC.DEC/7/17", "--format", "txt")
    assert code == 0
    assert out.startswith("Second day of the Twenty-Fourth Meeting\n")
    assert "By the delegation of the Russian Federation:" in out
    assert "\nMC.DEC/7/17\n8 December 2017\nAttachment\n" in out


def test_export_to_a_file_writes_it_whole(cli_db, capsys, tmp_path):
    run(capsys, "demo")
    target = tmp_path / "MC.DEC-7-17.md"
    code, _, err = run(capsys, "export", "decision", "MC.DEC/7/17", "--format", "md",
                       "-o", str(target))
    assert code == 0 and f"wrote {target}" in err
    assert target.read_text().startswith("**Second day of the Twenty-Fourth Meeting**")
    assert [p.name for p in tmp_path.iterdir()] == ["MC.DEC-7-17.md"]


def test_import_prints_the_draft_id_and_refuses_bad_files(cli_db, capsys, tmp_path):
    reference = fixture_file("reference/MC.DEC-7-17.md").read_text(encoding="utf-8")
    whole = tmp_path / "decision.md"
    whole.write_text(reference)
    code, out, err = run(capsys, "draft", "import", str(whole), "--body", "MC",
                         "--symbol", "MC.DD/12/17", "--sponsor", "Italy")
    assert (code, out) == (1, "")  # its attached statement is never dropped silently
    assert err.startswith("plenary: the text has an attachment after the decision: Attachment "
                          "(line 63): an interpretative statement by the delegation of the "
                          "Russian Federation, ")
    good = tmp_path / "draft.md"
    good.write_text(reference[:reference.index("\nAttachment\n")])
    code, out, err = run(capsys, "draft", "import", str(good), "--body", "MC",
                         "--symbol", "MC.DD/12/17", "--sponsor", "Italy")
    assert code == 0 and re.fullmatch(r"\d+\n", out) and "MC.DD/12/17: 30 paragraphs" in err

    bad = tmp_path / "gap.txt"
    bad.write_text("Title\n\nThe Ministerial Council,\n\n1. One;\n\n3. Three.\n")
    code, out, err = run(capsys, "draft", "import", str(bad), "--body", "MC")
    assert code == 1 and out == ""
    assert "line 7" in err and "paragraph 2 is missing" in err

    code, _, err = run(capsys, "draft", "import", str(tmp_path / "nope.txt"), "--body", "MC")
    assert (code, err) == (1, f"plenary: {tmp_path / 'nope.txt'}: no such file\n")

    binary = tmp_path / "draft.txt"
    binary.write_bytes(b"\xff\xfe\x00binary")
    code, _, err = run(capsys, "draft", "import", str(binary), "--body", "MC")
    assert code == 1 and "not UTF-8 text" in err


def test_users_and_tokens(cli_db, capsys, monkeypatch):
    code, out, _ = run(capsys, "user", "add", "anna@example.org", "--role", "drafter",
                       "--delegation", "Italy", "--password-stdin",
                       stdin="a long enough password\n", monkeypatch=monkeypatch)
    assert code == 0 and "anna@example.org added as drafter" in out
    code, out, _ = run(capsys, "token", "create", "anna@example.org")
    assert code == 0 and out.splitlines()[-1].startswith("pln_")

    code, _, err = run(capsys, "user", "add", "bob@example.org", "--role", "drafter",
                       "--password-stdin", stdin="a long enough password\n",
                       monkeypatch=monkeypatch)
    assert code == 1 and "a drafter needs --delegation" in err
    code, _, err = run(capsys, "token", "create", "nobody@example.org")
    assert code == 1 and "there is no user nobody@example.org" in err


def test_body_next_number(cli_db, capsys):
    code, out, _ = run(capsys, "body", "next-number", "PC", "1400")
    assert code == 0 and "No. 1400" in out
    code, _, err = run(capsys, "body", "next-number", "PC", "0")
    assert code == 1 and "from 1" in err


def test_an_unknown_decision_is_a_sentence_not_a_traceback(cli_db, capsys):
    code, out, err = run(capsys, "export", "decision", "MC.DEC/99/17")
    assert (code, out) == (1, "")
    assert err == "plenary: there is no decision MC.DEC/99/17; symbols look like MC.DEC/7/17\n"


def test_an_unmigrated_database_says_what_to_run(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PLENARY_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setenv("PLENARY_SECRET_KEY", "x")
    code, _, err = run(capsys, "export", "decision", "MC.DEC/7/17")
    assert code == 1 and "run plenary db upgrade" in err


def test_import_reads_a_word_document(cli_db, capsys, tmp_path):
    import docx

    document = docx.Document()
    for line in ("Test decision", "The Ministerial Council,", "Recalling its commitments,",
                 "1. Decides to act;", "2. Remains seized of the matter."):
        document.add_paragraph(line)
    path = tmp_path / "draft.docx"
    document.save(path)
    code, out, err = run(capsys, "draft", "import", str(path), "--body", "MC")
    assert code == 0 and re.fullmatch(r"\d+\n", out) and ": 3 paragraphs" in err
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip")
    code, _, err = run(capsys, "draft", "import", str(fake), "--body", "MC")
    assert code == 1 and "not a Word document" in err
