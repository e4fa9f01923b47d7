"""``subtitler batch``: folders, globs or a CSV manifest in; subtitles, a
table and ``summary.json`` / ``summary.csv`` out; resumable."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import click

from .. import batch
from ..batch.inputs import GLOB_CHARS, glob_base
from ..batch.runner import BatchInterrupted, BatchResult, FileResult, Job, Status
from ..errors import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    SubtitlerError,
    UsageError,
)
from ..pipeline.settings import RunOptions
from .main import epilog, error_line, fail, kept_notes
from .options import output_dir_option, run_options, setting_options

EPILOG = epilog(
    """\b
Resumable: a file whose SRT and report are current (same media, same
settings) is skipped; an interrupted batch is finished by running the same
command again. Subtitles a person edited are never overwritten (--force
replaces them, keeping their version: subtitler restore NAME).
\b
Manifest (CSV, header row): media,script,language,output
  paths relative to the manifest's folder; all but media optional;
  outputs must stay inside that folder (or -o) unless --outputs-anywhere.""",
    exit_codes={
        EXIT_OK: "all files done without error findings",
        EXIT_INPUT: "a file failed (the others were still done)",
        EXIT_USAGE: "usage error: bad option, bad manifest, no media found",
        EXIT_FINDINGS: "error findings remain, or a file had no speech",
        EXIT_INTERRUPTED: "interrupted (Ctrl-C or kill); run again to finish",
    },
)


def summary_folder(inputs: Sequence[str], output_dir: Path | None) -> Path:
    """``-o`` if given; else the one input folder (a manifest's or a file's
    folder, a pattern's fixed part); else the current folder."""
    if output_dir is not None:
        return output_dir
    if len(inputs) == 1:
        path = Path(inputs[0])
        if path.is_dir():
            return path
        if path.is_file():
            return path.parent
        if GLOB_CHARS.search(inputs[0]):
            return glob_base(inputs[0])
    return Path(".")


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """``kill PID`` stops the batch as Ctrl-C does: summary written, workers ended."""

    def handler(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class ProgressView:
    """On a terminal, one bar over the audio minutes of all files (with the
    file count); elsewhere, one line per finished file, for logs."""

    def __init__(self, jobs: Sequence[Job], *, bar: bool, lines: bool) -> None:
        self.files = len(jobs)
        self.total_s = sum(j.duration_s or 0.0 for j in jobs)
        self.done_files = 0
        self.done_s = 0.0
        self.current: dict[Job, float] = {}
        self.lines = lines
        self._want_bar = bar
        self._bar: Any = None

    def __enter__(self) -> ProgressView:
        if self._want_bar:
            self._bar = click.progressbar(
                length=max(1, int(self.total_s)), label="subtitling", file=sys.stderr,
                show_pos=False, item_show_func=lambda text: text,
            )
            self._bar.__enter__()
            self._render()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)

    def progress(self, job: Job, seconds: float) -> None:
        self.current[job] = min(seconds, job.duration_s or seconds)
        self._render()

    def finished(self, result: FileResult) -> None:
        self.done_files += 1
        self.current.pop(result.job, None)
        self.done_s += result.job.duration_s or 0.0
        self._render()
        if self.lines:
            click.echo(f"[{self.done_files}/{self.files}] {_line(result)}")

    def _render(self) -> None:
        if self._bar is None:
            return
        pos = int(self.done_s + sum(self.current.values()))
        text = (f"{self.done_files}/{self.files} files, "
                f"{pos / 60:.1f}/{self.total_s / 60:.1f} audio min")
        steps = max(0, pos - self._bar.pos)
        self._bar.update(steps, current_item=text)
        if not steps:  # click renders on steps only; the file count changed
            self._bar.render_progress()


def _line(r: FileResult) -> str:
    head = f"{_show(r.job.media)}: {r.status.value}"
    if r.reason:
        return f"{head}: {r.reason}"
    if r.cues is None:
        return head
    counts = [_plural(r.cues, "cue"), _plural(r.errors or 0, "error"),
              _plural(r.warnings or 0, "warning")]
    return f"{head}, {', '.join(counts)} ({r.time_s:.1f} s)"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _show(path: Path, width: int = 44) -> str:
    try:
        text = os.path.relpath(path)
    except ValueError:
        text = str(path)
    if text.startswith(".."):
        text = str(path)
    return text if len(text) <= width else "..." + text[-(width - 3):]


_COLOURS = {Status.DONE: "green", Status.UP_TO_DATE: "green", Status.EDITED: "yellow",
            Status.EMPTY: "yellow", Status.FAILED: "red", Status.NOT_RUN: "red"}


def _cell(value: int | float | None, fmt: str = "{}") -> str:
    return "-" if value is None else fmt.format(value)


def print_table(result: BatchResult) -> None:
    """The table (file, duration, cues, errors, warnings, status, time), then
    what needs a person, then the totals and where the summary is."""
    head = ("file", "duration", "cues", "errors", "warnings", "status", "time")
    rows = [
        (_show(r.job.media), _duration(r.duration_s), _cell(r.cues), _cell(r.errors),
         _cell(r.warnings), r.status.value, f"{r.time_s:.1f} s")
        for r in result.results
    ]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]

    def line(cells: Sequence[str], colour: str | None = None) -> str:
        out = [c.ljust(w) if i in (0, 5) else c.rjust(w)
               for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        out[5] = click.style(out[5], fg=colour) if colour else out[5]
        return "  ".join(out)

    click.echo(line(head))
    for r, row in zip(result.results, rows, strict=True):
        click.echo(line(row, _COLOURS[r.status]))
    attention = [r for r in result.results if r.reason or (r.errors or 0) > 0]
    if attention:
        click.echo("\nNeeds a person:")
        for r in attention:
            why = _line(r) if r.reason else (
                f"{_show(r.job.media)}: {_plural(r.errors or 0, 'error finding')} "
                f"(see {_show(r.job.report)})"
            )
            click.echo(f"  {why}")
    counts = ", ".join(f"{result.count(s)} {s.value}" for s in Status if result.count(s))
    where = _show(result.summary_json, 200)
    click.echo(f"\n{_plural(len(result.results), 'file')}: {counts}. Summary: {where}")


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


@click.command("batch", epilog=EPILOG)
@click.argument("inputs", nargs=-1, required=True)
@output_dir_option("Folder for the subtitles, reports and summary (input subfolders are "
                   "mirrored). Default: beside each input.")
@setting_options("batch")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes; each loads the model once and gets cores/JOBS "
              "of the cores (as --workers x --threads).")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Run the files on a Dask cluster, e.g. tcp://scheduler:8786.")
