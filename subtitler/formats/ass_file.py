"""An ASS/SSA file as its lines: its sections, its events by the ``Format``
line of ``[Events]``, and its times, read and written the way players read
them.

Events are read here, not through ``pysubs2``: it ignores the ``Format``
line (libass honours it), merges ``[Aegisub Extradata]`` into another
section, drops sections it does not know and clamps times to 9:59:59.99 on
writing. A file written back keeps every line that is not a cue's event.

Times: ``H:MM:SS.cc``. Players agree on that form only:

- hours past 9 (``10:00:05.00``): libass (mpv, VLC, ffmpeg), VSFilter,
  ``pysubs2`` and newer Aegisub builds read them; older Aegisub releases
  clamp every time to 9:59:59.99. Written up to ``MAX_MS`` (two hour digits,
  what ``pysubs2`` reads); a later cue is refused, never clamped.
- a fraction of other than two digits (``0:00:01.5``): libass reads it as
  centiseconds (1.05 s), Aegisub and ``pysubs2`` as a decimal (1.5 s).
- a minus sign (``-0:00:01.00``): libass reads 1 s, Aegisub 1 s, ``pysubs2``
  -1 s; no player shows anything before 0.

The last two are read with an ``ass-syntax`` notice: a fraction as a
decimal, a negative time as 0.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import FormatLimitError
from ..models import Cue, Notice
from ..timefmt import fmt_ms

MAX_MS = 100 * 3_600_000 - 10
"""99:59:59.99: the latest time written (two hour digits)."""

FIELDS = {
    "ass": ("layer", "start", "end", "style", "name", "marginl", "marginr", "marginv",
            "effect", "text"),
    "ssa": ("marked", "start", "end", "style", "name", "marginl", "marginr", "marginv",
            "effect", "text"),
}
"""The standard ``Format`` of ``[Events]`` (what a file without one means)."""
_SPELLING = {"marginl": "MarginL", "marginr": "MarginR", "marginv": "MarginV"}
_SECTION = re.compile(r"^\s*\[(.+)\]\s*$")
_EVENT = re.compile(r"^\s*(Dialogue|Comment)\s*:(.*)$")
_FORMAT = re.compile(r"^\s*Format\s*:(.*)$", re.IGNORECASE)
_STYLE = re.compile(r"^\s*Style\s*:\s*([^,]*),")
_STANDARD_TIME = re.compile(r"\d+:\d\d:\d\d\.\d\d")
_TIME = re.compile(r"(-?)(\d{1,9}):(\d{1,2}):(\d{1,2})(?:[.,](\d{1,9}))?")


def format_line(kind: str) -> str:
    """The standard ``Format`` line of ``[Events]``."""
    return "Format: " + ", ".join(_SPELLING.get(n, n.title()) for n in FIELDS[kind])


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` (any line ends, no BOM; no empty last line)."""
    lines = re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@dataclass
class Event:
    """One ``Dialogue`` or ``Comment`` line of ``[Events]``."""

    index: int
    """0-based line index in the file."""
    head: str
    """The line up to its first value (``Dialogue: ``), kept as written."""
    dialogue: bool
    fields: list[str]
    """The values, in the order of the section's ``Format`` line."""
    names: tuple[str, ...]
    start_ms: int | None = None
    end_ms: int | None = None
    """None: a time that cannot be read (the event is skipped)."""

    def get(self, name: str) -> str:
        return self.fields[self.names.index(name)] if name in self.names else ""

    def line(self, **values: str) -> str:
        """The event's line, with ``values`` (by field name) in place of its own."""
        fields = [values.get(name, value) for name, value in zip(self.names, self.fields,
                                                                  strict=True)]
        return self.head + ",".join(fields)


@dataclass
class AssLines:
    """The lines of a file, and its events where players find them."""

    lines: list[str]
    kind: str
    events: list[Event]
    names: tuple[str, ...]
    """The ``Format`` of the (last) ``[Events]`` section."""
    styles: list[str]
    notices: list[Notice]
    lost: list[int]
    """1-based numbers of lines whose text is in no cue."""


def ass_kind(text: str) -> str:
    """``ssa`` for a SubStation Alpha v4 file, else ``ass``."""
    v4plus = re.search(r"^\s*\[V4\+ Styles\]", text, re.MULTILINE | re.IGNORECASE)
    v4 = re.search(r"^\s*\[V4 Styles\]", text, re.MULTILINE | re.IGNORECASE)
    return "ssa" if v4 and not v4plus else "ass"


