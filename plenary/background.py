"""Work the server does without anyone asking: each job runs every few seconds in a
thread, in every worker process; jobs are written so that running them twice at once
is harmless (conditional updates, row locks)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool

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
    while True:
        try:
            await run_in_threadpool(job.run, app)
        except Exception:  # noqa: BLE001 - a failing job must not stop the server
            log.exception("background job %s failed; it runs again in %ss", job.name,
                          job.every_seconds)
        await asyncio.sleep(job.every_seconds)


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    tasks = []
    if app.state.settings.background_jobs:
        tasks = [asyncio.create_task(_loop(app, job)) for job in JOBS]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
