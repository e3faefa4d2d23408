"""Issuing Rev.1 of a 30-paragraph draft with 1,000 pending amendments, end to end
through the use case (drafting.revisions.issue_revision) on a real database: every
amendment is carried onto the new revision and stored.

Run: .venv/bin/python benchmarks/bench_revision.py [DATABASE_URL]
(default: a fresh SQLite file in a temporary folder). The baseline, measured in the same
run, is the engine alone rebasing the same 1,000 amendments (benchmarks/bench_rebase.py).
Printed, never asserted."""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.drafts import amendments, draft, revision  # noqa: E402
from drafting import rebase as rebase_module  # noqa: E402
from drafting import revisions  # noqa: E402
from drafting import services as drafting  # noqa: E402
from drafting.actors import SYSTEM  # noqa: E402
from drafting.models import Amendment  # noqa: E402
from drafting.rebase import rebase  # noqa: E402
from plenary import migrate  # noqa: E402
from plenary.db import make_engine, make_sessionmaker  # noqa: E402

COUNT = 1000


def draft_text(paragraphs: list[str]) -> str:
    body = "\n\n".join(f"{i}. {p}" for i, p in enumerate(paragraphs, 1))
    return f"Benchmark decision\n\nThe Ministerial Council,\n\n{body}\n"


def prepare(session, rev0: list[str]):
    d = drafting.import_draft(session, SYSTEM, body="MC", text=draft_text(rev0))
    d.state = "negotiating"
    paragraphs = drafting.revision_of(session, d).paragraphs
    for index, text in amendments(rev0, COUNT):
        p = paragraphs[index]
        session.add(Amendment(draft_id=d.id, paragraph_key=p.key, action="modify",
                              delegation_id=1 + index % 57, base_revision=0,
                              base_text=p.text, text=text, status="submitted"))
    session.flush()
    return d


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else (
        f"sqlite:///{tempfile.mkdtemp()}/bench.db")
    engine = make_engine(url)
    with engine.connect() as conn:
        migrate.upgrade(conn)
        conn.commit()
    rev0, rev1 = draft(), revision(draft())
    with make_sessionmaker(engine)() as session:
        d = prepare(session, rev0)
        session.commit()
        keys = [p.key for p in drafting.revision_of(session, d).paragraphs]
        edits = [(key, new) for key, old, new in zip(keys, rev0, rev1, strict=True) if old != new]
        rebase_module._remembered_hunks.cache_clear()  # measure cold, as after a restart
        baseline = engine_alone(rev0, rev1)
        rebase_module._remembered_hunks.cache_clear()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        outcome = revisions.issue_revision(session, SYSTEM, d, incorporate=[], edits=edits)
        session.commit()
        took = time.perf_counter() - start
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) / 1024
    engine.dispose()
    print(f"issuing Rev.1 with {COUNT:,} pending amendments on {engine.dialect.name}: "
          f"{took:.3f} s ({took / COUNT * 1000:.2f} ms an amendment); "
          f"rebased {len(outcome.rebased)}, needs_rebase {len(outcome.needs_rebase)}")
    print(f"the engine alone on the same amendments: {baseline:.3f} s; the use case is "
          f"{took / baseline:.1f}x that (storing and notifying); peak RSS grew {grown:.1f} MB")


def engine_alone(rev0: list[str], rev1: list[str]) -> float:
    start = time.perf_counter()
    for index, text in amendments(rev0, COUNT):
        rebase(rev0[index], rev1[index], text)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
