"""The model of the procedure (tests/workflow/procedure_model.py), run with a fixed seed
and a bounded number of steps: on SQLite and on PostgreSQL alike, under a minute.
`make explore` runs the same model for as long as asked."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, seed, settings
from hypothesis.stateful import run_state_machine_as_test

from tests.workflow.procedure_model import ProcedureModel

RUNS = int(os.environ.get("PLENARY_MODEL_RUNS", "25"))
STEPS = int(os.environ.get("PLENARY_MODEL_STEPS", "40"))


def test_the_record_holds_under_random_actions(engine):
    ProcedureModel.engine = engine
    ProcedureModel.steps_taken = 0
    run = seed(20171208)(lambda: run_state_machine_as_test(ProcedureModel, settings=settings(
        max_examples=RUNS, stateful_step_count=STEPS, deadline=None, database=None,
        suppress_health_check=list(HealthCheck), derandomize=True)))
    run()
    assert ProcedureModel.steps_taken >= RUNS * 5  # it did walk, not stop at the start
