"""Timings for aligned subtitle words.

Each item is a script word (or a recognised word of added speech) with the
recognised words that give its time. Items sharing recognised words split
their span by length; items with none are interpolated between their timed
neighbours; a last sweep makes the times non-decreasing, non-overlapping and
every duration at least 1 ms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..models import Transcript, Word
from .read import Script

MIN_WORD_MS = 80
"""Interpolated words get at least this long when a neighbour can lend it."""


@dataclass
class Item:
    script: int | None
    """Index in ``Script.words``; None for a recognised word of added speech."""
    rec: list[int] = field(default_factory=list)
    """Recognised words (indices, ascending) whose audio this word covers."""
    start: int = -1
    end: int = -1


def _weights(texts: Sequence[str]) -> list[int]:
    return [len(t.strip()) + 2 for t in texts]


def _spread(lo: int, hi: int, weights: Sequence[int]) -> list[tuple[int, int]]:
    """Cut [lo, hi] into consecutive spans proportional to ``weights``."""
    total = sum(weights)
    spans: list[tuple[int, int]] = []
    acc = 0
    for w in weights:
        a = lo + (hi - lo) * acc // total
        acc += w
        spans.append((a, lo + (hi - lo) * acc // total))
    return spans


def _from_audio(items: list[Item], words: Sequence[Word]) -> None:
    for it in items:
        if it.rec:
            it.start = min(words[j].start_ms for j in it.rec)
            it.end = max(words[j].end_ms for j in it.rec)


def _split_shared(items: list[Item], texts: Sequence[str]) -> None:
    """Consecutive items covering the same recognised word share its span."""
    k = 0
    while k < len(items):
        if not items[k].rec:
            k += 1
            continue
        g = k + 1
        while g < len(items) and items[g].rec and items[g].rec[0] <= items[g - 1].rec[-1]:
            g += 1
        if g - k > 1:
            lo = min(it.start for it in items[k:g])
            hi = max(it.end for it in items[k:g])
            for it, (a, b) in zip(items[k:g], _spread(lo, hi, _weights(texts[k:g])), strict=True):
                it.start, it.end = a, b
        k = g


def _interpolate(items: list[Item], texts: Sequence[str], ms_per_word: int) -> None:
    """Items without audio: spread between the neighbours' times, borrowing
    from the previous word's second half when there is no room."""
    k = 0
    while k < len(items):
        if items[k].start >= 0:
            k += 1
            continue
        q = k
        while q < len(items) and items[q].start < 0:
            q += 1
        n = q - k
        prev = items[k - 1] if k > 0 else None
        nxt = items[q] if q < len(items) else None
        if prev is not None and nxt is not None:
            lo, hi = prev.end, nxt.start
            need = n * MIN_WORD_MS
            if hi - lo < need:
                lo = max(min(lo, hi - need), (prev.start + prev.end) // 2)
                prev.end = max(prev.start + 1, min(prev.end, lo))
            hi = min(hi, lo + 2 * n * ms_per_word)
        elif nxt is not None:
            hi = nxt.start
            lo = max(0, hi - n * ms_per_word)
        else:
            lo = prev.end if prev is not None else 0
            hi = lo + n * ms_per_word
        spans = _spread(lo, max(lo, hi), _weights(texts[k:q]))
        for it, (a, b) in zip(items[k:q], spans, strict=True):
            it.start, it.end = a, b
        k = q


def _sweep(items: list[Item]) -> None:
    end = 0
    for it in items:
        it.start = max(it.start, end)
        it.end = max(it.end, it.start + 1)
        end = it.end


def assign_times(
    items: list[Item], script: Script, transcript: Transcript, ms_per_word: int
) -> list[Word]:
    """The subtitle words of ``items``, timed (items are updated in place)."""
    rec = transcript.words
    texts = [
        script.words[it.script].text if it.script is not None else rec[it.rec[0]].text
        for it in items
    ]
    _from_audio(items, rec)
    _split_shared(items, texts)
    _interpolate(items, texts, ms_per_word)
    _sweep(items)
    out: list[Word] = []
    for it, text in zip(items, texts, strict=True):
        if it.script is None:
            w = rec[it.rec[0]]
            out.append(Word(it.start, it.end, w.text, w.probability))
        else:
            out.append(Word(it.start, it.end, " " + text, 1.0))
    return out
