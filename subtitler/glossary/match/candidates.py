"""A candidate match and the rule that produced it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..model import Entry, Variant


class Action(Enum):
    TERM = "term"
    """The term or one of its forms: left alone (shields its words), or its
    case or punctuation fixed when the entry asks for that."""
    PROTECT = "protect"
    REPLACE = "replace"
    FLAG = "flag"
    SHIELD = "shield"
    """Resolved only: a match that changes nothing and keeps other entries out."""
    KEEP = "keep"
    """Resolved only: the term in another case, left alone; an explicit
    variant on the same words wins over it."""


PRIORITY = {
    Action.SHIELD: 0,
    Action.PROTECT: 0,
    Action.TERM: 0,
    Action.REPLACE: 1,
    Action.FLAG: 2,
    Action.KEEP: 3,
}


@dataclass(frozen=True)
class Rule:
    entry: Entry
    order: int
    action: Action
    text: str
    target: str
    variant: Variant | None
    case_sensitive: bool
    context: tuple[tuple[str, ...], ...]
    lead: str = ""
    trail: str = ""
    core: str = ""


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    tok_first: int
    tok_end: int
    rule: Rule
    surface: str
    kind: Action
    replacement: str
    score: float | None = None
    """Near misses only (``near``): similarity to the term, 0-1."""
    distance: int | None = None
    """Near misses only: letters that differ from the term."""
