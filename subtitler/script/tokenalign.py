"""Global alignment of two token sequences in bounded time and memory.

Long inputs are cut by anchors first: n-grams that occur exactly once in each
side, kept where they agree in order (longest increasing chain, as in patience
diff). Between anchors, regions recurse (uniqueness is judged again inside
the region, with shorter n-grams if needed); a region small enough runs the
edit-distance DP, whose substitution cost falls with spelling similarity, so
"criminalisation" pairs with "criminal" rather than "nation". No DP ever
exceeds ``max_cells`` cells; a region larger than that with no anchor at all
is left unpaired (its tokens count as not matched).
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

log = logging.getLogger(__name__)

GAP = 1.0
"""Cost of a token on one side with nothing on the other."""
GAP_OPEN = 0.5
"""Extra cost of starting a run of such tokens, so that a passage left out
stays one run rather than being scattered."""
MISMATCH = 0.5
"""Base cost of pairing two different tokens; with ``2.5 * (1 - similarity)``
on top, a pair less similar than 0.6 costs more than one token alone, and an
unrelated pair (3.0) as much as two tokens alone."""
_M, _X, _Y = 0, 1, 2


@dataclass(frozen=True)
class Pair:
    """Token ``s`` of the first sequence aligned with token ``r`` of the second."""

    s: int
    r: int
    sim: float
    """Spelling similarity in [0, 1]; 1.0 for equal tokens."""


class Similarity:
    """Cached spelling similarity of two token strings (difflib ratio)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], float] = {}

    def __call__(self, a: str, b: str) -> float:
        if a == b:
            return 1.0
        key = (a, b)
        sim = self._cache.get(key)
        if sim is None:
            if len(self._cache) > 200_000:
                self._cache.clear()
            sim = SequenceMatcher(None, a, b, autojunk=False).ratio()
            self._cache[key] = sim
        return sim


@dataclass(frozen=True)
class AlignLimits:
    ngram: int = 4
    """Anchor n-gram length at the top level."""
    min_ngram: int = 2
    """Shortest n-gram tried inside a region before giving up on anchors."""
    direct_cells: int = 40_000
    """Regions up to this many DP cells skip anchoring and run the DP."""
    max_cells: int = 250_000
    """No DP larger than this (bytes of back-pointers, about)."""
    min_anchor_share: float = 0.05
    """If top-level anchors pair less than this share of the shorter side, the
    texts are unrelated: only the anchors are returned (a quick refusal)."""


def align_tokens(
    s: Sequence[str], r: Sequence[str], limits: AlignLimits | None = None
) -> list[Pair]:
    """Aligned token pairs, strictly increasing in both ``s`` and ``r``."""
    lim = limits or AlignLimits()
    out: list[Pair] = []
    cells = (len(s) + 1) * (len(r) + 1)
    if cells > lim.direct_cells:
        anchors = _anchors(s, r, 0, len(s), 0, len(r), lim.ngram)
        if len(anchors) < lim.min_anchor_share * min(len(s), len(r)):
            log.info("only %d anchor tokens: the texts look unrelated", len(anchors))
            return [Pair(i, j, 1.0) for i, j in anchors]
    _region(s, r, 0, len(s), 0, len(r), lim, Similarity(), out)
    return out


def _region(
    s: Sequence[str],
    r: Sequence[str],
    s0: int,
    s1: int,
    r0: int,
    r1: int,
    lim: AlignLimits,
    sim: Similarity,
    out: list[Pair],
) -> None:
    n, m = s1 - s0, r1 - r0
    if n == 0 or m == 0:
        return
    cells = (n + 1) * (m + 1)
    if cells <= lim.direct_cells:
        out.extend(_dp(s, r, s0, s1, r0, r1, sim))
        return
    anchors: list[tuple[int, int]] = []
    for k in range(lim.ngram, lim.min_ngram - 1, -1):
        anchors = _anchors(s, r, s0, s1, r0, r1, k)
        if anchors:
            break
    if not anchors:
        if cells <= lim.max_cells:
            out.extend(_dp(s, r, s0, s1, r0, r1, sim))
        else:
            log.info("no anchor in a %d x %d token region: left unaligned", n, m)
        return
    ps, pr = s0, r0
    for i, j in anchors:
        _region(s, r, ps, i, pr, j, lim, sim, out)
        out.append(Pair(i, j, 1.0))
        ps, pr = i + 1, j + 1
    _region(s, r, ps, s1, pr, r1, lim, sim, out)


def _unique_ngrams(seq: Sequence[str], lo: int, hi: int, k: int) -> dict[tuple[str, ...], int]:
    seen: dict[tuple[str, ...], int] = {}
    for i in range(lo, hi - k + 1):
        g = tuple(seq[i : i + k])
        seen[g] = -1 if g in seen else i
    return {g: i for g, i in seen.items() if i >= 0}


