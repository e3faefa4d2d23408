"""The largest draft the limits allow (drafting/limits.py), compared and exported.

Built in a real database (a fresh SQLite file, or the URL given: use a scratch database):
- a draft of MAX_PARAGRAPHS paragraphs holding MAX_DRAFT_CHARS characters, and its Rev.1
  with every paragraph edited; a draft of MAX_PARAGRAPH_CHARS-character paragraphs
  (MAX_DRAFT_CHARS in all), each rewritten whole in other words in its Rev.1;
- MAX_PENDING_PER_DRAFT pending amendments on the first draft's Rev.1, spread over every
  paragraph and 57 delegations (submitted, accepted, needing a rewrite; modifications,
  insertions, deletions), stored as the use cases store them (with their redlines);
- the largest text adopted as a decision, and the journal of the day it is appended to.

Measured, against the goals of issue 9, and against the demo's documents (MC.DD/3/26 with
its three amendments, MC.DEC/7/17, MC(24) Journal No. 2) measured in the same run:
- GET /api/v1/drafts/{id}/compare?from=0&to=1 through the app (goal: under 2 s), three
  times each;
- every export format of the draft with its pending amendments, of the draft against its
  Rev.0, of the decision and of the journal, each in a fresh subprocess, so that the peak
  RSS is that format's: the export's read (exports.formats.prepare_*) and its render
  (exports.formats.render), as a request does them (goal: under 20 s and 400 MB). The
  CPU time is printed beside the wall time: on a machine others share, it is the figure
  that says what the export costs.

Printed, never asserted. Run: .venv/bin/python benchmarks/bench_limits.py [DATABASE_URL]
"""

from __future__ import annotations

import json
import os
import random
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from benchmarks.drafts import CLAUSES, OBJECTS, OPENERS, edit, paragraph  # noqa: E402
from drafting import limits  # noqa: E402
from drafting import services as drafting  # noqa: E402
from drafting.actors import SYSTEM  # noqa: E402
from drafting.models import Amendment, Draft  # noqa: E402
from plenary import migrate  # noqa: E402
from plenary.db import make_engine, make_sessionmaker  # noqa: E402

COMPARE_GOAL_S, EXPORT_GOAL_S, EXPORT_GOAL_MB = 2.0, 20.0, 400
GIVE_UP_S = 300  # an export still running after this long has missed its goal anyway
DRAFT_FORMATS = ("txt", "md", "html", "pdf", "docx")
DECISION_FORMATS = (*DRAFT_FORMATS, "akn")
ROOT = Path(__file__).resolve().parents[1]


def sized(text: str, length: int) -> str:
    """`text` cut or repeated to exactly `length` characters, ending with a semicolon."""
    while len(text) < length:
        text += " " + text
    return text[:length - 1].rstrip().ljust(length - 1, "x") + ";"


def largest_paragraphs(seed: int = 26) -> list[str]:
    rng = random.Random(seed)
    size, longer = divmod(limits.MAX_DRAFT_CHARS, limits.MAX_PARAGRAPHS)
    return [sized(paragraph(rng), size + (n < longer)) for n in range(limits.MAX_PARAGRAPHS)]


VOCABULARY = " ".join(OPENERS + OBJECTS + CLAUSES).replace(",", "").split()


def prose(rng: random.Random, length: int) -> str:
    """`length` characters of words drawn at random: no two texts share a passage, the
    hardest case for a redline."""
    words = []
    while sum(map(len, words)) + len(words) < length:
        words.append(rng.choice(VOCABULARY))
    return sized(" ".join(words), length)


def long_paragraphs(seed: int = 10) -> list[str]:
    rng = random.Random(seed)
    count = limits.MAX_DRAFT_CHARS // limits.MAX_PARAGRAPH_CHARS
    return [prose(rng, limits.MAX_PARAGRAPH_CHARS) for _ in range(count)]


def draft_text(paragraphs: list[str], title: str) -> str:
    preambular = len(paragraphs) // 5
    body = paragraphs[:preambular] + [
        f"{i}. {p}" for i, p in enumerate(paragraphs[preambular:], 1)]
    return f"{title}\n\nThe Ministerial Council,\n\n" + "\n\n".join(body) + "\n"


def table(session, paragraphs: list[str], title: str, symbol: str) -> Draft:
    from workflow import services as workflow

    draft = drafting.import_draft(session, SYSTEM, body="MC", text=draft_text(paragraphs, title),
                                  symbol=symbol, tabled_at=datetime(2026, 11, 2, tzinfo=UTC))
    workflow.open_negotiation(session, SYSTEM, draft)
    return draft


def revise_all(session, draft: Draft, rewrite) -> None:
    """Rev.1: every paragraph edited by `rewrite`, kept within the limits."""
    from drafting import revisions

    current = drafting.revision_of(session, draft).paragraphs
    edits = [(p.key, sized(rewrite(p.text), len(p.text))) for p in current]
    revisions.issue_revision(session, SYSTEM, draft, incorporate=[], edits=edits)


