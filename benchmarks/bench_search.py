"""Search at scale: how a search's time grows with the index (workflow/search.py).

Two databases: a small one (a 30-paragraph draft with 1,000 amendments) and a large one
(the same draft with 20,000), the amendments from benchmarks/drafts.py and their search
entries inserted in bulk, as the application writes them (drafting/search_index.py). In
process, alternating between the two so that a busy machine slows both alike, it times
the first page (20 results) of searches that match few entries, many, a phrase, a prefix
and a filter by delegation.

It prints the median of each, how many entries the words match, and the ratio large /
small. A search ranks every match, so words in half the entries cost in proportion to
them; the page stays 20 results.

Run: .venv/bin/python benchmarks/bench_search.py [POSTGRESQL_URL]
(default: two fresh SQLite files in a temporary folder; with a URL, two scratch databases
are created on that server and dropped afterwards). Printed, never asserted.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select, text  # noqa: E402

from benchmarks.drafts import amendments, draft  # noqa: E402
from benchmarks.scratch_database import scratch_postgres  # noqa: E402
from drafting import services as drafting  # noqa: E402
from drafting.actors import SYSTEM, Actor  # noqa: E402
from drafting.models import Amendment  # noqa: E402
from drafting.search_index import ENTRIES, amendment_text, amendment_title, entry  # noqa: E402
from drafting.stored_redline import spans  # noqa: E402
from plenary import migrate  # noqa: E402
from plenary.db import make_engine, make_sessionmaker  # noqa: E402
from workflow.search import Filters, search  # noqa: E402

SMALL, LARGE = 1_000, 20_000
RUNS = 9
CHAIR = Actor(user_id=None, role="chair")
QUERIES = [  # (what it shows, the words, the filters)
    ("a word (3% of entries)", "participating", Filters()),
    ("a word (5%)", "biennial", Filters()),
    ("two words (48%)", "Vienna Document", Filters()),
    ("a prefix (35%)", "Helsin", Filters()),
    ("a word, one delegation", "participating", Filters(delegation_id=3)),
]


def draft_text(paragraphs: list[str]) -> str:
    body = "\n\n".join(f"{i}. {p}" for i, p in enumerate(paragraphs, 1))
    return f"Benchmark decision\n\nThe Ministerial Council,\n\n{body}\n"


@contextmanager
def world(url: str, count: int, rev0: list[str]):
    """A database with a draft and `count` amendments to it, each with its entry."""
    engine = make_engine(url)
    with engine.connect() as conn:
        migrate.upgrade(conn)
        conn.commit()
    factory = make_sessionmaker(engine)
    with factory() as session:
        d = drafting.import_draft(session, SYSTEM, body="MC", text=draft_text(rev0))
        d.state = "negotiating"
        paragraphs = drafting.revision_of(session, d).paragraphs
        names = {s.id: s.name for s in drafting.list_delegations(session)}
        rows = []
        for n, (index, wording) in enumerate(amendments(rev0, count, seed=count)):
            p = paragraphs[index]
            rows.append({"draft_id": d.id, "paragraph_key": p.key, "action": "modify",
                         "delegation_id": 1 + n % 57, "base_revision": 0, "base_text": p.text,
                         "text": wording, "status": "submitted", "rationale": "", "reason": "",
                         "redline": spans("modify", p.text, wording)})
        ids = session.scalars(insert(Amendment).returning(
            Amendment.id, sort_by_parameter_order=True), rows).all()
        session.execute(insert(ENTRIES), [
            entry("amendment", i, body="MC", state="submitted", year=2026,
                  delegations=[row["delegation_id"]], draft_id=d.id,
                  title=amendment_title(i, d.symbol, names[row["delegation_id"]]),
                  text=amendment_text(row["text"], ""))
            for i, row in zip(ids, rows, strict=True)])
        session.commit()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    yield factory
    engine.dispose()


def timed(factory, words: str, filters: Filters) -> tuple[float, int]:
    with factory() as session:
        started = time.perf_counter()
        hits = search(session, CHAIR, words, filters).hits
        return time.perf_counter() - started, len(hits)


def matching(factory, words: str) -> int:
    """How many entries hold every word (the last one as a prefix, as the search reads it)."""
    *head, last = words.lower().split()
    with factory() as session:
        if session.connection().dialect.name == "sqlite":
            match = " ".join([*(f'"{w}"' for w in head), f'"{last}"*'])
            return session.scalar(text("SELECT count(*) FROM search_fts WHERE search_fts "
                                       "MATCH :q"), {"q": match})
        query = " & ".join([*head, f"{last}:*"])
        return session.scalar(select(func.count()).select_from(ENTRIES).where(
            text("search_vector @@ to_tsquery('simple', :q)")), {"q": query}) or 0


def main() -> None:
    rev0 = draft()
    with ExitStack() as stack, tempfile.TemporaryDirectory() as folder:
        if len(sys.argv) > 1:
            small_url = stack.enter_context(scratch_postgres(sys.argv[1], "bench_search_s"))
            large_url = stack.enter_context(scratch_postgres(sys.argv[1], "bench_search_l"))
        else:
            small_url = f"sqlite:///{folder}/small.db"
            large_url = f"sqlite:///{folder}/large.db"
        small = stack.enter_context(world(small_url, SMALL, rev0))
        large = stack.enter_context(world(large_url, LARGE, rev0))
        database = "PostgreSQL" if len(sys.argv) > 1 else "SQLite"
        print(f"Search on {database}: {SMALL:,} against {LARGE:,} amendments, "
              f"median of {RUNS}, the first page (20)")
        for label, words, filters in QUERIES:
            times = {"small": [], "large": []}
            for _ in range(RUNS):
                for name, factory in (("small", small), ("large", large)):
                    seconds, _count = timed(factory, words, filters)
                    times[name].append(seconds)
            s, lg = (statistics.median(times[k]) * 1000 for k in ("small", "large"))
            print(f"  {label:26} {words!r:18} small {s:7.2f} ms "
                  f"({matching(small, words):>6,} match)  large {lg:7.2f} ms "
                  f"({matching(large, words):>6,} match)  ratio {lg / s:5.1f}x")


if __name__ == "__main__":
    main()
