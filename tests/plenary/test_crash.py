"""SIGKILL in the middle of a burst of writes: after a restart every acknowledged write is
there with its content, the numbers handed out have no gap, and the audit chain verifies.

Many drafters propose amendments at once through the API of a real server while the
Chair tables drafts (numbered gaplessly: PC.DD/1/yy, PC.DD/2/yy …); the server is killed
with SIGKILL (no shutdown, nothing flushed) a moment into the burst, on SQLite and on
PostgreSQL alike (whichever the run uses)."""

from __future__ import annotations

import threading
import time

import httpx2
import pytest
from sqlalchemy import select

from drafting import audit
from drafting.models import Amendment, Draft
from drafting.services import DRAFT_SYMBOL
from plenary.db import make_engine, make_sessionmaker
from tests.factories import draft_text
from tests.plenary.conftest import bearer
from tests.server_process import ServerProcess, api_token, energy_draft

pytestmark = pytest.mark.server
# The kill comes once this many proposals and drafts are acknowledged (the burst is in
# full flow, dozens of requests in flight), or after BURST_SECONDS at the latest.
KILL_AFTER_AMENDMENTS, KILL_AFTER_DRAFTS = 30, 3
BURST_SECONDS = 20
DRAFTERS = ["drafter.ru", "drafter.us", "drafter.it", "drafter.by"]
THREADS_PER_DRAFTER = 3
CHAIR_THREADS = 2
PC_TEXT = draft_text(title="Burst decision").replace("The Ministerial Council,",
                                                    "The Permanent Council,")


class Burst:
    """Writers that go on until the server dies under them; what was acknowledged (201)."""

    def __init__(self, base: str):
        self.base = base
        self.lock = threading.Lock()
        self.amendments: dict[int, str] = {}  # id → the text proposed
        self.drafts: dict[int, str] = {}  # id → symbol
        self.refused: list[tuple[int, str]] = []
        self.threads: list[threading.Thread] = []

    def start(self, target, *args) -> None:
        thread = threading.Thread(target=self._until_the_end, args=(target, *args))
        self.threads.append(thread)
        thread.start()

    def wait_for(self, amendments: int, drafts: int, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.amendments) >= amendments and len(self.drafts) >= drafts:
                    return
            time.sleep(0.05)

    def join(self) -> None:
        for thread in self.threads:
            thread.join(timeout=60)

    def _until_the_end(self, target, *args) -> None:
        with httpx2.Client(base_url=self.base, timeout=30) as client:
            for n in range(100_000):
                try:
                    target(client, n, *args)
                except httpx2.TransportError:
                    return  # killed under it: an answer never came, nothing was acknowledged

    def propose(self, client, n, token, name, draft_id, paragraphs) -> None:
        text = f"Decides, as {name} proposes ({n}), to act without delay;"
        answer = client.post(f"/api/v1/drafts/{draft_id}/amendments", headers=bearer(token),
                             json={"paragraph": paragraphs[n % len(paragraphs)],
                                   "action": "modify", "text": text})
        self._note(answer, self.amendments, text)

    def table(self, client, n, token) -> None:
        answer = client.post("/api/v1/drafts", headers=bearer(token),
                             json={"body": "PC", "text": PC_TEXT})
        self._note(answer, self.drafts, answer.json().get("symbol") if answer.is_success else "")

    def _note(self, answer, acknowledged: dict, value: str) -> None:
        with self.lock:
            if answer.status_code == 201:
                acknowledged[answer.json()["id"]] = value
            else:
                self.refused.append((answer.status_code, answer.text[:200]))


def _stored(database_url: str):
    engine = make_engine(database_url)
    try:
        with make_sessionmaker(engine)() as session:
            amendments = dict(session.execute(select(Amendment.id, Amendment.text)).all())
            drafts = dict(session.execute(select(Draft.id, Draft.symbol)).all())
            broken = audit.verify(session)
            proposed = set(session.scalars(select(audit.AuditEvent.subject_id).where(
                audit.AuditEvent.name == "amendment:propose")))
        return amendments, drafts, broken, proposed
    finally:
        engine.dispose()


def _pc_numbers(symbols) -> list[int]:
    return sorted(int(m.group(2)) for s in symbols if (m := DRAFT_SYMBOL.match(s))
                  and m.group(1) == "PC")


def test_sigkill_mid_burst_keeps_every_acknowledged_write(fresh_database_url, tmp_path,
                                                          monkeypatch, capsys):
    url = fresh_database_url
    with ServerProcess(url, tmp_path / "server.log") as server:
        server.load_demo()
        tokens = {name: api_token(url, f"{name}@demo.plenary", monkeypatch, capsys)
                  for name in [*DRAFTERS, "chair"]}
        draft_id, paragraphs = energy_draft(url)
        burst = Burst(server.start())
        for name in DRAFTERS:
            for _ in range(THREADS_PER_DRAFTER):
                burst.start(burst.propose, tokens[name], name, draft_id, paragraphs)
        for _ in range(CHAIR_THREADS):
            burst.start(burst.table, tokens["chair"])
        burst.wait_for(KILL_AFTER_AMENDMENTS, KILL_AFTER_DRAFTS, BURST_SECONDS)
        server.kill()
        burst.join()

        assert burst.amendments and burst.drafts, server.log()  # the burst was under way
        assert burst.refused == [], burst.refused
        amendments, drafts, broken, proposed = _stored(url)
        for amendment_id, text in burst.amendments.items():
            assert amendments.get(amendment_id) == text, amendment_id
        for draft_id_, symbol in burst.drafts.items():
            assert drafts.get(draft_id_) == symbol
        numbers = _pc_numbers(drafts.values())
        assert numbers == list(range(1, len(numbers) + 1))  # no gap, none twice
        assert broken is None, f"the audit chain breaks at event {broken.id}"
        assert set(burst.amendments) <= proposed  # each acknowledged proposal in the trail

        base = server.start()  # the same database, as after a crash
        with httpx2.Client(base_url=base, timeout=30) as client:
            token = tokens["drafter.it"]
            for amendment_id, text in burst.amendments.items():
                answer = client.get(f"/api/v1/amendments/{amendment_id}", headers=bearer(token))
                assert (answer.status_code, answer.json()["text"]) == (200, text)
            after = client.post(f"/api/v1/drafts/{draft_id}/amendments", headers=bearer(token),
                                json={"paragraph": paragraphs[0], "action": "modify",
                                      "text": "Decides, after the restart, to go on;"})
            assert after.status_code == 201, after.text
            tabled = client.post("/api/v1/drafts", headers=bearer(tokens["chair"]),
                                 json={"body": "PC", "text": PC_TEXT})
            assert tabled.json()["symbol"].startswith(f"PC.DD/{len(numbers) + 1}/")
    assert _stored(url)[2] is None
