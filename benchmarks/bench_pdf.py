"""PDF export of a whole meeting's documents: 25 decisions with 60 statements in all and
3 journals of the day (the decisions appended to the journal of the day that adopted
them), rendered one document at a time.

The documents are built in memory from the demo's texts (MC.DEC/7/17, its Russian
statement and MC(24) Journal No. 2, loaded once into a fresh SQLite file). Measured in
the same run, document by document: the whole pipeline (DecisionDocument -> HTML -> PDF,
exports.pdf) against WeasyPrint rendering the same final HTML alone (the baseline), and
the process's peak RSS. Printed, never asserted.

Run: .venv/bin/python benchmarks/bench_pdf.py
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from exports.build import decision_document, journal_document  # noqa: E402
from exports.html import render_decision_html, render_journal_html  # noqa: E402
from exports.pdf import _fetcher, _weasyprint, render_decision_pdf, render_journal_pdf  # noqa: E402
from plenary import demo, migrate  # noqa: E402
from plenary.db import make_engine, make_sessionmaker  # noqa: E402
from workflow import journals  # noqa: E402
from workflow import services as workflow  # noqa: E402

DECISIONS, STATEMENTS, JOURNALS = 25, 60, 3
DELEGATIONS = ["the Russian Federation", "the United States of America", "Italy", "Belarus",
               "Türkiye", "Germany", "France", "Kazakhstan"]
TARGET_RATIO, TARGET_MB = 1.20, 600


def demo_documents():
    engine = make_engine(f"sqlite:///{tempfile.mkdtemp()}/bench.db")
    with engine.connect() as conn:
        migrate.upgrade(conn)
        conn.commit()
    with make_sessionmaker(engine)() as session:
        demo.load(session)
        decision = decision_document(session, workflow.find_decision(session, "MC.DEC/7/17"))
        journal = journal_document(session, journals.find_journal(session,
                                                                  "MC(24) Journal No. 2"))
    engine.dispose()
    return decision, journal


def meeting(decision, journal):
    """25 decisions (numbers 1/17 to 25/17), 60 statements spread over them (2 or 3 each),
    and 3 journals that append the decisions of their day."""
    statement = decision.attachments[0]
    counts = [STATEMENTS // DECISIONS + (1 if n < STATEMENTS % DECISIONS else 0)
              for n in range(DECISIONS)]
    decisions = []
    for n, count in enumerate(counts, start=1):
        attachments = [replace(statement, delegation=DELEGATIONS[(n + k) % len(DELEGATIONS)])
                       for k in range(count)]
        decisions.append(replace(decision, symbol=f"MC.DEC/{n}/17", number_label=f"{n}/17",
                                 attachments=attachments))
    assert sum(len(d.attachments) for d in decisions) == STATEMENTS
    size = -(-DECISIONS // JOURNALS)
    days = [decisions[i:i + size] for i in range(0, DECISIONS, size)]
    journals_ = [replace(journal, symbol=f"MC(24) Journal No. {n}", appended=day)
                 for n, day in enumerate(days, start=1)]
    return decisions, journals_


def main() -> None:
    decision, journal = demo_documents()
    decisions, journals_ = meeting(decision, journal)
    weasyprint = _weasyprint()
    jobs = ([(d, render_decision_html, render_decision_pdf) for d in decisions]
            + [(j, render_journal_html, render_journal_pdf) for j in journals_])
    render_decision_pdf(decisions[0])  # warm up: fontconfig, imports
    pipeline = alone = 0.0
    for doc, to_html, to_pdf in jobs:
        start = time.perf_counter()
        pdf = to_pdf(doc)
        pipeline += time.perf_counter() - start
        html = to_html(doc).decode("utf-8")
        start = time.perf_counter()
        baseline = weasyprint.HTML(string=html, base_url=None,
                                   url_fetcher=_fetcher(weasyprint)).write_pdf()
        alone += time.perf_counter() - start
        assert len(baseline) > 0 and pdf.startswith(b"%PDF-")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ratio = pipeline / alone
    print(f"{DECISIONS} decisions ({STATEMENTS} statements) and {JOURNALS} journals, "
          f"{len(jobs)} PDFs, one at a time")
    print(f"pipeline (document -> HTML -> PDF): {pipeline:8.2f} s "
          f"({pipeline / len(jobs) * 1000:.0f} ms per document)")
    print(f"WeasyPrint alone on the same HTML:  {alone:8.2f} s "
          f"({alone / len(jobs) * 1000:.0f} ms per document)")
    print(f"ratio pipeline / WeasyPrint: {ratio:.3f}   "
          f"(target: under {TARGET_RATIO:.2f}, i.e. under 20% added) "
          f"{'ok' if ratio < TARGET_RATIO else 'MISSED'}")
    print(f"peak RSS: {peak_mb:.0f} MB   (target: under {TARGET_MB} MB) "
          f"{'ok' if peak_mb < TARGET_MB else 'MISSED'}")


if __name__ == "__main__":
    main()
