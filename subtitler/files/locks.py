"""Which process holds a file: a lock the kernel releases when its process
ends, however it ends (``kill -9`` included), with a note of who holds it
(pid, start time, and what the holder adds, e.g. a review's address).

    held = Held.take(folder / ".subtitler" / "journals" / "talk.srt.lock")
    if isinstance(held, Holder): print("held by", held.pid)
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .ledger import now


@dataclass(frozen=True)
class Holder:
    """Who holds a lock, as its note says (``info``: what the holder added)."""

    pid: int | None
    since: str
    info: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        parts = [f"pid {self.pid}" if self.pid else "another process"]
        if self.info.get("address"):
            parts.append(str(self.info["address"]))
        if self.since:
            parts.append(f"since {self.since}")
        return ", ".join(parts)


class Lock:
    """A held lock file; ``release`` (or the process's end) frees it."""

    def __init__(self, path: Path, fd: int | None, info: dict[str, Any]) -> None:
        self.path = path
        self.fd = fd
        self.info = dict(info)
        self.since = now()
        self.locked = fd is not None
        """False where the file system has no locks (the note is still written)."""

    @classmethod
    def take(cls, path: Path, **info: Any) -> Lock | Holder:
        """The lock at ``path``, or who holds it. ``OSError`` when the lock
        file cannot be made (a read-only folder)."""
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as err:
                if err.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    holder = _read(fd)
                    os.close(fd)
                    return holder
                if err.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
                    os.close(fd)
                    raise
                lock = cls(path, None, info)  # no locks on this file system
                os.close(fd)
                lock.note()
                return lock
            if _same_file(fd, path):  # not removed by a releasing holder meanwhile
                lock = cls(path, fd, info)
                lock.note()
                return lock
            os.close(fd)

    def note(self, **more: Any) -> None:
        """Write (or add ``more`` to) the note of who holds the lock."""
        self.info.update(more)
        data = json.dumps({"pid": os.getpid(), "since": self.since, **self.info}).encode("utf-8")
        if self.fd is None:
            with contextlib.suppress(OSError):
                self.path.write_bytes(data)
            return
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, data, 0)

    def release(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()  # first: a waiting taker then retries on a new file
            os.close(self.fd)
            self.fd = None


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _read(fd: int) -> Holder:
    try:
        data = json.loads(os.pread(fd, 65536, 0) or b"{}")
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    pid = data.pop("pid", None)
    since = data.pop("since", "")
    return Holder(pid if isinstance(pid, int) else None, str(since), data)


def holder(path: Path) -> Holder | None:
    """Who holds the lock at ``path`` now (None: nobody, or no such lock)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as err:
        if err.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return _read(fd)
        return None
    finally:
        os.close(fd)
    return None
