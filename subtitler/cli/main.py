"""Command line: a thin adapter over the library API.

Each command builds option dataclasses, calls one library function and
reports. Errors become a one-line message and an exit code in one place:
``fail``.
"""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Any, NoReturn

import click

from ..errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, EXIT_USAGE, SubtitlerError

EXIT_CODES_HELP = f"""\b
Exit codes:
  {EXIT_OK}  success, no error findings
  {EXIT_INPUT}  an input could not be processed (the others still were)
  {EXIT_USAGE}  usage error
  {EXIT_FINDINGS}  subtitles written, but error findings remain"""


def fail(err: SubtitlerError) -> NoReturn:
    """Print ``err`` as one line on stderr and exit with its code."""
    click.echo(f"subtitler: error: {err}", err=True)
    sys.exit(err.exit_code)


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


COMMANDS = {
    "run": ".run:run_command",
    "check": ".check:check_command",
    "glossary": ".glossary:glossary_group",
    "batch": ".batch:batch_command",
    "engines": ".engines:engines_command",
}


@click.group(cls=LazyGroup, lazy=COMMANDS, epilog=EXIT_CODES_HELP)
@click.version_option(package_name="subtitler")
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does.")
def main(verbose: bool) -> None:
    """Turn recorded video statements into correct, checked subtitles."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
