"""``subtitler run``: media files in, checked SRT files and reports out."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, SubtitlerError
from .main import epilog, error_line, fail, internal_error, kept_notes
from .options import output_dir_option, run_options, setting_options

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
@output_dir_option(
    "Folder for the subtitle files and .report.json (default: beside each input).")
@setting_options("run")
@click.option("--audio-track", type=click.IntRange(1, 64), metavar="N",
              help="Audio track to subtitle, 1 for the first (default: of several, the one "
              "tagged with --language, else the one with speech; the report says which).")
@click.option(
    "--script",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Text the speaker read (plain text or Markdown): the subtitles carry its words.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite subtitle files a person changed (their version is kept: subtitler "
    "restore NAME lists the kept versions).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def run_command(
    media: tuple[Path, ...],
    output_dir: Path | None,
    script: Path | None,
    force: bool,
    quiet: bool,
    audio_track: int | None,
    **shared: Any,
) -> None:
    """Transcribe MEDIA files and write checked subtitles (<stem>.srt and
    <stem>.report.json; --format for WebVTT, ASS, TTML, a transcript...).

    \b
    Examples:
      subtitler run media/statement.mp4
      subtitler run talk.mp4 --format srt,vtt,txt
      subtitler run talk.mp4 other.mov -o out/
      subtitler run talk.mp4 -g glossaries/sex-work-rights.yaml -p bbc
      subtitler run talk.mp4 -g glossaries/sex-work-rights.yaml --spelling en-GB
      subtitler run statement.mp4 --script statement.txt
      subtitler run talk.mp4 --language en --model small.en
      subtitler run interview.mov --audio-track 2
      subtitler run talk.mp4 --workers 1      # one chunk at a time, on all cores
    """
    from ..pipeline.outputs import check_collisions, targets_for
    from ..pipeline.process import Pipeline
    from ..pipeline.report import summary_lines

    try:
        check_collisions((m, targets_for(m, output_dir).subtitles) for m in media)
        options = run_options(
            output_dir=output_dir,
            force=force,
            script=script,
            audio_track=audio_track,
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
        kept_notes(result.kept + (result.translation.kept if result.translation else ()))
        if not quiet:
            click.echo("\n".join(summary_lines(result.report, result.cues)))
            if result.translation is not None:
                draft = result.translation
                click.echo("\n".join(summary_lines(draft.report, draft.cues)))
                click.echo(f"  a draft for a translator: subtitler review {path} --subtitles "
                           f"{draft.subtitles} --source {result.subtitles} --lang en")
    sys.exit(EXIT_INPUT if failed else EXIT_FINDINGS if errors else EXIT_OK)
