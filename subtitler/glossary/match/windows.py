"""Where near misses may be: runs of words compared with names, cheaply.

Every run of words of a fitting count (a name's, one more or one fewer)
within a sentence, none already matched, is a window. Windows whose letters
(or sounds) are too short or too long to reach ``cutoff`` similarity with
any name of their group are skipped before their text is built; the rest are
compared, each distinct text once, with every name of the group in one
``rapidfuzz.process.cdist`` call, and each keeps its ``top`` closest names.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import accumulate

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .similar import Phrase


def _prefix(values: Sequence[int]) -> list[int]:
    return [0, *accumulate(values)]


def _span(lengths: Sequence[int], cutoff: float) -> tuple[float, float]:
    """Window lengths that can be ``cutoff`` similar to one of ``lengths``
    (normalised edit similarity is at most shorter / longer)."""
    return min(lengths) * cutoff, max(lengths) / cutoff


def windows(
    words: Sequence[Phrase],
    open_: Sequence[bool],
    sentence_ids: Sequence[int],
    names: Sequence[Phrase],
    groups: Mapping[int, Sequence[int]],
    cutoff: float,
    top: int,
) -> Iterator[tuple[int, int, int]]:
    """(first token, end token, name index) of each window and its closest
    names. ``open_[k]``: token k may be part of a window; ``groups``: window
    size -> indexes of the names such windows are compared with."""
    n = len(words)
    shut = _prefix([0 if (open_[k] and words[k].words) else 1 for k in range(n)])
    let = _prefix([len(w.letters) for w in words])
    snd = _prefix([len(w.sound) for w in words])
    texts = [w.letters for w in words]
    sounds = [w.sound for w in words]
    for size, cols in groups.items():
        lo_l, hi_l = _span([len(names[c].letters) for c in cols], cutoff)
        lo_s, hi_s = _span([len(names[c].sound) for c in cols], cutoff)
        spans = [
            (a, a + size)
            for a in range(n - size + 1)
            if shut[a + size] == shut[a]
            and sentence_ids[a] == sentence_ids[a + size - 1]
            and (lo_l <= let[a + size] - let[a] <= hi_l or lo_s <= snd[a + size] - snd[a] <= hi_s)
        ]
        if not spans:
            continue
        keys = [("".join(texts[a:b]), "".join(sounds[a:b])) for a, b in spans]
        closest = _closest(list(dict.fromkeys(keys)), [names[c] for c in cols], cutoff, top)
        for (a, b), key in zip(spans, keys, strict=True):
            for c in closest.get(key, ()):
                yield a, b, cols[c]


def _closest(
    keys: Sequence[tuple[str, str]], names: Sequence[Phrase], cutoff: float, top: int
) -> dict[tuple[str, str], list[int]]:
    """For each (letters, sounds) key, the ``top`` names closest in letters
    or sounds, at ``cutoff`` or closer."""
    by_letters, row_l = _similar([k[0] for k in keys], [p.letters for p in names], cutoff)
    by_sound, row_s = _similar([k[1] for k in keys], [p.sound for p in names], cutoff)
    hit_l = _rows_with_a_hit(by_letters)
    hit_s = _rows_with_a_hit(by_sound)
    out: dict[tuple[str, str], list[int]] = {}
    for key in keys:
        i, j = row_l[key[0]], row_s[key[1]]
        if i not in hit_l and j not in hit_s:
            continue
        best = np.maximum(by_letters[i], by_sound[j])
        k = min(top, best.size)
        cols = np.argpartition(-best, k - 1)[:k]
        out[key] = [int(c) for c in cols if best[c] > 0]
    return out


def _rows_with_a_hit(sims: np.ndarray) -> set[int]:
    return {int(r) for r in np.flatnonzero(np.any(sims, axis=1))}


def _similar(
    texts: Sequence[str], names: Sequence[str], cutoff: float
) -> tuple[np.ndarray, dict[str, int]]:
    """Similarity of each distinct text with each name (0 below ``cutoff``)
    and the row of each text."""
    distinct = list(dict.fromkeys(texts))
    sims = process.cdist(
        distinct, names, scorer=Levenshtein.normalized_similarity,
        score_cutoff=cutoff, dtype=np.float32, workers=-1,
    )
    return np.asarray(sims), {t: i for i, t in enumerate(distinct)}
