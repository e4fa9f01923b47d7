"""Atomic file writes: a temp file in the target's folder, then os.replace."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import hashlib
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import SubtitlerError, WriteError

MAX_INPUT_BYTES = 10 * 1024 * 1024
"""The largest text input read (subtitles, glossaries, scripts, manifests,
settings): a one-hour SRT is about 100 KB, so 10 MB is a hundred hours; it
keeps a wrong file (a video named .srt, a disk image) from filling memory
and every command on a file that size to seconds."""
STALE_TEMP_S = 3600.0
"""A temp file this old is stale whoever made it (a write takes milliseconds)."""
NAME_MAX = 255
"""The longest file name, in bytes, most file systems take (ext4, XFS, APFS,
NTFS in UTF-16 units); ``name_max`` asks the folder's own file system."""
TEMP_ROOM = 40
"""Bytes a temp file's name adds to its target's: ``.``, ``.PID.``, the
random part and ``.tmp``."""
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:/")


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


def file_mode(target: Path) -> int:
    """The permissions a new version of ``target`` gets: the old one's, else
    the usual ``0o666`` less the umask."""
    return _mode_for(target, None)


def write_bytes_atomic(path: str | Path, data: bytes, *, like: str | Path | None = None) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file,
    never half of one; the folder is created if needed. The file keeps the
    permissions of the one it replaces (or of ``like``). A symbolic link is
    followed (its file is replaced, not the link); a device, FIFO or folder
    is never replaced. (A person's files are written through ``files``,
    which keeps the old version first; this is the bare mechanism.)"""
    target = real_target(path)
    tmp = write_temp(target, data, like=like)
    try:
        os.replace(tmp, target)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise write_error(target, err) from None


def real_target(path: str | Path) -> Path:
    """The file a write to ``path`` replaces: a symbolic link's file; a
    ``WriteError`` for a folder, device or pipe (never replaced)."""
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    if target.exists() and not target.is_file():
        # e.g. -o /dev/null: renaming over it (as root) would replace the device
        raise WriteError("cannot write: not a regular file (a folder, device or pipe); "
                         "not replaced", path=path)
    return target


def write_temp(target: Path, data: bytes, *, like: str | Path | None = None) -> Path:
    """``data`` in a new temp file beside ``target`` (``temp_prefix``),
    flushed to disk, with the permissions ``target`` will have: ready to be
    renamed over it. The folder is created if needed."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode_for(target, Path(like) if like is not None else None)
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(target), suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise write_error(target, err) from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise write_error(target, err) from None
        raise
    return Path(tmp)


_ELSEWHERE = "write it to another folder"
_WHAT_TO_DO = {
    errno.EACCES: f"{_ELSEWHERE}, or get the right to write in this one",
    errno.EPERM: f"{_ELSEWHERE}, or get the right to write in this one",
    errno.EROFS: f"the disk is read-only: {_ELSEWHERE}",
    errno.ENOSPC: f"free some space on that disk and run it again, or {_ELSEWHERE}",
    errno.EDQUOT: f"your disk quota is used up: free some space, or {_ELSEWHERE}",
    errno.EFBIG: f"too large for that file system: {_ELSEWHERE}",
    errno.ENAMETOOLONG: "give a shorter name",
}


def what_to_do(err: OSError) -> str:
    """``"; " +`` what a person can do about the failed write ``err`` ("" when
    there is nothing to say)."""
    if isinstance(err, (FileExistsError, NotADirectoryError)):
        return "; move that file away or name another folder"
    hint = _WHAT_TO_DO.get(err.errno or 0)
    return f"; {hint}" if hint else ""


def write_error(target: Path, err: OSError) -> WriteError:
    """``WriteError`` naming ``target``, the system's reason (a missing or
    blocking parent is named too) and what to do instead."""
    reason = err.strerror or str(err)
    if isinstance(err, (FileExistsError, NotADirectoryError)):
        reason = "a parent of it is a file, not a folder"
    return WriteError(f"cannot write: {reason}{what_to_do(err)}", path=target)


