"""A tolerant WebVTT reader: the blocks of the file as the WebVTT parsing
rules split them (header, NOTE, STYLE, REGION, cues), each cue with its line
in the file, and a ``vtt-syntax`` notice wherever a browser would read the
file differently from what its author meant (the reader says what it did).

What a valid file may hold is read without a notice: a header after
``WEBVTT`` and metadata lines, NOTE blocks, STYLE and REGION blocks before the
first cue, cue identifiers, cue settings, hours left out of timestamps,
voice, class, language, ruby and timestamp tags, and character references.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..models import Cue, Notice, PlacedCue
from ..timefmt import fmt_ms
from .document import SubtitleDocument
from .srt_read import newline_of, parse_timing

_TS = r"(?:(\d{2,9}):)?([0-5]\d):([0-5]\d)\.(\d{3})"  # int() of thousands of digits fails
_TIMING = re.compile(rf"{_TS}[ \t]+-->[ \t]+{_TS}(?:[ \t]+(.*))?")
_SIGNATURE = re.compile(r"WEBVTT(?:[ \t].*)?")
_TAG = re.compile(r"<(/?)([A-Za-z]+|\d[\d:.]*)((?:\.[^\s.>]+)*)(?:[ \t]([^>]*))?>")
_KEPT_TAGS = ("i", "b", "u")


@dataclass
class VttCue:
    """One cue block as written in the file."""

    line: int
    position: int
    identifier: str | None
    timing: str
    payload: list[str]
    comments: list[str] = field(default_factory=list)
    """NOTE blocks just before the cue (they move with it)."""
    times: tuple[int, int] | None = None
    settings: str = ""


@dataclass
class VttFile:
    """The blocks of a WebVTT file, as the writer needs them to write it back."""

    header_text: str = ""
    metadata: list[str] = field(default_factory=list)
    styles: list[list[str]] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    header_comments: list[str] = field(default_factory=list)
    cues: list[VttCue] = field(default_factory=list)
    footer_comments: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    lost: list[int] = field(default_factory=list)


def display_lines(payload: list[str]) -> tuple[str, ...]:
    """Cue text as the rules read it: ``<i> <b> <u>`` kept (without classes),
    other tags (voice, class, language, ruby, timestamps) left out, and
    character references decoded."""

    def tag(m: re.Match[str]) -> str:
        name = m.group(2).lower()
        return f"<{m.group(1)}{name}>" if name in _KEPT_TAGS else ""

    return tuple(html.unescape(_TAG.sub(tag, line)) for line in payload)


def scan(text: str) -> VttFile:
    """Split ``text`` into WebVTT blocks (with line numbers) and notices."""
    lines = re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))
    if lines and lines[-1] == "":
        lines.pop()
    out = VttFile()
    blocks = _blocks(lines, out, bool(lines) and bool(_SIGNATURE.fullmatch(lines[0])))
    if not blocks or not _SIGNATURE.fullmatch(blocks[0][0][1]):
        first = blocks[0][0][1] if blocks else ""
        out.notices.append(Notice("vtt-syntax", 'the file does not start with "WEBVTT" '
                                  f"(found {_quote(first)}); browsers reject it", 1))
    else:
        head = blocks.pop(0)
        rest = head[0][1][len("WEBVTT"):]
        out.header_text = rest[1:] if rest[:1] in (" ", "\t") else rest
        out.metadata = [t for _, t in head[1:]]
    _Reader(out).run(blocks)
    return out


Block = list[tuple[int, str]]


def _blocks(lines: list[str], out: VttFile, header: bool) -> list[Block]:
    """Blocks end at an empty line; a line with "-->" that cannot be the
    timing line of the block it is in starts a new block (with a notice,
    except after the ``header``)."""
    blocks: list[Block] = []
    block: Block = []
    for no, line in enumerate(lines, 1):
        if not line:
            if block:
                blocks.append(block)
            block = []
            continue
        in_header = header and not blocks
        if block and "-->" in line and (in_header or len(block) > 1 or "-->" in block[0][1]):
            if not in_header:  # a blank line is missing
                out.notices.append(Notice("vtt-syntax", "no blank line before this cue", no))
            blocks.append(block)
            block = []
        block.append((no, line))
    if block:
        blocks.append(block)
    return blocks


class _Reader:
    def __init__(self, out: VttFile) -> None:
        self.out = out
        self.comments: list[str] = []
        self.position = 0

    def syntax(self, message: str, line: int, cue: int | None = None) -> None:
        self.out.notices.append(Notice("vtt-syntax", message, line, cue))

    def run(self, blocks: list[Block]) -> None:
        for block in blocks:
            self.block(block)
        if self.out.cues:
            self.out.footer_comments = self.comments
        else:
            self.out.header_comments = self.comments

    def block(self, block: Block) -> None:
        (no, first), texts = block[0], [t for _, t in block]
        if re.fullmatch(r"NOTE(?:[ \t].*)?", first):
            self.note(texts)
        elif first.strip() in ("STYLE", "REGION") and not any("-->" in t for t in texts):
            self.style_or_region(block)
        elif "-->" in first or (len(block) > 1 and "-->" in block[1][1]):
            self.cue(block)
        else:
            self.syntax(f"text outside any cue: {_quote(first)}; players ignore it", no)
            self.out.lost.extend(n for n, _ in block)

    def note(self, texts: list[str]) -> None:
        body = "\n".join(texts)[len("NOTE"):]
        self.comments.append(body.strip())

    def style_or_region(self, block: Block) -> None:
        no, first = block[0]
        kind = first.strip()
        if self.out.cues:
            self.syntax(f"a {kind} block after the first cue; players ignore it", no)
            self.out.lost.extend(n for n, _ in block)
        elif kind == "STYLE":
            self.out.styles.append([t for _, t in block[1:]])
        else:
            self.out.regions.append(" ".join(t for _, t in block[1:]))

    def cue(self, block: Block) -> None:
        self.position += 1
        has_id = "-->" not in block[0][1]
        no, timing = block[1] if has_id else block[0]
        cue = VttCue(
            line=block[0][0], position=self.position,
            identifier=block[0][1] if has_id else None, timing=timing,
            payload=[t for _, t in block[2 if has_id else 1:]], comments=self.comments,
        )
        self.comments = []
        self.timing(cue, no)
        if cue.times is None:
            self.out.lost.extend(n for n, _ in block[2 if has_id else 1:])
        self.out.cues.append(cue)

    def timing(self, cue: VttCue, no: int) -> None:
        m = _TIMING.fullmatch(cue.timing.strip(" \t"))
        if m:
            g = m.groups()
            cue.times = (_ms(g[0:4]), _ms(g[4:8]))
            cue.settings = (g[8] or "").strip()
            self.settings(cue, no)
            return
        lenient = parse_timing(cue.timing)
        if lenient is None:
            msg = f"cannot read the timing line {_quote(cue.timing)}; cue skipped"
            self.syntax(msg, no, cue.position)
            return
        start, end, _ = lenient
        cue.times = (start, end)
        shown = f"{fmt_ms(start, sep='.')} --> {fmt_ms(end, sep='.')}"
        msg = (f"timing line {_quote(cue.timing)} is not WebVTT "
               f'("HH:MM:SS.mmm --> HH:MM:SS.mmm"); browsers skip this cue; read as {shown}')
        self.syntax(msg, no, cue.position)

    def settings(self, cue: VttCue, no: int) -> None:
        for setting in cue.settings.split():
            name, _, value = setting.partition(":")
            if name not in _SETTINGS or not value or not _SETTINGS[name].fullmatch(value):
                self.syntax(f"cue setting {_quote(setting)} is not valid WebVTT; players ignore it",
                            no, cue.position)
            elif any(float(pct) > 100 for pct in re.findall(r"([\d.]+)%", value)):
                self.syntax(f"cue setting {_quote(setting)} is out of range (a percentage is "
                            "0-100%); players ignore it", no, cue.position)


_PCT = r"\d+(?:\.\d+)?%"
_SETTINGS = {
    "vertical": re.compile(r"rl|lr"),
    "line": re.compile(rf"(?:-?\d+(?:\.\d+)?|{_PCT})(?:,(?:start|center|end))?"),
    "position": re.compile(rf"(?:{_PCT}|auto)(?:,(?:line-left|center|line-right|auto))?"),
    "size": re.compile(_PCT),
    "align": re.compile(r"start|center|end|left|right"),
    "region": re.compile(r"[^\s-]\S*"),
}


def _ms(g: tuple[str | None, ...]) -> int:
    h, m, s, ms = (int(x or 0) for x in g)
    return ((h * 60 + m) * 60 + s) * 1000 + ms


def _quote(text: str, limit: int = 40) -> str:
    text = text.strip()
    return f'"{text[:limit]}..."' if len(text) > limit else f'"{text}"'


def parse_vtt(
    text: str, path: str = "<text>", *, encoding: str = "UTF-8",
    notices: list[Notice] | None = None,
) -> SubtitleDocument:
    """Read decoded WebVTT text."""
    vtt = scan(text)
    entries = []
    for c in vtt.cues:
        if c.times is None:
            continue
        ident = c.identifier or ""
        number = int(ident) if ident.isdigit() and len(ident) <= 9 else None
        cue = Cue(c.times[0], c.times[1], display_lines(c.payload))
        entries.append(PlacedCue(cue, c.position, c.line, number))
    found = [*(notices or []), *vtt.notices]
    found.sort(key=lambda n: n.line or 0)
    return SubtitleDocument(
        path=path, entries=tuple(entries), notices=tuple(found), encoding=encoding,
        lost_lines=tuple(sorted(vtt.lost)), newline=newline_of(text), format="vtt", text=text,
    )
