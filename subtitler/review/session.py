"""One review: the file being edited, its undo history, the journal of
unsaved edits, and saving. The page talks to this through ``api``; nothing
here knows about HTTP.

Every change goes through ``edit``/``undo``/``redo``, journalled before it
is made (an edit that cannot be journalled is not made), and bumps
``version``; the page sends the version it has, and a page that is behind
(another tab) is told to reload rather than overwrite. One review at a time
edits a file (``journal.take_lock``); another opens it read-only.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..files import Writes
from ..files.locks import Holder, Lock
from ..formats.document import SubtitleDocument
from ..formats.registry import FORMATS, read_document, rewriter
from ..fsutil import sha256_bytes
from ..models import Cue, Finding
from ..pipeline.outputs import targets_for
from ..pipeline.report import record_review_answers
from ..profiles import Profile
from . import edits, journal, saving
from .answers import Answer, by_key, merged
from .edits import EditContext, EditError
from .journal import Journal, JournalError, Recovered, Replayed
from .marks import MarkMaker
from .media import MediaInfo, Sound
from .recheck import Rechecker
from .report_data import ReportData
from .state import Entry, History, Splice, State, diff
from .translation import SourceTerms


class Stale(EditError):
    """The page's version is behind the session's (another tab edited)."""


class ReadOnly(EditError):
    """This review cannot edit the file (another review holds it, or the
    folder cannot hold a journal); the message says which and what to do."""


@dataclass(frozen=True)
class Setup:
    """What the command line decided, fixed for the session."""

    media: MediaInfo
    subtitles: Path
    """The subtitle file (any format a review saves: ``files.REVIEWED``)."""
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
    format: str = "srt"
    """The format a file that does not exist yet is written in."""
    terms: SourceTerms | None = None
    """Translator mode with a glossary: the source's terms and their renderings."""
    source_language: str | None = None
    answers_path: Path | None = None
    """The run report beside the subtitles, where Save records a person's
    answers (made for them if there is none, as for a translation)."""
    media_sha256: str | None = None


@dataclass
class Disk:
    """The file as last read or written."""

    sha: str | None
    newline: str = "\n"
    notices: tuple[Finding, ...] = ()
    """What reading it found (encoding, syntax): about the file on disk."""
    lost_lines: tuple[int, ...] = ()
    encoding: str = "UTF-8"
    format: str = "srt"
    doc: SubtitleDocument | None = None
    """The file as read or written: a save writes the cues back into it."""
    template: saving.Template | None = None
    """``doc`` with the cue id each of its entries was read as."""

    _lines: tuple[object, dict[int, int | None]] | None = None

    def line_of(self, ident: int) -> int | None:
        """The line of the file where the cue with id ``ident`` is (as last read or saved)."""
        t = self.template
        if t is None:
            return None
        if self._lines is None or self._lines[0] is not t:
            self._lines = (t, {i: t.doc.entries[k].line for i, k in t.origin.items()})
        return self._lines[1].get(ident)


def read_disk(path: Path, profile: Profile,
              answers: tuple[Answer, ...] = ()) -> tuple[State, Disk]:
    """The cues of the file at ``path`` (with the ``answers`` saved with it);
    ``SubtitleFileError`` when it cannot be read, or is in a format a review
    does not write back."""
    data, doc = read_document(path)
    rewriter(doc)
    state = State.of(doc.cues, answers)
    return state, _disk(doc, sha256_bytes(data), profile, state.entries)


