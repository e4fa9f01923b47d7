"""Unsaved edits on disk, as they are made: a closed tab, a crashed browser
or a killed server loses nothing.

One review at a time edits a file: it holds the file's lock
(``.subtitler/journals/NAME.lock``, freed by the kernel however the review
ends), whose note says which process and address hold it; another review
of the file opens it read-only and says so. Each review session writes its
own journal, ``.subtitler/journals/NAME.SESSION.journal`` (SESSION: its
start time and pid), so two sessions never write one file.

A journal is JSON lines. The first holds the state the edits start from
and the SHA-256 of the file that state was read from; each further line is
a typed record, ``{"kind": K, "at": TIME, ...}``, written and synced before
the page hears back. The kinds ``edit``, ``continue``, ``undo`` and
``redo`` carry the ``Splice`` a step made (``"splice"``); any other kind
(``Journal.add``) is kept and handed back in order (``Recovered.records``)
for its owner to replay. A line cut short by a crash ends the journal.

The next review of the file finds the journals earlier sessions left and
offers the newest; one that cannot be replayed whole is replayed as far as
it fits and kept aside as ``.discarded`` (never deleted, never replaced),
and the page says what was kept and where the rest is. A journal that
vanishes while a review runs is written again, whole, at the next edit.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import SubtitlerError
from ..files.ledger import now
from ..files.locks import Holder, Lock
from ..files.store import entry_name, state_dir
from ..fsutil import move_aside, write_bytes_atomic
from .state import History, Splice, State

JOURNAL_VERSION = 1
KINDS = ("edit", "continue", "undo", "redo")
"""The steps of the undo history. ``continue``: more typing in the cue the
last edit changed (no new undo step)."""
_SESSION = re.compile(r"\d{8}T\d{6}-\d+(?:-\d+)?")


class JournalError(SubtitlerError):
    """An edit could not be written to the journal (so it was not made)."""


def reviewed_file(srt: Path) -> Path:
    """The file reviews of ``srt`` edit: a symbolic link followed, so that
    every name of one file has the same lock and journals."""
    return Path(os.path.realpath(srt)) if os.path.islink(srt) else srt


def journals_dir(srt: Path, *, create: bool = True) -> Path:
    return state_dir(reviewed_file(srt).parent, "journals", create=create)


def legacy_path(srt: Path) -> Path:
    """Where reviews before per-session journals kept one (read, never written)."""
    return srt.with_name(f".{srt.name}.review-journal")


def journal_path(srt: Path, session: str) -> Path:
    srt = reviewed_file(srt)
    folder = journals_dir(srt, create=False)
    return folder / entry_name(srt.parent, srt.name, f".{session}.journal")


def lock_path(srt: Path) -> Path:
    srt = reviewed_file(srt)
    folder = journals_dir(srt, create=False)
    return folder / entry_name(srt.parent, srt.name, ".lock")


_COUNT = itertools.count(1)


def new_session() -> str:
    """A session id: its start (UTC), its pid, and a count within the process."""
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + f"-{os.getpid()}-{next(_COUNT)}"


def take_lock(srt: Path) -> Lock | Holder:
    """The lock of ``srt``'s reviews, or who holds it; ``JournalError`` when
    the folder cannot hold one (read-only)."""
    try:
        journals_dir(srt)
        return Lock.take(lock_path(srt), file=reviewed_file(srt).name)
    except (OSError, SubtitlerError) as err:
        reason = err.strerror if isinstance(err, OSError) else err.message
        raise JournalError(f"cannot keep a journal of edits beside it ({reason})",
                           path=srt) from None


@dataclass(frozen=True)
class Record:
    """One line of a journal after the first."""

    kind: str
    at: str
    data: Mapping[str, Any]
    """The record's own fields (a step's: ``splice``)."""
    splice: Splice | None = None
    """A step's splice (``kind`` in ``KINDS``)."""

    def line(self) -> str:
        return json.dumps({"kind": self.kind, "at": self.at, **self.data},
                          ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Replayed:
    """A journal's steps applied: the history they make, how many of its
    records fit (``kept`` of ``total``), the records that did."""

    history: History
    kept: int
    total: int
    records: tuple[Record, ...]

    @property
    def whole(self) -> bool:
        return self.kept == self.total


@dataclass(frozen=True)
class Recovered:
    """A journal found on disk: where its edits start and what was done."""

    path: Path
    base: State
    base_sha256: str | None
    created: str
    records: tuple[Record, ...]
    """Every record, in order: steps and other kinds."""
    set_aside: Path | None = None
    """Where the whole journal was kept when it could not be replayed whole."""

    @property
    def steps(self) -> tuple[tuple[str, Splice], ...]:
        return tuple((r.kind, r.splice) for r in self.records if r.splice is not None)

    def replay(self) -> Replayed:
        """The undo history the steps make, as far as they fit: a step that
        does not fit the state (a journal two reviews wrote into) ends it."""
        history = History(self.base)
        done: list[Record] = []
        for record in self.records:
            if record.splice is not None:
                try:
                    _step(history, record.kind, record.splice)
                except ValueError:
                    break
            done.append(record)
        return Replayed(history, len(done), len(self.records), tuple(done))


def _step(history: History, kind: str, splice: Splice) -> None:
    target = splice.apply(history.current)
    moved = (kind == "undo" and history.undo()) or (kind == "redo" and history.redo())
    if kind == "continue":
        history.replace(target)
    elif not moved or history.current != target:
        history.push(target)


class Journal:
    """The journal of one review session of one subtitle file."""

    def __init__(self, srt: Path, session: str | None = None) -> None:
        self.srt = srt
        self.session = session or new_session()
        self.path = journal_path(srt, self.session)
        self.started = False
        self._lines: list[str] = []
        """Everything written since ``start``: a vanished journal is written again whole."""

    def start(self, base: State, base_sha256: str | None) -> None:
        """A new journal whose edits start from ``base`` (the file as read or saved)."""
        self._begin(_head(base, base_sha256), [])

    def resume(self, found: Recovered, records: tuple[Record, ...]) -> None:
        """Continue from an earlier session's journal: this session's journal
        holds its base and ``records`` (those that were replayed); the earlier
        file is removed (what did not replay is in its copy kept aside)."""
        self._begin(_head(found.base, found.base_sha256, found.created),
                    [r.line() for r in records])
        if found.path != self.path:
            with contextlib.suppress(OSError):
                found.path.unlink()

    def _begin(self, head: str, lines: list[str]) -> None:
        self._lines = [head, *lines]
        self._rewrite()
        self.started = True

    def _rewrite(self) -> None:
        try:
            journals_dir(self.srt)
            write_bytes_atomic(self.path, "".join(self._lines).encode("utf-8"))
        except SubtitlerError as err:
            raise JournalError(f"cannot write the journal of unsaved edits: {err.message}",
                               path=self.path) from None

    def append(self, kind: str, splice: Splice) -> None:
        """Record one step; it is on disk when this returns (``JournalError``
        when it cannot be: the caller must not make the step)."""
        assert kind in KINDS, kind
        self.add(kind, {"splice": splice.to_json()})

    def add(self, kind: str, data: Mapping[str, Any]) -> None:
        """Record anything else (a typed record of ``kind``, not a step):
        on disk when this returns, handed back by ``Recovered.records``."""
        if "kind" in data or "at" in data:
            raise ValueError("a record's data cannot hold 'kind' or 'at'")
        line = Record(kind, now(), dict(data)).line()
        try:
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
            except FileNotFoundError:  # deleted meanwhile: written again, whole
                self._rewrite()
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
            try:
                os.write(fd, line.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as err:
            raise JournalError(f"cannot write the journal of unsaved edits "
                               f"({err.strerror or err}): the change was not made",
                               path=self.path) from None
        self._lines.append(line)

    def read(self) -> Recovered | None:
        """This session's journal as on disk (see ``read``)."""
        return read(self.path)

    def discard(self) -> Path | None:
        """Set this journal aside (``.discarded``, never replacing another)."""
        if not self.path.exists():
            self.started = False
            return None
        kept = set_aside(self.path, self.srt, self.session)
        self.started = False
        return kept

    def remove(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        self.started = False
        self._lines = []


def _head(base: State, sha: str | None, created: str | None = None) -> str:
    head = {"journal": JOURNAL_VERSION, "base_sha256": sha, "created": created or now(),
            "pid": os.getpid(), "state": base.to_json()}
    return json.dumps(head, ensure_ascii=False) + "\n"


def set_aside(path: Path, srt: Path, session: str) -> Path:
    """Rename the journal at ``path`` to ``NAME.SESSION.discarded`` (then
    ``-2``, ``-3``...: an earlier one is never replaced)."""
    srt = reviewed_file(srt)
    folder = journals_dir(srt)

    def name_for(n: int) -> Path:
        suffix = f".{session}.discarded" + (f"-{n}" if n > 1 else "")
        return folder / entry_name(srt.parent, srt.name, suffix)

    return move_aside(path, name_for)


def keep_copy(path: Path, srt: Path, session: str) -> Path:
    """A copy of the journal at ``path`` set aside (the journal stays)."""
    srt = reviewed_file(srt)
    folder = journals_dir(srt)
    copy = folder / entry_name(srt.parent, srt.name, f".{session}.copy")
    write_bytes_atomic(copy, path.read_bytes())
    return set_aside(copy, srt, session)


def leftovers(srt: Path, mine: str) -> list[Path]:
    """Journals of ``srt`` that earlier sessions left (newest first): this
    folder's, and the one reviews before per-session journals kept."""
    legacy = legacy_path(srt)
    srt = reviewed_file(srt)
    folder = journals_dir(srt, create=False)
    found: list[tuple[str, Path]] = []
    with contextlib.suppress(OSError):
        for name in os.listdir(folder):
            session = _session_of(name, srt)
            if session is not None and session != mine:
                found.append((session, folder / name))
    found.sort(reverse=True)
    try:
        old = legacy.is_file()
    except OSError:  # a name too long to have had one
        old = False
    return [p for _, p in found] + ([legacy] if old else [])


def session_of(path: Path, srt: Path) -> str:
    """The session that wrote the journal at ``path`` (``earlier``: unknown)."""
    return _session_of(path.name, srt) or "earlier"


def _session_of(name: str, srt: Path) -> str | None:
    if not name.endswith(".journal"):
        return None
    srt = reviewed_file(srt)
    for m in re.finditer(r"\.(" + _SESSION.pattern + r")\.journal$", name):
        if entry_name(srt.parent, srt.name, f".{m.group(1)}.journal") == name:
            return m.group(1)
    return None


def read(path: Path) -> Recovered | None:
    """The journal at ``path``; None when it holds nothing readable (its
    first line is damaged: the caller keeps it aside, never deletes it)."""
    try:
        raw = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if not raw:
        return None
    try:
        head = json.loads(raw[0])
        base = State.from_json(head["state"])
    except (ValueError, KeyError, TypeError):
        return None
    records = []
    for line in raw[1:]:
        record = _record(line)
        if record is None:
            break  # cut short by a crash: the records before it stand
        records.append(record)
    sha = head.get("base_sha256")
    return Recovered(path, base, sha if isinstance(sha, str) else None,
                     str(head.get("created", "")), tuple(records))


def _record(line: str) -> Record | None:
    try:
        data: Any = json.loads(line)
        kind, at = data.pop("kind"), data.pop("at", "")
        if not isinstance(kind, str):
            return None
        splice = Splice.from_json(data["splice"]) if kind in KINDS else None
        return Record(kind, str(at), data, splice)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
