"""The largest compilation of amendments the limits allow (exports/compilation.py),
exported in every format.

Built in a real database (a fresh SQLite file, or the URL given: use a scratch database):
the largest draft (MAX_PARAGRAPHS paragraphs holding MAX_DRAFT_CHARS characters) with
amendments spread over its paragraphs (modifications with word edits, insertions,
deletions; 57 delegations) until one more would pass MAX_COMPILATION_AMENDMENTS or
MAX_COMPILATION_CHARS. Each format is read and rendered in a fresh subprocess, as a
request does it (exports.formats.prepare_compilation, then exports.formats.render), so the
peak RSS is that format's (goal, as for every export: under 20 s and 400 MB).

Printed, never asserted. Run: .venv/bin/python benchmarks/bench_compilation.py [DATABASE_URL]
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_limits import largest_paragraphs, table  # noqa: E402
from benchmarks.drafts import edit, paragraph  # noqa: E402
from drafting import services as drafting  # noqa: E402
from drafting.models import Amendment, Draft  # noqa: E402
from exports import compilation  # noqa: E402
from plenary import migrate  # noqa: E402
from plenary.db import make_engine, make_sessionmaker  # noqa: E402

FORMATS = ("html", "pdf", "docx")
GOAL_S, GOAL_MB = 20.0, 400
ROOT = Path(__file__).resolve().parents[1]


def amendments_up_to_the_limits(session, draft: Draft) -> int:
    rng = random.Random(11)
    current = drafting.revision_of(session, draft).paragraphs
    chars = count = 0
    kinds = ("modify",) * 8 + ("insert_after", "delete")
    while count < compilation.MAX_COMPILATION_AMENDMENTS:
        p, kind = current[count % len(current)], kinds[count % len(kinds)]
        text = None if kind == "delete" else (
            paragraph(rng) if kind == "insert_after" else edit(p.text, rng, 2))
        cost = len(p.text) + len(text or "")
        if chars + cost > compilation.MAX_COMPILATION_CHARS:
            break
        session.add(Amendment(
            draft_id=draft.id, paragraph_key=p.key, action=kind, delegation_id=1 + count % 57,
            base_revision=draft.current_revision, base_text=p.text, text=text,
            status="submitted", new_key=f"pcomp{count:05d}" if kind == "insert_after" else None))
        chars, count = chars + cost, count + 1
    session.flush()
    return count


def build(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    with engine.connect() as connection:
        migrate.upgrade(connection)
        connection.commit()
    with make_sessionmaker(engine)() as session:
        draft = table(session, largest_paragraphs(), "The largest compilation", "MC.DD/90/26")
        count = amendments_up_to_the_limits(session, draft)
        session.commit()
        draft_id = draft.id
    engine.dispose()
    return draft_id, count


def measure_one(url: str, draft_id: int, fmt: str) -> dict:
    from exports import formats

    if fmt == "pdf":  # imported once per worker process, as the export processes do
        from exports import pdf

        pdf._weasyprint()
    engine = make_engine(url)
    start, cpu = time.perf_counter(), time.process_time()
    with make_sessionmaker(engine)() as session:
        job = formats.prepare_compilation(session, session.get(Draft, draft_id), fmt, "all")
    read = time.perf_counter() - start
    body = formats.render(job).body
    total = time.perf_counter() - start
    engine.dispose()
    return {"seconds": total, "read": read, "cpu": time.process_time() - cpu,
            "bytes": len(body),
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        url, draft_id, fmt = sys.argv[2], int(sys.argv[3]), sys.argv[4]
        print(json.dumps(measure_one(url, draft_id, fmt)))
        return
    url = sys.argv[1] if len(sys.argv) > 1 else (
        f"sqlite:///{tempfile.mkdtemp(prefix='plenary-bench-')}/bench.db")
    draft_id, count = build(url)
    print(f"the largest draft with {count} amendments (limits: "
          f"{compilation.MAX_COMPILATION_AMENDMENTS} amendments, "
          f"{compilation.MAX_COMPILATION_CHARS:,} characters of them)")
    for fmt in FORMATS:
        result = subprocess.run([sys.executable, __file__, "--one", url, str(draft_id), fmt],
                                capture_output=True, text=True, cwd=ROOT)
        if result.returncode != 0:
            print(f"  {fmt}: failed: {result.stderr.strip().splitlines()[-1]}")
            continue
        m = json.loads(result.stdout.strip().splitlines()[-1])
        ok = m["seconds"] < GOAL_S and m["rss_mb"] < GOAL_MB
        print(f"  {fmt:5} {m['seconds']:6.2f} s (cpu {m['cpu']:.2f} s, read {m['read']:.2f} s)"
              f"  {m['rss_mb']:6.0f} MB  {m['bytes']:>10,} bytes  "
              f"{'within' if ok else 'MISSES'} the goal")


if __name__ == "__main__":
    main()