@click.option("--force", is_flag=True, help="Redo every file, even up-to-date or "
              "person-edited ones (an edited file's version is kept: subtitler restore).")
@click.option("--outputs-anywhere", is_flag=True, help="Let a manifest's output column "
              "write outside the manifest's folder and -o (refused by default).")
@click.option("--summary-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where summary.json and summary.csv go (default: -o, else the input folder).")
@click.option("-q", "--quiet", is_flag=True, help="No progress, no table: just the exit code.")
def batch_command(
    inputs: tuple[str, ...], output_dir: Path | None, jobs: int,
    dask_address: str | None, force: bool, summary_dir: Path | None, quiet: bool,
    outputs_anywhere: bool, **shared: Any,
) -> None:
    """Subtitle many media files: INPUTS are folders (searched recursively),
    glob patterns, media files or CSV manifests.

    \b
    Examples:
      subtitler batch videos/ -o subtitles/
      subtitler batch videos/ -o subtitles/ --format srt,vtt,txt
      subtitler batch videos/ -o subtitles/ -g glossaries/sex-work-rights.yaml --jobs 2
      subtitler batch "videos/**/*.mov" -o subtitles/
      subtitler batch manifest.csv
      subtitler batch manifest.csv --outputs-anywhere
      subtitler batch videos/ --dask tcp://scheduler:8786
    """
    try:
        if dask_address and jobs > 1:
            raise UsageError("--jobs and --dask do not go together (Dask workers are the jobs)")
        if dask_address:
            from ..batch.cluster import require

            require()
        # glossary paths come absolute: the same file on every worker
        options = run_options(output_dir=output_dir, force=force, **shared)
        plan = batch.plan(list(inputs), output_dir, outputs_anywhere=outputs_anywhere)
    except SubtitlerError as err:
        fail(err)
    summary_dir = summary_dir or summary_folder(inputs, output_dir)
    manifests = tuple(Path(i) for i in inputs if Path(i).is_file())
    result = _run(plan, options, summary_dir, jobs, dask_address, quiet, manifests)
    if not quiet:
        print_table(result)
    kept_notes(n for r in result.results for n in r.kept)
    sys.exit(result.exit_code)


def _run(
    plan: list[Job], options: RunOptions, summary_dir: Path, jobs: int,
    dask_address: str | None, quiet: bool, inputs: tuple[Path, ...] = (),
) -> BatchResult:
    show_bar = not quiet and sys.stderr.isatty()
    view = ProgressView(plan, bar=show_bar, lines=not quiet and not show_bar)
    try:
        with _sigterm_as_interrupt(), view:
            return batch.run_batch(
                plan, options, summary_dir=summary_dir, workers=jobs, dask=dask_address,
                on_result=view.finished, progress=view.progress if show_bar else None,
                inputs=inputs, notice=lambda text: click.echo(f"subtitler: {text}", err=True),
            )
    except BatchInterrupted as stop:
        if not quiet:
            print_table(stop.result)
        kept_notes(n for r in stop.result.results for n in r.kept)
        finished = len(plan) - stop.result.count(Status.NOT_RUN)
        error_line(
            f"interrupted: {finished} of {len(plan)} files finished; run the same "
            f"command again to do the rest (summary: {stop.result.summary_json})"
        )
        sys.exit(EXIT_INTERRUPTED)
    except SubtitlerError as err:
        fail(err)
