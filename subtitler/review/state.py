"""What a review session edits: cues with stable ids, a person's answers to
what there is to check (``answers``), and the undo history. Immutable values; every change is
a new ``State``, and the difference between two states is a ``Splice`` (what
the journal records and what the page applies)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models import Cue
from .answers import Answer, Answers

UNDO_LIMIT = 1000
"""Undo steps kept (each is a tuple of references, not a copy of the cues)."""


@dataclass(frozen=True)
class Entry:
    """A cue and the id the page knows it by (ids never change or repeat)."""

    id: int
    cue: Cue

    def to_json(self) -> list[Any]:
        return [self.id, self.cue.start_ms, self.cue.end_ms, list(self.cue.lines)]

    @classmethod
    def from_json(cls, data: Any) -> Entry:
        ident, start, end, lines = data
        return cls(int(ident), Cue(int(start), int(end), tuple(str(x) for x in lines)))


@dataclass(frozen=True)
class State:
    entries: tuple[Entry, ...]
    answers: Answers = ()
    """A person's answers (``answers.Answer``), one per key, in key order."""
    next_id: int = 1

    @classmethod
    def of(cls, cues: Sequence[Cue], answers: Answers = ()) -> State:
        entries = tuple(Entry(i, c) for i, c in enumerate(cues, start=1))
        return cls(entries, answers, len(entries) + 1)

    @property
    def cues(self) -> tuple[Cue, ...]:
        return tuple(e.cue for e in self.entries)

    def index(self, ident: int) -> int:
        """Position of the entry with id ``ident``; KeyError if there is none."""
        for i, e in enumerate(self.entries):
            if e.id == ident:
                return i
        raise KeyError(ident)

    def to_json(self) -> dict[str, Any]:
        return {"entries": [e.to_json() for e in self.entries],
                "answers": [a.to_json() for a in self.answers], "next_id": self.next_id}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> State:
        return cls(tuple(Entry.from_json(e) for e in data["entries"]), _answers(data),
                   int(data["next_id"]))


def _answers(data: dict[str, Any]) -> Answers:
    """The answers of a state or splice in JSON (a journal from before
    answers lists the unsure words checked as ``checked``)."""
    if "answers" in data:
        return tuple(Answer.from_json(a) for a in data["answers"])
    return tuple(Answer(str(k), "right") for k in sorted(data.get("checked", ())))


@dataclass(frozen=True)
class Splice:
    """``new`` = ``old`` with ``remove`` entries at ``at`` replaced by
    ``insert``, the answers replaced and ``next_id`` set."""

    at: int
    remove: int
    insert: tuple[Entry, ...]
    answers: Answers
    next_id: int

    def apply(self, state: State) -> State:
        if self.at + self.remove > len(state.entries):
            raise ValueError("splice does not fit the state")
        entries = state.entries[: self.at] + self.insert + state.entries[self.at + self.remove :]
        return State(entries, self.answers, self.next_id)

    def to_json(self) -> dict[str, Any]:
        return {"at": self.at, "remove": self.remove,
                "insert": [e.to_json() for e in self.insert],
                "answers": [a.to_json() for a in self.answers], "next_id": self.next_id}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Splice:
        return cls(int(data["at"]), int(data["remove"]),
                   tuple(Entry.from_json(e) for e in data["insert"]),
                   _answers(data), int(data["next_id"]))


def diff(old: State, new: State) -> Splice:
    """The splice that turns ``old`` into ``new`` (common ends left out)."""
    a, b = old.entries, new.entries
    p = 0
    while p < len(a) and p < len(b) and a[p] == b[p]:
        p += 1
    s = 0
    while s < len(a) - p and s < len(b) - p and a[-1 - s] == b[-1 - s]:
        s += 1
    return Splice(p, len(a) - p - s, b[p : len(b) - s], new.answers, new.next_id)


@dataclass
class History:
    """The current state with its undo and redo stacks."""

    current: State
    undo_stack: list[State] = field(default_factory=list)
    redo_stack: list[State] = field(default_factory=list)

    def push(self, new: State) -> None:
        self.undo_stack.append(self.current)
        del self.undo_stack[:-UNDO_LIMIT]
        self.redo_stack.clear()
        self.current = new

    def replace(self, new: State) -> None:
        """Change the current state without a new undo step (typing that
        continues the same edit)."""
        self.current = new

    def undo(self) -> bool:
        if not self.undo_stack:
            return False
        self.redo_stack.append(self.current)
        self.current = self.undo_stack.pop()
        return True

    def redo(self) -> bool:
        if not self.redo_stack:
            return False
        self.undo_stack.append(self.current)
        self.current = self.redo_stack.pop()
        return True
