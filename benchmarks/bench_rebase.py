"""Rebasing 1,000 pending amendments onto a new revision of a 30-paragraph draft.

Run: .venv/bin/python benchmarks/bench_rebase.py
Targets (printed, never asserted): under 1 s in all, and under 100 MB of memory growth."""

from __future__ import annotations

import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.drafts import amendments, draft, revision  # noqa: E402
from drafting import rebase as rebase_module  # noqa: E402
from drafting.rebase import rebase  # noqa: E402
from drafting.redline import HAVE_FAST  # noqa: E402

COUNT = 1000


def rebase_all(rev0: list[str], rev1: list[str], pending, engine: str) -> list:
    # A cold start: the revision's hunks are computed once per paragraph inside the run.
    rebase_module._remembered_hunks.cache_clear()
    return [rebase(rev0[i], rev1[i], text, engine=engine) for i, text in pending]


def measure(rev0, rev1, pending, engine: str, runs: int = 3) -> None:
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times, results = [], []
    for _ in range(runs):
        start = time.perf_counter()
        results = rebase_all(rev0, rev1, pending, engine)
        times.append(time.perf_counter() - start)
    rss_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    tracemalloc.start()  # a run of its own: tracemalloc slows Python down, so it is not timed
    rebase_all(rev0, rev1, pending, engine)
    traced_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    best, median = min(times), statistics.median(times)
    carried = sum(r.ok for r in results)
    print(f"engine {engine:6}  total best {best:.3f} s, median {median:.3f} s of {runs}"
          f"   per rebase {best / len(pending) * 1e3:.3f} ms"
          f"   carried {carried}, conflicts {len(pending) - carried}")
    print(f"{'':15}peak RSS growth {rss_growth_mb:.1f} MB   tracemalloc peak {traced_mb:.1f} MB")
    verdict = "met" if median < 1 and max(rss_growth_mb, traced_mb) < 100 else "NOT met"
    print(f"{'':15}target under 1 s and under 100 MB: {verdict}")


def main() -> None:
    rev0 = draft()
    rev1 = revision(rev0)
    pending = amendments(rev0, COUNT)
    changed = sum(a != b for a, b in zip(rev0, rev1, strict=True))
    touched = sum(rev1[i] != rev0[i] for i, _ in pending)
    print(f"rebasing {COUNT:,} amendments of a {len(rev0)}-paragraph draft onto Rev.1 "
          f"({changed} paragraphs changed; {touched} amendments are to a changed paragraph)")
    for engine in ["python", "fast"] if HAVE_FAST else ["python"]:
        measure(rev0, rev1, pending, engine)


if __name__ == "__main__":
    main()
