"""What subtitler kept of a file: the versions in its history, oldest first;
and the command line run in a folder, as a person runs it there."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from click.testing import CliRunner, Result

from subtitler.cli import main
from subtitler.files import history, ledger


def cli(*args: str, cwd: Path) -> Result:
    """``subtitler ARGS`` through the real command line, run from ``cwd``."""
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


def kept(path: Path) -> list[bytes]:
    """The contents of the versions of ``path`` kept in ``.subtitler/history``."""
    record = ledger.load(path.parent, path.name)
    return [v.path.read_bytes() for v in history.versions(path.parent, record)]


def last_kept(path: Path) -> bytes:
    found = kept(path)
    assert found, f"no version of {path.name} was kept"
    return found[-1]


def kept_paths(path: Path) -> list[Path]:
    """Where the kept versions of ``path`` are, oldest first."""
    record = ledger.load(path.parent, path.name)
    return [v.path for v in history.versions(path.parent, record)]


def follow_note(stderr: str, path: str, cwd: Path, *, whose: str = "your") -> bytes:
    """The one ``subtitler: note:`` line in ``stderr``: it must name
    ``path`` (as the command was given it) and the newest version kept of
    it, exactly; then its ``subtitler restore`` command is run from ``cwd``,
    as a person would copy it, and the file's bytes afterwards returned."""
    target = cwd / path
    record = ledger.load(target.parent, target.name)
    newest = history.versions(target.parent, record)[-1]
    name = Path(path).name
    whose_version = (f"your version of {name}" if whose == "your"
                     else f"the earlier version of {name} (by {whose})")
    command = f"subtitler restore {shlex.quote(path)} --version {newest.n}"
    notes = [line for line in stderr.splitlines() if line.startswith("subtitler: note: ")]
    assert notes == [f"subtitler: note: {whose_version} was kept: {command}"], stderr
    done = cli(*shlex.split(command)[1:], cwd=cwd)
    assert done.exit_code == 0, done.output
    assert f"version {newest.n} brought back" in done.output
    return target.read_bytes()
