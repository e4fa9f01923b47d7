"""Timing rules: order, overlap, gaps, duration, reading speed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..models import Cue
from ..timefmt import fmt_ms
from .base import Context, Hit


def valid(cue: Cue) -> bool:
    """Whether the cue ends after it starts (the timing rules skip the others)."""
    return cue.end_ms > cue.start_ms


def time_order(cues: Sequence[Cue]) -> list[int]:
    """Indices of the well-timed cues, sorted by start (then end, then index)."""
    return sorted(
        (i for i, c in enumerate(cues) if valid(c)),
        key=lambda i: (cues[i].start_ms, cues[i].end_ms, i),
    )



def check_timing_order(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    prev_start: int | None = None
    for i, cue in enumerate(cues):
        if not valid(cue):
            what = "the same as" if cue.end_ms == cue.start_ms else "before"
            yield Hit(
                i,
                f"ends {fmt_ms(cue.end_ms)}, {what} its start {fmt_ms(cue.start_ms)}",
                {"start_ms": cue.start_ms, "end_ms": cue.end_ms},
            )
        elif prev_start is not None and cue.start_ms < prev_start:
            yield Hit(
                i,
                f"starts {fmt_ms(cue.start_ms)}, before the previous cue ({fmt_ms(prev_start)})",
                {"start_ms": cue.start_ms, "previous_start_ms": prev_start},
            )
        if valid(cue):
            prev_start = cue.start_ms if prev_start is None else max(prev_start, cue.start_ms)


def check_overlap(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    last: int | None = None  # the earlier cue that ends latest
    for i in time_order(cues):
        cue = cues[i]
        if last is not None and cue.start_ms < cues[last].end_ms:
            ms = min(cues[last].end_ms, cue.end_ms) - cue.start_ms
            yield Hit(
                i,
                f"overlaps cue {ctx.num(last)} by {ms} ms (cue {ctx.num(last)} ends "
                f"{fmt_ms(cues[last].end_ms)}, this one starts {fmt_ms(cue.start_ms)})",
                {"other": ctx.num(last), "overlap_ms": ms},
            )
        if last is None or cue.end_ms > cues[last].end_ms:
            last = i


def check_min_gap(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    need = ctx.profile.min_gap_ms
    last: int | None = None
    for i in time_order(cues):
        cue = cues[i]
        if last is not None:
            gap = cue.start_ms - cues[last].end_ms
            if 0 <= gap < need:
                yield Hit(
                    i,
                    f"gap after cue {ctx.num(last)} is {gap} ms (min {need} ms)",
                    {"other": ctx.num(last), "gap_ms": gap, "min_gap_ms": need},
                )
        if last is None or cue.end_ms > cues[last].end_ms:
            last = i


def check_min_duration(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    need = ctx.profile.min_duration_ms
    for i, cue in enumerate(cues):
        if valid(cue) and cue.duration_ms < need:
            yield Hit(
                i,
                f"shown {cue.duration_ms} ms (min {need} ms)",
                {"duration_ms": cue.duration_ms, "min_duration_ms": need},
            )


def check_max_duration(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    most = ctx.profile.max_duration_ms
    for i, cue in enumerate(cues):
        if cue.duration_ms > most:
            yield Hit(
                i,
                f"shown {cue.duration_ms} ms (max {most} ms)",
                {"duration_ms": cue.duration_ms, "max_duration_ms": most},
            )


def check_reading_speed(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    most = ctx.profile.max_cps
    for i, (cue, chars) in enumerate(zip(cues, ctx.chars, strict=True)):
        ms = cue.end_ms - cue.start_ms
        if ms > 0 and chars * 1000 > (most + 1e-9) * ms:
            cps = chars * 1000 / ms
            yield Hit(
                i,
                f"{cps:.1f} characters per second (max {most:g}): "
                f"{chars} characters in {ms / 1000:.3f} s",
                {"cps": round(cps, 2), "max_cps": most, "chars": chars},
            )
