"""Commands run in a folder they cannot write to: read-only, or on a full
disk. Each must fail with one line naming the file and saying what to do
instead, exit 1, and leave every file there as it was.

``python -m tests.writefail FOLDER [--fill]`` runs ``COMMANDS`` in FOLDER
(in this process, through the real command line) and prints what each did
as JSON; ``--fill`` first fills FOLDER's disk (a small file system made for
the test). The tests run it where the folder cannot be written to: as a
user without write rights there, or in a mount namespace with a tiny
tmpfs (``tests/test_write_failures.py``)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

SUBTITLES = ("2\n00:00:01,000 --> 00:00:04,000\nthe criminalization of sex work\n\n"
             "1\n00:00:04,500 --> 00:00:06,000\nis wrong.\n")
"""A person's file: numbered out of order, so ``check --fix`` has work to do."""
GLOSSARY = "entries:\n  - term: criminalisation\n    variants: [criminalization]\n"

COMMANDS = (
    ("check", "talk.srt", "--fix", "--in-place", "--no-config"),
    ("convert", "talk.srt", "talk.vtt"),
    ("glossary", "apply", "talk.srt", "-g", "terms.yaml"),
    ("review", "talk.wav", "--export", "page.html", "--no-media-check", "--no-config"),
)


def make(folder: Path, media: Path) -> None:
    """The person's files: subtitles, a glossary, the media (a link to it)."""
    (folder / "talk.srt").write_text(SUBTITLES, "utf-8")
    (folder / "terms.yaml").write_text(GLOSSARY, "utf-8")
    (folder / "talk.wav").symlink_to(media)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "filler"}


def fill(folder: Path) -> None:
    """Fill the disk ``folder`` is on, to the last byte."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (1 << 16, 4096, 1):
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError:
                pass  # full, at this size: go on with smaller writes
    finally:
        os.close(fd)


def run(folder: Path) -> list[dict[str, Any]]:
    from click.testing import CliRunner

    from subtitler.cli import main

    os.chdir(folder)
    out = []
    for args in COMMANDS:
        before = snapshot(folder)
        done = CliRunner().invoke(main, list(args))
        out.append({"args": list(args), "code": done.exit_code, "stderr": done.stderr,
                    "stdout": done.stdout, "traceback": done.exc_info is not None
                    and not isinstance(done.exc_info[1], SystemExit),
                    "unchanged": snapshot(folder) == before})
    return out


if __name__ == "__main__":
    where = Path(sys.argv[1])
    if "--make" in sys.argv:
        make(where, Path(sys.argv[sys.argv.index("--make") + 1]))
    if "--fill" in sys.argv:
        fill(where)
    print(json.dumps(run(where)))
