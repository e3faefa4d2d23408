"""Work the server does without anyone asking: each job runs every few seconds in a
thread, in every worker process; jobs are written so that running them twice at once
is harmless (conditional updates, row locks)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool

from plenary import faults, gc_tuning

log = logging.getLogger("plenary.background")


@dataclass(frozen=True)
class Job:
    name: str
    every_seconds: float
    run: Callable[[Starlette], None]  # called in a worker thread


JOBS: list[Job] = []


def register(job: Job) -> None:
    JOBS.append(job)


async def _loop(app: Starlette, job: Job) -> None:
    waiting = False  # for the database: said once, not every few seconds of an outage
    while True:
        try:
            await run_in_threadpool(job.run, app)
            if waiting:
                log.warning("background job %s: the database answers again", job.name)
            waiting = False
        except Exception as exc:  # noqa: BLE001 - a failing job must not stop the server
            waiting = _report(job, exc, waiting)
        await asyncio.sleep(job.every_seconds)


def _report(job: Job, exc: Exception, waiting: bool) -> bool:
    """Log a job's failure; whether it is now waiting for the database."""
    kind = faults.classify(exc)
    if kind is None:
        log.exception("background job %s failed; it runs again in %ss", job.name,
                      job.every_seconds)
        return False
    if not waiting:
        log.warning("background job %s: the database is %s (%s); it retries every %ss and "
                    "says when the database answers again", job.name, kind,
                    faults.first_line(exc), job.every_seconds)
    return True


def _end_streams_on_exit(broker) -> Callable[[], None]:
    """End the live pages' event streams as soon as the server is told to stop.

    uvicorn waits for every open response before it runs the lifespan's shutdown, and an
    event stream never ends by itself: the signal that stops the server (its own handler,
    called after ours) must end them first. Outside the main thread (a test client)
    there is no signal to hear. Returns what puts the previous handlers back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    loop = asyncio.get_running_loop()
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def handler(sig, frame):
        loop.call_soon_threadsafe(broker.end_streams)
        before = previous[sig]
        if callable(before):
            before(sig, frame)
        else:  # the default (end the process) or ignored: as if we had not been here
            signal.signal(sig, before)
            signal.raise_signal(sig)

    for sig in previous:
        signal.signal(sig, handler)

    def restore() -> None:
        for sig, before in previous.items():
            if signal.getsignal(sig) is handler:
                signal.signal(sig, before)

    return restore


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    gc_tuning.tune_for_serving()
    app.state.broker.start()
    restore = _end_streams_on_exit(app.state.broker)
    tasks = []
    if app.state.settings.background_jobs:
        tasks = [asyncio.create_task(_loop(app, job)) for job in JOBS]
    try:
        yield
    finally:
        restore()
        app.state.broker.stop()
        app.state.writer.stop()
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
