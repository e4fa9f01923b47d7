"""Where near misses may be: runs of words compared with names, cheaply.

Every run of words of a fitting count (a name's, one more or one fewer)
within a sentence, none already matched, is a window. The names are grouped
once per glossary by the window size they are compared with (``Group``),
each group keeping its names' distinct letters and distinct sounds (names
often sound alike: "Org1 Network", "Org2 Network" are one sound). Windows
whose letters (or sounds) are too short or too long to reach ``cutoff``
similarity with any name of their group are skipped before their text is
cut out of the words' concatenation; the rest are compared, each distinct
text once, with the group's distinct names in one
``rapidfuzz.process.cdist`` call (threads only when the comparisons are
many). Only a window with a name at ``cutoff`` or closer is looked at
further: it keeps its ``top`` closest names.

The result is the same as comparing every window with every name
(``tests/test_glossary_windows.py`` holds the two against each other).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .similar import Phrase

PARALLEL_PAIRS = 250_000
"""Comparisons worth starting threads for: a thread pool costs about a
quarter of a millisecond, more than a few thousand comparisons take."""


class Side:
    """One way of spelling a group's names (letters, or sounds): the
    distinct texts, which one each name has, and what a window must have to
    come ``cutoff`` close to any of them."""

    def __init__(self, texts: Sequence[str], cutoff: float) -> None:
        self.texts = list(dict.fromkeys(texts))
        row = {t: i for i, t in enumerate(self.texts)}
        self.of = np.array([row[t] for t in texts], dtype=np.intp)
        lengths = [len(t) for t in self.texts]
        self.lo, self.hi = min(lengths) * cutoff, max(lengths) / cutoff
        self.cutoff = cutoff

    def fits(self, length: np.ndarray) -> np.ndarray:
        """Window lengths that can be ``cutoff`` similar to a name
        (normalised edit similarity is at most shorter / longer)."""
        return (self.lo <= length) & (length <= self.hi)

    def similarity(self, texts: Sequence[str]) -> np.ndarray:
        """Similarity of each text with each distinct name (0 below cutoff)."""
        pairs = len(texts) * len(self.texts)
        sims = process.cdist(
            texts, self.texts, scorer=Levenshtein.normalized_similarity,
            score_cutoff=self.cutoff, dtype=np.float32,
            workers=-1 if pairs >= PARALLEL_PAIRS else 1,
        )
        return np.asarray(sims)


class Group:
    """The names windows of one size are compared with, compiled once."""

    def __init__(
        self, size: int, cols: Sequence[int], names: Sequence[Phrase], cutoff: float
    ) -> None:
        self.size = size
        self.cols = list(cols)
        self.letters = Side([names[c].letters for c in cols], cutoff)
        self.sounds = Side([names[c].sound for c in cols], cutoff)


def groups_of(
    names: Sequence[Phrase], by_size: dict[int, list[int]], cutoff: float
) -> list[Group]:
    """``by_size``: window size -> indexes of the names such windows are
    compared with."""
    return [Group(size, cols, names, cutoff) for size, cols in by_size.items() if cols]


def _prefix(values: Sequence[int]) -> np.ndarray:
    return np.concatenate(([0], np.cumsum(np.asarray(values, dtype=np.int64))))


def windows(
    words: Sequence[Phrase],
    open_: Sequence[bool],
    sentence_ids: Sequence[int],
    groups: Sequence[Group],
    top: int,
) -> Iterator[tuple[int, int, int]]:
    """(first token, end token, name index) of each window and its closest
    names. ``open_[k]``: token k may be part of a window."""
    n = len(words)
    shut = _prefix([0 if (open_[k] and words[k].words) else 1 for k in range(n)])
    let = _prefix([len(w.letters) for w in words])
    snd = _prefix([len(w.sound) for w in words])
    sid = np.asarray(sentence_ids, dtype=np.int64)
    all_letters = "".join(w.letters for w in words)
    all_sounds = "".join(w.sound for w in words)
    for g in groups:
        if g.size > n:
            continue
        a = np.arange(n - g.size + 1)
        b = a + g.size
        ok = (shut[b] == shut[a]) & (sid[a] == sid[b - 1])
        ok &= g.letters.fits(let[b] - let[a]) | g.sounds.fits(snd[b] - snd[a])
        starts = np.flatnonzero(ok)
        if not starts.size:
            continue
        by_l, row_l, hit_l = _compared(_cut(all_letters, let, starts, g.size), g.letters)
        by_s, row_s, hit_s = _compared(_cut(all_sounds, snd, starts, g.size), g.sounds)
        for k in np.flatnonzero(hit_l | hit_s).tolist():
            first = int(starts[k])
            for c in _closest(by_l[row_l[k]], by_s[row_s[k]], g, top):
                yield first, first + g.size, g.cols[c]


def _cut(text: str, prefix: np.ndarray, starts: np.ndarray, size: int) -> list[str]:
    """The texts of the windows [start, start + size) out of the words'
    concatenation (``prefix``: where each word begins in it)."""
    cuts = map(slice, prefix[starts].tolist(), prefix[starts + size].tolist())
    return list(map(text.__getitem__, cuts))


def _compared(texts: Sequence[str], side: Side) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each distinct text compared with the distinct names of ``side`` (0
    below its cutoff); for each text, its row and whether a name is close."""
    distinct = list(dict.fromkeys(texts))
    row = dict(zip(distinct, range(len(distinct)), strict=True))
    rows = np.fromiter(map(row.__getitem__, texts), dtype=np.intp, count=len(texts))
    sims = side.similarity(distinct)
    return sims, rows, np.any(sims, axis=1)[rows]


def _closest(by_letters: np.ndarray, by_sound: np.ndarray, g: Group, top: int) -> list[int]:
    """The ``top`` names of ``g`` closest to a window in letters or sounds
    (positions in ``g.cols``), given its similarity with the distinct
    letters and sounds of the names. Names that tie (names that sound the
    same: digits have no sound) are ranked by their letters, then by order."""
    letters = by_letters[g.letters.of]
    best = np.maximum(letters, by_sound[g.sounds.of])
    k = min(top, best.size)
    kth = np.partition(best, best.size - k)[best.size - k]
    tied = np.flatnonzero((best >= kth) & (best > 0))
    order = np.lexsort((tied, -letters[tied], -best[tied]))[:k]
    return [int(c) for c in tied[order]]
