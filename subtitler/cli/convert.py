"""``subtitler convert``: a subtitle file in one format to another."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_INPUT, EXIT_OK, EXIT_USAGE, SubtitlerError, UsageError
from ..wording import counted
from .main import epilog, fail, kept_notes

EPILOG = epilog(
    """\b
Formats (by extension, or --to): .srt, .vtt, .ass, .ssa, .ttml (IMSC 1.1),
.json (words and cues); .txt (a transcript, no timings) is written only.""",
    exit_codes={
        EXIT_OK: "converted",
        EXIT_INPUT: "the input could not be read (or has text in no cue), or OUTPUT's "
                    "format cannot hold one of its cues",
        EXIT_USAGE: "usage error: unknown format, OUTPUT is SOURCE, or OUTPUT is a person's "
        "file (without --force)",
    },
)


@click.command("convert", epilog=EPILOG)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--to", "fmt", metavar="FORMAT",
              help="Output format (srt, vtt, ass, ssa, ttml, txt, json); default: OUTPUT's "
              "extension.")
@click.option("--lang", "language", metavar="CODE",
              help="Language of the text, recorded where the format has a place for it "
              "(TTML xml:lang, JSON).")
@click.option("--force", is_flag=True,
              help="Replace OUTPUT even if a person changed it since subtitler wrote it (that "
              "version is kept: subtitler restore OUTPUT).")
def convert_command(source: Path, output: Path, fmt: str | None, language: str | None,
                    force: bool) -> None:
    """Convert the subtitle file SOURCE (SRT, WebVTT, ASS/SSA, TTML, JSON) to
    OUTPUT in another format: the same cues, times to the millisecond (ASS:
    to the centisecond), text exactly.

    \b
    Examples:
      subtitler convert talk.srt talk.vtt
      subtitler convert talk.vtt talk.srt
      subtitler convert talk.srt talk.ass
      subtitler convert talk.es.srt talk.es.ttml --lang es
    """
    from ..errors import EditedOutputError
    from ..files import Writes
    from ..formats.convert import convert

    try:
        if output.exists() and output.resolve() == source.resolve():
            raise UsageError("OUTPUT is the SOURCE file; name another file", path=output)
        if output.is_dir():
            raise UsageError("is a folder; name the output file", path=output)
        writes = Writes("convert --force" if force else "convert")
        writes.add_input(source, "the file being converted")
        try:
            claim = writes.claim(output, force=force)  # an edit from now on is not overwritten
        except EditedOutputError as err:  # refused before any work: a usage error here
            raise UsageError(err.message, path=output) from None
        result = convert(source, output, fmt, language)
        kept = claim.write(result.text.encode("utf-8")).note
    except SubtitlerError as err:
        fail(err)
    syntax = sum(n.rule.endswith("-syntax") for n in result.source.notices)
    note = (f"; {counted(syntax, 'syntax problem')} read past (subtitler check lists them)"
            if syntax else "")
    click.echo(f"{source} -> {output} ({counted(len(result.source.entries), 'cue')}, "
               f"{result.target.label}){note}", err=True)
    kept_notes([kept] if kept else [])
