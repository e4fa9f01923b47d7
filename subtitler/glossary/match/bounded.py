"""Users' regular expressions, bounded in time.

A glossary's ``regex`` variants are the user's own code: one with nested
quantifiers (``(a|aa)+$``, ``(\\w+\\s?)+$`` in ``re``) can take minutes on a
line of text. They are compiled with the ``regex`` package (Python's ``re``
syntax), whose searches take a timeout: a search that runs out of time finds
nothing, the regex is switched off for the rest of the run, and a warning
names it. ``slow_problem`` tries a regex on text built to make such
patterns backtrack, so lint and loading report it with its line first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

import regex

log = logging.getLogger(__name__)

SEARCH_TIMEOUT_S = 0.25
"""Longest one search may take (a real one takes microseconds)."""
PROBE_TIMEOUT_S = 0.02
error = regex.error
T = TypeVar("T")


class Bounded:
    """A compiled user regex whose every search has a time limit."""

    def __init__(self, text: str, case_sensitive: bool = False, where: str = "") -> None:
        self.text = text
        self.where = where or f"regex {text!r}"
        self.pattern: Any = regex.compile(text, 0 if case_sensitive else regex.IGNORECASE)
        self.timed_out = False

    @property
    def groups(self) -> int:
        return int(self.pattern.groups)

    @property
    def groupindex(self) -> dict[str, int]:
        return dict(self.pattern.groupindex)

    def _bounded(self, search: Callable[[], T], nothing: T) -> T:
        if self.timed_out:
            return nothing
        try:
            return search()
        except TimeoutError:
            self.timed_out = True
            log.warning("%s took over %.2f s on one text and is skipped from here on "
                        "(nested quantifiers?)", self.where, SEARCH_TIMEOUT_S)
            return nothing

    def finditer(self, text: str) -> list[Any]:
        return self._bounded(lambda: list(self.pattern.finditer(text,
                                                                timeout=SEARCH_TIMEOUT_S)), [])

    def search(self, text: str) -> Any:
        return self._bounded(lambda: self.pattern.search(text, timeout=SEARCH_TIMEOUT_S), None)

    def fullmatch(self, text: str) -> Any:
        return self._bounded(lambda: self.pattern.fullmatch(text, timeout=SEARCH_TIMEOUT_S),
                             None)


def _probes(text: str) -> list[str]:
    """Texts that make catastrophic patterns backtrack: long runs of one
    kind of character (and of the pattern's own letters) with a bad end."""
    own = [ch for ch in dict.fromkeys(text) if ch.isalnum()][:4]
    units = ["a", "1", " ", "a ", "ab", "a1", "\t", *own, "".join(own)]
    return [u * (40 // len(u) + 1) + end for u in units if u for end in ("!", "\n!")]


def slow_problem(bounded: Bounded) -> str | None:
    """Why ``bounded`` may take exponential time, or None when its searches
    of the probe texts all finish quickly."""
    for probe in _probes(bounded.text):
        try:
            bounded.pattern.search(probe, timeout=PROBE_TIMEOUT_S)
        except TimeoutError:
            shown = probe if len(probe) < 24 else probe[:20] + "..."
            return (f"regex {bounded.text!r} can take exponential time (it backtracks for "
                    f"seconds on {shown!r}; nested quantifiers such as (a+)+?): searches "
                    f"stop after {SEARCH_TIMEOUT_S} s; rewrite it")
    return None
