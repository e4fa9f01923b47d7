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


def parse_time(text: str) -> int | None:
    """Milliseconds from a time as a person types it: seconds (``1.5``,
    ``90``), ``MM:SS.mmm`` or ``HH:MM:SS.mmm`` (``,`` or ``.`` before the
    milliseconds); None when it is none of these."""
    t = text.strip().replace(",", ".")
    parts = t.split(":")
    if not 1 <= len(parts) <= 3 or not all(parts):
        return None
    *whole, last = parts
    if not all(p.isdigit() and len(p) <= 3 for p in whole):
        return None
    sec, _, frac = last.partition(".")
    if not sec.isdigit() or (frac and not frac.isdigit()) or (whole and int(sec) > 59):
        return None
    if len(whole) == 2 and int(whole[1]) > 59:
        return None
    ms = int(sec) * 1000 + (round(int(frac) * 10 ** (3 - len(frac))) if frac and len(frac) <= 3
                            else round(float("0." + frac) * 1000) if frac else 0)
    for i, p in enumerate(reversed(whole)):
        ms += int(p) * (60_000 if i == 0 else 3_600_000)
    return ms
