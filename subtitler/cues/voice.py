"""Where the voice is in the audio: quiet stretches between words.

Recognisers' word times are often 100-500 ms off the voice (late after a
pause, or run on through it; more so after voice-activity filtering). The
audio knows better: a stretch of quiet between two words ends where the next
voice starts (a cue's onset) and starts where the last one stopped (a cue's
speech end). Quiet is energy below a threshold set from the recording's own
levels, or anything outside the voice-activity regions (so music and noise
between sentences count as quiet too).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..media.audio import Samples
from ..media.vad import Region
from ..models import Word
from .options import DEFAULT, CueOptions

FRAME_MS = 10
REACH_MS = 200
"""How far from where the recogniser puts a word boundary its quiet may lie..."""
HEARD_MS = 100
BLIP_MS = 40
REAL_PAUSE_MS = 250
LONG_QUIET_MS = 250
"""...or, for quiet at least this long (a real pause, not a stop consonant),
up to ``CueOptions.onset_lookback_ms``."""
QUIET_RANGE_DB = 35.0
DIGITAL_SILENCE_DB = -90.0


@dataclass(frozen=True)
class Quiet:
    """A stretch without voice, in ms."""

    start_ms: int
    end_ms: int

    @property
    def ms(self) -> int:
        return self.end_ms - self.start_ms


def frame_db(samples: Samples, rate: int = 16000) -> np.ndarray:
    """Energy of each 10 ms frame in dB."""
    hop = rate * FRAME_MS // 1000
    n = samples.size // hop
    db: np.ndarray = np.zeros(n)
    step = 6000  # frames per block (60 s): memory stays at a block, whatever the length
    for i in range(0, n, step):
        j = min(n, i + step)
        frames = samples[i * hop : j * hop].astype(np.float64).reshape(j - i, hop)
        rms = np.sqrt(np.mean(frames * frames, axis=1))
        db[i:j] = 20.0 * np.log10(np.maximum(rms, 1e-6))
    return db


def levels(db: np.ndarray) -> tuple[float, float]:
    """The recording's floor and loud level (10th and 95th percentile of its
    frames), digital silence (a clip padded with zeros) left out."""
    live = db[db > DIGITAL_SILENCE_DB]
    if live.size == 0:
        return DIGITAL_SILENCE_DB, DIGITAL_SILENCE_DB
    return float(np.percentile(live, 10)), float(np.percentile(live, 95))


def threshold(db: np.ndarray) -> float:
    """The level below which a frame is quiet: above the floor (``levels``)
    by at least 6 dB or 30% of the dynamic range, and no more than
    ``QUIET_RANGE_DB`` below the loud level; with under 6 dB of range there
    is no pause to find (only digital silence is quiet)."""
    floor, loud = levels(db)
    if loud - floor < 6.0:
        return floor - 1.0
    return max(floor + max(6.0, 0.3 * (loud - floor)), loud - QUIET_RANGE_DB)


def _voiced(regions: Sequence[Region], loud: np.ndarray, options: CueOptions) -> np.ndarray:
    """Frames of voice: the voice-activity regions widened by ``vad_pad_ms``,
    then on through loud frames next to them for up to ``vad_grow_ms`` (the
    detector often starts a region late, and ends it early, in noise)."""
    voiced = np.zeros(loud.size, dtype=bool)
    pad, grow = options.vad_pad_ms // FRAME_MS, options.vad_grow_ms // FRAME_MS
    for r in regions:
        a = max(0, r.start_ms // FRAME_MS - pad)
        b = min(loud.size, max(a, r.end_ms // FRAME_MS + pad))
        while a > 0 and loud[a - 1] and r.start_ms // FRAME_MS - a < grow:
            a -= 1
        while b < loud.size and loud[b] and b - r.end_ms // FRAME_MS < grow:
            b += 1
        voiced[a:b] = True
    return voiced


class Voice:
    """Quiet stretches of one recording (10 ms frames)."""

    def __init__(
        self,
        samples: Samples,
        regions: Sequence[Region] | None = None,
        options: CueOptions = DEFAULT,
    ) -> None:
        db = frame_db(samples)
        quiet = db <= threshold(db) if db.size else np.zeros(0, dtype=bool)
        if regions is not None and quiet.size:
            voiced = _voiced(regions, ~quiet, options)
            # very noisy: soft speech is as quiet as the pauses, trust the VAD alone
            floor, loud = levels(db)
            quiet = (quiet | ~voiced) if loud - floor >= options.noisy_range_db else ~voiced
        self.options = options
        self._regions = None if regions is None else list(regions)
        self.frames = int(quiet.size)
        edges = np.flatnonzero(np.diff(np.concatenate(([0], quiet.astype(np.int8), [0]))))
        self._starts = edges[0::2] * FRAME_MS  # quiet runs, in ms
        self._ends = edges[1::2] * FRAME_MS

    def runs(self) -> list[Quiet]:
        """Every quiet stretch of at least ``min_pause_ms``; two stretches
        with under ``BLIP_MS`` of sound between them (a click, a burst of
        noise) are one."""
        merged: list[Quiet] = []
        for a, b in zip(self._starts.tolist(), self._ends.tolist(), strict=True):
            if merged and a - merged[-1].end_ms < BLIP_MS:
                merged[-1] = Quiet(merged[-1].start_ms, b)
            else:
                merged.append(Quiet(a, b))
        return [q for q in merged if q.ms >= self.options.min_pause_ms]

    def speech_through(self, a: int, b: int, until: int) -> bool:
        """Whether the sound between ``a`` and ``b`` is speech that goes on
        until ``until``: a voice-activity region over it that lasts that long
        (without regions, any sound between two pauses counts as speech)."""
        if self._regions is None:
            return True
        return any(r.start_ms < b and r.end_ms > a and r.end_ms >= until for r in self._regions)

    @property
    def duration_ms(self) -> int:
        return self.frames * FRAME_MS


def _gap(words: Sequence[Word], k: int, total: int) -> tuple[int, int]:
    """Where the recogniser puts boundary ``k`` (after word k; -1: before the
    first word, ``len(words) - 1``: after the last)."""
    a = words[k].end_ms if k >= 0 else 0
    b = words[k + 1].start_ms if k + 1 < len(words) else max(total, a)
    return (a, b) if a <= b else (b, a)


def _swallows(words: Sequence[Word], starts: Sequence[int], q: Quiet) -> bool:
    """Whether quiet ``q`` holds two or more whole words the recogniser heard
    (each at least ``HEARD_MS`` long): soft speech buried in noise, not a
    pause. (One word in a pause is common: recognisers put words there.)"""
    inside = 0
    for k in range(bisect.bisect_left(starts, q.start_ms), len(words)):
        w = words[k]
        if w.start_ms >= q.end_ms:
            break
        inside += w.end_ms <= q.end_ms and w.end_ms - w.start_ms >= HEARD_MS
    return inside >= 2


def _assign(words: Sequence[Word], voice: Voice) -> dict[int, Quiet]:
    """Each quiet stretch to the word boundary nearest it (ties: the one it
    overlaps most), if near enough: ``REACH_MS``, or ``onset_lookback_ms``
    for a pause long enough to be a real one. Boundaries run from -1 (before
    the first word) to ``len(words) - 1`` (after the last); a boundary with
    several stretches gets one pause (``_pause``)."""
    total = voice.duration_ms
    gaps = [_gap(words, k, total) for k in range(-1, len(words))]
    lows = [a for a, _ in gaps]
    found: dict[int, list[Quiet]] = {}
    far = voice.options.onset_lookback_ms
    starts = [w.start_ms for w in words]
    for q in voice.runs():
        if _swallows(words, starts, q):
            continue
        # the boundaries around the stretch: word gaps are sorted by start
        at = bisect.bisect_left(lows, q.start_ms)
        best: tuple[int, int, int] | None = None
        for g in range(max(0, at - 3), min(len(gaps), at + 3)):
            a, b = gaps[g]
            dist = max(0, a - q.end_ms, q.start_ms - b)
            overlap = max(0, min(b, q.end_ms) - max(a, q.start_ms))
            if best is None or (dist, -overlap) < (best[0], -best[1]):
                best = (dist, overlap, g - 1)
        if best is None or best[0] > (far if q.ms >= LONG_QUIET_MS else REACH_MS):
            continue
        found.setdefault(best[2], []).append(q)
    return {k: _pause(qs, voice) for k, qs in found.items()}


def _pause(stretches: Sequence[Quiet], voice: Voice) -> Quiet:
    """One pause from the quiet stretches of one word boundary (in time
    order). Stretches shorter than ``REAL_PAUSE_MS`` and half the longest are
    dips inside a word (a stop consonant in noise) and do not count. Two
    stretches with sound between them that is not speech (music, a click:
    no voice-activity region runs from it on through the second stretch) are
    one pause; of what remains, the longest is the pause."""
    longest = max(q.ms for q in stretches)
    real = [q for q in stretches if q.ms >= min(REAL_PAUSE_MS, longest / 2)]
    groups = [real[0]]
    for q in real[1:]:
        if voice.speech_through(groups[-1].end_ms, q.start_ms, q.end_ms):
            groups.append(q)
        else:
            groups[-1] = Quiet(groups[-1].start_ms, q.end_ms)
    return max(groups, key=lambda q: q.ms)


@dataclass(frozen=True)
class Pauses:
    """Per word boundary (k: after word k), the quiet between the words in
    the audio (None: none found, or no audio), and how long the pause is."""

    lead: Quiet | None
    """Quiet before the first word."""
    quiet: tuple[Quiet | None, ...]
    """``quiet[k]``: between word k and word k + 1; the last: after the last word."""
    ms: tuple[int, ...]
    """``ms[k]``: the pause after word k: the quiet found in the audio, or
    without audio, the gap between the word times."""

    def onset(self, words: Sequence[Word], i: int) -> int:
        """When the voice of word ``i`` starts, for a cue that starts with it."""
        q = self.lead if i == 0 else self.quiet[i - 1]
        return words[i].start_ms if q is None else q.end_ms

    def speech_end(self, words: Sequence[Word], j: int) -> int:
        """When the voice of word ``j`` stops, for a cue that ends with it."""
        q = self.quiet[j]
        return words[j].end_ms if q is None else q.start_ms


def pauses(words: Sequence[Word], voice: Voice | None = None) -> Pauses:
    """The pauses around every word: from the audio when there is ``voice``,
    else from the gaps between the word times."""
    if voice is None or not words:
        gaps = [max(0, b.start_ms - a.end_ms) for a, b in zip(words, words[1:], strict=False)]
        return Pauses(None, (None,) * len(words), (*gaps, 0) if words else ())
    found = _assign(words, voice)
    lead = found.get(-1)
    quiet = [found.get(k) for k in range(len(words))]
    ms = [q.ms if q else 0 for q in quiet]  # the audio knows better than the word times
    return Pauses(lead, tuple(quiet), tuple(ms))
