"""Batch runs: many media files, unattended, resumable.

``plan`` turns inputs (folders, globs, files, CSV manifests) into ``Job``s;
``run_batch`` skips the jobs whose outputs are up to date, runs the rest
in-process (``workers=1``), in worker processes that each load the engine
once, or on a Dask cluster (``batch_dask``), records each file's failure
and goes on, and keeps ``summary.json`` / ``summary.csv`` current.

    jobs = plan(["videos/"], output_dir=Path("subtitles"))
    result = run_batch(jobs, RunOptions(), summary_dir=Path("subtitles"), workers=2)
    sys.exit(result.exit_code)
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from ..errors import EXIT_INPUT, EXIT_INTERRUPTED
from ..pipeline.process import Pipeline
from ..pipeline.settings import RunOptions
from .inputs import Item, ManifestError, discover, read_manifest
from .jobs import (
    BatchResult,
    FileResult,
    Job,
    Status,
    plan,
    process_job,
    up_to_date,
    worker_options,
)
from .summary import SummaryWriter

__all__ = [
    "BatchInterrupted", "BatchResult", "FileResult", "Item", "Job", "ManifestError", "Status",
    "discover", "plan", "process_job", "read_manifest", "run_batch", "up_to_date",
]

log = logging.getLogger(__name__)

OnResult = Callable[[FileResult], None]
FileProgress = Callable[[Job, float], None]
"""``progress(job, audio_seconds_done)`` while a file is transcribed (in-process runs)."""


def run_batch(
    jobs: Sequence[Job],
    options: RunOptions,
    *,
    summary_dir: Path,
    workers: int = 1,
    dask: str | Any | None = None,
    on_result: OnResult | None = None,
    progress: FileProgress | None = None,
    inputs: Sequence[Path] = (),
    notice: Callable[[str], None] | None = None,
) -> BatchResult:
    """Subtitle ``jobs``: skip the up-to-date ones, run the rest in-process
    (``workers`` 1), in ``workers`` processes, or on the Dask cluster ``dask``
    (an address or a ``distributed.Client``). ``on_result`` is called as each
    file finishes (skipped ones first). On KeyboardInterrupt the summary marks
    unfinished files ``not-run`` and the interrupt is re-raised: the next run
    finishes them (``BatchInterrupted`` carries the partial result).
    ``EngineError`` (the model cannot load) ends the batch; a bad glossary
    raises before any file is touched. ``inputs``: files the batch reads
    (manifests), never written over by the summary; ``notice`` hears of an
    earlier batch in the same summary folder that was killed. A second batch
    writing the same summary is a ``UsageError``."""
    pipeline = Pipeline(options, "batch")  # a bad glossary fails here, once, before any file
    writer = SummaryWriter(summary_dir, jobs, options, inputs)
    writer.start(notice)

    def emit(result: FileResult) -> None:
        writer.update(result)
        if on_result is not None:
            on_result(result)

    try:
        todo = [job for job in jobs if not _skipped(job, options, emit)]
        if todo and dask is not None:
            from .cluster import run_on_dask

            run_on_dask(todo, options, dask, emit)
        elif todo and (workers <= 1 or len(todo) == 1):
            _in_process(todo, pipeline, emit, progress)
        elif todo:
            procs = min(workers, len(todo))
            _in_pool(todo, worker_options(options, procs), procs, emit)
    except KeyboardInterrupt:
        raise BatchInterrupted(writer.finish(interrupted=True)) from None
    except BaseException as err:
        writer.finish(interrupted=True, why=f"the batch stopped: {err}",
                      stopped_by=getattr(err, "exit_code", EXIT_INPUT))
        raise
    return writer.finish(interrupted=False)


def _skipped(job: Job, options: RunOptions, emit: OnResult) -> bool:
    """True (and its result emitted) when ``job`` needs no work."""
    result = up_to_date(job, options)
    if result is not None:
        emit(result)
    return result is not None


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM turned into it) during ``run_batch``, raised after
    the summary was written; ``result`` accounts for every file so far."""

    def __init__(self, result: BatchResult) -> None:
        super().__init__("batch interrupted")
        self.result = result


def _in_process(
    todo: Sequence[Job], pipeline: Pipeline, emit: OnResult, progress: FileProgress | None
) -> None:
    for job in todo:
        tick = None
        if progress is not None:
            tick = _tick(progress, job)
        emit(process_job(pipeline, job, tick))


