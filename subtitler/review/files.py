"""Which subtitle files a review edits: any format ``subtitler check --fix``
writes back in its own format (SRT, WebVTT, ASS/SSA; ``formats.registry``),
and the default file beside the media."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..formats.registry import FORMATS, Format, format_of_path
from ..pipeline.outputs import targets_for

REVIEWED = tuple(name for name, f in FORMATS.items() if f.rewrite is not None)
"""The formats a review opens and saves (each written back by its own writer)."""
EXTENSIONS = tuple(dict.fromkeys(e for name in REVIEWED for e in FORMATS[name].extensions))
"""Their extensions, SRT's first."""


def extensions_text() -> str:
    """``.srt, .vtt, ... or .ssa``."""
    return ", ".join(EXTENSIONS[:-1]) + " or " + EXTENSIONS[-1]


def reviewed_format(path: Path) -> Format | None:
    """The format ``path``'s extension names, if a review can save it; None
    for an extension that names none (the file's content decides, else SRT).
    ``UsageError`` for a format that is read but not written back (TTML, JSON)."""
    fmt = format_of_path(path)
    if fmt is None or fmt.name in REVIEWED:
        return fmt
    raise UsageError(f"review edits {extensions_text()} files, not {fmt.label}: convert it "
                     "first (subtitler convert)", path=path)


def default_subtitles(media: Path) -> tuple[Path, str | None]:
    """The subtitles beside ``media``: ``<stem>.srt`` if it exists (or if no
    other format's file does), else the one ``<stem>.vtt``, ``<stem>.ass``...
    that exists, with a note saying so. ``UsageError`` when several do."""
    srt = targets_for(media).srt
    if srt.exists():
        return srt, None
    found = [p for e in EXTENSIONS[1:] if (p := srt.with_name(srt.stem + e)).exists()]
    if not found:
        return srt, None
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise UsageError(f"no {srt.name}, and several subtitle files beside {media.name} "
                         f"({names}): name one with --subtitles")
    return found[0], f"{srt.name} does not exist: reviewing {found[0].name}"
