"""Timings for the words a replacement produces.

Equal word counts keep each word's own timing. Otherwise the words the two
sides share at the start and the end keep theirs; of the rest, a merged word
keeps the first start and the last end, and split words share the span
proportionally to their characters.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Word
from .match.text import core_bounds, fold


def _same(word: str, piece: str) -> bool:
    a, b = core_bounds(word.strip())
    c, d = core_bounds(piece.strip())
    return fold(word.strip()[a:b]) == fold(piece.strip()[c:d])


def _proportional(old: Sequence[Word], pieces: Sequence[str]) -> list[Word]:
    start, end = old[0].start_ms, max(old[-1].end_ms, old[0].start_ms)
    sizes = [max(1, len(p.strip())) for p in pieces]
    total = sum(sizes)
    prob = min(w.probability for w in old)
    out = []
    acc = 0
    for piece, size in zip(pieces, sizes, strict=True):
        a = start + round((end - start) * acc / total)
        acc += size
        b = start + round((end - start) * acc / total)
        out.append(Word(a, b, piece, prob))
    return out


def retime(old: Sequence[Word], pieces: Sequence[str]) -> tuple[list[Word], list[int]]:
    """New words for ``pieces`` replacing ``old``, and for each the index
    (into ``old``) of the word it comes from."""
    m, n = len(old), len(pieces)
    if m == n:
        return [
            Word(w.start_ms, w.end_ms, p, w.probability) for w, p in zip(old, pieces, strict=True)
        ], list(range(m))
    p = 0
    while p < min(m, n) - 1 and _same(old[p].text, pieces[p]):
        p += 1
    s = 0
    while s < min(m, n) - p - 1 and _same(old[m - 1 - s].text, pieces[n - 1 - s]):
        s += 1
    mid_old, mid_new = old[p : m - s], pieces[p : n - s]
    head = [
        Word(w.start_ms, w.end_ms, t, w.probability)
        for w, t in zip(old[:p], pieces[:p], strict=True)
    ]
    tail = [
        Word(w.start_ms, w.end_ms, t, w.probability)
        for w, t in zip(old[m - s :], pieces[n - s :], strict=True)
    ]
    middle = _proportional(mid_old, mid_new)
    origins = list(range(p))
    origins += [
        p + min(len(mid_old) - 1, k * len(mid_old) // len(mid_new)) for k in range(len(mid_new))
    ]
    origins += list(range(m - s, m))
    return head + middle + tail, origins