def name_max(folder: str | Path) -> int:
    """The longest file name (bytes) ``folder``'s file system takes (255 when
    it cannot tell, or for a folder that does not exist yet)."""
    try:
        return min(NAME_MAX, os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return NAME_MAX


def fit_name(stem: str, suffix: str = "", limit: int = NAME_MAX) -> str:
    """``stem + suffix`` if it fits in ``limit`` bytes (UTF-8), else ``stem``
    cut at a character boundary and marked with ``~`` and 10 hex digits of
    the SHA-256 of the whole ``stem``, then ``suffix``: the same name every
    time, different for different stems. Derived names (backups, journals,
    temp files, reports) of a long name fit this way."""
    name = stem + suffix
    if len(name.encode("utf-8")) <= limit:
        return name
    mark = "~" + hashlib.sha256(stem.encode("utf-8")).hexdigest()[:10]
    room = limit - len(suffix.encode("utf-8")) - len(mark)
    if room < 1:
        raise ValueError(f"suffix {suffix!r} leaves no room in {limit} bytes")
    cut = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return cut + mark + suffix


def derived(path: Path, stem: str, suffix: str) -> Path:
    """The file ``stem + suffix`` beside ``path``, its name fitted to the
    folder's file system (``fit_name``)."""
    return path.with_name(fit_name(stem, suffix, name_max(path.parent)))


def _temp_base(target: Path) -> str:
    return fit_name(target.name, "", name_max(target.parent) - TEMP_ROOM)


def temp_prefix(target: Path, pid: int | None = None) -> str:
    """Temp files for ``target`` are ``.<name>.<pid>.<random>.tmp`` (a long
    name shortened by ``fit_name`` so that the temp name fits): the pid tells
    a dead writer's leftovers (``remove_stale_temps``) from a live one's."""
    return f".{_temp_base(target)}.{os.getpid() if pid is None else pid}."


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale_temps(target: Path) -> None:
    """Remove temp files a killed writer left beside ``target`` (a kill -9
    leaves them; nothing can prevent that): those of a process that no longer
    runs, or older than ``STALE_TEMP_S``. A live writer's are kept."""
    pattern = re.compile(rf"^\.{re.escape(_temp_base(target))}\.(\d+)\.[^.]+\.tmp$")
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        m = pattern.match(name)
        if m is None:
            continue
        tmp = target.parent / name
        with contextlib.suppress(OSError):
            old = time.time() - tmp.stat().st_mtime > STALE_TEMP_S
            if old or not _alive(int(m.group(1))):
                tmp.unlink()


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary file name beside ``path``, for writers that need a name
    (ffmpeg); when the block ends without an error the file is synced to
    disk and renamed to ``path``, else it is removed. A block may instead
    put the file in place itself (``files.Claim.commit``): when the
    temporary file is gone at the end, nothing more is done."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode_for(target, None)
        fd, name = tempfile.mkstemp(prefix=temp_prefix(target), suffix=".tmp",
                                    dir=target.parent)
    except OSError as err:
        raise write_error(target, err) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if not tmp.exists():
            return  # committed by the block
        sync_file(tmp)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def sync_file(path: Path) -> None:
    """Flush ``path``'s content to disk."""
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def write_text_atomic(path: str | Path, text: str) -> None:
    """UTF-8 (no BOM), ``\\n`` line ends, written atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))


def url_hint(path: str | Path) -> str | None:
    """The message for a URL given where a file belongs (None: not a URL).
    ``Path`` folds ``https://`` to ``https:/``; both are recognised."""
    text = str(path)
    if not _URL.match(text) or os.path.exists(text):
        return None
    return ("URLs are not read: download the file first (for example with curl -O or "
            "yt-dlp) and give its path")


def shown(path: str | Path) -> str:
    """``path`` as the user typed it (a URL with its ``//`` back)."""
    text = str(path)
    return re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*):/(?!/)", r"\1://", text) if _URL.match(text) \
        else text


def read_input(
    path: str | Path, error: type[SubtitlerError], what: str, limit: int = MAX_INPUT_BYTES
) -> bytes:
    """The bytes of a file the user gave; a missing file, a folder, a URL, a
    FIFO or device, a file over ``limit`` bytes or an unreadable file raises
    ``error`` with a one-line reason naming it. ``what`` names the kind of
    file ("subtitle file", "glossary", "script")."""
    if (hint := url_hint(path)) is not None:
        raise error(hint, path=shown(path))
    try:
        # O_NONBLOCK: opening a FIFO would otherwise wait for a writer for ever
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise error(f"is a folder, not a {what}", path=path)
            if not stat.S_ISREG(info.st_mode):
                raise error(f"not a regular file (a pipe or device): not read as a {what}",
                            path=path)
            if info.st_size > limit:
                raise error(f"is {info.st_size / 2**20:.0f} MB, larger than the "
                            f"{limit / 2**20:.0f} MB a {what} may be", path=path)
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise error("no such file", path=path) from None
    except IsADirectoryError:
        raise error(f"is a folder, not a {what}", path=path) from None
    except OSError as err:
        raise error(f"cannot read this {what}: {err.strerror or err}", path=path) from None
    if len(data) > limit:
        raise error(f"is larger than the {limit / 2**20:.0f} MB a {what} may be", path=path)
    return data


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    """The SHA-256 of a regular file; ``OSError`` for anything else (a FIFO
    would block the read for ever, a device never end)."""
    h = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file (a folder, device or pipe)", str(path))
    with open(fd, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def move_aside(path: Path, name_for: Callable[[int], Path]) -> Path:
    """Move ``path`` to ``name_for(1)``, or ``name_for(2)``... the first name
    not taken: an earlier file set aside is never replaced (a hard link, then
    the unlink; where the file system has no hard links, a rename to a free name)."""
    n = 1
    while True:
        target = name_for(n)
        try:
            os.link(path, target)
        except FileExistsError:
            n += 1
            continue
        except OSError:  # no hard links here: rename, never over an earlier one
            if target.exists():
                n += 1
                continue
            os.replace(path, target)
            return target
        os.unlink(path)
        return target


_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """Linux's ``renameat2`` (glibc 2.28+), or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


def _rename2(src: Path, dst: Path, flags: int) -> bool:
    """``renameat2(src, dst, flags)``; False where the system or the file
    system cannot (nothing was done), ``OSError`` for any other failure."""
    fn = _renameat2()
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(src), _AT_FDCWD, os.fsencode(dst), flags) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(dst))


def exchange(a: Path, b: Path) -> bool:
    """Swap the files at ``a`` and ``b`` in one step (both exist, in one file
    system): what was at ``b`` is then at ``a``, so whatever another program
    put at ``b`` a moment before is never gone. False where the system cannot
    (Linux's ``renameat2`` with ``RENAME_EXCHANGE`` only): nothing was done."""
    return _rename2(a, b, _RENAME_EXCHANGE)


def rename_new(src: Path, dst: Path) -> None:
    """Rename ``src`` to ``dst`` only if nothing is there (``FileExistsError``
    otherwise): in one step where the system can (``RENAME_NOREPLACE``, else a
    hard link then the unlink); else ``dst`` is looked at just before."""
    if _rename2(src, dst, _RENAME_NOREPLACE):
        return
    try:
        os.link(src, dst)
    except FileExistsError:
        raise
    except OSError:  # no hard links here
        if os.path.lexists(dst):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(dst)) from None
        os.rename(src, dst)
        return
    os.unlink(src)
