"""Types that travel between the pipeline's stages. No I/O here.

All times are integer milliseconds; conversion to ``timedelta`` happens only
in the SRT writer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from .errors import SubtitlerError

_TAG = re.compile(r"</?(?:i|b|u|font)(?:\s[^>]*)?>", re.IGNORECASE)


def strip_markup(text: str) -> str:
    """Text without the SRT formatting tags (<i>, <b>, <u>, <font ...>)."""
    return _TAG.sub("", text)


@dataclass(frozen=True)
class Word:
    """One recognised word. ``text`` is exactly as the engine emitted it,
    leading space included, so ``"".join(w.text for w in words)`` is the text."""

    start_ms: int
    end_ms: int
    text: str
    probability: float = 1.0

    @property
    def bare(self) -> str:
        return self.text.strip()


@dataclass(frozen=True)
class Stretch:
    """A stretch of speech transcribed in one language by one model."""

    start_ms: int
    end_ms: int
    language: str
    """The spoken language it was transcribed as (detected, or asked for)."""
    detected: str | None = None
    """What language detection heard there (None: detection did not run,
    or the English model's own words showed English: ``engines.route``)."""
    probability: float = 0.0
    """Language detection's probability for ``detected``."""
    model: str = ""
    """The model that transcribed it."""

    @property
    def speech_ms(self) -> int:
        return self.end_ms - self.start_ms


@dataclass(frozen=True)
class Transcript:
    language: str
    """The language of the words (English when they were translated)."""
    words: tuple[Word, ...]
    engine: str
    model: str
    duration_ms: int
    stretches: tuple[Stretch, ...] = ()
    """Where each spoken language was heard, in time order (empty: unknown)."""
    translated: bool = False
    """The words are Whisper's English translation of the speech."""

    @property
    def text(self) -> str:
        return "".join(w.text for w in self.words).strip()

    @property
    def spoken(self) -> Stretch | None:
        """The language of most of the speech: a stretch spanning the speech,
        with the detection probability of that language's longest detected
        stretch."""
        if not self.stretches:
            return None
        total: dict[str, int] = {}
        for s in self.stretches:
            total[s.language] = total.get(s.language, 0) + s.speech_ms
        language = max(total, key=lambda k: (total[k], k == self.language))
        longest = max((s for s in self.stretches if s.language == language),
                      key=lambda s: (s.detected is not None, s.speech_ms))
        return Stretch(self.stretches[0].start_ms, self.stretches[-1].end_ms, language,
                       longest.detected, longest.probability, longest.model)


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        """The cue's lines joined by a space (the line break read as a space)."""
        return " ".join(line.strip() for line in self.lines).strip()

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms

    @property
    def chars(self) -> int:
        """Characters a viewer reads: every character of every line, spaces and
        punctuation included, markup tags and the line break itself excluded."""
        return sum(len(strip_markup(line).strip()) for line in self.lines)

    @property
    def cps(self) -> float:
        """Reading speed: ``chars / (duration_ms / 1000)``; infinite for a
        cue of zero or negative duration that has text."""
        if self.duration_ms <= 0:
            return float("inf") if self.chars else 0.0
        return self.chars * 1000.0 / self.duration_ms


def validate_cues(cues: Sequence[Cue]) -> None:
    """What a player shows: every cue has text, and a start (at 0 or after)
    before its end; ``SubtitlerError`` names the first cue (1-based) that
    does not. Checked before subtitles are written (``--fix`` alone writes
    back cues it cannot repair, as they are)."""
    for i, cue in enumerate(cues, start=1):
        if cue.start_ms < 0 or cue.end_ms <= cue.start_ms:
            raise SubtitlerError(f"cue {i} has invalid times {cue.start_ms}-{cue.end_ms} ms")
        if not any(line.strip() for line in cue.lines):
            raise SubtitlerError(f"cue {i} has no text")


@dataclass(frozen=True)
class PlacedCue:
    """A cue and where it stands in its file: its 1-based ``position`` among
    the file's cue blocks (blocks a reader had to skip keep their place), the
    file ``line`` it starts on and the ``number`` the file gave it (None where
    there is no file, or no number)."""

    cue: Cue
    position: int
    line: int | None = None
    number: int | None = None


def placed(cues: Sequence[Cue] | Sequence[PlacedCue]) -> tuple[PlacedCue, ...]:
    """``cues`` as placed cues: cues not from a file are numbered 1, 2, 3..."""
    items: Sequence[Cue | PlacedCue] = cues
    out: list[PlacedCue] = []
    for i, c in enumerate(items, start=1):
        out.append(c if isinstance(c, PlacedCue) else PlacedCue(c, i, None, i))
    return tuple(out)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Finding:
    """One rule violation. ``cue`` is the 1-based position of the cue in its
    file or list (None for file-level findings); ``line`` the line of the file
    where the cue starts, when the cues came from a file."""

    rule: str
    severity: Severity
    cue: int | None
    message: str
    line: int | None = None
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "cue": self.cue,
            "line": self.line,
            "message": self.message,
        }
        if self.data:
            out["data"] = self.data
        return out


@dataclass(frozen=True)
class Notice:
    """A problem met where no profile is at hand (reading a file): it becomes a
    ``Finding`` when a profile gives it its severity (``Profile.judge``)."""

    rule: str
    message: str
    line: int | None = None
    cue: int | None = None
    """The 1-based position of the cue block it concerns, if any."""
