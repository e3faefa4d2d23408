"""A PLENARY_DATABASE_URL that cannot work gets one sentence and exit status 1, never a
traceback: from `plenary db upgrade` in-process, and from `plenary serve` as a process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from plenary.cli import main
from tests.live_server import free_port

EXAMPLE = "sqlite:///var/plenary.db or postgresql+psycopg://user@host:5432/plenary"
NOT_A_URL = ("plenary: PLENARY_DATABASE_URL is not a database URL (or its port is not a "
             f"number); write it as {EXAMPLE}\n")


def unsupported(scheme: str) -> str:
    return (f"plenary: PLENARY_DATABASE_URL names {scheme}://, which Plenary does not "
            f"support; use SQLite or PostgreSQL: {EXAMPLE}\n")


@pytest.mark.parametrize(("url", "said"), [
    ("nonsense", NOT_A_URL),
    ("mysql://x/y", unsupported("mysql")),
    ("oracle://", unsupported("oracle")),
    ("postgresql+psycopg2://u:secret@db/plenary", unsupported("postgresql+psycopg2")),
    ("postgresql://u:secret@db:fivefour/plenary", NOT_A_URL),
    ("postgresql://u:secret@db:99999/plenary",
     "plenary: PLENARY_DATABASE_URL has the port 99999; a port is a number from 1 to 65535 "
     "(PostgreSQL's is usually 5432)\n"),
])
def test_a_bad_database_url_is_one_sentence(url, said, monkeypatch, capsys):
    monkeypatch.setenv("PLENARY_DATABASE_URL", url)
    monkeypatch.setenv("PLENARY_SECRET_KEY", "x")
    for command in (["db", "upgrade"], ["serve"], ["audit", "verify"]):
        assert main(command) == 1
        out, err = capsys.readouterr()
        assert (out, err) == ("", said)
        assert "secret" not in err  # the URL may hold a password: it is never repeated


def test_a_database_nobody_listens_for_is_one_sentence(monkeypatch, capsys):
    port = free_port()  # nothing listens there
    monkeypatch.setenv("PLENARY_DATABASE_URL", f"postgresql+psycopg://u@127.0.0.1:{port}/db")
    monkeypatch.setenv("PLENARY_SECRET_KEY", "x")
    assert main(["db", "upgrade"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err == (f'plenary: the database cannot be reached (connection failed: connection to '
                   f'server at "127.0.0.1", port {port} failed: Connection refused); check '
                   "PLENARY_DATABASE_URL and that the database server is running\n")


def test_plenary_serve_with_a_bad_url_exits_with_a_sentence():
    env = os.environ | {"PLENARY_DATABASE_URL": "mysql://x/y", "PLENARY_SECRET_KEY": "x"}
    done = subprocess.run([sys.executable, "-m", "plenary.cli", "serve", "--port",
                           str(free_port())], env=env, capture_output=True, text=True,
                          timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", unsupported("mysql"))
