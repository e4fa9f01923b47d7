"""Command line: a thin adapter over the library API.

Each command builds option dataclasses, calls one library function and
reports. Every error a user sees leaves through one path (``error_line``):
``subtitler: error: WHAT`` on stderr, one line; ``fail`` adds the exit code.
Click's own usage errors are shown the same way.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NoReturn

import click

from ..errors import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    SubtitlerError,
)

EXIT_MEANINGS: dict[int, str] = {
    EXIT_OK: "success, no error findings",
    EXIT_INPUT: "an input could not be processed (the others still were)",
    EXIT_USAGE: "usage error: bad option, unknown profile, bad settings file",
    EXIT_FINDINGS: "output written, but error findings remain",
}


def exit_codes_help(meanings: Mapping[int, str] | None = None, *, only: bool = False) -> str:
    """The ``Exit codes:`` block of a command's help, from the constants in
    ``errors`` (``meanings`` says what a code means for that command;
    ``only``: the command gives no other code)."""
    table = dict(meanings or {}) if only else {**EXIT_MEANINGS, **(meanings or {})}
    rows = "\n".join(f"  {code:<3} {text}" for code, text in sorted(table.items()))
    return f"\b\nExit codes:\n{rows}"


def epilog(*parts: str, exit_codes: Mapping[int, str] | None = None, only: bool = False) -> str:
    """A command's epilog: its own paragraphs, then the exit-code table."""
    return "\n\n".join([*parts, exit_codes_help(exit_codes, only=only)])


def error_line(err: SubtitlerError | str) -> None:
    """Print one error line, the only way errors reach the user (a line
    break or other control character, in a file name say, is shown escaped)."""
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(err))
    click.echo(f"subtitler: error: {text}", err=True)


def fail(err: SubtitlerError) -> NoReturn:
    """Print ``err`` as one line on stderr and exit with its code."""
    error_line(err)
    sys.exit(err.exit_code)


def note_line(note: str) -> None:
    """Print one ``subtitler: note:`` line on stderr: something the user
    should know that is not an error (the command goes on)."""
    click.echo(f"subtitler: note: {note}", err=True)


def kept_notes(notes: Iterable[str]) -> None:
    """Say where each replaced version went (``files.Wrote.note``), one
    note line each, as every command does."""
    for note in notes:
        note_line(note)


def internal_error(where: object, err: BaseException) -> None:
    """A bug met on one input: one line (``-v`` logs the traceback)."""
    logging.getLogger(__name__).info("unexpected failure on %s", where, exc_info=err)
    error_line(f"{where}: internal error: {err!r} (-v shows where)")


class LazyGroup(click.Group):
    """Commands live in their own modules, imported only when used, so
    ``subtitler check`` does not pay for the speech model's libraries."""

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy
        """Command name -> ``module:attribute`` inside this package."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, attr = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module, __package__), attr)
            assert isinstance(command, click.Command)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> NoReturn:
        """Click's errors as one ``subtitler: error:`` line with a pointer to
        the help; Ctrl-C as exit code 130. Always exits (``standalone_mode``
        is accepted for click's API, and ignored)."""
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as err:
            err.show()  # the help itself, as click shows it
            sys.exit(err.exit_code)
        except click.ClickException as err:
            hint = ""
            ctx = getattr(err, "ctx", None)
            if isinstance(err, click.UsageError) and ctx is not None:
                hint = f" (see '{ctx.command_path} --help')"
            error_line(f"{err.format_message().rstrip('.')}{hint}")
            sys.exit(err.exit_code)
        except click.Abort:
            error_line("interrupted")
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


COMMANDS = {
    "run": ".run:run_command",
    "check": ".check:check_command",
    "glossary": ".glossary:glossary_group",
    "batch": ".batch:batch_command",
    "engines": ".engines:engines_command",
    "convert": ".convert:convert_command",
    "burn": ".burn:burn_command",
    "review": ".review:review_command",
    "restore": ".restore:restore_command",
}


@click.group(cls=LazyGroup, lazy=COMMANDS, epilog=exit_codes_help())
@click.version_option(package_name="subtitler")
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does.")
def main(verbose: bool) -> None:
    """Turn recorded video statements into correct, checked subtitles.

    \b
    Examples:
      subtitler run media/statement.mp4
      subtitler run talk.mp4 -g glossaries/sex-work-rights.yaml -p bbc
      subtitler check talk.es.srt --lang es
      subtitler convert talk.srt talk.vtt
      subtitler burn talk.mp4 -o talk.captioned.mp4
      subtitler batch videos/ -o subtitles/
      subtitler review media/statement.mp4
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
