"""Growth: the lists stay fast at 10,000 amendments on one draft and 1,000 drafts.

Two databases, built with bulk inserts: a small one (a 30-paragraph draft with 100
amendments, 5 drafts in all) and a large one (the same draft with 10,000 amendments, 1,000
drafts in all). The amendments come from benchmarks/drafts.py: 70% submitted, 10% each
accepted, withdrawn and rejected; every fourth supported by two delegations. Through the
ASGI app in process (Starlette's TestClient), with requests to the two alternating so
that a busy machine slows both alike, it times: the draft page, the amendment list page,
GET /api/v1/drafts/{id}/amendments, the dashboard and GET /api/v1/drafts; then three
revisions of each draft through POST /api/v1/drafts/{id}/revisions (a Chair's edit of one
paragraph each: the amendments to it are rebased, all the others carried as they are).

It prints the median of each, the SQL statements and the size of each answer, and the
ratio large / small against the goal: within 2x, and a revision under 1 s.

Run: .venv/bin/python benchmarks/bench_growth.py [POSTGRESQL_URL]
(default: two fresh SQLite files in a temporary folder; with a URL, two scratch databases
are created on that server and dropped afterwards). Printed, never asserted.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, insert, text  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from benchmarks.drafts import amendments, draft, revision  # noqa: E402
from benchmarks.scratch_database import scratch_postgres  # noqa: E402
from drafting import services as drafting  # noqa: E402
from drafting.actors import SYSTEM  # noqa: E402
from drafting.models import Amendment, AmendmentSupport, Draft, Revision  # noqa: E402
from drafting.stored_redline import spans  # noqa: E402
from plenary import accounts, migrate  # noqa: E402
from plenary.app import create_app  # noqa: E402
from plenary.db import make_engine, make_sessionmaker  # noqa: E402
from plenary.http import SESSION_COOKIE  # noqa: E402
from plenary.settings import Settings  # noqa: E402

SMALL, LARGE = (100, 5), (10_000, 1_000)  # (amendments on the draft, drafts in all)
RUNS = 9
STATUSES = ["accepted", "withdrawn", "rejected"] + ["submitted"] * 7
GOAL = 2.0


@dataclass
class World:
    """One database with its app, and what the requests need."""

    amendments: int
    drafts: int
    engine: object
    client: TestClient
    draft_id: int
    keys: list[str]
    api: dict
    page: dict
    statements: int = 0


def draft_text(paragraphs: list[str]) -> str:
    body = "\n\n".join(f"{i}. {p}" for i, p in enumerate(paragraphs, 1))
    return f"Benchmark decision\n\nThe Ministerial Council,\n\n{body}\n"


def seed_amendments(session, rev0: list[str], count: int) -> Draft:
    """A draft open for negotiation with `count` amendments, inserted in bulk with their
    redlines stored as the application stores them."""
    d = drafting.import_draft(session, SYSTEM, body="MC", text=draft_text(rev0))
    d.state = "negotiating"
    paragraphs = drafting.revision_of(session, d).paragraphs
    rows = []
    for n, (index, text_) in enumerate(amendments(rev0, count, seed=count)):
        p = paragraphs[index]
        rows.append({"draft_id": d.id, "paragraph_key": p.key, "action": "modify",
                     "delegation_id": 1 + n % 57, "base_revision": 0, "base_text": p.text,
                     "text": text_, "status": STATUSES[n % len(STATUSES)], "rationale": "",
                     "reason": "", "redline": spans("modify", p.text, text_)})
    ids = session.scalars(insert(Amendment).returning(Amendment.id,
                                                      sort_by_parameter_order=True), rows).all()
    session.execute(insert(AmendmentSupport), [
        {"amendment_id": i, "delegation_id": 1 + (n + k) % 57}
        for n, i in enumerate(ids) if n % 4 == 0 for k in (5, 11)])
    session.flush()
    return d


def seed_drafts(session, count: int) -> None:
    """`count` drafts more (list rows only: nobody opens them), a day apart."""
    start = datetime(2020, 1, 1, tzinfo=UTC)
    states = ["negotiating", "adopted", "withdrawn", "proposed"]
    rows = [{"body": "PC", "symbol": f"PC.DD/{n + 1}/19", "title": f"Filler {n + 1}",
             "enacting_formula": drafting.ENACTING_FORMULAS["PC"], "state": states[n % 4],
             "current_revision": 0, "tabled_at": start - timedelta(days=n), "version": 1}
            for n in range(count)]
    ids = session.scalars(insert(Draft).returning(Draft.id, sort_by_parameter_order=True),
                          rows).all()
    session.execute(insert(Revision), [{"draft_id": i, "number": 0} for i in ids])


@contextmanager
def world(url: str, sizes: tuple[int, int], rev0: list[str]):
    count, drafts = sizes
    engine = make_engine(url)
    with engine.connect() as conn:
        migrate.upgrade(conn)
        conn.commit()
    with make_sessionmaker(engine)() as session:
        d = seed_amendments(session, rev0, count)
        seed_drafts(session, drafts - 1)
        chair = accounts.add_user(session, email="chair@bench.plenary", role="chair",
                                  password="bench password 1")
        api = {"Authorization": f"Bearer {accounts.create_token(session, chair)}"}
        page = {"Cookie": f"{SESSION_COOKIE}={accounts.start_session(session, chair, 12)}"}
        keys = [p.key for p in drafting.revision_of(session, d).paragraphs]
        session.commit()
        draft_id = d.id
    # What autovacuum would have done within a minute of a bulk load this size: the row
    # counts the planner uses, and the visibility map its index-only scans need.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    settings = Settings(database_url=url, secret_key="bench-growth-" + "x" * 32,
                        time_zone="Europe/Vienna", https=False, session_hours=12,
                        max_body_bytes=2_000_000, background_jobs=False)
    with TestClient(create_app(settings, make_sessionmaker(engine))) as client:
        here = World(count, drafts, engine, client, draft_id, keys, api, page)
        event.listen(engine, "before_cursor_execute", lambda *a: _count(here))
        yield here
    engine.dispose()


def _count(here: World) -> None:
    here.statements += 1


def get(here: World, path: str, headers: dict) -> tuple[tuple[float, float], int, int]:
    """(wall, CPU) seconds, statements and bytes of one request. The app runs in this
    process (SQLite too), so its CPU time is the work, whatever else the machine runs."""
    before = here.statements
    start, cpu = time.perf_counter(), time.process_time()
    response = here.client.get(path.format(id=here.draft_id), headers=headers)
    took = time.perf_counter() - start, time.process_time() - cpu
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    return took, here.statements - before, len(response.content)


def compare(small: World, large: World, what: str, path: str, kind: str) -> None:
    """RUNS requests to each world, alternately, after one each to warm up."""
    times: dict[int, list[tuple[float, float]]] = {id(small): [], id(large): []}
    last = {}
    for n in range(RUNS + 1):
        for here in (small, large) if n % 2 else (large, small):
            took, statements, size = get(here, path, getattr(here, kind))
            if n:
                times[id(here)].append(took)
            last[id(here)] = (statements, size)
    (a, ca), (b, cb) = (medians(times[id(w)]) for w in (small, large))
    (sa, za), (sb, zb) = last[id(small)], last[id(large)]
    ratio = b / a
    print(f"{what:<34} {a * 1000:6.1f} ms (cpu {ca * 1000:5.1f}) {sa:2d} SQL {za / 1024:5.1f} KB"
          f" | {b * 1000:6.1f} ms (cpu {cb * 1000:5.1f}) {sb:2d} SQL {zb / 1024:5.1f} KB | "
          f"{ratio:4.2f}x, cpu {cb / ca:4.2f}x ({'within' if ratio <= GOAL else 'OVER'} "
          f"the {GOAL:.0f}x goal)")


def medians(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _ in pairs), statistics.median(c for _, c in pairs)


def revisions(small: World, large: World, rev1: list[str]) -> None:
    """Three revisions of each draft, alternately: the Chair edits paragraph 1, 4, 7."""
    times: dict[int, list[tuple[float, float]]] = {id(small): [], id(large): []}
    for number, index in enumerate((0, 3, 6)):
        for here in (small, large):
            body = {"incorporate": [], "base_revision": number,
                    "edits": [{"paragraph": here.keys[index], "text": rev1[index]}]}
            start, cpu = time.perf_counter(), time.process_time()
            response = here.client.post(f"/api/v1/drafts/{here.draft_id}/revisions",
                                        json=body, headers=here.api)
            times[id(here)].append((time.perf_counter() - start, time.process_time() - cpu))
            assert response.status_code == 201, response.text[:300]
    (a, ca), (b, cb) = (medians(times[id(w)]) for w in (small, large))
    print(f"issuing a revision (median of 3)  {a * 1000:6.1f} ms (cpu {ca * 1000:5.1f}) at "
          f"{small.amendments:,} | {b * 1000:6.1f} ms (cpu {cb * 1000:5.1f}) at "
          f"{large.amendments:,} amendments: {'under' if b < 1 else 'OVER'} the 1 s goal")


@contextmanager
def databases(argument: str | None):
    """Two database URLs: fresh SQLite files, or scratch databases on a PostgreSQL server."""
    if argument is None:
        folder = tempfile.mkdtemp()
        yield f"sqlite:///{folder}/small.db", f"sqlite:///{folder}/large.db"
        return
    with scratch_postgres(argument, "plenary_growth") as small, \
            scratch_postgres(argument, "plenary_growth") as large:
        yield small, large


def main() -> None:
    rev0 = draft()
    with databases(sys.argv[1] if len(sys.argv) > 1 else None) as (small_url, large_url), \
            ExitStack() as stack:
        started = time.perf_counter()
        small = stack.enter_context(world(small_url, SMALL, rev0))
        large = stack.enter_context(world(large_url, LARGE, rev0))
        print(f"on {large.engine.dialect.name}, seeded in {time.perf_counter() - started:.1f} s; "
              f"small: {small.amendments:,} amendments, {small.drafts:,} drafts | "
              f"large: {large.amendments:,} amendments, {large.drafts:,} drafts")
        for what, path, kind in [
            ("draft page", "/drafts/{id}", "page"),
            ("amendment list page", "/drafts/{id}/amendments", "page"),
            ("GET /api/v1/drafts/{id}/amendments", "/api/v1/drafts/{id}/amendments", "api"),
            ("consensus map page", "/drafts/{id}/map", "page"),
            ("dashboard", "/", "page"),
            ("GET /api/v1/drafts", "/api/v1/drafts", "api"),
        ]:
            compare(small, large, what, path, kind)
        revisions(small, large, revision(rev0))


if __name__ == "__main__":
    main()
