"""Exporting a whole meeting (25 decisions with 60 statements, 3 journals) to each
format, one document at a time, as `plenary export meeting` does: the time per format and
the process's peak RSS after each (printed, never asserted). The PDF pipeline against
WeasyPrint alone is measured in bench_pdf.py; Akoma Ntoso is for decisions only.

Run: .venv/bin/python benchmarks/bench_formats.py"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_pdf import demo_documents, meeting  # noqa: E402
from exports.akn import render_decision_akn  # noqa: E402
from exports.formats import DECISION_FORMATS, JOURNAL_FORMATS  # noqa: E402

TARGET_MB = 600


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(render, documents) -> tuple[float, int]:
    start, size = time.perf_counter(), 0
    for document in documents:
        size += len(render(document))  # one at a time: each result is dropped at once
    return time.perf_counter() - start, size


def main() -> None:
    decisions, journals = meeting(*demo_documents())
    print(f"a meeting of {len(decisions)} decisions "
          f"({sum(len(d.attachments) for d in decisions)} statements) and {len(journals)} "
          "journals, one document at a time")
    print(f"{'format':8}{'decisions':>12}{'journals':>12}{'output':>12}{'peak RSS':>12}")
    for fmt, (_, render) in DECISION_FORMATS.items():
        spent_d, size_d = timed(render, decisions)
        spent_j, size_j = timed(JOURNAL_FORMATS[fmt][1], journals)
        print(f"{fmt:8}{spent_d:>10.2f} s{spent_j:>10.2f} s{(size_d + size_j) / 1e6:>9.1f} MB"
              f"{peak_mb():>9.0f} MB")
    spent, size = timed(lambda d: render_decision_akn(d, [], None), decisions)
    print(f"{'akn':8}{spent:>10.2f} s{'—':>12}{size / 1e6:>9.1f} MB{peak_mb():>9.0f} MB")
    verdict = "met" if peak_mb() < TARGET_MB else "MISSED"
    print(f"target: peak memory under {TARGET_MB} MB for the whole run: {verdict}")


if __name__ == "__main__":
    main()
