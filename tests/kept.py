"""What subtitler kept of a file: the versions in its history, oldest first."""

from __future__ import annotations

from pathlib import Path

from subtitler.files import history, ledger


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
