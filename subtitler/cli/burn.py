"""``subtitler burn``: subtitles burned into a copy of the video (open captions)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..errors import EXIT_INPUT, EXIT_OK, EXIT_USAGE, SubtitlerError
from .main import epilog, fail, kept_notes, note_line
from .options import subtitles_option

STYLES = ("default", "box", "vertical")
"""The presets ``formats.ass_style.PRESETS`` defines (kept here so that
``--help`` does not import them)."""

PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow",
           "slower", "veryslow")
"""x264's speed presets."""

EPILOG = epilog(
    """\b
Styles: default (bottom centre, white with a dark outline), box (white on a
translucent box, for busy backgrounds), vertical (9:16: larger, above the
platforms' buttons). An ASS/SSA file keeps its own styles unless --style is
given. The font (DejaVu Sans) ships with subtitler: no system fonts needed.
\b
The output: H.264 (yuv420p, +faststart; an odd size padded by a pixel),
audio copied untouched (in an MP4, PCM and other codecs browsers do not play
there as AAC: a note says so); beside it NAME.burn.json records what was
burned. The source video is never written;
an output a person changed is not replaced without --force.""",
    exit_codes={
        EXIT_OK: "burned",
        EXIT_INPUT: "the video or the subtitles could not be read, ffmpeg failed, or the "
                    "output was changed by a person",
        EXIT_USAGE: "usage error: bad option, output names the source",
    },
)


class VideoBar:
    """A bar of video seconds encoded / total, on a terminal."""

    def __init__(self, label: str, show: bool) -> None:
        self.label, self.total = label, 1
        self.show = show
        self._bar: Any = None

    def update(self, done_s: float, total_s: float | None) -> None:
        if not self.show:
            return
        if self._bar is None:
            self.total = max(1, int(total_s or done_s or 1))
            self._bar = click.progressbar(length=self.total, label=self.label, file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(max(0, min(int(done_s), self.total) - self._bar.pos))

    def close(self) -> None:
        if self._bar is not None:
            self._bar.update(self.total - self._bar.pos)
            self._bar.__exit__(None, None, None)


@click.command("burn", epilog=EPILOG)
@click.argument("video", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The captioned video (.mp4, .m4v or .mov) [default: NAME.captioned.mp4 "
              "beside VIDEO].")
@subtitles_option("Subtitle file to burn in (SRT, WebVTT, ASS/SSA, TTML, JSON) [default: "
                  "NAME.srt beside VIDEO, else .vtt, .ass].")
@click.option("--style", type=click.Choice(STYLES), help="Style preset [default: default].")
@click.option("--crf", type=click.IntRange(0, 51), default=20, show_default=True,
              help="H.264 quality: lower is better and larger (0: lossless, 18-23: good).")
@click.option("--preset", type=click.Choice(PRESETS), default="veryfast", show_default=True,
              help="H.264 speed: slower presets make smaller files of the same quality.")
@click.option("--force", is_flag=True,
              help="Replace an output a person changed (their version is kept: subtitler "
              "restore).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def burn_command(video: Path, output: Path | None, subtitles: Path | None, style: str | None,
                 crf: int, preset: str, force: bool, quiet: bool) -> None:
    """Burn subtitles into a copy of VIDEO, for platforms that take no
    subtitle files (videos that autoplay muted).

    \b
    Examples:
      subtitler burn talk.mp4
      subtitler burn talk.mp4 -o talk.captioned.mp4
      subtitler burn talk.mp4 --subtitles talk.es.srt --style vertical -o talk.es.reel.mp4
      subtitler burn talk.mp4 --style box --subtitles talk.vtt
    """
    from ..media.burn import Encoding
    from ..pipeline.burn import BurnOptions, burn

    try:
        bar = VideoBar(video.name, not quiet and sys.stderr.isatty())
        options = BurnOptions(style=style, force=force, encoding=Encoding(crf, preset))
        try:
            result = burn(video, subtitles, output, options, bar.update)
        finally:
            bar.close()
    except SubtitlerError as err:
        fail(err)
    for note in result.log.notes:
        note_line(f"{result.output}: {note}")
    kept_notes(result.kept)
    if result.log.missing_glyphs:
        chars = " ".join(f"{c!r} (U+{ord(c):04X})" for c in result.log.missing_glyphs[:10])
        click.echo(f"subtitler: warning: {result.output}: no font has these characters, shown "
                   f"as boxes or not at all: {chars}", err=True)
    if not quiet:
        click.echo(f"{result.video} + {result.subtitles} ({result.cues} cues, style "
                   f"{result.style}) -> {result.output}")
