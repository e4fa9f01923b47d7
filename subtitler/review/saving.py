"""Saving a reviewed file so that nothing is lost.

The SRT is composed by the one writer (``formats.srt_write.compose``), read
back and compared before anything is written, and written atomically as
UTF-8 without BOM, in the file's own line ends. The file on disk is checked
again right before the write: if it changed since the page loaded it, the
save is refused (``SaveConflict``). The file as it was before the session's
first save is kept as ``NAME.srt.bak``. The run report beside the file, if
any, records the new version as a person's, so ``run`` and ``batch`` keep
refusing to overwrite it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ..errors import SubtitlerError
from ..formats.srt_read import parse_text
from ..formats.srt_write import compose
from ..fsutil import sha256_bytes, sha256_file, write_bytes_atomic
from ..models import Cue
from ..pipeline.report import record_person_version

PERSON = "subtitler review"
"""Who the report says saved a person's version."""

_NAME = re.compile(r"[^/\\\x00-\x1f]+\.srt", re.IGNORECASE)


class SaveRefused(SubtitlerError):
    """The cues cannot be written as they are (the message says which and why)."""


class SaveConflict(SubtitlerError):
    """The file changed on disk since the page loaded it."""


def disk_sha(path: Path) -> str | None:
    return sha256_file(path) if path.exists() else None


def encode(cues: Sequence[Cue], newline: str) -> bytes:
    """The file's bytes; ``SaveRefused`` when the cues are not a valid SRT or
    would not read back as themselves."""
    try:
        text = compose(cues, eol=newline)
    except SubtitlerError as err:
        raise SaveRefused(f"cannot save: {err.message} (give it text and times, or delete it)") \
            from None
    back = parse_text(text).cues
    want = [Cue(c.start_ms, c.end_ms, tuple(x.strip() for x in c.lines if x.strip())) for c in cues]
    if list(back) != want:
        bad = next((i for i, (a, b) in enumerate(zip(back, want, strict=False), 1) if a != b),
                   min(len(back), len(want)) + 1)
        raise SaveRefused(f"cannot save: cue {bad}'s text would read back as something else "
                          "(a line that looks like a cue number or a timing line): change it")
    return text.encode("utf-8")


def check_name(folder: Path, name: str) -> Path:
    """The path for "Save as" ``name``: a new .srt file in ``folder``."""
    name = name.strip()
    if not _NAME.fullmatch(name) or name.startswith(".") or name in (".srt",):
        raise SaveRefused("give a file name ending in .srt, without a folder")
    target = folder / name
    if target.exists():
        raise SaveRefused(f"{name} already exists: choose another name")
    return target


def write(path: Path, data: bytes, expected_sha: str | None, *, backup: bool,
          report: Path | None) -> str:
    """Write ``data`` to ``path`` if the file on disk is still the one with
    ``expected_sha`` (None: no file); returns the new file's SHA-256."""
    if disk_sha(path) != expected_sha:
        what = "changed on disk"
        if expected_sha is not None and not path.exists():
            what = "was deleted"
        elif expected_sha is None:
            what = "was created by another program"
        raise SaveConflict(
            f"{what} since this page loaded it (another program or person?): not saving "
            "over it. Reload it (your edits here are set aside) or save as a new name",
            path=path,
        )
    if backup and path.exists():
        write_bytes_atomic(path.with_name(path.name + ".bak"), path.read_bytes(), like=path)
    write_bytes_atomic(path, data)
    sha = sha256_bytes(data)
    if report is not None:
        record_person_version(report, sha, PERSON)
    return sha
