"""``subtitler batch``: folders, globs or a CSV manifest in; subtitles, a
table and ``summary.json`` / ``summary.csv`` out; resumable."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import click

from . import batch
from .batch import BatchResult, FileResult, Job, Status
from .cli_batch_view import ProgressView, print_table
from .engines import ENGINES, DecodeOptions
from .errors import SubtitlerError, UsageError
from .pipeline import RunOptions
from .profiles import PROFILES, get_profile

EXIT_INTERRUPTED = 130

EPILOG = """\b
Resumable: a file whose SRT and report are current (same media, same
settings) is skipped; an interrupted batch is finished by running the same
command again. Subtitles a person edited are never overwritten (--force
keeps the old file as .srt.bak).
\b
Manifest (CSV, header row): media,script,language,output
  paths relative to the manifest's folder; all but media optional.
\b
Exit codes: 0 all files done without error findings; 1 a file failed
(the others were still done); 2 usage error; 3 error findings remain
or a file had no speech; 130 interrupted."""


def summary_folder(inputs: Sequence[str], output_dir: Path | None) -> Path:
    """``-o`` if given; else the one input folder (a manifest's folder);
    else the current folder."""
    if output_dir is not None:
        return output_dir
    if len(inputs) == 1:
        path = Path(inputs[0])
        if path.is_dir():
            return path
        if path.is_file():
            return path.parent
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


@click.command("batch", epilog=EPILOG)
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the subtitles, reports and summary (input subfolders are "
              "mirrored). Default: beside each input.")
@click.option("-p", "--profile", default="netflix", show_default=True,
              type=click.Choice(sorted(PROFILES)), help="Subtitle style profile.")
@click.option("--engine", default="faster-whisper", show_default=True,
              type=click.Choice(sorted(ENGINES)), help="Transcription engine.")
@click.option("--model", help="Model name or local model folder (default: the bundled tiny.en).")
@click.option("--language", help="Spoken language code for every file, e.g. en "
              "(a manifest's language column wins; default: detect).")
@click.option("--beam-size", default=5, show_default=True, type=click.IntRange(1, 20))
@click.option("--no-vad", is_flag=True, help="Transcribe silence too (not recommended).")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes; each loads the model once and gets cores/JOBS threads.")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Run the files on a Dask cluster, e.g. tcp://scheduler:8786.")
@click.option("--force", is_flag=True, help="Redo every file, even up-to-date or "
              "person-edited ones (an edited SRT is kept as .srt.bak).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the transcript cache.")
@click.option("--summary-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where summary.json and summary.csv go (default: -o, else the input folder).")
@click.option("-q", "--quiet", is_flag=True, help="No progress, no table: just the exit code.")
def batch_command(
    inputs: tuple[str, ...], output_dir: Path | None, profile: str, engine: str,
    model: str | None, language: str | None, beam_size: int, no_vad: bool, jobs: int,
    dask_address: str | None, force: bool, no_cache: bool, summary_dir: Path | None,
    quiet: bool,
) -> None:
    """Subtitle many media files: INPUTS are folders (searched recursively),
    glob patterns, media files or CSV manifests."""
    from .cli import fail

    try:
        if dask_address and jobs > 1:
            raise UsageError("--jobs and --dask do not go together (Dask workers are the jobs)")
        options = RunOptions(
            profile=get_profile(profile), engine=engine, model=model,
            decode=DecodeOptions(language=language, beam_size=beam_size, vad=not no_vad),
            output_dir=output_dir, force=force, use_cache=not no_cache,
        )
        plan = batch.plan(list(inputs), output_dir)
    except SubtitlerError as err:
        fail(err)
    summary_dir = summary_dir or summary_folder(inputs, output_dir)
    result = _run(plan, options, summary_dir, jobs, dask_address, quiet)
    if not quiet:
        print_table(result)
    sys.exit(result.exit_code)


def _run(
    plan: list[Job], options: RunOptions, summary_dir: Path, jobs: int,
    dask_address: str | None, quiet: bool,
) -> BatchResult:
    from .cli import fail

    show_bar = not quiet and sys.stderr.isatty()
    view = ProgressView(plan, bar=show_bar, lines=not quiet and not show_bar)
    done: list[FileResult] = []

    def on_result(result: FileResult) -> None:
        done.append(result)
        view.finished(result)

    try:
        with _sigterm_as_interrupt(), view:
            return batch.run_batch(
                plan, options, summary_dir=summary_dir, workers=jobs, dask=dask_address,
                on_result=on_result, progress=view.progress if show_bar else None,
            )
    except KeyboardInterrupt:
        finished = sum(r.status is not Status.NOT_RUN for r in done)
        click.echo(
            f"subtitler: interrupted: {finished} of {len(plan)} files finished; run the same "
            f"command again to do the rest (summary: {summary_dir / 'summary.json'})",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    except SubtitlerError as err:
        fail(err)
