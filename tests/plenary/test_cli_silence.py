"""`plenary silence tick`: the clock from the command line."""

from __future__ import annotations

from datetime import timedelta

from drafting.db import utcnow
from plenary.cli import main
from plenary.db import make_engine, make_sessionmaker
from tests.factories import CHAIR, open_draft
from workflow import silence


def test_silence_tick_adopts_what_is_due_once(cli_db, capsys):
    assert main(["silence", "tick"]) == 0
    assert capsys.readouterr().out == "no silence is due\n"

    engine = make_engine(cli_db)
    with make_sessionmaker(engine)() as session:
        draft = open_draft(session)
        deadline = utcnow() - timedelta(seconds=1)
        silence.start(session, CHAIR, draft, deadline, now=deadline - timedelta(hours=1))
        session.commit()
    engine.dispose()

    assert main(["silence", "tick"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("adopted by silence: MC.DEC/1/") and out.count("MC.DEC") == 1
    assert main(["silence", "tick"]) == 0
    assert capsys.readouterr().out == "no silence is due\n"
