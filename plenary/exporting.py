"""Document downloads, rendered outside the request's transaction.

An export is read in a short read transaction (`run(request, prepare)`), rendered after
it, outside any transaction, then recorded as an event of the audit trail by the writer:
a slow PDF holds no lock and no database connection while it is laid out.

The formats that take seconds (ISOLATED: pdf, docx, akn) render in a process of their own
(exports.isolated), at most `export_processes` at a time in each server process. One more
is refused at once, before anything is read, with 503 and Retry-After: N simultaneous
PDF requests cannot starve the other requests of CPU, memory or threads. The quick formats
(txt, md, html) render in the request's thread.

The request waits for its document (at most `export_seconds`) rather than answering 202
with a status page to poll: a delegate's browser, JavaScript or not, just receives the
file after a few seconds, the largest draft the limits allow renders in well under the
bound (benchmarks/bench_limits.py), and no half-done export is kept anywhere.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from drafting.actors import Actor
from drafting.errors import DomainError
from exports import formats
from exports.formats import Exported, Job
from plenary.http import download, run, write

ISOLATED = frozenset({"pdf", "docx", "akn"})
RETRY_AFTER_SECONDS = 5


class Busy(DomainError):
    code = "busy"
    status = 503

    def __init__(self, message: str):
        super().__init__(message)
        self.headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}


def _render_isolated(job: Job, timeout: float) -> Exported:
    from exports.isolated import render_isolated  # starts the fork server on first use

    return render_isolated(job, timeout)


class Exports:
    """This server process's renderer of exports: at most `processes` isolated renders at
    once. `render` is exports.isolated's (a test may wrap it to hold a render open)."""

    def __init__(self, processes: int, seconds: float,
                 render: Callable[[Job, float], Exported] = _render_isolated):
        self.processes = processes
        self.seconds = seconds
        self.render_isolated = render
        self._slots = threading.BoundedSemaphore(processes)

    @contextmanager
    def slot(self) -> Iterator[None]:
        """A render's place, or Busy at once: a request never queues behind others."""
        if not self._slots.acquire(blocking=False):
            many = "1 export is" if self.processes == 1 else f"{self.processes} exports are"
            raise Busy(f"{many} being prepared; retry in a moment")
        try:
            yield
        finally:
            self._slots.release()

    def render(self, job: Job) -> Exported:
        if job.fmt in ISOLATED:
            return self.render_isolated(job, self.seconds)
        return formats.render(job)


async def export_response(request: Request, fmt: str,
                          prepare: Callable[[Session], tuple[Actor, Job]]) -> Response:
    """The document `prepare(session)` reads (it returns who asks and the job), as a
    download: read, rendered outside the transaction, then recorded."""
    exports: Exports = request.app.state.exports
    with exports.slot() if fmt in ISOLATED else nullcontext():
        actor, job = await run(request, prepare)
        exported = await run_in_threadpool(exports.render, job)
    # The event is a write: the process's writer takes it (a GET's transaction reads).
    await write(request, lambda session: formats.record(session, actor, job))
    return download(exported)