def _tick(progress: FileProgress, job: Job) -> Callable[[float, float], None]:
    return lambda done, _total: progress(job, done)


# -- worker processes: one Pipeline (one loaded engine) per process ---------

_WORKER_PIPELINE: Pipeline | None = None


def _init_worker(options: RunOptions, parent: int) -> None:
    """Runs once in each worker: the worker dies with its parent (``parent``,
    the batch's pid); Ctrl-C is the parent's to handle."""
    global _WORKER_PIPELINE
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _thread_lock_for_tqdm()
    _WORKER_PIPELINE = Pipeline(options, "batch")


PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """End this process as soon as ``parent`` ends, however it ends (``kill
    -9``, the OOM killer): on Linux the kernel sends SIGKILL when it does
    (``prctl(PR_SET_PDEATHSIG)``); everywhere a thread watches the pipe
    multiprocessing keeps to the parent and exits when it closes. A worker
    whose parent is already gone exits at once."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            log.debug("prctl is not available: the parent is watched by a thread only")
    watched = multiprocessing.parent_process()
    if watched is not None:
        threading.Thread(target=_exit_after, args=(watched,), name="parent-watch",
                         daemon=True).start()
    if os.getppid() != parent:
        os._exit(EXIT_INTERRUPTED)


def _exit_after(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()  # returns when the parent's end of the pipe closes
    os._exit(EXIT_INTERRUPTED)


def _thread_lock_for_tqdm() -> None:
    """faster-whisper makes a (disabled) tqdm bar per file, and tqdm's default
    lock is a multiprocessing semaphore that a terminated worker leaks (Python
    then warns at exit). A thread lock serves one process as well."""
    try:
        from tqdm import tqdm
    except ImportError:
        return
    tqdm.set_lock(threading.RLock())


def _work(job: Job) -> FileResult:
    assert _WORKER_PIPELINE is not None, "worker not initialised"
    if multiprocessing.parent_process() is not None and not _parent_alive():
        os._exit(EXIT_INTERRUPTED)  # never start a queued file for a batch that is gone
    return process_job(_WORKER_PIPELINE, job)


def _parent_alive() -> bool:
    parent = multiprocessing.parent_process()
    return parent is None or parent.is_alive()


CRASHED = "the worker process died on this file (a crash, or out of memory)"


def _in_pool(
    todo: Sequence[Job], options: RunOptions, workers: int, emit: OnResult,
    work: Callable[[Job], FileResult] = _work,
) -> None:
    """Largest files first (the batch ends sooner). A worker that dies breaks
    the pool: the files it may have been on are retried one at a time in a
    new pool, so only the file that kills a worker alone is failed. ``work``
    (a module-level function) runs one job in a worker."""
    queue = deque(sorted(todo, key=_size, reverse=True))
    suspects: deque[Job] = deque()
    while queue or suspects:
        pool = ProcessPoolExecutor(
            workers, mp_context=get_context("spawn"), initializer=_init_worker,
            initargs=(options, os.getpid()),
        )
        clean = False
        try:
            _drain(pool, queue, suspects, workers, emit, work)
            clean = True
        finally:
            _stop(pool, now=not clean)


def _drain(
    pool: ProcessPoolExecutor, queue: deque[Job], suspects: deque[Job], workers: int,
    emit: OnResult, work: Callable[[Job], FileResult],
) -> None:
    """Feed ``pool`` until all is done or it breaks. A suspect runs solo:
    nothing else is submitted while it runs, so a crash then is its own."""
    running: dict[Future[FileResult], Job] = {}
    solo: Job | None = None
    while queue or suspects or running:
        if not running:
            solo = None
            if suspects:
                solo = suspects.popleft()
                running[pool.submit(work, solo)] = solo
        if solo is None:
            while len(running) < workers and queue:
                job = queue.popleft()
                running[pool.submit(work, job)] = job
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for fut in done:
            job = running.pop(fut)
            try:
                result = fut.result()
            except BrokenProcessPool:
                if job is solo:
                    emit(FileResult(job, Status.FAILED, CRASHED))
                else:
                    suspects.extend([job, *running.values()])
                return
            emit(result)


def _stop(pool: ProcessPoolExecutor, *, now: bool) -> None:
    """Shut ``pool`` down; ``now`` (an interrupt) kills the workers mid-file,
    which is safe: every output is written atomically."""
    if now:
        terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
        if callable(terminate):
            terminate()
        else:
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _size(job: Job) -> int:
    try:
        return job.media.stat().st_size
    except OSError:
        return 0
