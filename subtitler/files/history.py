"""Numbered earlier versions: ``.subtitler/history/NAME.N``.

When a command replaces a file it first keeps the version there as the
next number (a hard link, so a large video costs no copy and no space
until the new version replaces it; a copy where links are impossible).
Kept: every version that was a person's, every one a command edits in
place, and subtitler's own when at most 10 MB (a subtitle file; a burned
video subtitler made is made again by running burn again). Per file the
newest ``KEEP`` versions stay, and always the oldest version that was a
person's (their original), so nothing a person wrote is pushed out by
subtitler's own versions.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..fsutil import MAX_INPUT_BYTES
from .ledger import Kept, Owner, Record, now, whose
from .store import entry_name, state_dir

KEEP = 10
"""Newest versions kept per file (besides a person's oldest)."""
KEEP_OURS_MAX = MAX_INPUT_BYTES
"""Subtitler's own versions larger than this (burned videos) are not kept."""


def history_dir(folder: Path, *, create: bool = True) -> Path:
    return state_dir(folder, "history", create=create)


def keep(folder: Path, record: Record, path: Path, sha: str, owner: Owner,
         kept_by: str) -> Kept:
    """Keep the file at ``path`` (whose SHA-256 is ``sha``) as ``record``'s
    next version; the record is changed, not saved."""
    hist = history_dir(folder)
    if owner is Owner.PERSON:
        record.add_person(sha)
    same = next((k for k in record.kept if k.sha256 == sha and (hist / k.file).is_file()), None)
    if same is not None:
        if owner is Owner.PERSON and same.owner is not Owner.PERSON:
            same = replace(same, owner=owner, by=whose(owner, record.writer_of(sha)))
            record.kept = [same if k.n == same.n else k for k in record.kept]
        return _renumber(hist, record, same, kept_by)  # kept already: now the newest
    info = path.stat()
    while True:
        n = record.next
        name = entry_name(hist, record.name, f".{n}")
        try:
            _link_or_copy(path, hist / name)
            break
        except FileExistsError:
            record.next = n + 1  # a leftover of a crash: never replaced
    by = whose(owner, record.writer_of(sha))
    kept = Kept(n, name, sha, info.st_size, owner, by, info.st_mtime, now(), kept_by)
    record.kept.append(kept)
    record.next = n + 1
    prune(hist, record)
    return kept


def _renumber(hist: Path, record: Record, kept: Kept, kept_by: str) -> Kept:
    """``kept`` (a version kept earlier, kept again) as the newest number."""
    n = record.next
    name = entry_name(hist, record.name, f".{n}")
    if (hist / name).exists():
        return kept
    os.rename(hist / kept.file, hist / name)
    record.kept = [k for k in record.kept if k.n != kept.n]
    newest = replace(kept, n=n, file=name, kept_at=now(), kept_by=kept_by)
    record.kept.append(newest)
    record.next = n + 1
    return newest


def _link_or_copy(src: Path, dest: Path) -> None:
    """``dest`` as a new name of ``src``'s content; ``FileExistsError`` if
    ``dest`` exists (it is never replaced). Runs under the folder's lock."""
    try:
        os.link(src, dest)
        return
    except FileExistsError:
        raise
    except OSError:
        pass  # a file system without hard links
    if dest.exists():
        raise FileExistsError(str(dest))
    fd, tmp = tempfile.mkstemp(prefix=".copy.", dir=dest.parent)
    os.close(fd)
    try:
        shutil.copy2(src, tmp)
        os.replace(tmp, dest)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def prune(hist: Path, record: Record) -> None:
    """Drop versions beyond the newest ``KEEP``, except a person's oldest."""
    first_persons = next((k for k in record.kept if k.owner is Owner.PERSON), None)
    old = record.kept[:-KEEP]
    for k in old:
        if k is not first_persons:
            with contextlib.suppress(OSError):
                (hist / k.file).unlink()
    record.kept = [k for k in record.kept if k not in old or k is first_persons]


@dataclass(frozen=True)
class Version:
    """A kept version as ``subtitler restore`` lists it."""

    n: int
    path: Path
    sha256: str | None
    size: int
    mtime: float
    owner: Owner | None
    by: str
    kept_by: str


def versions(folder: Path, record: Record) -> list[Version]:
    """The kept versions of ``record``'s file that are on disk, oldest first:
    those the ledger lists, and files of its name the ledger does not know
    (a damaged ledger: their time and size only)."""
    hist = history_dir(folder, create=False)
    out: dict[int, Version] = {}
    for k in record.kept:
        path = hist / k.file
        if path.is_file():
            out[k.n] = Version(k.n, path, k.sha256, k.size, k.mtime, k.owner, k.by, k.kept_by)
    for path, n in _orphans(hist, record.name):
        if n not in out:
            info = path.stat()
            out[n] = Version(n, path, None, info.st_size, info.st_mtime, None, "unknown", "unknown")
    return [out[n] for n in sorted(out)]


def _orphans(hist: Path, name: str) -> list[tuple[Path, int]]:
    mark = "~" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    plain = re.compile(rf"^{re.escape(name)}\.(\d+)$")
    short = re.compile(rf"^.*{re.escape(mark)}\.(\d+)$")
    try:
        names = os.listdir(hist)
    except OSError:
        return []
    found = []
    for entry in names:
        m = plain.match(entry) or (short.match(entry) if name.startswith(
            entry.split("~")[0]) else None)
        if m is not None:
            found.append((hist / entry, int(m.group(1))))
    return found
