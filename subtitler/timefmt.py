"""Times as people and subtitle files write them: the one formatter."""

from __future__ import annotations


def fmt_ms(ms: int, *, sep: str = ",", short: bool = False) -> str:
    """``HH:MM:SS,mmm`` as in SRT (``sep="."``: as in WebVTT). ``short`` drops
    the hours when they are zero (``MM:SS.mmm``, for messages). Negative times
    keep a leading minus."""
    sign, ms = ("-", -ms) if ms < 0 else ("", ms)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, milli = divmod(rest, 1000)
    if short and not h:
        return f"{sign}{m:02d}:{s:02d}{sep}{milli:03d}"
    return f"{sign}{h:02d}:{m:02d}:{s:02d}{sep}{milli:03d}"


def clock(ms: int) -> str:
    """A time for messages and summaries: ``MM:SS.mmm``, hours when needed."""
    return fmt_ms(ms, sep=".", short=True)
