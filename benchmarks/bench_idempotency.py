"""What the Idempotency-Key middleware costs a POST that does not carry the header.

Run: .venv/bin/python benchmarks/bench_idempotency.py
Target (printed, never asserted): a POST without the header through the middleware within
a few microseconds of the same POST straight to the app; a middleware that does nothing at
all is measured beside it, in the same run, to show what any ASGI layer costs here."""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from plenary.idempotency import IdempotencyMiddleware  # noqa: E402

CALLS = 200_000
HEADERS = [(b"host", b"127.0.0.1:8000"), (b"user-agent", b"rush/1.0"),
           (b"accept", b"*/*"), (b"authorization", b"Bearer pln_" + b"x" * 43),
           (b"content-type", b"application/json"), (b"content-length", b"120")]


async def endpoint(scope, receive, send) -> None:
    """The cheapest app there is: whatever remains is the middleware's own cost."""


class Nothing:
    """The baseline layer: an ASGI middleware that only passes the request on."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        return await self.app(scope, receive, send)


def never(*_args):
    raise AssertionError("a request without the header never gets here")


async def per_call(app) -> float:
    scope = {"type": "http", "method": "POST", "path": "/api/v1/drafts/1/amendments",
             "headers": HEADERS}
    started = time.perf_counter()
    for _ in range(CALLS):
        await app(scope, None, None)
    return (time.perf_counter() - started) / CALLS * 1e9


def main() -> None:
    wrapped = IdempotencyMiddleware(endpoint, error=never, database_error=never,
                                    session_cookie="plenary_session")
    apps = {"straight to the app": endpoint, "through a do-nothing layer": Nothing(endpoint),
            "through the middleware": wrapped}
    runs: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(5):  # interleaved, so that a busy neighbour slows all alike
        for name, app in apps.items():
            runs[name].append(asyncio.run(per_call(app)))
    bare = statistics.median(runs["straight to the app"])
    print(f"POST without Idempotency-Key, {CALLS:,} calls, median of 5 runs")
    for name, times in runs.items():
        ns = statistics.median(times)
        print(f"  {name:28} {ns:7.0f} ns per call (+{ns - bare:.0f} ns)")
    print("  target: a few microseconds added at most (a proposal takes milliseconds)")


if __name__ == "__main__":
    main()
