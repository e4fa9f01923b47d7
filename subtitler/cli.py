"""Command line: a thin adapter over the library API.

Each command builds option dataclasses, calls one library function and
reports. Errors become a one-line message and an exit code in one place:
``fail``.
"""

from __future__ import annotations

import logging
import sys
from typing import NoReturn

import click

from .errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, EXIT_USAGE, SubtitlerError

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


@click.group(epilog=EXIT_CODES_HELP)
@click.version_option(package_name="subtitler")
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does.")
def main(verbose: bool) -> None:
    """Turn recorded video statements into correct, checked subtitles."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


# Commands live in their own modules and register here.
from . import cli_run  # noqa: E402
from .cli_batch import batch_command  # noqa: E402
from .cli_check import check_command  # noqa: E402
from .cli_engines import engines_command  # noqa: E402
from .cli_glossary import glossary_group  # noqa: E402

main.add_command(cli_run.run_command)
main.add_command(check_command)
main.add_command(engines_command)
main.add_command(batch_command)
main.add_command(glossary_group)
