"""The live pages' event stream, GET /live, on a real server (uvicorn in a subprocess):
what a signed-in page hears when another delegation acts, that nobody hears another's
notices, the refusals, the limit of streams per worker, and a prompt shutdown."""

from __future__ import annotations

import re
import time

import httpx2
import pytest

from tests.live_server import live_server
from tests.plenary.conftest import DEMO_PASSWORDS
from tests.server_process import ServerProcess, api_token, energy_draft

pytestmark = pytest.mark.server
CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')


OPEN: list[httpx2.Client] = []


@pytest.fixture(autouse=True)
def _close_clients():
    yield
    while OPEN:
        OPEN.pop().close()


def signed_in(base: str, name: str) -> httpx2.Client:
    """A client signed in through the login form, as a browser is (closed after the test)."""
    client = httpx2.Client(base_url=base, timeout=20)
    OPEN.append(client)
    form = client.get("/login")
    email = f"{name}@demo.plenary"
    answer = client.post("/login", data={"csrf": CSRF.search(form.text).group(1),
                                         "email": email, "password": DEMO_PASSWORDS[email],
                                         "next": "/"})
    assert answer.status_code == 303, answer.text
    return client


class Stream:
    """An open event stream, read event by event (comments and `retry:` kept apart)."""

    def __init__(self, client: httpx2.Client, topics: str):
        self.context = client.stream("GET", f"/live?topics={topics}")
        self.response = self.context.__enter__()
        self.lines = self.response.iter_lines()

    def close(self) -> None:
        self.context.__exit__(None, None, None)

    def next_block(self) -> list[str]:
        block = []
        for line in self.lines:
            if line == "":
                if block:
                    return block
                continue
            block.append(line)
        return block

    def next_change(self) -> set[str]:
        """The topics of the next change event (heartbeats and comments skipped)."""
        while True:
            block = self.next_block()
            assert block, "the stream ended"
            if "event: change" in block:
                data = next(line for line in block if line.startswith("data: "))
                return set(data.removeprefix("data: ").split())


def propose(base: str, token: str, draft_id: int, paragraph: str, text: str) -> int:
    answer = httpx2.post(f"{base}/api/v1/drafts/{draft_id}/amendments",
                         headers={"Authorization": f"Bearer {token}"},
                         json={"paragraph": paragraph, "action": "modify", "text": text},
                         timeout=20)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


@pytest.fixture
def running(fresh_database_url, tmp_path):
    with ServerProcess(fresh_database_url, tmp_path / "server.log",
                       PLENARY_LIVE_STREAMS="2") as server:
        server.load_demo()
        server.start()
        yield server


def test_a_page_hears_another_delegations_amendment_and_only_its_own_notices(
        running, fresh_database_url, monkeypatch, capsys):
    base = running.base
    draft_id, paragraphs = energy_draft(fresh_database_url)
    russia = api_token(fresh_database_url, "drafter.ru@demo.plenary", monkeypatch, capsys)
    us = api_token(fresh_database_url, "drafter.us@demo.plenary", monkeypatch, capsys)
    italy = Stream(signed_in(base, "drafter.it"), f"draft:{draft_id},notices")
    proposer = Stream(signed_in(base, "drafter.ru"), f"notices,draft:{draft_id}")
    try:
        first = italy.next_block()
        assert first[0] == "retry: 2000"
        assert italy.response.headers["content-type"].startswith("text/event-stream")
        assert italy.response.headers["cache-control"] == "no-store"
        proposer.next_block()

        amendment = propose(base, russia, draft_id, paragraphs[1], "A Russian wording.")
        assert italy.next_change() == {f"draft:{draft_id}"}
        assert proposer.next_change() == {f"draft:{draft_id}"}

        # The United States supports it: the Russian Federation is told (a notice to its
        # delegation), Italy hears only that the draft changed.
        answer = httpx2.post(f"{base}/api/v1/amendments/{amendment}/support",
                             headers={"Authorization": f"Bearer {us}"}, timeout=20)
        assert answer.status_code == 200, answer.text
        assert proposer.next_change() == {f"draft:{draft_id}", "notices"}
        assert italy.next_change() == {f"draft:{draft_id}"}
    finally:
        italy.close()
        proposer.close()


def test_the_stream_is_refused_with_what_to_do(running):
    base = running.base
    anonymous = httpx2.get(f"{base}/live?topics=dashboard", timeout=20)
    assert anonymous.status_code == 401
    assert "sign in" in anonymous.text
    client = signed_in(base, "observer")
    head = client.head("/live?topics=dashboard")  # answered at once: no stream behind it
    assert head.status_code == 200
    assert head.headers["content-type"].startswith("text/event-stream")
    for topics, says in [("", "name what to follow"), ("draft:x", "is not a topic"),
                         ("notices:user:1", "is not a topic"),
                         ("draft:99999999999", "is not a topic"),
                         (",".join(f"draft:{n}" for n in range(51)), "at most 50 topics")]:
        answer = client.get(f"/live?topics={topics}")
        assert answer.status_code == 422, topics
        assert says in answer.text, (topics, answer.text)


def test_streams_past_the_limit_are_503_and_a_closed_one_frees_its_place(running):
    base = running.base
    client = signed_in(base, "observer")
    streams = [Stream(client, "dashboard") for _ in range(2)]
    for stream in streams:
        assert stream.next_block()[0] == "retry: 2000"
    refused = client.get("/live?topics=dashboard")
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "30"
    assert "reload it to see what changed" in refused.text
    streams.pop().close()
    # The server hears the disconnect and ends that stream: its place is free again.
    for _ in range(100):
        with client.stream("GET", "/live?topics=dashboard") as answer:
            if answer.status_code == 200:
                break
        time.sleep(0.1)
    else:
        pytest.fail("the closed stream's place was never freed")
    streams[0].close()


def test_the_server_stops_promptly_with_streams_open(running):
    client = signed_in(running.base, "observer")
    stream = Stream(client, "dashboard,notices")
    assert stream.next_block()[0] == "retry: 2000"
    running.process.terminate()
    running.process.wait(timeout=10)  # uvicorn waits for open responses: they ended
    assert stream.next_block() == []  # the stream ended cleanly
    stream.close()
    assert "Shutting down" in running.log()


def test_two_workers_stop_promptly_with_streams_open(fresh_database_url):
    with live_server(fresh_database_url, workers=2) as base:
        client = signed_in(base, "observer")
        streams = [Stream(client, "dashboard") for _ in range(4)]  # on either worker
        for stream in streams:
            assert stream.next_block()[0] == "retry: 2000"
    # live_server's end: SIGTERM, then at most 20 seconds for the server to exit.
    for stream in streams:
        assert stream.next_block() == []
        stream.close()


def test_a_stopping_worker_ends_its_streams_and_opens_no_new_one():
    """At the stop signal (plenary/background.py): an EventSource reconnects at once, and a
    stream opened then would hold the stopping server until its graceful timeout."""
    from plenary.broker import Broker

    broker = Broker("sqlite:///unused.db")
    open_stream = broker.subscribe(frozenset({"dashboard"}))
    assert open_stream is not None and not open_stream.closed
    broker.end_streams()
    assert open_stream.closed
    assert broker.subscribe(frozenset({"dashboard"})) is None
