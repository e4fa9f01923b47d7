"""``subtitler run``: media files in, checked SRT files and reports out."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, SubtitlerError
from ..pipeline.report import summary_lines
from .main import epilog, error_line, fail, internal_error
from .options import run_options, transcription_options

log = logging.getLogger(__name__)


class AudioBar:
    """A bar of audio seconds done / total for one file, shown on a terminal
    once the total is known (after decoding)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._bar: Any = None

    def update(self, done: float, total: float) -> None:
        if self._bar is None:
            self._bar = click.progressbar(
                length=max(1, int(total)), label=self.label, file=sys.stderr
            )
            self._bar.__enter__()
        self._bar.update(max(0, int(done) - self._bar.pos))

    def __enter__(self) -> AudioBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.update(max(0, self._bar.length - self._bar.pos))
            self._bar.__exit__(None, None, None)


@click.command(
    "run",
    epilog=epilog(exit_codes={EXIT_FINDINGS: "subtitles written, but error findings remain"}),
)
@click.argument("media", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the .srt and .report.json files (default: beside each input).",
)
@transcription_options
@click.option("--language", help="Spoken language code, e.g. en (default: detect).")
@click.option(
    "--script",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Text the speaker read (plain text or Markdown): the subtitles carry its words.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite an SRT a person changed (the old one is kept as .srt.bak).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def run_command(
    media: tuple[Path, ...],
    output_dir: Path | None,
    language: str | None,
    script: Path | None,
    force: bool,
    quiet: bool,
    **shared: Any,
) -> None:
    """Transcribe MEDIA files and write checked subtitles (<stem>.srt and
    <stem>.report.json).

    \b
    Examples:
      subtitler run talk.mp4
      subtitler run talk.mp4 other.mov -o out/ -g glossaries/sex-work-rights.yaml
      subtitler run talk.mp4 --workers 1      # one chunk at a time, on all cores
    """
    from ..pipeline.process import Pipeline

    try:
        options = run_options(
            language=language,
            output_dir=output_dir,
            force=force,
            script=script,
            **shared,
        )
        pipeline = Pipeline(options)
    except SubtitlerError as err:
        fail(err)
    show_bar = not quiet and sys.stderr.isatty()
    failed = errors = 0
    for path in media:
        try:
            with AudioBar(path.name) as bar:
                result = pipeline.process(path, progress=bar.update if show_bar else None)
        except SubtitlerError as err:
            error_line(err)
            failed += 1
            continue
        except Exception as err:  # a bug must not stop the other inputs
            internal_error(path, err)
            failed += 1
            continue
        errors += result.report.errors
        if not quiet:
            click.echo("\n".join(summary_lines(result.report, result.cues)))
    sys.exit(EXIT_INPUT if failed else EXIT_FINDINGS if errors else EXIT_OK)
