"""What the writers write: one set of cues, and the words they were made of."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Cue, Word


@dataclass(frozen=True)
class Subtitles:
    """Cues to publish. ``words`` (with timings) and ``paragraph_ends`` (word
    indices a paragraph ends after: a script's paragraphs, or the speaker's
    pauses) are known when the cues come from a run, and empty when they come
    from a subtitle file; the transcript and JSON writers use them."""

    cues: tuple[Cue, ...]
    words: tuple[Word, ...] = ()
    paragraph_ends: frozenset[int] = frozenset()
    language: str | None = None
