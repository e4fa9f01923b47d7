"""Any supported subtitle format to any other: times to the millisecond
(ASS/SSA: to the centisecond, their resolution), text exactly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import SubtitleFileError, UsageError
from .content import Subtitles
from .document import SubtitleDocument
from .registry import FORMATS, Format, format_of_path, read_subtitles


@dataclass(frozen=True)
class Conversion:
    source: SubtitleDocument
    target: Format
    text: str


def target_format(out: str | Path, name: str | None = None) -> Format:
    """The format to write: ``name``, else the one ``out``'s extension says."""
    if name is not None:
        if name not in FORMATS:
            raise UsageError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})")
        return FORMATS[name]
    fmt = format_of_path(out)
    if fmt is None:
        known = ", ".join(e for f in FORMATS.values() for e in f.extensions)
        raise UsageError(f"cannot tell the format from the extension (known: {known}); "
                         "name it with --to", path=out)
    return fmt


def convert(src: str | Path, out: str | Path, fmt: str | None = None,
            language: str | None = None) -> Conversion:
    """Read ``src`` (any format with timings) and make ``out``'s text; writes
    nothing. A file with text the reader could not place is refused (the
    conversion would lose it), and so are cues ``out``'s format cannot hold
    (``FormatLimitError``: a time past its range)."""
    target = target_format(out, fmt)
    doc = read_subtitles(src)
    if not doc.lossless:
        lines = ", ".join(map(str, doc.lost_lines[:8]))
        raise SubtitleFileError(f"lines {lines} are in no cue; converting would lose them: "
                                "repair them first (subtitler check shows why)", path=src,
                                line=doc.lost_lines[0])
    return Conversion(doc, target, target.text_for(Subtitles(doc.cues, language=language), out))
