"""Antragsgrün's rebase test vectors (AGPL data, read from ../shared at test time and never
copied here): does `rebase` agree with it on when an amendment can be carried onto a new
version of the motion, and on the text it then gives?"""

import json

import pytest

from drafting.rebase import rebase
from drafting.redline import HAVE_FAST
from tests.conftest import shared_file

# Where Plenary disagrees on purpose. Both are two insertions at one point, which
# Antragsgrün merges in either order (its own assertion does not check the order).
# In a consensus text the order of two delegations' words is a drafting decision:
# the Chair must see it, so the rebase reports it as a conflict.
EXPECTED_DIFFERENCES = {
    "AmendmentSectionMergerTest::testMergeWithComplication2_WithoutCollisionMerging":
        "both sides insert a word after the same word (test16.1 / test16.2): the order of "
        "the two is the Chair's call, so Plenary reports a conflict",
    "AmendmentSectionMergerTest::testMergeWithComplicationStripUnchangedLi":
        "both sides append a different new paragraph after the same paragraph: which comes "
        "first is the Chair's call, so Plenary reports a conflict",
}
ENGINES = ["python", "fast"] if HAVE_FAST else ["python"]


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    path = shared_file("conformance/antragsgruen-rebase.json")
    return json.loads(path.read_text(encoding="utf-8"))["cases"]


def agrees(case: dict, engine: str = "auto") -> bool:
    result = rebase(case["base"], case["new_base"], case["amendment"], engine=engine)
    if case["kind"] == "collision":
        return not result.ok
    return result.ok and result.text in (case["expected"], case.get("expected_alt"))


def test_the_vectors_are_the_kinds_this_test_reads(cases):
    assert {c["kind"] for c in cases} == {"rewrite", "collision"}
    assert all(isinstance(c[k], str) for c in cases for k in ("base", "new_base", "amendment"))
    assert set(EXPECTED_DIFFERENCES) <= {c["id"] for c in cases}


@pytest.mark.parametrize("engine", ENGINES)
def test_antragsgruen_conformance(cases, engine, capsys):
    checked = [c for c in cases if not c["formatting_only"]]
    differing = [c["id"] for c in checked if not agrees(c, engine)]
    with capsys.disabled():
        print(f"\nantragsgruen conformance ({engine}): {len(checked) - len(differing)} of "
              f"{len(checked)} agree; {len(cases) - len(checked)} formatting-only skipped; "
              f"differing: {', '.join(differing) or 'none'}")
    assert sorted(differing) == sorted(EXPECTED_DIFFERENCES)


def test_the_intended_differences_are_conflicts_at_one_point(cases):
    """The reason given above holds: each is reported as insertions at one point of the
    base, and everything else in those cases merges."""
    for case in (c for c in cases if c["id"] in EXPECTED_DIFFERENCES):
        result = rebase(case["base"], case["new_base"], case["amendment"])
        assert [(o.base_start == o.base_end, o.base_text) for o in result.conflicts] == [
            (True, "")]
        assert case["kind"] == "rewrite"
