"""The ``.subtitler`` folder subtitler keeps in each folder it writes to:
the ledger (who wrote which version of each file), the kept versions, the
review journals and the locks. A short note inside (ABOUT.txt) says what it is."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from ..errors import WriteError
from ..fsutil import fit_name, name_max, what_to_do, write_bytes_atomic, write_error

STATE_DIR = ".subtitler"
ABOUT = """\
subtitler keeps here what it needs to never lose a file of yours:

  ledger/    which version of each file subtitler wrote and which ones are yours
  history/   earlier versions of files it replaced (subtitler restore FILE lists them)
  journals/  unsaved edits of subtitler review, until they are saved

Deleting this folder loses the earlier versions, and subtitler then treats
every existing file as yours (it replaces none without --force).
"""


def state_dir(folder: Path, part: str | None = None, *, create: bool = True) -> Path:
    """``folder/.subtitler`` (or a ``part`` inside it), made if ``create``;
    ``WriteError`` naming it when it cannot be (a read-only folder, a file
    of that name)."""
    top = folder / STATE_DIR
    path = top / part if part else top
    if not create:
        return path
    try:
        fresh = not top.is_dir()
        path.mkdir(parents=True, exist_ok=True)
        if fresh:
            write_bytes_atomic(top / "ABOUT.txt", ABOUT.encode("utf-8"))
    except (FileExistsError, NotADirectoryError) as err:
        if top.exists() and not top.is_dir():
            raise WriteError(f"cannot keep subtitler's records here: {STATE_DIR} is a file, "
                             "not a folder (move it away)", path=top) from None
        raise write_error(top, err) from None
    except OSError as err:
        raise WriteError(f"cannot keep subtitler's records (earlier versions, journals): "
                         f"{err.strerror or err}{what_to_do(err)}", path=top) from None
    except WriteError as err:
        raise WriteError(f"cannot keep subtitler's records: {err.message}", path=top) from None
    return path


def entry_name(folder: Path, name: str, suffix: str) -> str:
    """``name + suffix`` for a file inside ``folder``, shortened (``fit_name``)
    when the file system would refuse it."""
    return fit_name(name, suffix, name_max(folder))


_HELD: dict[Path, tuple[threading.RLock, list[int]]] = {}
_GUARD = threading.Lock()


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the folder's lock (``.subtitler/lock``): one subtitler process at
    a time reads and changes the ledger and replaces a file of ``folder``.
    Re-entrant within a process (a thread waits for another); where the
    file system has no locks (some network shares) the block runs unlocked."""
    key = Path(os.path.abspath(folder))
    with _GUARD:
        rlock, depth = _HELD.setdefault(key, (threading.RLock(), [0]))
    with rlock:
        if depth[0]:
            depth[0] += 1
            try:
                yield
            finally:
                depth[0] -= 1
            return
        fd = _lock_file(key)
        depth[0] = 1
        try:
            yield
        finally:
            depth[0] = 0
            os.close(fd)  # closing releases the lock


def _lock_file(folder: Path) -> int:
    path = state_dir(folder) / "lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as err:
        raise WriteError(f"cannot lock: {err.strerror or err}", path=path) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError as err:
        if err.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
            os.close(fd)
            raise WriteError(f"cannot lock: {err.strerror or err}", path=path) from None
    return fd
