"""The database goes away under a running server and comes back: every request answers
503 with Retry-After meanwhile (JSON for the API, a page for browsers), /readyz says so,
the silence clock logs the outage once instead of every two seconds, and the server
recovers by itself. PostgreSQL is taken away through a TCP proxy of the test's own, never
by stopping the server (others use it); CI always has one at 127.0.0.1:5432."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator

import httpx2
import pytest
from sqlalchemy.engine import make_url

from plenary import migrate
from plenary.db import make_engine
from tests.conftest import _postgres_database
from tests.plenary.conftest import bearer
from tests.server_process import ServerProcess, api_token, energy_draft
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.server
ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A migrated database of its own on the PostgreSQL server the run uses, or on the
    one CI always has."""
    configured = os.environ.get("PLENARY_TEST_DATABASE_URL", "")
    urls = _postgres_database(configured if configured.startswith("postgresql") else ADMIN_URL)
    url = next(urls)
    engine = make_engine(url)
    with engine.connect() as conn:
        migrate.upgrade(conn)
        conn.commit()
    engine.dispose()
    yield url
    next(urls, None)


def _through(url: str, proxy: TcpProxy) -> str:
    return make_url(url).set(host="127.0.0.1", port=proxy.port).render_as_string(
        hide_password=False)


def _wait_ready(client: httpx2.Client, seconds: float = 20) -> httpx2.Response:
    # A bound on how long recovery may take, not a measurement: it returns as soon as
    # the server is ready.
    deadline = time.monotonic() + seconds
    while True:
        answer = client.get("/readyz")
        if answer.status_code == 200 or time.monotonic() > deadline:
            return answer
        time.sleep(0.2)


def _propose(client, token, draft_id, key, text, **headers):
    return client.post(f"/api/v1/drafts/{draft_id}/amendments",
                       json={"paragraph": key, "action": "modify", "text": text},
                       headers={**bearer(token), **headers})


def test_the_database_goes_away_and_comes_back(postgres_url, tmp_path, monkeypatch, capsys):
    with TcpProxy("127.0.0.1", make_url(postgres_url).port or 5432) as proxy, \
            ServerProcess(_through(postgres_url, proxy), tmp_path / "server.log") as server:
        server.load_demo()
        token = api_token(server.env["PLENARY_DATABASE_URL"], "drafter.it@demo.plenary",
                       monkeypatch, capsys)
        draft_id, paragraphs = energy_draft(postgres_url)
        paragraph = paragraphs[-1]
        client = httpx2.Client(base_url=server.start(), timeout=30)
        assert client.get("/readyz").json() == {"status": "ready"}
        assert _propose(client, token, draft_id, paragraph, "Before the outage.").status_code \
            == 201

        proxy.down()
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.headers["retry-after"] == "2"
        assert ready.json() == {"status": "unavailable", "error": {
            "code": "database_unavailable",
            "message": "the database is unreachable; retry in a moment"}}
        assert client.get("/healthz").status_code == 200  # the process lives
        api = client.get("/api/v1/drafts", headers=bearer(token))
        assert (api.status_code, api.headers["retry-after"]) == (503, "2")
        assert api.json() == {"error": {"code": "database_unavailable",
                                        "message": "the database is unavailable; retry in a "
                                                   "moment"}}
        page = client.get("/", headers={"Cookie": "plenary_session=any"})
        assert page.status_code == 503 and page.headers["retry-after"] == "2"
        assert page.headers["content-type"].startswith("text/html")
        assert "the database is unavailable; retry in a moment" in page.text
        key = str(uuid.uuid4())
        refused = _propose(client, token, draft_id, paragraph, "During the outage.",
                           **{"Idempotency-Key": key})
        assert refused.status_code == 503
        time.sleep(5)  # the silence clock fails twice or more meanwhile

        proxy.up()
        assert _wait_ready(client).json() == {"status": "ready"}
        retried = _propose(client, token, draft_id, paragraph, "During the outage.",
                           **{"Idempotency-Key": key})
        assert retried.status_code == 201 and "idempotent-replayed" not in retried.headers
        again = _propose(client, token, draft_id, paragraph, "During the outage.",
                         **{"Idempotency-Key": key})
        assert (again.status_code, again.json()) == (201, retried.json())
        assert again.headers["idempotent-replayed"] == "true"
        listed = client.get(f"/api/v1/drafts/{draft_id}/amendments", headers=bearer(token))
        texts = [a["text"] for a in listed.json()["amendments"]]
        assert texts.count("Before the outage.") == texts.count("During the outage.") == 1
        client.close()
        _wait_for_line(server, RECOVERED)  # the clock's next run after the return
        server.stop()
        log = server.log()
    assert log.count("background job silence clock: the database is unavailable") == 1, log
    assert log.count(RECOVERED) == 1, log
    assert log.count("answering 503 while the database is unavailable") == 1, log
    assert "Traceback" not in log, log


RECOVERED = "background job silence clock: the database answers again"


def _wait_for_line(server: ServerProcess, line: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while line not in server.log() and time.monotonic() < deadline:
        time.sleep(0.2)
