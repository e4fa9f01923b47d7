"""Writing SRT through the ``srt`` library: validated, never a dropped cue."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import srt

from .errors import SubtitlerError
from .fsutil import write_text_atomic
from .models import Cue


def to_subtitles(cues: Sequence[Cue]) -> list[srt.Subtitle]:
    """``srt.Subtitle`` objects numbered from 1, after checking every cue is
    one ``srt.compose`` would keep (it silently drops the others)."""
    subs = []
    for i, cue in enumerate(cues, start=1):
        if cue.start_ms < 0 or cue.end_ms <= cue.start_ms:
            raise SubtitlerError(f"cue {i} has invalid times {cue.start_ms}-{cue.end_ms} ms")
        content = "\n".join(line.strip() for line in cue.lines if line.strip())
        if not content:
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


def compose(cues: Sequence[Cue]) -> str:
    return str(srt.compose(to_subtitles(cues), reindex=False))


def write_srt(path: str | Path, cues: Sequence[Cue]) -> str:
    """Write ``cues`` to ``path`` atomically as UTF-8 without BOM; returns the text."""
    text = compose(cues)
    write_text_atomic(path, text)
    return text
