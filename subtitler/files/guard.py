"""The one guard every write to a person's folder goes through.

A command makes one ``Writes`` naming its inputs, then ``claim``s each file
it will write before its work begins:

- a file that is one of the command's inputs is refused (``UsageError``),
  unless the command edits it in place (``edit=True``: ``check --fix
  --in-place``, review's Save, ``restore``);
- an existing file that is a person's (``ledger``) is refused
  (``EditedOutputError``) unless ``force``.

``Claim.write`` then writes the new version to a temp file, and under the
folder's lock hashes the file on disk once more, right before the rename:
changed since the claim (a person saved meanwhile) is refused unless
``force``. The version replaced is kept in the history first (``history``:
always a person's, subtitler's own when small), and the ledger records the
new version, with its command, before and after the rename.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EditedOutputError, UsageError, WriteError
from ..fsutil import exchange, real_target, rename_new, sha256_file, write_error, write_temp
from . import history, ledger
from .ledger import Owner, Written
from .store import folder_lock

log = logging.getLogger(__name__)

FORCE_HINT = ("use --force to replace it (this version is then kept: subtitler restore {name} "
              "brings it back)")


class Unset:
    """No value given (None is one)."""


UNSET = Unset()


def _sha_or_none(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except (FileNotFoundError, NotADirectoryError):
        return None  # nothing there (writing will say why it cannot, if it cannot)
    except OSError as err:
        raise WriteError(f"cannot write: {err.strerror or err}", path=path) from None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def owner(path: Path, ours: Iterable[str] = (), persons: Iterable[str] = ()) -> Owner | None:
    """Whose the file at ``path`` is (None: there is none). ``ours`` and
    ``persons``: hashes another record (a run report) gives."""
    target = real_target(path)
    sha = _sha_or_none(target)
    if sha is None:
        return None
    return ledger.load(target.parent, target.name).owner_of(sha, ours, persons)


@dataclass
class Writes:
    """The writes of one command (``command``: how the ledger and the
    history name it, e.g. ``run --force``)."""

    command: str
    inputs: list[tuple[Path, str]] = field(default_factory=list)

    def add_input(self, path: str | Path | None, what: str = "an input") -> None:
        """``path`` is read by this command: never written over (unless edited in place)."""
        if path is not None:
            self.inputs.append((Path(path), what))

    def input_named(self, path: Path) -> str | None:
        """What ``path`` is to this command, when it is one of its inputs."""
        mine = os.path.abspath(os.path.realpath(path))
        for p, what in self.inputs:
            if os.path.abspath(os.path.realpath(p)) == mine:
                return what
            with contextlib.suppress(OSError):
                if os.path.samefile(p, path):
                    return what
        return None

    def claim(
        self, path: str | Path, *, force: bool = False, edit: bool = False,
        ours: Iterable[str] = (), persons: Iterable[str] = (), hint: str = FORCE_HINT,
        keep_ours: bool = True, expect: str | None | Unset = UNSET,
    ) -> Claim:
        """Check, before any work, that ``path`` may be written (see the
        module's docstring); the claim remembers the file as it is now (or
        as ``expect``, the SHA-256 of the version the work started from:
        None, no file). ``hint`` says how to replace a person's file anyway;
        ``keep_ours`` False: subtitler's own version is not kept (records:
        reports, summaries)."""
        path = Path(path)
        what = self.input_named(path)
        if what is not None and not edit:
            raise UsageError(f"this is {what} (an input of this command): not writing over "
                             "it; name another file", path=path)
        target = real_target(path)
        now = _sha_or_none(target)
        seen = now if isinstance(expect, Unset) else expect
        mine, people = frozenset(ours), frozenset(persons)
        who = None
        if now is not None:
            who = ledger.load(target.parent, target.name).owner_of(now, mine, people)
        claim = Claim(self, path, target, seen, who, force, edit, mine, people, hint, keep_ours)
        if who is Owner.PERSON and not force and not edit:
            raise EditedOutputError(
                "is not the version subtitler wrote there (a person changed it, or another "
                f"program wrote it); not replacing it: {hint.format(name=path.name)}", path=path)
        return claim

    def record(self, path: str | Path, data: bytes) -> None:
        """Write a record (a run report, a batch summary): a file there that
        subtitler did not write is kept in the history, then replaced."""
        self.claim(path, force=True, keep_ours=False).write(data)


@dataclass
class Claim:
    """A file a command is about to write, as it was when claimed."""

    writes: Writes
    path: Path
    target: Path
    """``path``, a symbolic link followed (its file is replaced, not the link)."""
    seen: str | None
    """The SHA-256 of the file when claimed (None: there was none)."""
    owner: Owner | None
    force: bool
    edit: bool
    ours: frozenset[str]
    persons: frozenset[str]
    hint: str = FORCE_HINT
    keep_ours: bool = True
    kept: ledger.Kept | None = None
    """The version the last write kept in the history."""

    def check(self) -> None:
        """The claim's check again (after long work, before writing anything
        else): refuse if the file changed since, unless ``force``."""
        now = _sha_or_none(self.target)
        if now != self.seen and not self.force:
            raise self._changed()

    def _changed(self) -> EditedOutputError:
        return EditedOutputError(
            f"was changed while subtitler {self.writes.command} was working; not replacing "
            f"the new version: run it again to redo the work, or "
            f"{self.hint.format(name=self.path.name)}", path=self.path)

    def write(self, data: bytes, *, owner: Owner | None = None,
              like: str | Path | None = None) -> str:
        """Write ``data`` (see the module's docstring); returns its SHA-256.
        ``owner``: whose the new version is (default: subtitler's, or for an
        edit in place whoever's the edited version was)."""
        tmp = write_temp(self.target, data, like=like)
        try:
            return self.commit(tmp, owner=owner)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def commit(self, tmp: Path, *, owner: Owner | None = None) -> str:
        """Put ``tmp`` (complete, synced, in the target's folder) in place
        of the file: the last check, the kept version, the ledger, the rename;
        ``tmp`` is gone afterwards."""
        target = self.target
        folder = target.parent
        new_sha = sha256_file(tmp)
        size = tmp.stat().st_size
        with folder_lock(folder):
            record = ledger.load(folder, target.name, repair=True)
            now_sha = _sha_or_none(target)
            changed = now_sha != self.seen
            if changed and not self.force:
                raise self._changed()
            current: Owner | None = None
            if now_sha is not None:
                current = Owner.PERSON if changed else record.owner_of(
                    now_sha, self.ours, self.persons)
            new_owner = owner or (current if self.edit and current else Owner.SUBTITLER)
            self.kept = None
            if now_sha is not None and now_sha != new_sha and self._worth_keeping(
                    current, target):
                assert current is not None
                self.kept = history.keep(folder, record, target, now_sha, current,
                                         self.writes.command)
            record.add_written(Written(new_sha, self.writes.command, new_owner, ledger.now(),
                                       size, pending=True))
            ledger.save(folder, record)  # first: stopped before the rename, both are known
            try:
                self._put(tmp, now_sha, new_sha, record)
            except OSError as err:
                raise write_error(target, err) from None
            finally:
                with contextlib.suppress(OSError):
                    tmp.unlink()
            record.written[-1].pending = False
            try:
                ledger.save(folder, record)
            except WriteError as err:  # the pending record already says whose it is
                log.warning("%s (the file was written)", err)
        self.seen, self.owner = new_sha, new_owner
        return new_sha

    def _put(self, tmp: Path, now_sha: str | None, new_sha: str, record: ledger.Record) -> None:
        """Rename ``tmp`` over the target. The last look (``now_sha``) and the
        rename are milliseconds apart (the ledger is synced between): a
        version a person saved in between is never replaced unasked, nor lost.
        Where the system can, the new file and the old are swapped in one
        step, and the old one (at ``tmp`` now) looked at again: not the one
        looked at before, it is swapped back (``force``: kept as a person's)."""
        target = self.target
        if now_sha is None:
            try:
                rename_new(tmp, target)
                return
            except FileExistsError:
                if not self.force:
                    raise self._changed() from None
        if not exchange(tmp, target):
            os.replace(tmp, target)  # no atomic swap here: the last look is all there is
            return
        displaced = _sha_or_none(tmp)
        if displaced == now_sha or displaced is None:
            return
        # a person saved after the last look: theirs is at ``tmp`` now
        if self.force:
            self._keep_persons(tmp, displaced, record)
            return
        if exchange(tmp, target):
            back = _sha_or_none(tmp)
            if back is not None and back != new_sha:  # saved again meanwhile: keep that too
                self._keep_persons(tmp, back, record)
        self._unkeep_if(target, record)  # rewritten in place: the kept "old" one is theirs
        record.written.pop()
        ledger.save(target.parent, record)
        raise self._changed()

    def _keep_persons(self, path: Path, sha: str, record: ledger.Record) -> None:
        """Keep the file at ``path`` (``sha``), a version a person saved while
        this command wrote, in the history."""
        self._unkeep_if(path, record)
        self.kept = history.keep(self.target.parent, record, path, sha, Owner.PERSON,
                                 self.writes.command)

    def _unkeep_if(self, path: Path, record: ledger.Record) -> None:
        """Forget the version kept a moment ago when it is the file at ``path``
        (a person rewrote the file in place after it was kept: the kept one
        holds their words, not the version it was kept as)."""
        kept = self.kept
        if kept is None:
            return
        file = history.history_dir(self.target.parent) / kept.file
        if _same_file(file, path):
            record.kept.remove(kept)
            with contextlib.suppress(OSError):
                file.unlink()
            self.kept = None

    def _worth_keeping(self, current: Owner | None, target: Path) -> bool:
        if current is Owner.PERSON or self.edit:
            return True
        if not self.keep_ours:
            return False
        try:
            return target.stat().st_size <= history.KEEP_OURS_MAX
        except OSError:
            return False
