"""The plain-text transcript: the words, no timings, a paragraph wherever
the script had one or the speaker paused (a second or more) between two
sentences."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import Cue, Word, strip_markup
from .content import Subtitles

PARAGRAPH_PAUSE_MS = 1000
"""A pause at least this long between two sentences ends a paragraph."""

_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*$")


def pause_paragraphs(words: Sequence[Word], pauses: Sequence[int] | None = None,
                     min_pause_ms: int = PARAGRAPH_PAUSE_MS) -> frozenset[int]:
    """Word indices a paragraph ends after: a pause of ``min_pause_ms``
    between two sentences (a full stop before it, or a capital after it where
    the recogniser dropped the stop). ``pauses[i]`` is the pause after word
    ``i`` (default: the gap between the word times)."""
    gaps = pauses if pauses is not None else [
        b.start_ms - a.end_ms for a, b in zip(words, words[1:], strict=False)]
    return frozenset(
        i for i, gap in enumerate(gaps)
        if gap >= min_pause_ms and (_SENTENCE_END.search(words[i].bare)
                                    or _starts_sentence(words[i + 1].bare))
    )


def _starts_sentence(word: str) -> bool:
    return word[:1].isupper() and word not in ("I", "I'm", "I've", "I'll", "I'd")


def _from_cues(cues: Sequence[Cue]) -> list[str]:
    paragraphs: list[list[str]] = [[]]
    for i, cue in enumerate(cues):
        text = strip_markup(cue.text).strip()
        if text:
            paragraphs[-1].append(text)
        nxt = cues[i + 1] if i + 1 < len(cues) else None
        if nxt and nxt.start_ms - cue.end_ms >= PARAGRAPH_PAUSE_MS and (
            _SENTENCE_END.search(text) or _starts_sentence(strip_markup(nxt.text).strip())
        ):
            paragraphs.append([])
    return [" ".join(p) for p in paragraphs if p]


def _from_words(words: Sequence[Word], ends: frozenset[int]) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    for i, word in enumerate(words):
        current.append(word.text)
        if i in ends or i == len(words) - 1:
            paragraphs.append(re.sub(r"\s+", " ", "".join(current)).strip())
            current = []
    return [p for p in paragraphs if p]


def compose_text(content: Subtitles) -> str:
    """Paragraphs separated by a blank line, one line each (no hard wrap)."""
    paragraphs = (_from_words(content.words, content.paragraph_ends) if content.words
                  else _from_cues(content.cues))
    return "\n\n".join(paragraphs) + "\n" if paragraphs else ""
