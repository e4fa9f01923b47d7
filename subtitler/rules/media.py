"""Rules that compare cues with the speech in the media (``--media``).

``text-over-silence``: a cue is shown while no one speaks, starts well before
the speech or stays well after it. ``speech-not-covered``: someone speaks for
a while and no cue is shown. Speech comes from voice-activity detection
(``vad.speech_regions``), which is approximate: the limits below allow for it.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Sequence

from ..cues.timing import latest_end
from ..media.vad import Region
from ..models import Cue, Finding, PlacedCue, placed
from ..profiles import Profile
from ..timefmt import fmt_ms
from .base import Hit, make_finding, wanted
from .catalog import EARLY_MS, MIN_UNCOVERED_MS
from .timing import valid

VAD_SLACK_MS = 250
"""Allowance for voice-activity boundaries, which are approximate."""


def media_findings(
    cues: Sequence[Cue] | Sequence[PlacedCue],
    regions: Sequence[Region],
    profile: Profile,
    *,
    select: Collection[str] | None = None,
    ignore: Collection[str] | None = None,
) -> list[Finding]:
    """``text-over-silence`` and ``speech-not-covered`` findings for ``cues``
    against the speech ``regions`` (sorted, in ms) of their media."""
    regions = sorted(regions, key=lambda r: r.start_ms)
    entries = placed(cues)
    plain = [e.cue for e in entries]
    out: list[Finding] = []
    if wanted("text-over-silence", select, ignore):
        out += [
            make_finding(profile, "text-over-silence", hit, entries)
            for hit in silence_hits(plain, regions, profile)
        ]
    if wanted("speech-not-covered", select, ignore):
        out += uncovered_findings(entries, regions, profile)
    return out


def silence_hits(cues: Sequence[Cue], regions: Sequence[Region], profile: Profile) -> list[Hit]:
    starts = [r.start_ms for r in regions]
    shown = sorted((c.start_ms, i) for i, c in enumerate(cues) if valid(c))
    hits: list[Hit] = []
    for i, cue in enumerate(cues):
        if not valid(cue) or not cue.chars:
            continue
        k = bisect.bisect_left(starts, cue.end_ms)
        lo = k
        while lo > 0 and regions[lo - 1].end_ms > cue.start_ms:
            lo -= 1
        after = bisect.bisect_right(shown, (cue.start_ms, i))
        nxt = shown[after][0] if after < len(shown) else None
        hit = _silence_hit(i, cue, regions[lo:k], profile, nxt)
        if hit is not None:
            hits.append(hit)
    return hits


def _silence_hit(
    i: int, cue: Cue, speech: Sequence[Region], profile: Profile, next_start: int | None
) -> Hit | None:
    span = f"{fmt_ms(cue.start_ms)}-{fmt_ms(cue.end_ms)}"
    if not speech:
        return Hit(i, f"shown {span} while no one speaks", {"speech_ms": 0})
    early = speech[0].start_ms - cue.start_ms
    if early > EARLY_MS:
        msg = f"shown {early / 1000:.1f} s before the speech starts (max {EARLY_MS / 1000:g} s)"
        return Hit(i, msg, {"early_ms": early})
    last = speech[-1].end_ms
    reading_ms = int(cue.chars * 1000 / profile.max_cps) if profile.max_cps > 0 else 0
    # what the cue builder allows itself (linger, minimum duration, a gap
    # closed up to the next cue), or what reading needs
    allowed = max(latest_end(last, cue.start_ms, next_start, profile), cue.start_ms + reading_ms)
    late = cue.end_ms - last
    if cue.end_ms > allowed + VAD_SLACK_MS:
        msg = (
            f"stays {late / 1000:.1f} s after the speech ends "
            f"(max {profile.max_linger_ms / 1000:g} s, or what reading needs, "
            "or up to a next cue less than 0.5 s later)"
        )
        return Hit(i, msg, {"late_ms": late})
    return None


def _covered(cues: Sequence[Cue]) -> list[tuple[int, int, int]]:
    """Merged spans shown on screen, with the index of the cue starting each."""
    spans: list[tuple[int, int, int]] = []
    for i in sorted((i for i, c in enumerate(cues) if valid(c)), key=lambda i: cues[i].start_ms):
        cue = cues[i]
        if spans and cue.start_ms <= spans[-1][1]:
            a, b, first = spans[-1]
            spans[-1] = (a, max(b, cue.end_ms), first)
        else:
            spans.append((cue.start_ms, cue.end_ms, i))
    return spans


def uncovered_findings(
    entries: Sequence[PlacedCue], regions: Sequence[Region], profile: Profile
) -> list[Finding]:
    spans = _covered([e.cue for e in entries])
    ends = [b for _, b, _ in spans]
    out: list[Finding] = []
    for region in regions:
        k = bisect.bisect_right(ends, region.start_ms)
        pos = region.start_ms
        while pos < region.end_ms:
            nxt = spans[k] if k < len(spans) else None
            gap_end = min(region.end_ms, nxt[0]) if nxt else region.end_ms
            if gap_end - pos >= MIN_UNCOVERED_MS:
                out.append(_uncovered(pos, gap_end, nxt, profile, entries))
            if nxt is None or nxt[0] >= region.end_ms:
                break
            pos, k = nxt[1], k + 1
    return out


def _uncovered(
    start: int,
    end: int,
    nxt: tuple[int, int, int] | None,
    profile: Profile,
    entries: Sequence[PlacedCue],
) -> Finding:
    where = "after the last cue"
    line = None
    if nxt is not None:
        first = entries[nxt[2]]
        where = f"before cue {first.position}"
        line = first.line
    secs = (end - start) / 1000
    msg = f"speech {fmt_ms(start)}-{fmt_ms(end)} ({secs:.1f} s) has no cue ({where})"
    data = {"start_ms": start, "end_ms": end}
    return profile.finding("speech-not-covered", None, msg, line, data)