def pending_amendments(session, draft: Draft) -> None:
    """MAX_PENDING_PER_DRAFT amendments spread over every paragraph and 57 delegations."""
    rng = random.Random(9)
    rev0 = {p.key: p.text for p in drafting.revision_of(session, draft, 0).paragraphs}
    current = drafting.revision_of(session, draft).paragraphs
    for n in range(limits.MAX_PENDING_PER_DRAFT):
        p = current[n % len(current)]
        action = ("modify",) * 8 + ("insert_after", "delete")
        kind = action[n % len(action)]
        rebase = n % 20 == 19 and kind == "modify"
        base_text, base_revision = (rev0[p.key], 0) if rebase else (p.text, 1)
        text = None if kind == "delete" else (
            paragraph(rng) if kind == "insert_after" else edit(base_text, rng, 2))
        session.add(Amendment(
            draft_id=draft.id, paragraph_key=p.key, action=kind, delegation_id=1 + n % 57,
            base_revision=base_revision, base_text=base_text, text=text,
            status="needs_rebase" if rebase else ("accepted" if n % 20 == 7 else "submitted"),
            conflict={"kind": "revision", "revision": 1, "why": "changed"} if rebase else None,
            new_key=f"pbench{n:06d}" if kind == "insert_after" else None))
        if n % 1000 == 999:
            session.flush()


def adopt(session, draft: Draft):
    from workflow import services as workflow

    meeting = workflow.create_meeting(session, SYSTEM, body="MC", number=33, place="Vienna",
                                      starts_on=date(2026, 11, 19), ends_on=date(2026, 11, 20))
    journal = workflow.open_journal(session, SYSTEM, meeting, number=2, day=date(2026, 11, 20))
    return workflow.adopt_at_meeting(session, SYSTEM, draft, journal, agenda_item=3), journal


def build(url: str) -> dict:
    from plenary import demo
    from workflow import journals
    from workflow import services as workflow

    engine = make_engine(url)
    with engine.connect() as conn:
        migrate.upgrade(conn)
        conn.commit()
    largest, long = largest_paragraphs(), long_paragraphs()
    rng = random.Random(1)
    with make_sessionmaker(engine)() as session:
        demo.load(session)
        ids = {"demo_draft": session.scalar(
            select(Draft.id).where(Draft.symbol == demo.ENERGY_DRAFT)),
            "demo_decision": workflow.find_decision(session, "MC.DEC/7/17").id,
            "demo_journal": journals.find_journal(session, "MC(24) Journal No. 2").id}
        big = table(session, largest, "Largest draft decision", "MC.DD/90/26")
        revise_all(session, big, lambda text: edit(text, rng, 3))
        pending_amendments(session, big)
        rewritten = table(session, long, "Long paragraphs decision", "MC.DD/91/26")
        revise_all(session, rewritten, lambda text: prose(rng, len(text)))
        adopted = table(session, largest, "Largest adopted decision", "MC.DD/92/26")
        decision, journal = adopt(session, adopted)
        ids |= {"draft": big.id, "long": rewritten.id, "decision": decision.id,
                "journal": journal.id}
        session.commit()
    engine.dispose()
    return ids


# --- compare, through the app ---------------------------------------------------------------

def compare_times(url: str, ids: dict) -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) seconds of each of three compares, through the app in this process."""
    os.environ |= {"PLENARY_DATABASE_URL": url, "PLENARY_SECRET_KEY": secrets.token_hex(16),
                   "PLENARY_BACKGROUND_JOBS": "0"}
    from starlette.testclient import TestClient

    from plenary import accounts
    from plenary.app import create_app

    app = create_app()
    with app.state.sessionmaker() as session:
        token = accounts.create_token(session, accounts.find_user(session, "chair@demo.plenary"))
        session.commit()
    times: dict[str, list[float]] = {}
    with TestClient(app) as client:
        for name in ("draft", "long"):
            path = f"/api/v1/drafts/{ids[name]}/compare?from=0&to=1"
            times[name] = []
            for _ in range(3):
                start, cpu = time.perf_counter(), time.process_time()
                answer = client.get(path, headers={"Authorization": f"Bearer {token}"})
                times[name].append((time.perf_counter() - start, time.process_time() - cpu))
                assert answer.status_code == 200, answer.text
    return times


# --- one export in a fresh process --------------------------------------------------------

def measure_one(url: str, kind: str, record_id: int, fmt: str) -> dict:
    """Run in the subprocess: the export's read, then its render, as a request does."""
    from drafting.models import Draft as DraftRow
    from exports import formats
    from workflow.models import Decision, Journal

    if fmt == "pdf":  # imported once per worker process, as the export processes do
        from exports import pdf

        pdf._weasyprint()
    engine = make_engine(url)
    start, cpu = time.perf_counter(), time.process_time()
    with make_sessionmaker(engine)() as session:
        if kind in ("draft", "against"):
            job = formats.prepare_draft(session, session.get(DraftRow, record_id), fmt,
                                        against=0 if kind == "against" else None,
                                        amendments=kind == "draft")
        elif kind == "decision":
            job = formats.prepare_decision(session, session.get(Decision, record_id), fmt)
        else:
            job = formats.prepare_journal(session, session.get(Journal, record_id), fmt)
    read = time.perf_counter() - start
    body = formats.render(job).body
    total = time.perf_counter() - start
    engine.dispose()
    return {"seconds": total, "read": read, "cpu": time.process_time() - cpu,
            "bytes": len(body),
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def in_subprocess(url: str, kind: str, record_id: int, fmt: str) -> dict:
    try:
        result = subprocess.run(
            [sys.executable, __file__, "--one", url, kind, str(record_id), fmt],
            capture_output=True, text=True, cwd=ROOT, timeout=GIVE_UP_S)
    except subprocess.TimeoutExpired:
        return {"error": f"stopped after {GIVE_UP_S} s"}
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1]}
    return json.loads(result.stdout.strip().splitlines()[-1])