def scan(text: str) -> AssLines:
    """Split ``text`` into sections and events, with a notice wherever a
    player would read it otherwise than its author meant."""
    kind = ass_kind(text)
    lines = split_lines(text)
    out = AssLines(lines, kind, [], FIELDS[kind], [], [], [])
    section = ""
    for i, line in enumerate(lines):
        no = i + 1
        if m := _SECTION.match(line):
            section = m.group(1).strip().lower()
            continue
        if section.endswith("styles") and (s := _STYLE.match(line)):
            out.styles.append(s.group(1).strip())
        if section == "events" and (f := _FORMAT.match(line)):
            out.names = _names(f.group(1), kind, no, out.notices)
            continue
        m = _EVENT.match(line)
        if m is None:
            continue
        if section != "events":
            syntax(out, f"{m.group(1)} line outside the [Events] section; players skip it", no)
            out.lost.append(no)
            continue
        event = _event(i, line, m.group(1) == "Dialogue", m.group(2), out)
        if event is not None:
            out.events.append(event)
    return out


def syntax(out: AssLines, message: str, line: int) -> None:
    out.notices.append(Notice("ass-syntax", message, line))


def _names(spec: str, kind: str, no: int, notices: list[Notice]) -> tuple[str, ...]:
    names = tuple(n.strip().lower() for n in spec.split(","))
    missing = [n for n in ("start", "end", "text") if n not in names]
    if missing or names[-1] != "text":
        notices.append(Notice("ass-syntax", "the Format line of [Events] has no "
                              f"{', '.join(missing) or 'Text last'}; read as the standard one",
                              no))
        return FIELDS[kind]
    return names


def _event(i: int, line: str, dialogue: bool, body: str, out: AssLines) -> Event | None:
    no = i + 1
    values = body.lstrip(" ")
    fields = values.split(",", len(out.names) - 1)
    if len(fields) < len(out.names):
        syntax(out, f"cannot read this event: {len(fields)} fields, the Format line names "
               f"{len(out.names)}; players skip it", no)
        if dialogue:
            out.lost.append(no)
        return None
    event = Event(i, line[:len(line) - len(values)], dialogue, fields, out.names)
    start = read_time(event.get("start"), no, out)
    end = read_time(event.get("end"), no, out)
    if start is None or end is None:
        if dialogue:
            out.lost.append(no)
        return None
    event.start_ms, event.end_ms = start, end
    return event


def read_time(raw: str, no: int, out: AssLines) -> int | None:
    """Milliseconds of an event's time field; None (and a notice) when no
    player can read it."""
    value = raw.strip()
    m = _TIME.fullmatch(value)
    if m is None:
        syntax(out, f'cannot read the time "{value[:30]}" (H:MM:SS.cc); players skip this event',
               no)
        return None
    minus, h, mi, s, frac = m.groups()
    ms = ((int(h) * 60 + int(mi)) * 60 + int(s)) * 1000 + int((frac or "0").ljust(3, "0")[:3])
    if minus and ms:
        syntax(out, f'time "{value}" is negative (players read it as {format_time(ms)} or '
               "0:00:00.00, none shows anything before 0); read as 0:00:00.00", no)
        return 0
    if not _STANDARD_TIME.fullmatch(value.lstrip("-")):
        libass = ms - int((frac or "0").ljust(3, "0")[:3]) + 10 * int(frac or "0")
        differ = (f" (libass reads {format_time(libass)}, Aegisub {format_time(ms)})"
                  if frac and len(frac) != 2 else "")
        syntax(out, f'time "{value}" is not in the form H:MM:SS.cc{differ}; read as '
               f"{fmt_ms(ms, sep='.')}", no)
    return ms


def format_time(ms: int) -> str:
    """``H:MM:SS.cc``, rounded to the nearest centisecond (half up, as
    Aegisub rounds)."""
    cs = (ms + 5) // 10
    h, rest = divmod(cs, 360_000)
    m, rest = divmod(rest, 6_000)
    s, c = divmod(rest, 100)
    return f"{h:d}:{m:02d}:{s:02d}.{c:02d}"


def check_range(cues: Sequence[Cue], label: str, path: str | None = None) -> None:
    """``FormatLimitError`` (naming ``path``) for the first cue with a time an
    ASS file cannot hold: before 0, or past ``MAX_MS`` once rounded."""
    for k, cue in enumerate(cues, 1):
        for what, ms in (("starts", cue.start_ms), ("ends", cue.end_ms)):
            if ms < 0:
                raise FormatLimitError(f"cue {k} {what} at {fmt_ms(ms)}, before 0: an {label} "
                                       "time cannot be negative; nothing written", path=path)
            if (ms + 5) // 10 * 10 > MAX_MS:
                raise FormatLimitError(
                    f"cue {k} {what} at {fmt_ms(ms)}: {label} times stop at "
                    f"{format_time(MAX_MS)} here (two hour digits, what most tools read); "
                    "nothing written: write SRT, WebVTT or TTML instead, or split the recording",
                    path=path)


def event_line(names: tuple[str, ...], cue: Cue, text: str, style: str) -> str:
    """A new ``Dialogue`` line for ``cue`` in a section whose Format is ``names``."""
    values = {"layer": "0", "marked": "Marked=0", "start": format_time(cue.start_ms),
              "end": format_time(cue.end_ms), "style": style, "marginl": "0", "marginr": "0",
              "marginv": "0", "text": text}
    return "Dialogue: " + ",".join(values.get(n, "") for n in names)
