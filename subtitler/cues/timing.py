"""Cue timing: speech onsets, reading speed, minimum duration and gaps.

Whisper's word start times are often 100-300 ms off the voice (more after a
pause, which the next word's time often swallows); ``refine_onsets``
moves each cue's start to the speech onset found in the audio's energy near
the first word. ``settle`` then applies the profile's timing numbers while
keeping cues sorted and apart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ..media.audio import Samples
from ..models import Cue, Word
from ..profiles import Profile

FRAME_MS = 10
SEARCH_BEFORE_MS = 400
FIRST_WORD_MIN_MS = 100
"""The voice of the first word lasts at least this long before it ends."""
QUIET_BEFORE_MS = 100
"""An onset is a rise out of at least this much quiet."""
SYNC_TOLERANCE_MS = 83
"""A cue may start up to 2 frames after the voice (Netflix 360051554394)."""
CLOSE_GAP_MS = 500
"""Gaps up to this (12 frames at 24 fps) are closed to the minimum gap."""


def frame_db(samples: Samples, rate: int = 16000) -> np.ndarray:
    """Energy of each 10 ms frame in dB."""
    hop = rate * FRAME_MS // 1000
    n = samples.size // hop
    db = np.zeros(n)
    step = 6000  # frames per block (60 s): memory stays at a block, whatever the length
    for i in range(0, n, step):
        j = min(n, i + step)
        frames = samples[i * hop : j * hop].astype(np.float64).reshape(j - i, hop)
        rms = np.sqrt(np.mean(frames * frames, axis=1))
        db[i:j] = 20.0 * np.log10(np.maximum(rms, 1e-6))
    return db


def _threshold(db: np.ndarray) -> float:
    floor = float(np.percentile(db, 10))
    loud = float(np.percentile(db, 95))
    return floor + max(6.0, 0.3 * (loud - floor))


def _onsets(db: np.ndarray, thr: float) -> np.ndarray:
    """Frame indices where energy rises above ``thr`` after enough quiet."""
    above = db > thr
    quiet = QUIET_BEFORE_MS // FRAME_MS
    rises = np.flatnonzero(above[1:] & ~above[:-1]) + 1
    keep = [r for r in rises if r >= quiet and not above[r - quiet : r].any()]
    return np.asarray(keep, dtype=np.int64)


def audio_pauses(samples: Samples, words: Sequence[Word], reach_ms: int = 200) -> list[int]:
    """For each boundary between words i and i+1, the longest quiet stretch
    (ms) in the audio near it, or the gap between the word times if longer.
    Whisper's word times often run on through real pauses; the audio doesn't."""
    gaps = [max(0, b.start_ms - a.end_ms) for a, b in zip(words, words[1:], strict=False)]
    db = frame_db(samples)
    if db.size == 0:
        return gaps
    quiet = db <= _threshold(db)
    # run[i] = length of the quiet run ending at frame i
    run = np.zeros(quiet.size, dtype=np.int64)
    count = 0
    for i, q in enumerate(quiet.tolist()):
        count = count + 1 if q else 0
        run[i] = count
    out = []
    for i, gap in enumerate(gaps):
        a = max(0, (words[i].end_ms - reach_ms) // FRAME_MS)
        b = min(quiet.size, (words[i + 1].start_ms + reach_ms) // FRAME_MS)
        longest = int(np.minimum(run[a:b], np.arange(1, b - a + 1)).max()) if b > a else 0
        out.append(max(gap, longest * FRAME_MS))
    return out


def refine_onsets(
    cues: Sequence[Cue], samples: Samples, first_word_ends: Sequence[int]
) -> list[Cue]:
    """Move each cue's start to the speech onset nearest its first word's
    start: from ``SEARCH_BEFORE_MS`` before it (never before the previous
    cue's speech ends) to just before the first word ends (the engines often
    start a word in the pause before it). Cue ends are speech ends here."""
    db = frame_db(samples)
    if db.size == 0 or not cues:
        return list(cues)
    onsets = _onsets(db, _threshold(db)) * FRAME_MS
    out: list[Cue] = []
    for i, cue in enumerate(cues):
        lo = max(cue.start_ms - SEARCH_BEFORE_MS, cues[i - 1].end_ms if i else 0)
        hi = max(cue.start_ms, first_word_ends[i] - FIRST_WORD_MIN_MS)
        a, b = np.searchsorted(onsets, [lo, hi + 1])
        near = onsets[a:b]
        if near.size:
            best = int(near[np.argmin(np.abs(near - cue.start_ms))])
            cue = replace(cue, start_ms=min(best, cue.end_ms - 1))
        out.append(cue)
    return out


def settle(cues: Sequence[Cue], profile: Profile) -> list[Cue]:
    """Apply reading speed, minimum duration and gap rules to cues whose
    ``end_ms`` is the end of their speech. Cues stay sorted and apart by
    ``min_gap_ms``; a cue only ends later than its speech by up to
    ``max_linger_ms`` for reading speed, or more to reach the minimum duration,
    and never overlaps the next."""
    out = list(cues)
    gap = profile.min_gap_ms
    for i, cue in enumerate(out):
        speech_end = cue.end_ms
        need_cps = cue.start_ms + math.ceil(cue.chars * 1000 / profile.max_cps)
        if i + 1 < len(out):
            _make_room(out, i, min(need_cps, speech_end + profile.max_linger_ms) + gap)
        nxt = out[i + 1].start_ms if i + 1 < len(out) else math.inf
        limit = nxt - gap
        end: float = max(speech_end, min(need_cps, speech_end + profile.max_linger_ms))
        end = max(end, cue.start_ms + profile.min_duration_ms)
        if 0 <= limit - end <= CLOSE_GAP_MS:
            end = limit  # close a short gap to the minimum
        end = min(end, limit, max(speech_end, cue.start_ms + profile.max_duration_ms))
        out[i] = replace(cue, end_ms=int(max(end, cue.start_ms + 1)))
    return _separate(out, gap)


def _make_room(cues: list[Cue], i: int, wanted_start: int) -> None:
    """Let cue ``i``, too fast to read, delay the next cue's start by up to
    ``SYNC_TOLERANCE_MS`` (a cue may start 1-2 frames after the voice), as
    long as the next cue keeps its speech."""
    nxt = cues[i + 1]
    shift = min(wanted_start - nxt.start_ms, SYNC_TOLERANCE_MS, nxt.end_ms - nxt.start_ms - 1)
    if shift > 0:
        cues[i + 1] = replace(nxt, start_ms=nxt.start_ms + shift)


def _separate(cues: list[Cue], gap: int) -> list[Cue]:
    """Guarantee start < end and ``gap`` between cues, moving the later cue's
    start when the earlier cue cannot shrink (word times that overlap)."""
    for i in range(1, len(cues)):
        prev, cue = cues[i - 1], cues[i]
        if cue.start_ms < prev.end_ms + gap:
            start = prev.end_ms + gap
            cues[i] = replace(cue, start_ms=start, end_ms=max(cue.end_ms, start + 1))
    return cues
