"""The ledger: for each file subtitler writes in a folder, which versions it
wrote (by content hash, with the command), which versions are a person's,
and the versions it kept. One small JSON file per file name in
``.subtitler/ledger/``, replaced atomically under the folder's lock.

Whose a file is, is decided by its SHA-256 alone:

- a version recorded as a person's (saved in review, restored, or kept
  when a command replaced it as a person's) is a person's, whatever else
  any record says;
- the version subtitler last wrote there (or was writing when it was
  stopped) is subtitler's;
- anything else is a person's.

A ledger file that cannot be read is set aside (``NAME.json.corrupt-N``)
and treated as empty: every existing file is then a person's, the safe way
to be wrong.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any

from ..fsutil import move_aside, write_bytes_atomic
from .store import entry_name, state_dir

log = logging.getLogger(__name__)

LEDGER_VERSION = 1
WRITTEN_KEPT = 20
"""Versions subtitler wrote remembered per file (only the last decides)."""
PERSONS_KEPT = 500
"""A person's versions remembered per file."""


class Owner(str, Enum):
    SUBTITLER = "subtitler"
    PERSON = "person"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Written:
    """A version a subtitler command wrote (``pending``: it was about to
    replace the file when this was recorded, and did not say it had)."""

    sha256: str
    by: str
    owner: Owner
    at: str
    size: int
    pending: bool = False


@dataclass
class Kept:
    """A version kept in ``.subtitler/history/`` when a command replaced it."""

    n: int
    file: str
    """Its name in the history folder."""
    sha256: str
    size: int
    owner: Owner
    by: str
    """Who made that version: the command that wrote it, or ``a person``."""
    mtime: float
    kept_at: str
    kept_by: str
    """The command that replaced it."""


@dataclass
class Record:
    """What the ledger knows of one file name."""

    name: str
    written: list[Written] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    next: int = 1

    def ours(self) -> set[str]:
        """The hashes that are subtitler's: the last version it wrote (and,
        if it did not finish writing it, the one before)."""
        out: set[str] = set()
        for w in reversed(self.written):
            if w.owner is Owner.SUBTITLER:
                out.add(w.sha256)
            if not w.pending:
                break
        return out

    def owner_of(self, sha: str, ours: Iterable[str] = (),
                 persons: Iterable[str] = ()) -> Owner:
        """Whose the version with ``sha`` is; ``ours``/``persons``: what
        another record (a run report) says subtitler wrote or a person saved."""
        if sha in self.persons or sha in set(persons):
            return Owner.PERSON
        if sha in self.ours() or sha in set(ours):
            return Owner.SUBTITLER
        return Owner.PERSON

    def writer_of(self, sha: str) -> Written | None:
        return next((w for w in reversed(self.written) if w.sha256 == sha), None)

    def add_person(self, sha: str) -> None:
        if sha not in self.persons:
            self.persons.append(sha)
            del self.persons[:-PERSONS_KEPT]

    def add_written(self, written: Written) -> None:
        self.written.append(written)
        del self.written[:-WRITTEN_KEPT]
        if written.owner is Owner.PERSON:
            self.add_person(written.sha256)

    def to_json(self) -> dict[str, Any]:
        return {"version": LEDGER_VERSION, "name": self.name,
                "written": [asdict(w) for w in self.written], "persons": self.persons,
                "kept": [asdict(k) for k in self.kept], "next": self.next}

    @classmethod
    def from_json(cls, data: Any, name: str) -> Record:
        if not isinstance(data, dict) or data.get("name") != name:
            raise ValueError("not this file's record")
        written = [Written(**{**w, "owner": Owner(w["owner"])}) for w in data["written"]]
        kept = [Kept(**{**k, "owner": Owner(k["owner"])}) for k in data["kept"]]
        persons = [str(p) for p in data["persons"]]
        return cls(name, written, persons, kept, int(data["next"]))


def whose(owner: Owner, writer: Written | None) -> str:
    """Who made a version, in words: ``subtitler run``, ``a person (saved in review)``..."""
    if owner is Owner.SUBTITLER:
        return f"subtitler {writer.by}" if writer is not None else "subtitler"
    if writer is None:
        return "a person"
    how = {"review": "saved in review", "restore": "brought back"}.get(writer.by)
    return f"a person ({how or 'their version, through ' + writer.by})"


def record_path(folder: Path, name: str, *, create: bool = False) -> Path:
    ledger = state_dir(folder, "ledger", create=create)
    return ledger / entry_name(ledger if create else folder, name, ".json")


def load(folder: Path, name: str, *, repair: bool = False) -> Record:
    """The record of ``folder/name`` (empty when there is none). One that
    cannot be read is treated as empty, and with ``repair`` set aside."""
    path = record_path(folder, name)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Record(name)
    except OSError as err:
        log.warning("%s: cannot read subtitler's record of %s (%s): treating every version "
                    "of it as yours", path, name, err.strerror or err)
        return Record(name)
    try:
        return Record.from_json(json.loads(raw), name)
    except (ValueError, KeyError, TypeError) as err:
        log.warning("%s: subtitler's record of %s is damaged (%s): treating every version "
                    "of it as yours%s", path, name, err, "; it is kept aside" if repair else "")
        if repair:
            set_aside(path)
        return Record(name)


def set_aside(path: Path) -> Path:
    """Rename ``path`` to ``path.corrupt-N`` (the first N not taken)."""
    return move_aside(path, lambda n: path.with_name(f"{path.name}.corrupt-{n}"))


def save(folder: Path, record: Record) -> None:
    data = json.dumps(record.to_json(), ensure_ascii=False, indent=1) + "\n"
    write_bytes_atomic(record_path(folder, record.name, create=True), data.encode("utf-8"))
