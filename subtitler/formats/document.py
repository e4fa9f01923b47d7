"""What a reader makes of one subtitle file, whatever its format."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Cue, Notice, PlacedCue


@dataclass(frozen=True)
class SubtitleDocument:
    """One file as read: each cue with its place in the file (position, line,
    number), and what the reader noticed on the way (the profile that checks
    the file gives those their severity). ``format`` is the registry's name
    of the file's format (``srt``, ``vtt``, ``ass``...).

    Cue text is in the form the rules read: lines of text with the ``<i>``,
    ``<b>``, ``<u>`` tags SRT uses; each format's reader turns its own markup
    into that (WebVTT entities decoded, ASS override tags turned into tags or
    left out), and its writer turns it back."""

    path: str
    entries: tuple[PlacedCue, ...]
    notices: tuple[Notice, ...]
    encoding: str
    lost_lines: tuple[int, ...] = ()
    """File lines whose text is in no cue (unreadable blocks, stray text)."""
    newline: str = "\n"
    """The line end most lines of the file use."""
    format: str = "srt"
    text: str = ""
    """The decoded text of the file (a writer that keeps what the cues do not
    hold, such as WebVTT styles or ASS styles, reads it again)."""

    @property
    def cues(self) -> tuple[Cue, ...]:
        return tuple(e.cue for e in self.entries)

    @property
    def lossless(self) -> bool:
        """Whether every text line of the file is in ``cues`` (safe to rewrite)."""
        return not self.lost_lines
