"""Rendering an export in a process of its own.

A PDF of a long draft keeps a CPU busy for seconds and takes a few hundred MB. Rendered
in a thread of the web server it would hold the GIL against every other request, and
nothing could stop it. In a process of its own it runs beside the server, at a lower
priority (NICENESS), gives its memory back when it ends, and is killed when it takes
longer than its time.

The processes are forked from multiprocessing's fork server, which imports the renderers
(and WeasyPrint) once (exports._preload): a render starts in milliseconds, and no fork
copies the web server's threads or database connections.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback

from drafting.errors import DomainError
from exports.formats import Exported, Job, render

NICENESS = 10  # below the web server's own priority: requests first, documents after
EXIT_SECONDS = 5  # for a render that has answered to end
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["exports._preload"])


class RenderTimeout(DomainError):
    code = "export_timeout"
    status = 503


class RenderFailed(DomainError):
    code = "export_failed"
    status = 503


def render_isolated(job: Job, timeout: float) -> Exported:
    """`render(job)` in a new process; its DomainError (a missing PDF library) is raised
    here, a render past `timeout` seconds is killed (RenderTimeout), and a process that
    dies (out of memory) raises RenderFailed."""
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_render_and_send, args=(job, sender), daemon=True)
    process.start()
    sender.close()  # the child holds its own end: EOF here once it exits
    answered = False
    try:
        if not receiver.poll(timeout):
            raise RenderTimeout(f"preparing {job.file_name} took longer than {timeout:g} s "
                                "and was stopped; try again later, or ask for a shorter "
                                "document (another format, or without amendments=pending)")
        outcome, payload = receiver.recv()
        answered = True
    except EOFError as exc:
        raise RenderFailed(f"preparing {job.file_name} stopped before it finished (the "
                           "server may be short of memory); try again in a moment") from exc
    finally:
        receiver.close()
        if answered:  # it has sent its answer and is ending
            process.join(timeout=EXIT_SECONDS)
        if process.is_alive():  # past its time, or stuck on its way out
            process.kill()
        process.join()
    if outcome == "error":
        raise payload
    if outcome == "bug":
        raise RuntimeError(f"rendering {job.file_name} failed: {payload}")
    return Exported(job.file_name, job.content_type, payload)


def _render_and_send(job: Job, sender) -> None:
    """In the render's process: the document's bytes, its DomainError, or what broke."""
    os.nice(NICENESS)
    try:
        message = ("ok", render(job).body)
    except DomainError as exc:
        message = ("error", exc)
    except Exception:  # noqa: BLE001 - a bug: its traceback goes to the server's log
        traceback.print_exc()
        message = ("bug", traceback.format_exc(limit=1).strip().splitlines()[-1])
    sender.send(message)
    sender.close()
