"""Writing SRT: the one writer, through the ``srt`` library, never a dropped cue."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import srt

from ..errors import FormatLimitError
from ..fsutil import write_text_atomic
from ..models import Cue, validate_cues
from ..timefmt import fmt_ms
from .markup import text_lines

MAX_MS = 1000 * 3_600_000
"""1000 hours: SRT readers (ours too) read up to three hour digits."""


def to_subtitles(cues: Sequence[Cue], *, validate: bool = True) -> list[srt.Subtitle]:
    """``srt.Subtitle`` objects numbered from 1. With ``validate``, the cues
    must pass ``models.validate_cues``; without, cues are written as they are
    (``--fix`` keeps what it cannot repair)."""
    for i, cue in enumerate(cues, start=1):
        if max(cue.start_ms, cue.end_ms) >= MAX_MS:
            raise FormatLimitError(f"cue {i} reaches {fmt_ms(max(cue.start_ms, cue.end_ms))}: SRT "
                                   f"times stop at "
                                   f"{fmt_ms(MAX_MS - 1)} (three hour digits); nothing written")
    if validate:
        validate_cues(cues)
    subs = []
    for i, cue in enumerate(cues, start=1):
        content = "\n".join(line.strip() for line in cue.lines if line.strip())
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


def compose_checked(cues: Sequence[Cue]) -> str:
    """``compose(cues)``, refused (``FormatLimitError``) where a cue would
    read back otherwise: SRT has no escapes, so a text line that reads as a
    timing line (or a number before one) starts a new cue."""
    from .srt_read import parse_text

    text = compose(cues)
    back = parse_text(text).cues
    for k, (cue, got) in enumerate(zip([*cues, None], [*back, None], strict=False), 1):
        want = None if cue is None else Cue(cue.start_ms, cue.end_ms, tuple(text_lines(cue.lines)))
        if want != got:
            shown = next((line for line in (want.lines if want else ()) if line[:1].isdigit()),
                         "")
            raise FormatLimitError(f"cue {k} would read back as another cue in an SRT file (a "
                                   f"line such as \"{shown[:40]}\" reads as a cue number or "
                                   "timing line); nothing written: change it, or write WebVTT")
    return text


def write_srt(path: str | Path, cues: Sequence[Cue]) -> str:
    """Write ``cues`` to ``path`` atomically as UTF-8 without BOM; returns the text."""
    text = compose(cues)
    write_text_atomic(path, text)
    return text
