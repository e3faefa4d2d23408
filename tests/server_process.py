"""A real Plenary (`plenary serve` in a subprocess) that a test can kill with SIGKILL and
start again on the same port and database, its output kept in a file to read; and what
tests of it need of the demo (its draft under negotiation, API tokens)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from drafting.services import find_draft, revision_of
from plenary.cli import main as plenary
from plenary.db import make_engine, make_sessionmaker
from plenary.demo import ENERGY_DRAFT
from tests.live_server import _load_demo, _wait_until_up, free_port


class ServerProcess:
    def __init__(self, database_url: str, output: Path, **env: str):
        self.env = os.environ | {"PLENARY_DATABASE_URL": database_url,
                                 "PLENARY_SECRET_KEY": "server-process-test-secret", **env}
        self.output = output
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def load_demo(self) -> None:
        _load_demo(self.env)

    def start(self) -> str:
        with self.output.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "plenary.cli", "serve", "--port", str(self.port)],
                env=self.env, stdout=out, stderr=subprocess.STDOUT)
        with self.output.open("rb") as log:  # read back if the server stops at once
            _wait_until_up(self.base, self.process, log)
        return self.base

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, no goodbye, as when the machine's OOM killer or
        a container runtime ends the process."""
        self.process.kill()
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def log(self) -> str:
        return self.output.read_text(errors="replace")


def energy_draft(database_url: str) -> tuple[int, list[str]]:
    """The demo's draft under negotiation: its id and the keys of its current paragraphs."""
    engine = make_engine(database_url)
    try:
        with make_sessionmaker(engine)() as session:
            draft, _ = find_draft(session, ENERGY_DRAFT)
            return draft.id, [p.key for p in revision_of(session, draft).paragraphs]
    finally:
        engine.dispose()


def api_token(database_url: str, email: str, monkeypatch, capsys) -> str:
    """A new API token for a user, from `plenary token create` (in-process)."""
    monkeypatch.setenv("PLENARY_DATABASE_URL", database_url)
    monkeypatch.setenv("PLENARY_SECRET_KEY", "server-process-test-secret")
    capsys.readouterr()
    assert plenary(["token", "create", email]) == 0
    return capsys.readouterr().out.strip().splitlines()[-1]