def _disk(doc: SubtitleDocument, sha: str, profile: Profile,
          entries: tuple[Entry, ...]) -> Disk:
    notices = tuple(profile.judge(n) for n in doc.notices)
    return Disk(sha, doc.newline, notices, doc.lost_lines, doc.encoding, format=doc.format,
                doc=doc, template=saving.Template.of(doc, entries))


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
    replayed: Replayed | None = None
    """``pending`` replayed (as far as it fits)."""
    version: int = 1
    readonly: str | None = None
    """Why this review cannot edit (None: it can)."""
    lock: Lock | None = None
    """The file's review lock, held while this session may edit."""
    notices: list[str] = field(default_factory=list)
    """What happened to earlier journals (kept aside, partly replayable)."""
    journal: Journal = field(init=False)
    describe: Callable[[str], str | None] = field(default=lambda key: None)
    """What the item with an answer key is, in words (set by the page's ``Viewer``)."""
    writes: Writes = field(init=False)
    _group: tuple[Any, Any] | None = None
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def __post_init__(self) -> None:
        self.journal = Journal(self.setup.subtitles)
        self.writes = review_writes(self.setup)
        self.opened = self.state
        """The cues as the review opened (or reloaded) the file: words still
        as they were there are the ones a person has not touched."""
        self.setup.marks.rebase(self.opened.cues)

    @classmethod
    def open(cls, setup: Setup, *, editing: bool = True) -> ReviewSession:
        """The session for ``setup.subtitles`` (from the source's timings if it does
        not exist), with any journal left by an earlier review pending.
        ``editing`` False (``--export``): read the file only, no journal, no lock."""
        answers = setup.report.answers
        if setup.subtitles.exists():
            state, disk = read_disk(setup.subtitles, setup.profile, answers)
            created = False
        else:
            source = setup.source or ()
            state = State.of([Cue(c.start_ms, c.end_ms, ()) for c in source], answers)
            disk = Disk(None, format=setup.format)
            created = True
        session = cls(setup, History(state), disk, state, created)
        if editing:
            session._claim()
        return session

    def _claim(self) -> None:
        """Take the file's review lock and find the journals earlier reviews left."""
        srt = self.setup.subtitles
        try:
            taken = journal.take_lock(srt)
        except JournalError as err:
            self.readonly = (f"{err.message}: this review is read-only (Save as is refused "
                             "too); copy the file to a folder you can write to")
            return
        if isinstance(taken, Holder):
            self.readonly = (f"another subtitler review has {srt.name} open "
                             f"({taken.describe()}): this one is read-only. Edit there, or stop "
                             "that review (Ctrl-C in its terminal) and start this one again")
            return
        self.lock = taken
        for path in journal.leftovers(srt, self.journal.session):
            self._found(path)

    def _found(self, path: Path) -> None:
        """A journal an earlier review left: offered (the newest with unsaved
        edits), removed (nothing unsaved), or kept aside; never lost."""
        srt = self.setup.subtitles
        found = journal.read(path)
        if found is None or self.pending is not None:
            kept = journal.set_aside(path, srt, "earlier" if found is None else "older")
            what = "could not be read" if found is None else "is older than the one offered"
            self.notices.append(f"a journal of unsaved edits {what}: it is kept as {kept.name} "
                                "in .subtitler/journals beside the file")
            return
        replayed = found.replay()
        unsaved = bool(found.records) or found.base_sha256 != self.disk.sha
        if not unsaved or (replayed.whole and replayed.history.current == self.state):
            path.unlink(missing_ok=True)
            return
        if not replayed.whole:
            kept = journal.keep_copy(path, srt, journal.session_of(path, srt))
            found = replace(found, set_aside=kept)
            self.notices.append(
                f"the unsaved edits from {found.created or 'an earlier review'} could not all "
                f"be replayed (two reviews wrote into one journal?): {replayed.kept} of "
                f"{replayed.total} steps can be restored; the whole journal is kept as "
                f"{kept.name} in .subtitler/journals beside the file")
        self.pending, self.replayed = found, replayed

    @property
    def state(self) -> State:
        return self.history.current

    @property
    def dirty(self) -> bool:
        return self.state.entries != self.saved.entries or self.state.answers != self.saved.answers

    def context(self) -> EditContext:
        s = self.setup
        return EditContext(s.profile, s.language, s.media.fps, s.report.words, self.describe)

    # -- changes --------------------------------------------------------------

    def _journal(self, kind: str, old: State, new: State) -> Splice:
        """Journal the step from ``old`` to ``new`` before it is made
        (``JournalError``: it cannot be, so it must not be made)."""
        splice = diff(old, new)
        if not self.journal.started:
            self.journal.start(self.saved, self.disk.sha)
        self.journal.append(kind, splice)
        return splice

    def _check(self, version: int | None) -> None:
        if self.readonly is not None:
            raise ReadOnly(self.readonly)
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
            splice = self._journal("continue" if same else "edit", old, new)
            if same:
                self.history.replace(new)
            else:
                self.history.push(new)
            self._group = group
            self.version += 1
            return splice

    def step(self, kind: str, version: int | None = None) -> Splice | None:
        """Undo or redo; None when there is nothing to undo (redo)."""
        with self._lock:
            self._check(version)
            old = self.state
            stack = self.history.undo_stack if kind == "undo" else self.history.redo_stack
            self._group = None
            if not stack:
                return None
            splice = self._journal(kind, old, stack[-1])
            if kind == "undo":
                self.history.undo()
            else:
                self.history.redo()
            self.version += 1
            return splice

    # -- the journal of an earlier review ---------------------------------------

    def restore(self) -> None:
        with self._lock:
            found, replayed = self.pending, self.replayed
            if self.readonly is not None:
                raise ReadOnly(self.readonly)
            if found is None or replayed is None:
                raise EditError("there are no unsaved edits to restore")
            self.journal.resume(found, replayed.records)  # this session's journal from now on
            self.history = replayed.history
            self.saved = found.base
            self.opened = found.base
            self.setup.marks.rebase(found.base.cues)
            doc, same = self.disk.doc, found.base_sha256 == self.disk.sha
            self.disk.template = saving.Template.of(doc, found.base.entries) \
                if doc is not None and same else None
            self.disk.sha = found.base_sha256
            self.pending = self.replayed = None
            self.version += 1

    def set_aside(self) -> Path | None:
        """Keep the earlier review's journal aside (``.discarded``); where it is."""
        with self._lock:
            found = self.pending
            if self.readonly is not None:
                raise ReadOnly(self.readonly)
            self.pending = self.replayed = None
            self.version += 1
            if found is None:
                return None
            if found.set_aside is not None:  # kept aside whole already
                found.path.unlink(missing_ok=True)
                return found.set_aside
            return journal.set_aside(found.path, self.setup.subtitles, "earlier")

    # -- the file ----------------------------------------------------------------

    def save(self) -> bool:
        """Write the file; True when what it holds differs from the cues as
        they were (times rounded to the format's resolution, spaces trimmed)."""
        with self._lock:
            self._check(None)
            if self.disk.lost_lines:
                lines = ", ".join(map(str, self.disk.lost_lines[:8]))
                raise saving.SaveRefused(
                    f"lines {lines} of the file are in no cue (unreadable): saving would drop "
                    "them. Fix them in a text editor first, or save as a new name")
            self._translated()
            path, fmt = self.setup.subtitles, FORMATS[self.disk.format]
            out = saving.encode(self.state.entries, fmt, self.disk.template, self.disk.newline,
                                path, self.setup.language)
            sha = saving.write(path, out.data, self.disk.sha, self.writes,
                               report=self.setup.report_path)
            changed = self._saved(sha, out.doc)
            self._record_answers()
            return changed

    def _translated(self) -> None:
        """A translation is saved once every cue has text (a subtitle file
        holds no empty cue); until then the journal keeps it."""
        if self.setup.source is None:
            return
        empty = [n for n, e in enumerate(self.state.entries, 1) if not e.cue.lines]
        if empty:
            first = ", ".join(map(str, empty[:5])) + (", ..." if len(empty) > 5 else "")
            raise saving.SaveRefused(
                f"{len(empty)} of {len(self.state.entries)} cues are not translated yet "
                f"(cue {first}): a subtitle file holds no empty cue, so Save waits until each "
                "has text. Your translation so far is kept in the journal beside the file: "
                "closing the page loses nothing")

    def _corrected(self) -> tuple[Answer, ...]:
        """Answers for the marks a person's edits took away (the words were
        corrected): recorded, so a later review never marks what they wrote."""
        marks = self.setup.marks
        now = {m.key for m in marks.marks(self.state.entries)}
        known = by_key(self.state.answers)
        return tuple(Answer(m.key, "corrected", "", m.what())
                     for m in marks.marks(self.opened.entries)
                     if m.severity is None and m.key not in now and m.key not in known)

    def _record_answers(self) -> None:
        """The answers go into the run report beside the file, with the file."""
        path = self.setup.answers_path
        corrected = self._corrected()
        if corrected:
            state = replace(self.state, answers=merged(self.state.answers, corrected))
            self.history.replace(state)
            self.saved = state
            self.journal.start(self.saved, self.disk.sha)
        if path is not None and (self.state.answers or path.is_file()):
            record_review_answers(path, [a.to_report() for a in self.state.answers],
                                  media_sha256=self.setup.media_sha256,
                                  output=self.setup.subtitles.name, writes=self.writes)

    def save_as(self, name: str) -> tuple[Path, bool]:
        """Write a new file ``name`` beside the file (another format's
        extension converts) and edit that from now on; True as for ``save``."""
        with self._lock:
            self._check(None)
            self._translated()
            target, fmt = saving.check_name(self.setup.subtitles.parent, name)
            out = saving.encode(self.state.entries, fmt, self.disk.template, self.disk.newline,
                                target, self.setup.language)
            sha = saving.write(target, out.data, None, self.writes, report=None)
            self.journal.remove()
            self._release()
            self.setup = _moved(self.setup, target)
            self.writes = review_writes(self.setup)
            self.journal = Journal(target)
            with contextlib.suppress(JournalError):
                taken = journal.take_lock(target)
                self.lock = taken if isinstance(taken, Lock) else None
            self.disk = Disk(sha, self.disk.newline)
            return target, self._saved(sha, out.doc)

    def _saved(self, sha: str, doc: SubtitleDocument) -> bool:
        """The file now holds ``doc``: it is what the cues are (their times
        as the format keeps them) and what the next save writes into."""
        entries = tuple(Entry(e.id, c) for e, c in zip(self.state.entries, doc.cues,
                                                         strict=True))
        changed = entries != self.state.entries
        if changed:
            self.history.replace(State(entries, self.state.answers, self.state.next_id))
        self.disk.sha, self.disk.notices, self.disk.encoding = sha, (), "UTF-8"
        self.disk.format, self.disk.doc = doc.format, doc
        self.disk.template = saving.Template.of(doc, entries)
        self.saved = self.state
        self.created = False
        try:
            self.journal.start(self.saved, sha)
        except JournalError as err:  # saved all the same; the next edit says it again
            self.journal.started = False
            self.notices.append(err.message)
        self.version += 1
        return changed

    def reload(self) -> Path | None:
        """Read the file from disk again; unsaved edits are set aside (their
        journal kept as ``.discarded``)."""
        with self._lock:
            if self.readonly is not None:
                raise ReadOnly(self.readonly)
            kept = self.journal.discard() if self.dirty else None
            self.journal.remove()
            state, self.disk = read_disk(self.setup.subtitles, self.setup.profile,
                                         self.saved.answers)
            self.history, self.saved = History(state), state
            self.opened = state
            self.setup.marks.rebase(state.cues)
            self.pending, self.created = None, False
            self.version += 1
            return kept

    def close(self) -> bool:
        """End of the session: True when unsaved edits stay in a journal.
        The file's review lock is freed."""
        with self._lock:
            try:
                if self.readonly is not None:
                    return False
                if self.pending is not None or self.dirty:
                    return True
                self.journal.remove()
                return False
            finally:
                self._release()

    def _release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def _moved(setup: Setup, srt: Path) -> Setup:
    return replace(setup, subtitles=srt, report_path=None,
                   answers_path=targets_for(setup.media.path, srt=srt).report)


def review_writes(setup: Setup, command: str = "review") -> Writes:
    """The review's ``Writes``: the media, the source and the glossaries are
    never written over (the subtitles are, by Save: edited in place)."""
    writes = Writes(command)
    writes.add_input(setup.media.path, "the media file being reviewed")
    writes.add_input(setup.subtitles, "the subtitle file being reviewed")
    writes.add_input(setup.source_path, "the source subtitle file")
    for g in setup.glossary:
        writes.add_input(g, "a glossary")
    return writes
