"""Words the recogniser was unsure of: the one decision, for ``run``'s
summary and ``review``'s marks alike.

A recogniser gives each token it writes a probability. A word is what a
reader sees between spaces: tokens joined by a hyphen ("anti" + "-trafficking",
"hate" + "-hardest.") or an apostrophe ("don" + "'t") are one word, as unsure
as its least sure part. A word is unsure when that probability is under
``UNSURE_BELOW``, unless a glossary correction covers it (the correction is
what to look at there). ``bench/unsure_words.py`` measured the threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..timefmt import clock

UNSURE_BELOW = 0.6
"""Words the recogniser gave a lower probability are unsure (measured:
``bench/unsure_words.py``; docs/review.md#unsure-words)."""

_HYPHENS = "-\u2010\u2011"
_APOSTROPHES = "'\u2019"
_AROUND = ".,;:!?\u2026\"'\u201c\u201d\u2018\u2019()[]\u00ab\u00bb\u00bf\u00a1"


def bare(word: str) -> str:
    """A word without the punctuation around it ("hate-hardest.": "hate-hardest")."""
    return word.strip().strip(_AROUND)


@dataclass(frozen=True)
class HeardWord:
    """A word (or a token of one) as the recogniser heard it."""

    start_ms: int
    end_ms: int
    text: str
    probability: float
    cue: int | None = None
    """The 1-based cue that shows it (None: not in a cue)."""

    @property
    def bare(self) -> str:
        return bare(self.text)


def _continues(prev: str, token: str) -> bool:
    """Whether ``token`` is part of the word ``prev`` ends (no space between them)."""
    if not prev or not token:
        return False
    if token[0] in _HYPHENS or prev[-1] in _HYPHENS:
        return True
    if token[0] in _APOSTROPHES and token[1:2].isalpha():
        return True
    return not any(ch.isalnum() for ch in token)  # "%", "…": punctuation on its own


def whole_words(tokens: Iterable[HeardWord]) -> list[HeardWord]:
    """``tokens`` joined into the words a reader sees, each with the lowest
    probability of its parts and the cue of its first."""
    out: list[HeardWord] = []
    for t in tokens:
        text = t.text.strip()
        if out and _continues(out[-1].text, text):
            w = out[-1]
            out[-1] = HeardWord(w.start_ms, max(w.end_ms, t.end_ms), w.text + text,
                                min(w.probability, t.probability), w.cue)
        elif text:
            out.append(HeardWord(t.start_ms, t.end_ms, text, t.probability, t.cue))
    return out


def unsure_words(tokens: Iterable[HeardWord], corrected: Sequence[tuple[int, int]] = (),
                 below: float = UNSURE_BELOW) -> tuple[HeardWord, ...]:
    """The whole words of ``tokens`` under ``below``, except those a glossary
    correction (``corrected``: its start and end, ms) overlaps."""
    return tuple(
        w for w in whole_words(tokens)
        if w.probability < below
        and not any(a < w.end_ms and w.start_ms < b for a, b in corrected)
    )


def summary_line(unsure: Sequence[HeardWord], shown: int = 3,
                 below: float = UNSURE_BELOW) -> str | None:
    """"4 unsure words: cue 2 'fun' at 00:05.676, ... and 1 more: ...", or None."""
    if not unsure:
        return None
    n = len(unsure)
    parts = [f"cue {w.cue} '{w.bare}' at {clock(w.start_ms)}" if w.cue is not None
             else f"'{w.bare}' at {clock(w.start_ms)}" for w in unsure[:shown]]
    more = f", and {n - shown} more" if n > shown else ""
    noun = "word" if n == 1 else "words"
    return (f"{n} unsure {noun} (recogniser under {below:.0%}): {', '.join(parts)}"
            f"{more}; listen to them in subtitler review")
