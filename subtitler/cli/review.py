"""``subtitler review``: watch, check, correct and save subtitles in the browser."""

from __future__ import annotations

import signal
import sys
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any

import click

from ..errors import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, SubtitlerError
from .main import epilog, error_line, fail, kept_notes, note_line
from .options import config_options, load_settings, subtitles_option

EPILOG = epilog(
    """\b
The page: the video (or the audio's waveform) with the subtitles over it,
every cue with its times, characters and reading speed, and what to look at:
the findings of subtitler check, glossary corrections, script deviations and
words the recogniser was unsure of. Edits are re-checked as you make them and
journalled on disk until saved; Save writes the file's own format back (SRT,
WebVTT or ASS/SSA, keeping its header, styles and notes), keeps the version
it replaces (subtitler restore FILE) and marks the file as a person's, so
run and batch will not overwrite it. Save as another format's extension
converts. One review at a time edits a file: a second one opens it
read-only and says which holds it.

The browser is opened on a file only you can read, holding a one-time
link; the page's key then lives in the browser's cookie (never in an
address, the terminal or a log). With --no-browser, open that file.""",
    exit_codes={
        EXIT_OK: "stopped (Ctrl-C) with everything saved; or --export written",
        EXIT_INPUT: "the media or subtitle file cannot be read, or has no subtitles yet",
        EXIT_USAGE: "usage error: bad option or format, port in use, several subtitle files",
        EXIT_INTERRUPTED: "stopped with unsaved edits (kept in the journal for next time)",
    },
)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@click.command("review", epilog=EPILOG)
@click.argument("media", type=click.Path(path_type=Path))
@subtitles_option("The subtitles to review: .srt, .vtt, .ass or .ssa, saved in the same "
                  "format (default: MEDIA's <stem>.srt beside it, else the one <stem>.vtt, "
                  "<stem>.ass... there is).")
@click.option("--source", type=click.Path(dir_okay=False, path_type=Path),
              help="Translator mode: the subtitles (any format check reads) the reviewed ones "
              "are translated from (shown beside each cue; with -g, term translations are "
              "checked). A missing --subtitles file is made from its timings.")
@click.option("--lang", "language", metavar="CODE",
              help="Language of the subtitles, e.g. es (default: the run report's, else en).")
@click.option("-p", "--profile", help="Style profile (default: the settings file's, else the "
              "run report's, else netflix).")
