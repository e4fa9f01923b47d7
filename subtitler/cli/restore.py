"""``subtitler restore``: list the versions of a file subtitler kept, and
bring one back."""

from __future__ import annotations

import time
from pathlib import Path

import click

from ..errors import EXIT_INPUT, EXIT_OK, EXIT_USAGE, SubtitlerError, UsageError
from ..files import Owner, Writes, history, ledger
from ..files.history import Version
from ..files.ledger import Record
from ..fsutil import real_target, sha256_file
from ..wording import counted
from .main import epilog, fail

EPILOG = epilog(
    """\b
Every command that replaces a file (run, batch, check --fix, glossary
apply, convert, burn, review's Save, restore itself) first keeps the
version it replaces in .subtitler/history/ beside it: always a version that
was a person's, and subtitler's own when at most 10 MB. The newest 10
versions of each file stay, and always the oldest one that was a person's.
A version you bring back counts as yours: run and batch will not overwrite
it without --force.""",
    exit_codes={
        EXIT_OK: "the versions listed, or the one asked for brought back",
        EXIT_INPUT: "no version of FILE was kept, or FILE cannot be written",
        EXIT_USAGE: "usage error: no such --version",
    },
    only=True,
)


@click.command("restore", epilog=EPILOG)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--version", "number", type=click.IntRange(min=1), metavar="N",
              help="Bring back version N (the current file is kept as a version too).")
def restore_command(file: Path, number: int | None) -> None:
    """List the earlier versions of FILE that subtitler kept, or bring one back.

    \b
    Examples:
      subtitler restore talk.srt
      subtitler restore talk.srt --version 3
      subtitler restore talk.captioned.mp4 --version 1
    """
    try:
        target = real_target(file)
        record = ledger.load(target.parent, target.name)
        kept = history.versions(target.parent, record)
        if not kept:
            raise SubtitlerError("subtitler kept no earlier version of this file (none was "
                                 "replaced by a subtitler command)", path=file)
        if number is None:
            click.echo("\n".join(_table(file, target, record, kept)))
            return
        chosen = next((v for v in kept if v.n == number), None)
        if chosen is None:
            have = ", ".join(str(v.n) for v in kept)
            raise UsageError(f"no version {number} (kept: {have}; list them with "
                             f"'subtitler restore {file}')", path=file)
        click.echo(_bring_back(file, chosen))
    except SubtitlerError as err:
        fail(err)


def _bring_back(file: Path, chosen: Version) -> str:
    if file.is_file() and sha256_file(file) == (chosen.sha256 or sha256_file(chosen.path)):
        return f"{file} already is version {chosen.n}: nothing changed"
    try:
        data = chosen.path.read_bytes()
    except OSError as err:
        raise SubtitlerError(f"cannot read version {chosen.n}: {err.strerror or err}",
                             path=chosen.path) from None
    wrote = Writes("restore").claim(file, edit=True).write(data, owner=Owner.PERSON)
    kept = f"; the version it replaced is kept as version {wrote.kept.n}" if wrote.kept else ""
    return f"{file}: version {chosen.n} brought back{kept}"


def _table(file: Path, target: Path, record: Record, kept: list[Version]) -> list[str]:
    rows = [("version", "time", "whose", "size", "sha256")]
    for v in kept:
        whose = v.by if v.owner is not None else "unknown (not in subtitler's records)"
        rows.append((str(v.n), _when(v.mtime), f"{whose}; replaced by {v.kept_by}",
                     _size(v.size), (v.sha256 or sha256_file(v.path))[:12]))
    if target.is_file():
        sha = sha256_file(target)
        who = ledger.whose(record.owner_of(sha), record.writer_of(sha))
        info = target.stat()
        rows.append(("now", _when(info.st_mtime), who, _size(info.st_size), sha[:12]))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    n = len(kept)
    lines = [f"{file}: {counted(n, 'earlier version')} kept (oldest first)"]
    lines += ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
              for r in rows]
    lines.append(f"Bring one back with: subtitler restore {file} --version {kept[-1].n} "
                 "(the current file is kept too)")
    return lines


def _when(mtime: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(mtime))


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    size = float(n)
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            break
    return f"{size:.1f} {unit}"