def _anchors(
    s: Sequence[str], r: Sequence[str], s0: int, s1: int, r0: int, r1: int, k: int
) -> list[tuple[int, int]]:
    """Token pairs of n-grams unique on both sides, in a consistent order."""
    us = _unique_ngrams(s, s0, s1, k)
    ur = _unique_ngrams(r, r0, r1, k)
    cands = sorted((i, ur[g]) for g, i in us.items() if g in ur)
    chain = _longest_increasing(cands)
    pairs: list[tuple[int, int]] = []
    for i, j in chain:
        for d in range(k):
            if not pairs or (i + d > pairs[-1][0] and j + d > pairs[-1][1]):
                pairs.append((i + d, j + d))
    return pairs


def _longest_increasing(cands: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain of candidates (sorted by first item) with the second
    item strictly increasing (patience sorting, O(n log n))."""
    tails: list[int] = []  # tails[L] = smallest r ending a chain of length L+1
    tail_idx: list[int] = []
    prev: list[int] = [-1] * len(cands)
    for idx, (_, j) in enumerate(cands):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(idx)
        else:
            tails[pos] = j
            tail_idx[pos] = idx
        prev[idx] = tail_idx[pos - 1] if pos else -1
    chain: list[tuple[int, int]] = []
    idx = tail_idx[-1] if tail_idx else -1
    while idx >= 0:
        chain.append(cands[idx])
        idx = prev[idx]
    return chain[::-1]


def _dp(
    s: Sequence[str], r: Sequence[str], s0: int, s1: int, r0: int, r1: int, sim: Similarity
) -> list[Pair]:
    """Edit-distance alignment of ``s[s0:s1]`` with ``r[r0:r1]`` with affine
    gaps (Gotoh): pairing different tokens costs ``MISMATCH + 2.5 * (1 -
    similarity)``, never more than leaving both out, so a misheard word keeps
    its place; a run of tokens on one side alone costs ``GAP`` each
    plus ``GAP_OPEN`` once, so a passage left out stays one run."""
    n, m = s1 - s0, r1 - r0
    width = m + 1
    # back-pointer byte per cell: bits 0-1 the state before M (diagonal),
    # 2-3 before X (s token alone), 4-5 before Y (r token alone)
    back = bytearray(width * (n + 1))
    inf = float("inf")
    pm = [0.0] + [inf] * m
    px = [inf] * width
    py = [inf] + [GAP_OPEN + j * GAP for j in range(1, width)]
    for j in range(1, width):
        back[j] = _Y << 4
    rs = r[r0:r1]
    ext, opn = GAP, GAP + GAP_OPEN
    for i in range(1, n + 1):
        a = s[s0 + i - 1]
        cm, cx, cy = [inf] * width, [inf] * width, [inf] * width
        cx[0] = GAP_OPEN + i * GAP
        row = i * width
        back[row] = _X << 2
        for j in range(1, width):
            b = rs[j - 1]
            # M: a paired with b
            best, bm = pm[j - 1], _M
            if px[j - 1] < best:
                best, bm = px[j - 1], _X
            if py[j - 1] < best:
                best, bm = py[j - 1], _Y
            cm[j] = best + (0.0 if a == b else MISMATCH + 2.5 * (1.0 - sim(a, b)))
            # X: a alone (extending a run wins ties)
            best, bx = px[j] + ext, _X
            if pm[j] + opn < best:
                best, bx = pm[j] + opn, _M
            if py[j] + opn < best:
                best, bx = py[j] + opn, _Y
            cx[j] = best
            # Y: b alone
            best, by = cy[j - 1] + ext, _Y
            if cm[j - 1] + opn < best:
                best, by = cm[j - 1] + opn, _M
            if cx[j - 1] + opn < best:
                best, by = cx[j - 1] + opn, _X
            cy[j] = best
            back[row + j] = bm | bx << 2 | by << 4
        pm, px, py = cm, cx, cy
    ends = (pm[m], px[m], py[m])
    state = ends.index(min(ends))
    pairs: list[Pair] = []
    i, j = n, m
    while i > 0 and j > 0:
        code = back[i * width + j]
        if state == _M:
            pairs.append(Pair(s0 + i - 1, r0 + j - 1, sim(s[s0 + i - 1], rs[j - 1])))
            state = code & 3
            i, j = i - 1, j - 1
        elif state == _X:
            state = (code >> 2) & 3
            i -= 1
        else:
            state = (code >> 4) & 3
            j -= 1
    return pairs[::-1]