@click.option("-g", "--glossary", "glossaries", multiple=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Glossary file to check terms with (repeatable; default: the run's).")
@click.option("--run", "run_first", is_flag=True,
              help="If the subtitles do not exist yet, make them with subtitler run first.")
@click.option("--export", "export_to", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a read-only, self-contained HTML page instead of serving.")
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="Port to listen on (default: a free one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on: one interface of this machine, never all of them "
              "(decided by the address it resolves to).")
@click.option("--allow-remote", is_flag=True,
              help="Let --host be an address other machines can reach (they still need the "
              "key).")
@click.option("--no-browser", is_flag=True,
              help="Do not open a browser: print the file to open in one.")
@click.option("--unsure-below", type=click.FloatRange(0.0, 1.0), default=None,
              help="Mark words the recogniser gave a lower probability (default: measured, "
              "see docs/review.md#unsure-words).")
@click.option("--no-media-check", is_flag=True,
              help="Do not check timing against the speech (saves reading the audio).")
@config_options
def review_command(
    media: Path, subtitles: Path | None, source: Path | None, language: str | None,
    profile: str | None, glossaries: tuple[Path, ...], run_first: bool, export_to: Path | None,
    port: int, host: str, allow_remote: bool, no_browser: bool, unsure_below: float | None,
    no_media_check: bool, config_path: Path | None, no_config: bool,
) -> None:
    """Review and correct MEDIA's subtitles in the browser.

    \b
    Examples:
      subtitler review media/statement.mp4
      subtitler review talk.mp4 --subtitles talk.es.srt --source talk.srt --lang es -g terms.yaml
      subtitler review talk.mp4 --subtitles talk.es.vtt
      subtitler review talk.mp4 --no-browser --port 8765
      subtitler review talk.mp4 --export talk.review.html
      subtitler review talk.mp4 --run -g glossaries/sex-work-rights.yaml
    """
    from ..review.report_data import UNSURE_BELOW
    from ..review.setup import ReviewOptions

    try:
        config = load_settings(config_path, no_config)
        prof = config.build_profile(profile)  # validates the name early
        from .check import check_options

        options = ReviewOptions(
            media=media, subtitles=subtitles, source=source, language=language, profile=profile,
            glossary=tuple(g.absolute() for g in glossaries),
            check=check_options(config, prof, (), (), None),
            unsure_below=UNSURE_BELOW if unsure_below is None else unsure_below,
            media_check=not no_media_check,
        )
        if export_to is not None:
            from ..review.export import export

            session = _session(options, config, run_first, glossaries, editing=False)
            export(session, export_to)
            click.echo(f"wrote {export_to} (read-only; it plays {media.name} from beside it)")
            return
        from ..review import serve

        address = serve.check_host(host, allow_remote)  # before any work
        session = _session(options, config, run_first, glossaries, editing=True)
        _serve(session, address, port, no_browser, allow_remote)
    except SubtitlerError as err:
        fail(err)


def _session(options: Any, config: Any, run_first: bool, glossaries: tuple[Path, ...],
             editing: bool) -> Any:
    from ..errors import SubtitleFileError
    from ..review.files import default_subtitles
    from ..review.session import ReviewSession
    from ..review.setup import build_setup, check_media, format_for

    check_media(options.media)
    subtitles, note = (options.subtitles, None) if options.subtitles is not None \
        else default_subtitles(options.media)
    if note is not None:
        click.echo(note, err=True)
    fmt = format_for(subtitles)
    if not subtitles.exists() and options.source is None:
        if not run_first:
            raise SubtitleFileError(
                f"no subtitles yet: make them with 'subtitler run {options.media}' "
                "(or add --run to make them now)", path=subtitles)
        _run(options, subtitles, fmt, glossaries, config.path)
    return ReviewSession.open(build_setup(options, config.build_profile), editing=editing)


def _run(
    options: Any, subtitles: Path, fmt: str, glossaries: tuple[Path, ...], settings: Path | None
) -> None:
    """``subtitler run`` with the settings file review read (``settings``;
    None: none, or ``--no-config``), writing ``subtitles`` (in format ``fmt``)."""
    from ..pipeline.process import Pipeline
    from ..pipeline.report import summary_lines
    from .options import run_options

    click.echo(f"{subtitles} does not exist: making it with subtitler run ...", err=True)
    run = run_options(profile=options.profile, glossary=tuple(g.absolute() for g in glossaries),
                      language=options.language, config_path=settings,
                      no_config=settings is None)
    # the settings file's formats, and always the file that review opens
    run = replace(run, formats=(fmt, *(f for f in run.formats if f != fmt)))
    result = Pipeline(run, "review --run").process(options.media, subtitles=subtitles)
    click.echo("\n".join(summary_lines(result.report, result.cues)), err=True)
    kept_notes(result.kept)


def _serve(session: Any, address: str, port: int, no_browser: bool, allow_remote: bool) -> None:
    from ..review import serve
    from ..review.app import make_app
    from ..review.security import Keys

    keys = Keys()
    try:
        sock = serve.bind(address, port, allow_remote)
    except SubtitlerError:
        session.close()
        raise
    url = serve.url_of(sock)
    app = make_app(session, keys, (address,))
    opener = serve.OpenFile(url, keys)
    if session.lock is not None:
        session.lock.note(address=url)
    if session.readonly is not None:  # it still serves, read-only, and exits 0: a note
        note_line(session.readonly)
    for notice in session.notices:
        click.echo(f"Note: {notice}", err=True)

    def ready() -> None:
        # only now does Ctrl-C stop the server (its signal handlers are in
        # place): a Ctrl-C sent on this line's word is never lost
        click.echo("Press Ctrl-C to stop.")
        if not no_browser and not serve.open_browser(opener.file_url):
            error_line(f"could not open a browser: open {opener.path} in one")

    signal.signal(signal.SIGTERM, _stop)
    try:
        if session.pending is not None:
            click.echo("Unsaved edits from an earlier review were found: the page offers to "
                       "restore them.")
        only = " (read-only)" if session.readonly is not None else ""
        click.echo(f"Reviewing {session.setup.subtitles}{only} at {url}")
        if no_browser:
            click.echo(f"Open this file in your browser to start: {opener.path}")
            click.echo("(only you can read it: it holds a one-time link, renewed when used)")
        serve.run(app, sock, ready)
    except KeyboardInterrupt:
        pass
    finally:
        # stopping: a late or second signal must not cut the journal's closing short
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        sock.close()
        opener.remove()
    if session.close():
        where = session.journal.path if session.pending is None else session.pending.path
        click.echo(f"Stopped. Unsaved edits of {session.setup.subtitles.name} are kept in "
                   f"{where}: run the same review again to restore them.")
        sys.exit(EXIT_INTERRUPTED)
    click.echo("Stopped (this review was read-only)." if session.readonly is not None
               else "Stopped; everything was saved.")
