"""Cue timing: reading speed, minimum duration, gaps, and how long a cue may
stay after its speech.

Cues come in with the voice's own times (``voice.Pauses``: onset of the first
word, end of the last word's voice). ``settle`` applies the profile's timing
numbers while keeping cues sorted and apart; ``latest_end`` is the one rule
for how long a cue may stay on screen after its speech, which the cue
builder plans with and the ``text-over-silence`` check judges by.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from ..models import Cue
from ..profiles import Profile

SYNC_TOLERANCE_MS = 83
"""A cue may start up to 2 frames after the voice (Netflix 360051554394):
the cue builder starts one that late when the cue before needs the time to
be read (``plan``)."""
CLOSE_GAP_MS = 500
"""Gaps up to this (12 frames at 24 fps) are closed to the minimum gap."""


def latest_end(speech_end: int, start: int, next_start: int | None, profile: Profile) -> int:
    """The latest a cue whose speech ends at ``speech_end`` may stay on screen:
    ``max_linger_ms`` after its speech (or its minimum duration from ``start``),
    then on to the next cue's start less the minimum gap when the gap left would
    be ``CLOSE_GAP_MS`` or less (Netflix: close gaps under 12 frames to 2), and
    never into the next cue's minimum gap."""
    end = max(speech_end + profile.max_linger_ms, start + profile.min_duration_ms)
    if next_start is not None:
        limit = next_start - profile.min_gap_ms
        if limit - end <= CLOSE_GAP_MS:
            end = limit
    return end


def settle(cues: Sequence[Cue], profile: Profile) -> list[Cue]:
    """Apply reading speed, minimum duration and gap rules to cues whose
    ``end_ms`` is the end of their speech. Cues stay sorted and apart by
    ``min_gap_ms``; a cue ends later than its speech only as far as reading
    it needs, or on to the next cue when ``latest_end`` chains them (the gap
    left would be short), and never overlaps the next."""
    out = list(cues)
    gap = profile.min_gap_ms
    for i, cue in enumerate(out):
        speech_end = cue.end_ms
        need_cps = cue.start_ms + math.ceil(cue.chars * 1000 / profile.max_cps)
        nxt = out[i + 1].start_ms if i + 1 < len(out) else None
        end = max(
            speech_end,
            min(need_cps, speech_end + profile.max_linger_ms),
            cue.start_ms + profile.min_duration_ms,
        )
        latest = latest_end(speech_end, cue.start_ms, nxt, profile)
        if nxt is not None and latest == nxt - gap:
            end = latest  # chained: the gap left would be short, close it to the minimum
        end = min(end, latest)
        end = min(end, max(speech_end, cue.start_ms + profile.max_duration_ms))
        out[i] = replace(cue, end_ms=int(max(end, cue.start_ms + 1)))
    return _separate(out, gap)


def _separate(cues: list[Cue], gap: int) -> list[Cue]:
    """Guarantee start < end and ``gap`` between cues, moving the later cue's
    start when the earlier cue cannot shrink (word times that overlap)."""
    for i in range(1, len(cues)):
        prev, cue = cues[i - 1], cues[i]
        if cue.start_ms < prev.end_ms + gap:
            start = prev.end_ms + gap
            cues[i] = replace(cue, start_ms=start, end_ms=max(cue.end_ms, start + 1))
    return cues
