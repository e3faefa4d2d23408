"""`plenary export draft` and `plenary export meeting`."""

from __future__ import annotations

from exports.formats import DRAFT_FORMATS
from plenary.cli import main


def test_export_a_draft_with_its_pending_amendments(cli_demo_db, capsys):
    assert main(["export", "draft", "MC.DD/3/26", "--amendments", "--format", "txt"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("DRAFT\nMC.DD/3/26\n") and "(Russian Federation)" in out
    assert main(["export", "draft", "MC.DD/3/26/Rev.4"]) == 1
    assert "has no revision 4" in capsys.readouterr().err
    assert main(["export", "draft", "MC.DD/3/26", "--format", "odt"]) == 1
    assert f"unknown format 'odt'; use one of {', '.join(DRAFT_FORMATS)}" in (
        capsys.readouterr().err)


def test_export_a_whole_meeting_into_a_folder(cli_demo_db, capsys, tmp_path):
    assert main(["export", "meeting", "MC(24)", "--format", "txt,md", "-o", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"wrote 6 files to {tmp_path}\n"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["MC(24).JOUR-1.md", "MC(24).JOUR-1.txt", "MC(24).JOUR-2.md",
                     "MC(24).JOUR-2.txt", "MC.DEC-7-17.md", "MC.DEC-7-17.txt"]
    assert not any(name.endswith(".partial") for name in names)
    assert main(["export", "meeting", "MC(99)", "-o", str(tmp_path)]) == 1
    assert "there is no meeting 'MC(99)'" in capsys.readouterr().err
