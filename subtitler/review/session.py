"""One review: the file being edited, its undo history, the journal of
unsaved edits, and saving. The page talks to this through ``api``; nothing
here knows about HTTP.

Every change goes through ``edit``/``undo``/``redo`` (journalled before
they return) and bumps ``version``; the page sends the version it has, and a
page that is behind (another tab) is told to reload rather than overwrite.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..formats.srt_read import SrtDocument, read_file
from ..fsutil import sha256_bytes
from ..models import Cue, Finding
from ..profiles import Profile
from . import edits, saving
from .edits import EditContext, EditError
from .journal import Journal, Recovered
from .marks import MarkMaker
from .media import MediaInfo, Sound
from .recheck import Rechecker
from .report_data import ReportData
from .state import History, Splice, State, diff


class Stale(EditError):
    """The page's version is behind the session's (another tab edited)."""


@dataclass(frozen=True)
class Setup:
    """What the command line decided, fixed for the session."""

    media: MediaInfo
    srt: Path
    profile: Profile
    language: str | None
    checker: Rechecker
    report: ReportData
    marks: MarkMaker
    report_path: Path | None = None
    """The run report beside the SRT (where a save is recorded as a person's)."""
    source: tuple[Cue, ...] | None = None
    source_path: Path | None = None
    sound: Sound | None = None
    glossary: tuple[Path, ...] = ()


@dataclass
class Disk:
    """The file as last read or written."""

    sha: str | None
    newline: str = "\n"
    notices: tuple[Finding, ...] = ()
    """What reading it found (encoding, syntax): about the file on disk."""
    lost_lines: tuple[int, ...] = ()
    encoding: str = "UTF-8"
    backed_up: bool = False


def read_disk(path: Path, profile: Profile) -> tuple[State, Disk]:
    data, doc = read_file(path)
    return State.of(doc.cues), _disk(doc, sha256_bytes(data), profile)


def _disk(doc: SrtDocument, sha: str, profile: Profile) -> Disk:
    notices = tuple(profile.judge(n) for n in doc.notices)
    return Disk(sha, doc.newline, notices, doc.lost_lines, doc.encoding)


@dataclass
class ReviewSession:
    setup: Setup
    history: History
    disk: Disk
    saved: State
    """The cues as the file on disk holds them (unsaved edits: current differs)."""
    created: bool = False
    """The file did not exist: made from the source's timings."""
    pending: Recovered | None = None
    """A journal of unsaved edits from an earlier review, not yet restored or set aside."""
    version: int = 1
    journal: Journal = field(init=False)
    _group: tuple[Any, Any] | None = None
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def __post_init__(self) -> None:
        self.journal = Journal(self.setup.srt)

    @classmethod
    def open(cls, setup: Setup) -> ReviewSession:
        """The session for ``setup.srt`` (from the source's timings if it does
        not exist), with any journal left by an earlier review pending."""
        if setup.srt.exists():
            state, disk = read_disk(setup.srt, setup.profile)
            created = False
        else:
            source = setup.source or ()
            state, disk = State.of([Cue(c.start_ms, c.end_ms, ()) for c in source]), Disk(None)
            created = True
        session = cls(setup, History(state), disk, state, created)
        found = session.journal.read()
        unsaved = found is not None and (found.steps or found.base_sha256 != disk.sha)
        if found is not None and unsaved and found.replay().current != state:
            session.pending = found
        if session.pending is None:
            session.journal.remove()
        return session

    @property
    def state(self) -> State:
        return self.history.current

    @property
    def dirty(self) -> bool:
        return self.state.entries != self.saved.entries

    def context(self) -> EditContext:
        s = self.setup
        return EditContext(s.profile, s.language, s.media.fps)

    # -- changes --------------------------------------------------------------

    def _record(self, kind: str, old: State) -> Splice:
        splice = diff(old, self.state)
        if not self.journal.started:
            self.journal.start(self.saved, self.disk.sha)
        self.journal.append(kind, splice)
        self.version += 1
        return splice

    def _check(self, version: int | None) -> None:
        if self.pending is not None:
            raise EditError("first restore or set aside the unsaved edits found from last time")
        if version is not None and version != self.version:
            raise Stale("this page is out of date (edited in another tab?): reloading it")

    def edit(self, op: Mapping[str, Any], version: int | None = None) -> Splice:
        """Apply one edit; typing in the same cue (same ``group``) continues
        the last undo step instead of making a new one."""
        with self._lock:
            self._check(version)
            old = self.state
            new = edits.apply(old, op, self.context())
            group = (op.get("id"), op.get("group")) if op.get("op") == "text" else None
            same = group is not None and group[1] is not None and group == self._group
            if same:
                self.history.replace(new)
            else:
                self.history.push(new)
            self._group = group
            return self._record("continue" if same else "edit", old)

    def step(self, kind: str, version: int | None = None) -> Splice | None:
        """Undo or redo; None when there is nothing to undo (redo)."""
        with self._lock:
            self._check(version)
            old = self.state
            moved = self.history.undo() if kind == "undo" else self.history.redo()
            self._group = None
            return self._record(kind, old) if moved else None

    # -- the journal of an earlier review ---------------------------------------

    def restore(self) -> None:
        with self._lock:
            found = self.pending
            if found is None:
                raise EditError("there are no unsaved edits to restore")
            self.history = found.replay()
            self.saved = found.base
            self.disk.sha = found.base_sha256
            self.journal.started = True
            self.pending = None
            self.version += 1

    def set_aside(self) -> Path | None:
        with self._lock:
            self.pending = None
            self.version += 1
            return self.journal.discard()

    # -- the file ----------------------------------------------------------------

    def save(self) -> None:
        with self._lock:
            self._check(None)
            if self.disk.lost_lines:
                lines = ", ".join(map(str, self.disk.lost_lines[:8]))
                raise saving.SaveRefused(
                    f"lines {lines} of the file are in no cue (unreadable): saving would drop "
                    "them. Fix them in a text editor first, or save as a new name")
            data = saving.encode(self.state.cues, self.disk.newline)
            sha = saving.write(self.setup.srt, data, self.disk.sha,
                               backup=not self.disk.backed_up, report=self.setup.report_path)
            self._saved(sha)

    def save_as(self, name: str) -> Path:
        with self._lock:
            self._check(None)
            target = saving.check_name(self.setup.srt.parent, name)
            data = saving.encode(self.state.cues, self.disk.newline)
            sha = saving.write(target, data, None, backup=False, report=None)
            self.journal.remove()
            self.setup = _moved(self.setup, target)
            self.journal = Journal(target)
            self.disk = Disk(sha, self.disk.newline)
            self._saved(sha)
            return target

    def _saved(self, sha: str) -> None:
        self.disk.sha, self.disk.notices, self.disk.encoding = sha, (), "UTF-8"
        self.disk.backed_up = True
        self.saved = self.state
        self.created = False
        self.journal.start(self.saved, sha)
        self.version += 1

    def reload(self) -> Path | None:
        """Read the file from disk again; unsaved edits are set aside (their
        journal kept as ``.discarded``)."""
        with self._lock:
            kept = self.journal.discard() if self.dirty else None
            self.journal.remove()
            state, self.disk = read_disk(self.setup.srt, self.setup.profile)
            self.history, self.saved = History(state), state
            self.pending, self.created = None, False
            self.version += 1
            return kept

    def close(self) -> bool:
        """End of the session: True when unsaved edits stay in the journal."""
        with self._lock:
            if self.pending is not None:
                return True
            if self.dirty:
                return True
            self.journal.remove()
            return False


def _moved(setup: Setup, srt: Path) -> Setup:
    return replace(setup, srt=srt, report_path=None)
