"""Explore the model of the procedure for as long as asked: random runs of allowed and
forbidden actions (tests/workflow/procedure_model.py), each checked after every step.

    .venv/bin/python benchmarks/explore_procedure.py [--seconds 300] [--steps 50] [URL]
    make explore SECONDS=600

Prints the steps taken, how often each use case was accepted and refused, the commonest
refusals, and, if an invariant breaks, the counterexample (the shrunk list of steps, as
Hypothesis prints it), then exits 1. URL is a scratch database (default: a fresh SQLite
file); every run rolls back, so the database stays empty.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, settings  # noqa: E402
from hypothesis.stateful import run_state_machine_as_test  # noqa: E402

from plenary import migrate  # noqa: E402
from plenary.db import make_engine  # noqa: E402
from tests.workflow.procedure_model import ProcedureModel  # noqa: E402

BATCH = 20  # runs per Hypothesis call; the clock is checked between calls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", help="a scratch database (default: fresh SQLite)")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--steps", type=int, default=50, help="steps in one run")
    args = parser.parse_args()
    url = args.url or f"sqlite:///{tempfile.mkdtemp()}/explore.db"
    engine = make_engine(url)
    with engine.connect() as conn:
        migrate.upgrade(conn)
        conn.commit()
    ProcedureModel.engine = engine
    started, runs = time.monotonic(), 0
    try:
        while time.monotonic() - started < args.seconds:
            run_state_machine_as_test(ProcedureModel, settings=settings(
                max_examples=BATCH, stateful_step_count=args.steps, deadline=None,
                database=None, suppress_health_check=list(HealthCheck)))
            runs += BATCH
    except AssertionError as broken:
        report(runs, time.monotonic() - started)
        print(f"\nAN INVARIANT BROKE: {broken}\n(the steps that break it are printed above)")
        return 1
    finally:
        engine.dispose()
    report(runs, time.monotonic() - started)
    print("\nno counterexample found")
    return 0


def report(runs: int, seconds: float) -> None:
    print(f"{runs} runs, {ProcedureModel.steps_taken:,} steps in {seconds:.0f} s "
          f"({ProcedureModel.steps_taken / max(seconds, 1e-9):.0f} steps/s)")
    print(f"\n{'use case':32} {'accepted':>9} {'refused':>9}")
    for name, (accepted, refused) in sorted(ProcedureModel.outcomes.items()):
        print(f"{name:32} {accepted:>9,} {refused:>9,}")
    print("\ncommonest refusals:")
    commonest = sorted(ProcedureModel.refusals.items(), key=lambda kv: -kv[1])[:12]
    for why, count in commonest:
        print(f"{count:>7,}  {why}")


if __name__ == "__main__":
    sys.exit(main())
