"""Atomic file writes: a temp file in the target's folder, then os.replace."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import SubtitlerError


def _mode_for(target: Path, like: Path | None) -> int:
    """Permissions for a written file: those of ``like`` or of the file it
    replaces, else the usual ``0o666`` less the umask."""
    for source in (like, target):
        if source is not None:
            try:
                return source.stat().st_mode & 0o777
            except OSError:
                pass
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_bytes_atomic(path: str | Path, data: bytes, *, like: str | Path | None = None) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file,
    never half of one; the folder is created if needed. The file keeps the
    permissions of the one it replaces (or of ``like``)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(target, Path(like) if like is not None else None)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary file name beside ``path``, for writers that need a name
    (ffmpeg); when the block ends without an error the file is synced to
    disk and renamed to ``path``, else it is removed."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(target, None)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_text_atomic(path: str | Path, text: str) -> None:
    """UTF-8 (no BOM), ``\\n`` line ends, written atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))


def read_input(path: str | Path, error: type[SubtitlerError], what: str) -> bytes:
    """The bytes of a file the user gave; a missing file, a folder or an
    unreadable file raises ``error`` with a one-line reason naming it.
    ``what`` names the kind of file ("subtitle file", "glossary", "script")."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise error("no such file", path=path) from None
    except IsADirectoryError:
        raise error(f"is a folder, not a {what}", path=path) from None
    except OSError as err:
        raise error(f"cannot read this {what}: {err.strerror or err}", path=path) from None


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
