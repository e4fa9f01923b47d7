"""What a reader makes of one subtitle file, whatever its format."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
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


@dataclass(frozen=True)
class Placement:
    """How a writer writes one new cue back into a file (see ``placements``)."""

    source: int | None
    """The entry the cue takes its look from (None: no entry, the format's default)."""
    first: bool
    """The first cue made from ``source``: it also keeps the entry's identifier
    and the notes or comments before it (a split's second half does not)."""
    carried: tuple[int, ...] = ()
    """Entries no cue is made from (deleted, merged away) whose notes or
    comments go before this cue, so that none is lost."""


def placements(sources: Sequence[int | None], count: int) -> tuple[list[Placement], list[int]]:
    """Each new cue's placement, given ``sources[i]`` (the entry of the file's
    ``count`` entries cue ``i`` was made from; an entry may give several cues,
    or none), and the entries whose notes go at the end of the file."""
    used = sorted({k for k in sources if k is not None})
    carried: dict[int | None, list[int]] = {}
    for d in sorted(set(range(count)) - set(used)):
        after = bisect.bisect_right(used, d)
        carried.setdefault(used[after] if after < len(used) else None, []).append(d)
    seen: set[int] = set()
    out = []
    for k in sources:
        first = k is not None and k not in seen
        if k is not None:
            seen.add(k)
        out.append(Placement(k, first, tuple(carried.pop(k, ())) if first else ()))
    return out, carried.pop(None, [])
