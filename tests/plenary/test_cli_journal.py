"""`plenary export journal`, run in-process against a database of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from plenary.cli import main

GOLDEN = Path(__file__).resolve().parents[1] / "exports" / "golden"
SYMBOL_HELP = "journal symbols look like MC(24) Journal No. 2, PC Journal No. 1200 or PC.JOUR/1200"


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("symbol", ["MC(24) Journal No. 2", "MC(24).JOUR/2"])
def test_export_prints_the_journal_as_its_golden_file(cli_demo_db, capsys, symbol):
    code, out, err = run(capsys, "export", "journal", symbol, "--format", "txt")
    assert (code, err) == (0, "")
    assert out == (GOLDEN / "mc-24-journal-2.txt").read_text(encoding="utf-8")


def test_export_to_a_file_writes_it_whole(cli_demo_db, capsys, tmp_path):
    target = tmp_path / "MC(24).JOUR-2.md"
    code, out, err = run(capsys, "export", "journal", "MC(24) Journal No. 2", "--format", "md",
                         "-o", str(target))
    assert (code, out, err) == (0, "", f"wrote {target}\n")
    assert target.read_bytes() == (GOLDEN / "mc-24-journal-2.md").read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["MC(24).JOUR-2.md"]


@pytest.mark.parametrize("symbol", ["MC(24) Journal No. 9", "PC.JOUR/1200", "yesterday"])
def test_an_unknown_journal_is_one_sentence(cli_demo_db, capsys, symbol):
    code, out, err = run(capsys, "export", "journal", symbol)
    assert (code, out) == (1, "")
    assert err == f"plenary: there is no journal {symbol}; {SYMBOL_HELP}\n"


def test_an_unknown_format_is_refused_with_the_known_ones(cli_demo_db, capsys):
    assert main(["export", "journal", "MC(24) Journal No. 2", "--format", "odt"]) == 1
    assert "unknown format 'odt'; use one of txt, md, html, pdf, docx" in capsys.readouterr().err


def test_export_lists_the_speakers_documents_and_annexes(cli_demo_db, capsys):
    from sqlalchemy.orm import Session

    from plenary.db import make_engine
    from tests.factories import SECRETARIAT
    from workflow import journal_items, journals

    engine = make_engine(cli_demo_db)
    try:
        with Session(engine) as session:
            journal = journals.find_journal(session, "MC(24) Journal No. 2")
            for name in ("Chairperson", "Russian Federation"):
                journal_items.add_speaker(session, SECRETARIAT, journal, 7, name)
            journal_items.add_document(session, SECRETARIAT, journal, 7, "MC.DEL/59/17")
            journal_items.add_annex(session, SECRETARIAT, journal, 7, 2, "We joined consensus.")
            session.commit()
    finally:
        engine.dispose()
    code, out, err = run(capsys, "export", "journal", "MC(24) Journal No. 2")
    assert (code, err) == (0, "")
    assert ("COUNCIL\n\nSpeakers: Chairperson, Russian Federation (Annex 1)\n"
            "Documents: MC.DEL/59/17\n\nDecision: The Ministerial Council adopted") in out
    assert ("4. Next meeting:\n\n6 and 7 December 2018, in Milan\n\nMC(24).JOUR/2\n"
            "8 December 2017\nAnnex 1\n\nSTATEMENT BY THE DELEGATION OF THE RUSSIAN "
            "FEDERATION\n\nWe joined consensus.\n\n---") in out
