"""Batch jobs: planning, the up-to-date check and the per-file task.

``plan`` turns inputs (folders, globs, files, CSV manifests) into ``Job``s
with their output paths; ``up_to_date`` says whether a job needs no work;
``process_job`` is the task every executor runs (in-process, worker
processes, Dask workers), isolating one file's failure.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any

from ..engines.base import default_threads, share_cores
from ..errors import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EngineError,
    SubtitlerError,
)
from ..fsutil import remove_stale_temps, sha256_file
from ..media.audio import probe
from ..pipeline.outputs import OutputState, Targets, check_collisions, file_state, targets_for
from ..pipeline.process import Pipeline
from ..pipeline.settings import RunOptions, effective_settings
from .inputs import Item, Outputs, discover

log = logging.getLogger(__name__)

NO_SPEECH = "no speech found"


class Status(str, Enum):
    DONE = "done"
    """Transcribed (or taken from the transcript cache) and written now."""
    UP_TO_DATE = "up-to-date"
    """Skipped: same media, same settings, outputs as subtitler wrote them."""
    EDITED = "edited"
    """Skipped: a person edited the SRT since; media and settings unchanged."""
    EMPTY = "empty"
    """Written, but no speech was found: a person should look."""
    FAILED = "failed"
    NOT_RUN = "not-run"
    """The batch was interrupted before this file."""


@dataclass(frozen=True)
class Job:
    """One file to subtitle: absolute paths, so any worker can run it."""

    media: Path
    subtitles: Path
    """Where the subtitle file goes (the first format's; the others beside it)."""
    source: str
    """Where the file came from: the folder, pattern or ``manifest.csv:LINE``."""
    language: str | None = None
    script: Path | None = None
    duration_s: float | None = None
    """From the media header, for progress; None when ffmpeg cannot tell."""

    @property
    def report(self) -> Path:
        return targets_for(self.media, subtitles=self.subtitles).report


@dataclass(frozen=True)
class FileResult:
    job: Job
    status: Status
    reason: str = ""
    duration_s: float | None = None
    cues: int | None = None
    errors: int | None = None
    warnings: int | None = None
    time_s: float = 0.0
    cache_hit: bool | None = None
    kept: tuple[str, ...] = ()
    """Where each version of a person's it replaced went (``files.Wrote.note``)."""

    def row(self) -> dict[str, Any]:
        """One summary row (JSON and CSV)."""
        return {
            "media": str(self.job.media),
            "status": self.status.value,
            "reason": self.reason,
            "duration_s": None if self.duration_s is None else round(self.duration_s, 3),
            "cues": self.cues,
            "errors": self.errors,
            "warnings": self.warnings,
            "time_s": round(self.time_s, 3),
            "cache_hit": self.cache_hit,
            "srt": str(self.job.subtitles),
            "report": str(self.job.report),
            "source": self.job.source,
            "kept": "; ".join(self.kept),
        }


@dataclass(frozen=True)
class BatchResult:
    results: tuple[FileResult, ...]
    summary_json: Path
    summary_csv: Path
    elapsed_s: float
    interrupted: bool = False
    stopped_by: int | None = None
    """The exit code of what stopped the batch early (None: Ctrl-C or kill, 130)."""

    def count(self, status: Status) -> int:
        return sum(r.status is status for r in self.results)

    @property
    def exit_code(self) -> int:
        """130 when interrupted, 1 when a file failed (or was not run), 3 when
        error findings remain or a file came out empty, else 0."""
        if self.interrupted:
            return EXIT_INTERRUPTED if self.stopped_by is None else self.stopped_by
        if any(r.status in (Status.FAILED, Status.NOT_RUN) for r in self.results):
            return EXIT_INPUT
        if any(r.status is Status.EMPTY or (r.errors or 0) > 0 for r in self.results):
            return EXIT_FINDINGS
        return EXIT_OK


OnResult = Callable[[FileResult], None]
FileProgress = Callable[[Job, float], None]
"""``progress(job, seconds_done)`` while a file is transcribed (in-process only)."""


def plan(
    inputs: Sequence[str | Path] | Sequence[Item], output_dir: Path | None = None, *,
    outputs_anywhere: bool = False,
) -> list[Job]:
    """Jobs for ``inputs`` (paths/patterns, or ``Item``s from ``discover``).
    SRTs go where a manifest says, else under ``output_dir`` (mirroring the
    subfolders of an input folder), else beside each media file. Raises
    ``UsageError`` when two different media files would write one SRT."""
    paths = [i for i in inputs if not isinstance(i, Item)]
    items = [i for i in inputs if isinstance(i, Item)] + (
        discover(paths, Outputs(output_dir, outputs_anywhere)) if paths else [])
    by_file: dict[Path, Job] = {}
    seen: set[Path] = set()
    jobs = [_job(item, output_dir) for item in items]
    check_collisions((job.media, job.subtitles) for job in jobs)
    for item, job in zip(items, jobs, strict=True):
        if job.media in seen and item.srt is None:
            continue  # named twice (a folder and a file in it): once is enough
        if job.subtitles not in by_file:
            by_file[job.subtitles] = job
            seen.add(job.media)
    return [replace(job, duration_s=_duration(job.media)) for job in by_file.values()]


def _duration(media: Path) -> float | None:
    return probe(media).duration_s if media.is_file() else None


def _job(item: Item, output_dir: Path | None) -> Job:
    media = item.media.absolute()
    if item.srt is not None:
        subtitles = item.srt
    elif output_dir is not None and item.relative is not None:
        subtitles = output_dir / item.relative.parent / f"{media.stem}.srt"
    else:
        subtitles = targets_for(media, output_dir).subtitles
    script = item.script.absolute() if item.script is not None else None
    return Job(media, subtitles.absolute(), item.source, item.language, script)


def up_to_date(job: Job, options: RunOptions) -> FileResult | None:
    """The result of a file that needs no work, or None when it must run:
    its report records the same media hash and settings, and the file of
    every format asked for is the one that report describes (``EDITED`` when
    a person changed one since)."""
    if options.force:
        return None
    try:
        report = json.loads(job.report.read_text("utf-8"))
        if not isinstance(report, dict):
            return None
        expected = effective_settings(options, job.language, job.script).sha256()
        if report.get("settings_sha256") != expected:
            return None
        if report.get("media_sha256") != sha256_file(job.media):
            return None
        targets = Targets(job.subtitles, job.report, options.formats)
        states = {f: file_state(targets, f) for f in options.formats}
    except (OSError, ValueError):
        return None
    edited = [targets.path(f).name for f, s in states.items() if s is OutputState.EDITED]
    if edited:
        return FileResult(job, Status.EDITED,
                          f"{', '.join(edited)} changed by a person since it was written; kept",
                          _num(report, "duration_s", float))
    if any(s is not OutputState.CURRENT for s in states.values()):
        return None  # missing, from an earlier run, or stopped while writing: redo
    summary = report.get("summary")
    summary = summary if isinstance(summary, dict) else {}
    empty = report.get("cue_count") == 0  # as the first run said: a person should look
    return FileResult(
        job, Status.EMPTY if empty else Status.UP_TO_DATE, NO_SPEECH if empty else "",
        _num(report, "duration_s", float),
        _num(report, "cue_count", int), _num(summary, "errors", int),
        _num(summary, "warnings", int),
    )


def _num(data: Mapping[str, Any], key: str, kind: type[Any]) -> Any:
    value = data.get(key)
    return kind(value) if isinstance(value, (int, float)) else None


def process_job(
    pipeline: Pipeline, job: Job, progress: Callable[[float, float], None] | None = None
) -> FileResult:
    """Run one job; any failure becomes a ``FAILED`` result with its reason."""
    t0 = time.perf_counter()
    try:
        _remove_stale_temps(job, pipeline.options.formats)
        result = pipeline.process(
            job.media, subtitles=job.subtitles, language=job.language, script=job.script,
            progress=progress,
        )
    except EngineError:
        raise  # not this file's fault: no file can run
    except SubtitlerError as err:
        return FileResult(job, Status.FAILED, err.message, time_s=time.perf_counter() - t0)
    except Exception as err:  # one file's crash must not end the night's batch
        log.exception("unexpected failure on %s", job.media)
        reason = f"unexpected error: {type(err).__name__}: {err}"
        return FileResult(job, Status.FAILED, reason, time_s=time.perf_counter() - t0)
    rep = result.report
    empty = rep.cue_count == 0
    return FileResult(
        job, Status.EMPTY if empty else Status.DONE, NO_SPEECH if empty else "",
        rep.duration_ms / 1000, rep.cue_count, rep.errors, rep.warnings,
        time.perf_counter() - t0, rep.cache_hit, result.kept,
    )


def _remove_stale_temps(job: Job, formats: tuple[str, ...] = ("srt",)) -> None:
    """Temp files a killed run left beside this job's outputs."""
    targets = Targets(job.subtitles, job.report, formats)
    for target in (*targets.files.values(), job.report):
        remove_stale_temps(target)


def worker_options(options: RunOptions, jobs: int) -> RunOptions:
    """``options`` for one of ``jobs`` processes: the cores shared out, each
    process's workers x threads making its share, so all of them together
    use every core once (workers and threads the user gave are kept)."""
    if jobs <= 1:
        return options
    share = max(1, default_threads() // jobs)
    workers, threads = share_cores(options.workers, options.threads, share)
    return replace(options, workers=workers, threads=threads)
