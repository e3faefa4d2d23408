"""A fresh clone with nothing beside it tests on its own: the public reference data is among
the fixtures, and only the Antragsgrün vectors (AGPL data) are read from ../shared, skipped
with their reason when absent, failed under CI (CI=true, which .ci/run exports)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
ANTRAGSGRUEN = "tests/drafting/test_conformance_antragsgruen.py"
# The tests that read the reference decision or the list of States.
READERS_OF_REFERENCE_DATA = [
    "tests/exports/test_reference_golden.py",
    "tests/drafting/test_structure.py::test_reference_title_formula_and_counts",
    "tests/drafting/test_structure.py::test_reference_words_are_kept_exactly",
    "tests/drafting/test_structure.py::"
    "test_reference_attached_statement_is_returned_apart_from_the_paragraphs",
    "tests/plenary/test_import_doors.py::test_cli_refuses_a_markdown_decision_with_its_attachment",
    "tests/exports/test_text.py::test_the_reference_decision_is_read_completely",
    "tests/exports/test_text.py::test_md_reproduces_the_reference_line_for_line",
    "tests/plenary/test_cli.py::test_import_prints_the_draft_id_and_refuses_bad_files",
    "tests/plenary/test_migrations.py::test_the_57_participating_states_are_there_after_migration",
]


def pytest_run(tmp_path: Path, *targets: str, ci: bool) -> subprocess.CompletedProcess:
    """pytest on `targets` in a child process whose ../shared is an empty directory."""
    empty = tmp_path / "shared"
    empty.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"PLENARY_SHARED_DIR": str(empty)}
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", *targets],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)


def test_the_reference_data_is_in_the_repository():
    decision = (FIXTURES / "reference" / "MC.DEC-7-17.md").read_text(encoding="utf-8")
    assert decision.lstrip().startswith("**Second day of the Twenty-Fourth Meeting**")
    assert "By the delegation of the Russian Federation:" in decision
    states = (FIXTURES / "reference" / "participating-states.txt").read_text().split()
    assert states[0] == "Albania" and states[-1] == "Uzbekistan"


def test_no_test_reads_public_data_from_shared():
    """Only conformance data comes through shared_file; no test names ../shared itself."""
    uses = []
    for path in (ROOT / "tests").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        uses += [(path.name, m) for m in re.findall(r"shared_file\(\"([^\"]+)\"\)", text)]
        assert "/work/" + "shared" not in text, path
    assert uses and all(name.startswith("conformance/") for _, name in uses), uses


def test_without_shared_the_reference_tests_pass_and_antragsgruen_skips(tmp_path):
    run = pytest_run(tmp_path, *READERS_OF_REFERENCE_DATA, ANTRAGSGRUEN, ci=False)
    assert run.returncode == 0, run.stdout + run.stderr
    summary = run.stdout.strip().splitlines()[-1]
    assert re.search(r"\d+ passed, [34] skipped", summary), run.stdout
    assert "failed" not in summary and "error" not in summary
    reasons = re.findall(r"SKIPPED \[(\d+)\] (\S+):\d+: (.*)", run.stdout)
    assert sum(int(count) for count, _, _ in reasons) == int(summary.split()[2]), run.stdout
    assert {where for _, where, _ in reasons} == {ANTRAGSGRUEN}
    assert {why for _, _, why in reasons} == {
        f"{tmp_path}/shared/conformance/antragsgruen-rebase.json is not here "
        "(shared/ is laid beside the checkout)"}


def test_under_ci_a_missing_shared_directory_fails(tmp_path):
    run = pytest_run(tmp_path, ANTRAGSGRUEN, ci=True)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "antragsgruen-rebase.json is missing: CI runs with shared/ beside the checkout" in (
        run.stdout)
    assert " skipped" not in run.stdout.strip().splitlines()[-1]
