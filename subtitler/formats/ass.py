"""ASS/SSA (Advanced SubStation Alpha, Aegisub's format): reading each
event with its line in the file, writing new styled files (styles and
script info through ``pysubs2``), and writing a file back with new cue
times and text, every other line kept as it was (sections subtitler does
not know, such as ``[Aegisub Extradata]``, comments, styles, Comment events,
each event's style, layer, margins and leading overrides).

ASS times are in centiseconds: a millisecond time is rounded to the nearest
10 ms when written; ``ass_file`` says which times are written and how odd
ones are read.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import SubtitlerError
from ..models import Cue, Notice, PlacedCue
from .ass_file import (
    FIELDS,
    AssLines,
    ass_kind,
    check_range,
    event_line,
    format_line,
    format_time,
    scan,
)
from .ass_style import Look, styled_file
from .ass_text import rewritten, to_event_text, to_lines
from .document import SubtitleDocument, placements
from .srt_read import newline_of

__all__ = ["ass_kind", "compose_ass", "parse_ass", "rewrite_ass"]


def parse_ass(
    text: str, path: str = "<text>", *, encoding: str = "UTF-8",
    notices: list[Notice] | None = None,
) -> SubtitleDocument:
    """Read decoded ASS/SSA text: each Dialogue event of ``[Events]`` is a
    cue (Comment events are not shown, so they are not cues)."""
    found = list(notices or [])
    head = text.lstrip("\ufeff \t\r\n")[:200]
    if not head.startswith("[Script Info]"):
        found.append(Notice("ass-syntax", 'the file does not start with "[Script Info]"', 1))
    f = scan(text)
    found += f.notices
    entries: list[PlacedCue] = []
    for ev in f.events:
        if ev.dialogue:
            assert ev.start_ms is not None and ev.end_ms is not None
            lines = tuple(x for x in to_lines(ev.get("text").rstrip()) if x)
            entries.append(PlacedCue(Cue(ev.start_ms, ev.end_ms, lines), len(entries) + 1,
                                     ev.index + 1, None))
    if not entries and not f.lost and not any(ln.strip().lower() == "[events]" for ln in f.lines):
        found.append(Notice("ass-syntax", "no [Events] section: players show nothing", 1))
    found.sort(key=lambda n: n.line or 0)
    return SubtitleDocument(
        path=path, entries=tuple(entries), notices=tuple(found), encoding=encoding,
        lost_lines=tuple(sorted(f.lost)), newline=newline_of(text), format=f.kind, text=text,
    )


def compose_ass(cues: Sequence[Cue], look: Look | None = None, kind: str = "ass") -> str:
    """A styled ASS (or SSA) file of ``cues``: one style, ``look``'s;
    ``FormatLimitError`` for a time the format cannot hold."""
    check_range(cues, kind.upper())
    head = str(styled_file(look or Look()).to_string(kind, header_notice="Written by subtitler"))
    return head + "".join(event_line(FIELDS[kind], c, to_event_text(c.lines), "Default") + "\n"
                          for c in cues)


def rewrite_ass(doc: SubtitleDocument, cues: Sequence[Cue],
                sources: Sequence[int | None]) -> str:
    """``doc``'s file with ``cues`` in place of its Dialogue events
    (``sources[i]``: the index in ``doc.entries`` cue ``i`` was made from; see
    ``document.placements``). A cue made from an event keeps its line but for
    its times (and its text, after the leading overrides, when that changed);
    the lines between two events (Comment events, comments) keep their place
    before the event they preceded (a deleted event's move to the next)."""
    f = scan(doc.text)
    dialogues = [e for e in f.events if e.dialogue]
    if len(dialogues) != len(doc.entries):
        raise SubtitlerError("the file changed since it was read", path=doc.path)
    check_range(cues, f.kind.upper(), doc.path)
    groups = _groups(f, [e.index for e in dialogues])
    plan, tail = placements(sources, len(doc.entries))
    first = dialogues[0].index - len(groups[0]) if dialogues else _end_of_events(f)
    out = f.lines[:first]
    for cue, p in zip(cues, plan, strict=True):
        out += [line for d in p.carried for line in groups[d]]
        times = {"start": format_time(cue.start_ms), "end": format_time(cue.end_ms)}
        if p.source is None:
            out.append(event_line(f.names, cue, to_event_text(cue.lines), _style(f)))
            continue
        event = dialogues[p.source]
        if cue.lines != doc.entries[p.source].cue.lines:
            times["text"] = rewritten(event.get("text"), cue.lines)
        out += [*(groups[p.source] if p.first else []), event.line(**times)]
    out += [line for d in tail for line in groups[d]]
    out += f.lines[dialogues[-1].index + 1 if dialogues else first:]
    return doc.newline.join(out) + doc.newline


def _groups(f: AssLines, indices: list[int]) -> list[list[str]]:
    """The lines that go with each Dialogue event: those between it and the
    event before it (for the first: the Comment events, comments and blank
    lines just before it)."""
    if not indices:
        return []
    start = indices[0]
    while start > 0 and _goes_with_events(f.lines[start - 1]):
        start -= 1
    bounds = [start - 1, *indices]
    return [f.lines[a + 1:b] for a, b in zip(bounds, indices, strict=False)]


def _goes_with_events(line: str) -> bool:
    text = line.strip()
    return not text or text.startswith(";") or text.split(":", 1)[0].strip() == "Comment"


def _end_of_events(f: AssLines) -> int:
    """Where events go in a file that has none: after the ``[Events]``
    section's last line (its Format line), else at the end."""
    lines = [ln.strip().lower() for ln in f.lines]
    if "[events]" not in lines:
        f.lines += ["", "[Events]", format_line(f.kind)]
        return len(f.lines)
    k = lines.index("[events]") + 1
    while k < len(lines) and lines[k] and not lines[k].startswith("["):
        k += 1
    return k


def _style(f: AssLines) -> str:
    """The style of an event made from none: the file's Default, else its first."""
    return "Default" if "Default" in f.styles or not f.styles else f.styles[0]
