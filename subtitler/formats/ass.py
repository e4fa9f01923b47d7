"""ASS/SSA (Advanced SubStation Alpha, Aegisub's format) through ``pysubs2``:
reading with each event's line in the file, writing new styled files, and
writing a file back with new cue times and text (styles, script info, other
events and each event's style, layer, margins and leading overrides kept).

ASS times are in centiseconds: a millisecond time is rounded to the nearest
10 ms when written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pysubs2

from ..errors import SubtitleFileError, SubtitlerError
from ..models import Cue, Notice, PlacedCue
from .ass_style import Look, styled_file
from .ass_text import rewritten, to_event_text, to_lines
from .document import SubtitleDocument
from .srt_read import newline_of

_SECTION = re.compile(r"^\s*\[(.+)\]\s*$")
_EVENT = re.compile(r"^\s*(Dialogue|Comment)\s*:(.*)$")
_TIME = re.compile(r"\s*-?\d+:\d{1,2}:\d{1,2}(?:[.:]\d{1,3})?\s*")


def ass_kind(text: str) -> str:
    """``ssa`` for a SubStation Alpha v4 file, else ``ass``."""
    v4plus = re.search(r"^\s*\[V4\+ Styles\]", text, re.MULTILINE | re.IGNORECASE)
    v4 = re.search(r"^\s*\[V4 Styles\]", text, re.MULTILINE | re.IGNORECASE)
    return "ssa" if v4 and not v4plus else "ass"


def _events(lines: list[str], notices: list[Notice]) -> tuple[list[tuple[int, bool]], list[int]]:
    """``(line number, is dialogue)`` of each event pysubs2 will read, and the
    numbers of event lines it must not see (unreadable times)."""
    events: list[tuple[int, bool]] = []
    bad: list[int] = []
    section = ""
    for no, line in enumerate(lines, 1):
        if m := _SECTION.match(line):
            section = m.group(1).strip().lower()
            continue
        m = _EVENT.match(line)
        if m is None:
            continue
        if section != "events":
            notices.append(Notice("ass-syntax", "event outside the [Events] section", no))
        fields = m.group(2).split(",", 9)
        if len(fields) < 10 or not (_TIME.fullmatch(fields[1]) and _TIME.fullmatch(fields[2])):
            msg = "cannot read this event (fields or times); players skip it"
            notices.append(Notice("ass-syntax", msg, no))
            bad.append(no)
            continue
        events.append((no, m.group(1) == "Dialogue"))
    return events, bad


def _load(text: str, kind: str, path: str) -> pysubs2.SSAFile:
    try:
        return pysubs2.SSAFile.from_string(text, format_=kind)
    except (ValueError, KeyError, IndexError, NotImplementedError) as err:
        raise SubtitleFileError(f"cannot read this {kind.upper()} file: {err}", path=path) from None


def _readable(text: str, path: str, notices: list[Notice]) -> tuple[pysubs2.SSAFile,
                                                                     list[tuple[int, bool]]]:
    lines = re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))
    events, bad = _events(lines, notices)
    for no in bad:
        lines[no - 1] = ""
    subs = _load("\n".join(lines), ass_kind(text), path)
    if len(subs.events) != len(events):
        raise SubtitleFileError("cannot match the events to their lines", path=path)
    return subs, events


def parse_ass(
    text: str, path: str = "<text>", *, encoding: str = "UTF-8",
    notices: list[Notice] | None = None,
) -> SubtitleDocument:
    """Read decoded ASS/SSA text: each Dialogue event is a cue (Comment
    events are not shown, so they are not cues)."""
    found = list(notices or [])
    head = text.lstrip("\ufeff \t\r\n")[:200]
    if not head.startswith("[Script Info]"):
        found.append(Notice("ass-syntax", 'the file does not start with "[Script Info]"', 1))
    subs, events = _readable(text, path, found)
    entries: list[PlacedCue] = []
    for ev, (no, shown) in zip(subs.events, events, strict=True):
        if shown:
            cue = Cue(ev.start, ev.end, tuple(x for x in to_lines(ev.text) if x))
            entries.append(PlacedCue(cue, len(entries) + 1, no, None))
    if not entries:
        found.append(Notice("ass-syntax", "no Dialogue events in the file", 1))
    found.sort(key=lambda n: n.line or 0)
    return SubtitleDocument(
        path=path, entries=tuple(entries), notices=tuple(found), encoding=encoding,
        newline=newline_of(text), format=ass_kind(text), text=text,
    )


def compose_ass(cues: Sequence[Cue], look: Look | None = None, kind: str = "ass") -> str:
    """A styled ASS (or SSA) file of ``cues``: one style, ``look``'s."""
    subs = styled_file(look or Look())
    for cue in cues:
        subs.events.append(pysubs2.SSAEvent(start=cue.start_ms, end=cue.end_ms,
                                            text=to_event_text(cue.lines), style="Default"))
    return str(subs.to_string(kind, header_notice="Written by subtitler"))


def rewrite_ass(doc: SubtitleDocument, cues: Sequence[Cue], sources: Sequence[int]) -> str:
    """``doc``'s file with ``cues`` in place of its Dialogue events
    (``sources[i]``: the index in ``doc.entries`` cue ``i`` was made from).
    Comment events keep their place before the event they preceded."""
    subs, events = _readable(doc.text, doc.path, [])
    groups: list[list[pysubs2.SSAEvent]] = [[]]
    for ev, (_, shown) in zip(subs.events, events, strict=True):
        groups[-1].append(ev)
        if shown:
            groups.append([])
    if len(groups) - 1 != len(doc.entries):
        raise SubtitlerError("the file changed since it was read", path=doc.path)
    out: list[pysubs2.SSAEvent] = []
    for cue, k in zip(cues, sources, strict=True):
        *comments, original = groups[k]
        event = original.copy()
        event.start, event.end = cue.start_ms, cue.end_ms
        if cue.lines != doc.entries[k].cue.lines:
            event.text = rewritten(original.text, cue.lines)
        out.extend([*comments, event])
    subs.events = out + groups[-1]
    text = str(subs.to_string(doc.format, header_notice=""))
    return text.replace("\n", doc.newline) if doc.newline != "\n" else text
