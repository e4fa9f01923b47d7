"""Writing SRT: the one writer, through the ``srt`` library, never a dropped cue."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import srt

from ..errors import FormatLimitError, SubtitlerError
from ..fsutil import write_text_atomic
from ..models import Cue
from ..timefmt import fmt_ms

MAX_MS = 1000 * 3_600_000
"""1000 hours: SRT readers (ours too) read up to three hour digits."""


def to_subtitles(cues: Sequence[Cue], *, validate: bool = True) -> list[srt.Subtitle]:
    """``srt.Subtitle`` objects numbered from 1. With ``validate`` every cue
    must have text and a start before its end (what a player shows); without,
    cues are written as they are (``--fix`` keeps what it cannot repair)."""
    subs = []
    for i, cue in enumerate(cues, start=1):
        content = "\n".join(line.strip() for line in cue.lines if line.strip())
        if max(cue.start_ms, cue.end_ms) >= MAX_MS:
            raise FormatLimitError(f"cue {i} reaches {fmt_ms(max(cue.start_ms, cue.end_ms))}: SRT "
                                   f"times stop at "
                                   f"{fmt_ms(MAX_MS - 1)} (three hour digits); nothing written")
        if validate and (cue.start_ms < 0 or cue.end_ms <= cue.start_ms):
            raise SubtitlerError(f"cue {i} has invalid times {cue.start_ms}-{cue.end_ms} ms")
        if validate and not content:
            raise SubtitlerError(f"cue {i} has no text")
        subs.append(
            srt.Subtitle(
                index=i,
                start=timedelta(milliseconds=cue.start_ms),
                end=timedelta(milliseconds=cue.end_ms),
                content=content,
            )
        )
    return subs


def compose(cues: Sequence[Cue], *, eol: str = "\n", validate: bool = True) -> str:
    """SRT text for ``cues``: numbered from 1, every cue kept (``reindex=False``:
    the library would otherwise drop cues it finds invalid), ``eol`` line ends."""
    return str(srt.compose(to_subtitles(cues, validate=validate), reindex=False, eol=eol))


def write_srt(path: str | Path, cues: Sequence[Cue]) -> str:
    """Write ``cues`` to ``path`` atomically as UTF-8 without BOM; returns the text."""
    text = compose(cues)
    write_text_atomic(path, text)
    return text
