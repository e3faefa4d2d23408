"""A real Plenary: `plenary serve` in a subprocess on a free port, with the demo loaded
(or what another loader stores: see tests/plenary/conftest.py's `empty_server`)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from plenary.cli import main as plenary


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(database_url: str, workers: int = 1,
                load: Callable[[], None] | None = None) -> Iterator[str]:
    """`load()` runs first, with the server's environment (the demo when not given)."""
    env = os.environ | {"PLENARY_DATABASE_URL": database_url,
                        "PLENARY_SECRET_KEY": "live-server-test-secret"}
    _in_env(env, load or _demo)
    port = free_port()
    # The server's log goes to a file: a pipe nobody reads fills up after some thousand
    # requests, and the server then blocks on its next log line.
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "plenary.cli", "serve", "--port", str(port),
         "--workers", str(workers)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _load_demo(env: dict[str, str]) -> None:
    _in_env(env, _demo)


def _demo() -> None:
    assert plenary(["demo"]) == 0


def _in_env(env: dict[str, str], load: Callable[[], None]) -> None:
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        load()
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _wait_until_up(base: str, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the server stopped: {log.read().decode()}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer within 30 seconds")