CASES = [  # (what, kind, id of the measured record, id of the demo's, formats)
    (f"draft with {limits.MAX_PENDING_PER_DRAFT:,} pending amendments", "draft", "draft",
     "demo_draft", DRAFT_FORMATS),
    ("draft Rev.1 against Rev.0", "against", "draft", None, DRAFT_FORMATS),
    ("decision of the largest text", "decision", "decision", "demo_decision",
     DECISION_FORMATS),
    ("journal with that decision", "journal", "journal", "demo_journal", DRAFT_FORMATS),
]


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{tempfile.mkdtemp()}/limits.db"
    print(f"limits: {limits.MAX_PARAGRAPHS} paragraphs, {limits.MAX_PARAGRAPH_CHARS:,} "
          f"characters a paragraph, {limits.MAX_DRAFT_CHARS:,} a draft; pending amendments "
          f"{limits.MAX_PENDING_PER_DELEGATION} a delegation, "
          f"{limits.MAX_PENDING_PER_DRAFT:,} a draft; marked in place up to "
          f"{limits.MARKED_CHARS:,} characters")
    print("load average (1, 5, 15 min) at the start: "
          + " ".join(f"{load:.1f}" for load in os.getloadavg()))
    start = time.perf_counter()
    ids = build(url)
    print(f"built in {time.perf_counter() - start:.0f} s")
    for name, runs in compare_times(url, ids).items():
        long = limits.MAX_DRAFT_CHARS // limits.MAX_PARAGRAPH_CHARS
        shape = {"draft": f"{limits.MAX_PARAGRAPHS} paragraphs edited",
                 "long": f"{long} paragraphs of {limits.MAX_PARAGRAPH_CHARS:,} characters "
                         "rewritten"}[name]
        walls = [wall for wall, _ in runs]
        print(f"compare Rev.0 -> Rev.1, {shape}: "
              f"{' '.join(f'{wall:.2f}' for wall in walls)} s, CPU "
              f"{' '.join(f'{cpu:.2f}' for _, cpu in runs)} s (median "
              f"{statistics.median(walls):.2f}; goal under {COMPARE_GOAL_S:.0f} s) "
              f"{verdict(statistics.median(walls) < COMPARE_GOAL_S)}")
    print(f"\n{'export':44} {'fmt':5} {'s':>7} {'cpu s':>7} {'read s':>7} {'MB':>6} "
          f"{'size':>10} {'demo s':>7} {'x demo':>7}")
    for what, kind, key, demo_key, fmts in CASES:
        for fmt in fmts:
            got = in_subprocess(url, kind, ids[key], fmt)
            if "error" in got:
                print(f"{what:44} {fmt:5} failed: {got['error']}")
                continue
            base = in_subprocess(url, kind, ids[demo_key], fmt) if demo_key else None
            base_s = f"{base['seconds']:7.2f} {got['seconds'] / base['seconds']:7.0f}" \
                if base and "seconds" in base else f"{'':7} {'':7}"
            ok = got["seconds"] < EXPORT_GOAL_S and got["rss_mb"] < EXPORT_GOAL_MB
            print(f"{what:44} {fmt:5} {got['seconds']:7.2f} {got['cpu']:7.2f} "
                  f"{got['read']:7.2f} {got['rss_mb']:6.0f} {got['bytes']:10,} {base_s} "
                  f"{verdict(ok)}")
    print(f"\ngoals: compare under {COMPARE_GOAL_S:.0f} s; each export under "
          f"{EXPORT_GOAL_S:.0f} s and {EXPORT_GOAL_MB} MB peak RSS")
    print("load average (1, 5, 15 min) at the end: "
          + " ".join(f"{load:.1f}" for load in os.getloadavg()))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        _, _, db, kind_, record, fmt_ = sys.argv
        print(json.dumps(measure_one(db, kind_, int(record), fmt_)))
    else:
        main()
