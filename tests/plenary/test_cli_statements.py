"""`plenary group presidency`, `plenary group list` and `plenary statement withdraw`,
run in-process against a database of their own with the demo loaded."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from plenary.cli import main
from plenary.db import make_engine, make_sessionmaker
from workflow.models import Statement

DEMO_PRESIDENCIES = ("European Union: Estonia, 2017-07-01 to 2017-12-31\n"
                     "European Union: Cyprus, 2026-01-01 to 2026-06-30\n"
                     "European Union: Ireland, 2026-07-01 to 2026-12-31\n")


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def russian_statement_id(url: str) -> int:
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            return session.scalar(select(Statement.id))
    finally:
        engine.dispose()


def test_group_list_shows_the_demos_presidencies_loaded_once(cli_demo_db, capsys):
    assert run(capsys, "group", "list") == (0, DEMO_PRESIDENCIES, "")
    assert run(capsys, "demo")[0] == 0  # loading the demo again changes nothing
    assert run(capsys, "group", "list") == (0, DEMO_PRESIDENCIES, "")


def test_a_presidency_is_recorded_and_listed(cli_demo_db, capsys):
    code, out, err = run(capsys, "group", "presidency", "European Union", "Bulgaria",
                         "--from", "2018-01-01", "--until", "2018-06-30")
    assert (code, out, err) == (
        0, "recorded: European Union: Bulgaria, 2018-01-01 to 2018-06-30\n", "")
    assert run(capsys, "group", "list")[1] == (
        "European Union: Estonia, 2017-07-01 to 2017-12-31\n"
        "European Union: Bulgaria, 2018-01-01 to 2018-06-30\n"
        "European Union: Cyprus, 2026-01-01 to 2026-06-30\n"
        "European Union: Ireland, 2026-07-01 to 2026-12-31\n")


@pytest.mark.parametrize(("args", "error"), [
    (("European Union", "Austria", "--from", "2017-12-01", "--until", "2018-01-31"),
     "plenary: the presidency of the European Union is recorded already as held by Estonia "
     "from 2017-07-01 to 2017-12-31, which overlaps 2017-12-01 to 2018-01-31\n"),
    (("European Union", "Austria", "--from", "July", "--until", "2018-01-31"),
     "plenary: --from must be a date such as 2017-07-01, not 'July'\n"),
    (("European Union", "Atlantis", "--from", "2018-01-01", "--until", "2018-01-31"),
     "plenary: 'Atlantis' is not a participating State; use a name as in the list of States\n"),
    (("NATO", "Austria", "--from", "2018-01-01", "--until", "2018-01-31"),
     "plenary: unknown group 'NATO'; Plenary knows European Union\n"),
])
def test_a_refused_presidency_is_one_sentence(cli_demo_db, capsys, args, error):
    assert run(capsys, "group", "presidency", *args) == (1, "", error)
    assert run(capsys, "group", "list")[1] == DEMO_PRESIDENCIES


def test_the_secretariat_withdraws_a_statement_from_the_command_line(cli_demo_db, capsys):
    statement_id = russian_statement_id(cli_demo_db)
    code, out, err = run(capsys, "statement", "withdraw", str(statement_id), "--reason",
                         "Registered in error.")
    assert (code, out, err) == (0, f"statement {statement_id} on MC.DEC/7/17 is withdrawn; "
                                   "the later attachments are renumbered\n", "")
    exported = run(capsys, "export", "decision", "MC.DEC/7/17", "--format", "txt")[1]
    assert "Russian Federation" not in exported and "Attachment" not in exported
    again = run(capsys, "statement", "withdraw", str(statement_id), "--reason", "twice")
    assert again == (1, "", f"plenary: the interpretative statement {statement_id} of the "
                            "Russian Federation is withdrawn: it cannot be withdrawn "
                            "(withdraw from withdrawn)\n")


def test_withdrawing_needs_a_known_statement_and_a_reason(cli_demo_db, capsys):
    assert run(capsys, "statement", "withdraw", "999999", "--reason", "x") == (
        1, "", "plenary: there is no statement 999999\n")
    statement_id = russian_statement_id(cli_demo_db)
    assert run(capsys, "statement", "withdraw", str(statement_id), "--reason", "  ") == (
        1, "", "plenary: give the reason: the audit trail and the author keep it\n")
    with pytest.raises(SystemExit) as usage:
        main(["statement", "withdraw", str(statement_id)])
    assert usage.value.code == 2 and "--reason" in capsys.readouterr().err
