"""What every rule shares: the ``Hit`` a check yields, the ``Context`` it may
look at, and small helpers (the ``Rule`` records: ``catalog``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from ..models import Cue, Finding, PlacedCue, strip_markup
from ..profiles import Profile

DEFAULT_PHRASES: tuple[str, ...] = (
    "thanks for watching",
    "thank you for watching",
    "thanks for watching and see you next time",
    "please subscribe",
    "like and subscribe",
    "subscribe to my channel",
    "see you in the next video",
    "subtitles by",
    "subtitles made by",
    "subtitled by",
    "captions by",
    "captioning by",
    "transcribed by",
    "translated by",
    "amara.org",
)
"""Text Whisper-style models emit over silence or music (openai/whisper
discussion 679, whisperX 820/706). Matched as whole words, ignoring case,
punctuation and markup."""


@dataclass(frozen=True)
class Hit:
    """One violation as a check reports it: 0-based cue index, message, data."""

    index: int
    message: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What a check may look at besides the cues."""

    profile: Profile
    phrases: tuple[str, ...] = DEFAULT_PHRASES
    entries: Sequence[PlacedCue] = ()
    """The cues being checked with their places in the file (for the values
    below, computed once)."""
    language: str | None = "en"
    """Language of the cue text (function words for ``line-break``)."""

    def num(self, index: int) -> int:
        """The number messages use for the cue at 0-based ``index``."""
        return self.entries[index].position

    @cached_property
    def cues(self) -> list[Cue]:
        return [e.cue for e in self.entries]

    @cached_property
    def chars(self) -> list[int]:
        """``Cue.chars`` of each cue."""
        return [sum(len(visible(line)) for line in cue.lines) for cue in self.cues]

    @cached_property
    def texts(self) -> list[str]:
        """``normalize(cue.text)`` of each cue."""
        return [normalize(cue.text) for cue in self.cues]

    @cached_property
    def phrase_pattern(self) -> re.Pattern[str] | None:
        """One pattern for all ``phrases``, matching normalized text."""
        norms = sorted({normalize(p) for p in self.phrases} - {""}, key=len, reverse=True)
        if not norms:
            return None
        return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, norms)) + r")(?!\w)")


Check = Callable[[Sequence[Cue], Context], Iterator[Hit]]


def visible(line: str) -> str:
    """What a viewer sees of ``line``: no markup, no outer spaces."""
    return strip_markup(line).strip() if "<" in line else line.strip()


_NON_WORD = re.compile(r"[^\w]+")
_APOSTROPHE = re.compile(r"[\u2019'`]")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Text for comparing: no markup, case, apostrophes or punctuation
    (remembered: a review re-checks the same texts after every edit)."""
    text = _APOSTROPHE.sub("", strip_markup(text).casefold())
    return _NON_WORD.sub(" ", text).strip()


def wanted(rule: str, select: Collection[str] | None, ignore: Collection[str] | None) -> bool:
    """Whether ``rule`` is reported under ``--select`` / ``--ignore``."""
    return (select is None or rule in select) and not (ignore and rule in ignore)


def make_finding(profile: Profile, rule: str, hit: Hit, entries: Sequence[PlacedCue]) -> Finding:
    """A ``Finding`` for ``hit``: the cue's position and file line, the
    profile's severity."""
    e = entries[hit.index]
    return profile.finding(rule, e.position, hit.message, e.line, hit.data)
