"""Unsaved edits on disk, as they are made: a closed tab, a crashed browser
or a killed server loses nothing.

The journal sits beside the subtitle file (``.NAME.srt.review-journal``, a
hidden file, like an editor's swap file). Its first line holds the state the
edits start from and the SHA-256 of the file that state was read from; each
further line one step (an edit, typing that continues it, an undo, a redo)
as the ``Splice`` it made, written and synced before the page hears back.
A line cut short by a crash is ignored. The next ``review`` of the file
offers to replay it; Save starts a new one.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..fsutil import write_text_atomic
from .state import History, Splice, State

JOURNAL_VERSION = 1
KINDS = ("edit", "continue", "undo", "redo")
"""``continue``: more typing in the cue the last edit changed (no new undo step)."""


def journal_path(srt: Path) -> Path:
    return srt.with_name(f".{srt.name}.review-journal")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Recovered:
    """A journal found on disk: where its edits start and the steps made."""

    base: State
    base_sha256: str | None
    created: str
    steps: tuple[tuple[str, Splice], ...]

    def replay(self) -> History:
        """The undo history the steps make, ending at their last state."""
        history = History(self.base)
        for kind, splice in self.steps:
            target = splice.apply(history.current)
            moved = (kind == "undo" and history.undo()) or (kind == "redo" and history.redo())
            if kind == "continue":
                history.replace(target)
            elif not moved or history.current != target:
                history.push(target)
        return history


class Journal:
    """The journal of one subtitle file."""

    def __init__(self, srt: Path) -> None:
        self.path = journal_path(srt)
        self.started = False

    def start(self, base: State, base_sha256: str | None) -> None:
        """A new journal whose edits start from ``base`` (the file as read or saved)."""
        head = {"journal": JOURNAL_VERSION, "base_sha256": base_sha256, "created": _now(),
                "state": base.to_json()}
        write_text_atomic(self.path, json.dumps(head, ensure_ascii=False) + "\n")
        self.started = True

    def append(self, kind: str, splice: Splice) -> None:
        """Record one step; it is on disk when this returns."""
        assert kind in KINDS, kind
        line = json.dumps({"kind": kind, "at": _now(), "splice": splice.to_json()},
                          ensure_ascii=False) + "\n"
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def read(self) -> Recovered | None:
        """The journal on disk, or None when there is none (or it is unreadable)."""
        try:
            raw = self.path.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return None
        if not raw:
            return None
        try:
            head = json.loads(raw[0])
            base = State.from_json(head["state"])
        except (ValueError, KeyError, TypeError):
            return None
        steps = []
        for line in raw[1:]:
            step = _step(line)
            if step is None:
                break  # cut short by a crash: the steps before it stand
            steps.append(step)
        sha = head.get("base_sha256")
        return Recovered(base, sha if isinstance(sha, str) else None,
                         str(head.get("created", "")), tuple(steps))

    def discard(self) -> Path | None:
        """Set the journal aside (``.discarded``, replacing an older one)."""
        kept = self.path.with_name(self.path.name + ".discarded")
        try:
            os.replace(self.path, kept)
        except FileNotFoundError:
            return None
        self.started = False
        return kept

    def remove(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        self.started = False


def _step(line: str) -> tuple[str, Splice] | None:
    try:
        data: Any = json.loads(line)
        kind = data["kind"]
        if kind not in KINDS:
            return None
        return kind, Splice.from_json(data["splice"])
    except (ValueError, KeyError, TypeError):
        return None
