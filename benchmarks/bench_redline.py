"""Whole-draft redline: Plenary's word mode against character-level diff-match-patch.

Run: .venv/bin/python benchmarks/bench_redline.py
Target (printed, never asserted): the whole-draft word redline no slower than the C++
character diff."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from diff_match_patch import diff_match_patch  # noqa: E402

from benchmarks.drafts import draft, revision  # noqa: E402
from drafting.redline import HAVE_FAST, new_text, old_text, redline, tokens  # noqa: E402

if HAVE_FAST:
    import fast_diff_match_patch


def python_chars(old: str, new: str) -> list:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(old, new, False)
    dmp.diff_cleanupSemantic(diffs)
    return diffs


def fast_chars(old: str, new: str) -> list:
    return fast_diff_match_patch.diff(old, new, timelimit=0, checklines=False,
                                      cleanup="Semantic", counts_only=False)


def timed(run, repeats: int) -> tuple[float, float]:
    """Best and median wall time in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def candidates(old: str, new: str, pairs: list[tuple[str, str]]) -> list:
    """(name, function, repeats); the first is the baseline of the ratios."""
    def whole(engine: str):
        return lambda: redline(old, new, engine)

    def by_paragraph(engine: str):
        return lambda: [redline(a, b, engine) for a, b in pairs]

    rows = [("python char diff + cleanupSemantic", lambda: python_chars(old, new), 3),
            ("python word redline (whole draft)", whole("python"), 15),
            ("python word redline (30 paragraphs)", by_paragraph("python"), 15)]
    if HAVE_FAST:
        rows[:0] = [("C++ char diff + cleanupSemantic", lambda: fast_chars(old, new), 15)]
        rows += [("C++ word redline (whole draft)", whole("fast"), 15),
                 ("C++ word redline (30 paragraphs)", by_paragraph("fast"), 15)]
    return rows


def main() -> None:
    old_paras = draft()
    new_paras = revision(old_paras)
    old, new = "\n\n".join(old_paras), "\n\n".join(new_paras)
    ops = redline(old, new)
    assert (old_text(ops), new_text(ops)) == (old, new)
    pairs = list(zip(old_paras, new_paras, strict=True))
    changed = sum(a != b for a, b in pairs)
    print(f"whole-draft redline: {len(old_paras)} paragraphs, {changed} changed in Rev.1; "
          f"{len(old):,} -> {len(new):,} characters, {len(tokens(old)):,} tokens; "
          f"{sum(op != '=' for op, _ in ops)} changes shown")
    results = [(name, *timed(run, repeats)) for name, run, repeats in candidates(
        old, new, pairs)]
    baseline = results[0]
    print(f"{'':40} {'best':>10} {'median':>10}   vs {baseline[0].split(' +')[0]}")
    for name, best, median in results:
        print(f"{name:40} {best:8.2f} ms {median:8.2f} ms   {best / baseline[1]:7.2f}x")
    engine = "C++" if HAVE_FAST else "python"
    word = next(r for r in results if r[0] == f"{engine} word redline (whole draft)")
    verdict = "met" if word[1] <= baseline[1] else "NOT met"
    print(f"target: whole-draft word redline ({engine}) no slower than the "
          f"{baseline[0].split(' +')[0]}: {verdict} ({word[1]:.2f} ms vs {baseline[1]:.2f} ms)")
    if not HAVE_FAST:
        print("fast-diff-match-patch is not installed: the baseline is the pure-Python "
              "character diff (pip install 'plenary[fast]' for the C++ figures)")


if __name__ == "__main__":
    main()
