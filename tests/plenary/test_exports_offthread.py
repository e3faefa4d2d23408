"""Long exports are rendered outside the request's transaction, a few at a time: on a real
HTTP server, while a PDF is being rendered (held open by a gate), the export holds no
database connection, another request's write completes, the quick formats still answer,
and one PDF too many is refused at once with 503 and Retry-After, in the API and on the
pages. Once released, the PDF arrives and its export is on the audit trail."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx2
import pytest
import uvicorn
from sqlalchemy import event, select

from drafting.models import Draft
from exports.isolated import render_isolated
from plenary import accounts, demo
from plenary.app import create_app
from plenary.db import make_engine, make_sessionmaker
from plenary.exporting import Exports
from plenary.settings import Settings
from tests.live_server import free_port

CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')


class Gate:
    """The real render in its own process, once the test lets it start."""

    def __init__(self):
        self.entered = threading.Event()
        self.release = threading.Event()

    def render(self, job, timeout):
        self.entered.set()
        if not self.release.wait(120):
            raise RuntimeError("the test never released the render")
        return render_isolated(job, timeout)


@contextmanager
def serving(app) -> Iterator[str]:
    """The app on a real uvicorn server in a thread of this process."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(),
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture
def world(fresh_database_url):
    engine = make_engine(fresh_database_url)
    with make_sessionmaker(engine)() as session:
        demo.load(session)
        tokens = {name: accounts.create_token(session, accounts.find_user(
            session, f"{name}@demo.plenary")) for name in ("chair", "drafter.it")}
        draft = session.scalar(select(Draft).where(Draft.symbol == demo.ENERGY_DRAFT))
        first = draft.revisions[0].paragraphs[0]
        session.commit()
    engine.dispose()
    settings = Settings(database_url=fresh_database_url, secret_key="offthread-" + "x" * 32,
                        time_zone="Europe/Vienna", https=False, session_hours=12,
                        max_body_bytes=200_000, background_jobs=False, export_processes=1)
    app = create_app(settings)
    gate = Gate()
    app.state.exports = Exports(1, settings.export_seconds, render=gate.render)
    yield app, gate, tokens, draft.id, first
    app.state.sessionmaker.kw["bind"].dispose()


def connection_holders(engine) -> dict[int, str]:
    """The threads holding a connection of the engine's pool, kept up to date."""
    holders: dict[int, str] = {}

    def checkout(dbapi_connection, record, proxy):
        holders[id(record)] = threading.current_thread().name

    def checkin(dbapi_connection, record):
        holders.pop(id(record), None)

    event.listen(engine.pool, "checkout", checkout)
    event.listen(engine.pool, "checkin", checkin)
    return holders


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@contextmanager
def signed_in(base: str, email: str) -> Iterator[httpx2.Client]:
    """A browser signed in through the login form."""
    with httpx2.Client(base_url=base, timeout=120) as client:
        form = client.get("/login")
        password = next(p for e, _, _, p in demo.ACCOUNTS if e == email)
        client.post("/login", data={"csrf": CSRF.search(form.text).group(1), "email": email,
                                    "password": password, "next": "/"})
        yield client


def test_a_pdf_renders_outside_the_transaction_and_one_too_many_waits(world):
    app, gate, tokens, draft_id, first = world
    holders = connection_holders(app.state.sessionmaker.kw["bind"])
    document = f"/api/v1/drafts/{draft_id}/document"
    with serving(app) as base, httpx2.Client(base_url=base, timeout=120) as api:
        answer = {}
        exporting = threading.Thread(target=lambda: answer.update(pdf=api.get(
            document, params={"format": "pdf", "amendments": "pending"},
            headers=bearer(tokens["chair"]))))
        exporting.start()
        assert gate.entered.wait(60), "the PDF export did not reach its render"
        try:
            # Its data read, no request holds a connection while it renders (the writer
            # may be storing what another request did) ...
            assert set(holders.values()) <= {"plenary-writer"}
            # ... and another request writes meanwhile.
            proposed = api.post(f"/api/v1/drafts/{draft_id}/amendments",
                                headers=bearer(tokens["drafter.it"]),
                                json={"paragraph": first.key, "action": "modify",
                                      "text": first.text + " Amended while a PDF renders."})
            assert proposed.status_code == 201, proposed.text

            busy = api.get(document, params={"format": "pdf"}, headers=bearer(tokens["chair"]))
            assert (busy.status_code, busy.headers["retry-after"], busy.json()) == (
                503, "5", {"error": {"code": "busy", "message":
                                     "1 export is being prepared; retry in a moment"}})
            with signed_in(base, "drafter.it@demo.plenary") as browser:
                page = browser.get(f"/drafts/{draft_id}/document.docx")
                assert (page.status_code, page.headers["retry-after"]) == (503, "5")
                assert "1 export is being prepared; retry in a moment" in page.text
                quick = browser.get(f"/drafts/{draft_id}/document.txt")
                assert quick.status_code == 200 and quick.text.startswith("DRAFT\nMC.DD/3/26")
        finally:
            gate.release.set()
            exporting.join(timeout=120)
        pdf = answer["pdf"]
        assert (pdf.status_code, pdf.headers["content-type"]) == (200, "application/pdf")
        assert pdf.content.startswith(b"%PDF-")
        events = api.get(f"/api/v1/drafts/{draft_id}/events", headers=bearer(tokens["chair"]))
        exports = [e["data"] for e in events.json()["events"] if e["name"] == "draft:export"]
        assert [(e["format"], e["amendments"]) for e in exports] == [("txt", False),
                                                                      ("pdf", True)]
