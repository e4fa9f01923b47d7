"""Batch jobs on a Dask distributed cluster (``subtitler batch --dask ADDRESS``).

Each file is one task running the same ``process_job`` as a local batch.
Every Dask worker process keeps its ``Pipeline`` (and so the loaded model)
in a module-level cache between tasks. Paths are absolute and outputs are
written by the workers, so every worker must see the media and output
folders at the same paths (a shared drive) and have subtitler installed.
Dask is an optional extra: ``pip install "subtitler[dask]"``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import SubtitlerError, UsageError
from ..pipeline.process import Pipeline
from ..pipeline.settings import RunOptions
from .jobs import FileResult, Job, Status, process_job

log = logging.getLogger(__name__)

INSTALL_HINT = 'pip install "subtitler[dask]"  (or: pip install "dask[distributed]")'
WORKER_DIED = "the Dask worker died on this file (a crash, or out of memory)"

_PIPELINES: dict[str, Pipeline] = {}
_LOCK = threading.Lock()


class DaskError(SubtitlerError):
    """The Dask scheduler cannot be reached or used."""


def worker_pipeline(options: RunOptions) -> Pipeline:
    """This worker process's Pipeline for ``options``, engine loaded once.
    Tasks in several threads of one worker share it (the engine serialises
    its calls), so start workers with ``--nthreads 1``."""
    key = repr(options)
    with _LOCK:
        pipeline = _PIPELINES.get(key)
        if pipeline is None:
            pipeline = Pipeline(options, "batch")
            pipeline.engine()
            _PIPELINES[key] = pipeline
    return pipeline


def dask_task(job: Job, options: RunOptions) -> FileResult:
    """The per-file task a Dask worker runs."""
    return process_job(worker_pipeline(options), job)


def require() -> Any:
    """The ``distributed`` module, or a ``UsageError`` naming the pip command."""
    try:
        import distributed
    except ImportError:
        raise UsageError(f"--dask needs Dask, which is not installed: {INSTALL_HINT}") from None
    return distributed


def connect(address: str, timeout_s: float = 30.0) -> Any:
    """A ``distributed.Client`` for the scheduler at ``address``."""
    distributed = require()
    try:
        return distributed.Client(address, timeout=f"{timeout_s}s")
    except (OSError, TimeoutError) as err:
        raise DaskError(f"cannot reach the Dask scheduler at {address}: {err}") from None


def run_on_dask(
    todo: Sequence[Job],
    options: RunOptions,
    dask: str | Any,
    emit: Callable[[FileResult], None],
) -> None:
    """Submit one task per job to ``dask`` (an address or a Client) and
    ``emit`` each result as it arrives; largest files are scheduled first."""
    distributed = require()
    own = isinstance(dask, str)
    client: Any = connect(dask) if isinstance(dask, str) else dask
    futures = [
        client.submit(dask_task, job, options, pure=False, priority=_size(job)) for job in todo
    ]
    jobs = dict(zip((f.key for f in futures), todo, strict=True))
    try:
        for fut in distributed.as_completed(futures):
            emit(_result(fut, jobs[fut.key], distributed))
    except BaseException:
        client.cancel(futures)
        raise
    finally:
        if own:
            client.close()


def _result(fut: Any, job: Job, distributed: Any) -> FileResult:
    try:
        result = fut.result()
    except distributed.KilledWorker:
        return FileResult(job, Status.FAILED, WORKER_DIED)
    if not isinstance(result, FileResult):
        raise DaskError(f"unexpected result from a Dask worker: {result!r}")
    return result


def _size(job: Job) -> int:
    try:
        return job.media.stat().st_size // (1 << 20)
    except OSError:
        return 0
