"""A tolerant SRT reader: decodes whatever a translator hands in, recovers
from broken blocks and reports each problem with its line in the file.

Notices it reports: ``encoding`` (not UTF-8), ``srt-syntax`` (the file is not
valid SRT at that line; the reader says what it made of it) and ``numbering``.
The profile that checks the file gives them their severity.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from ..errors import SubtitleFileError
from ..fsutil import read_input
from ..models import Cue, Notice, PlacedCue
from ..timefmt import fmt_ms
from .decode import decode, decode_text
from .document import SubtitleDocument

__all__ = ["SubtitleDocument", "decode", "parse_bytes", "parse_text",
           "parse_timing", "read_file", "read_srt"]

_STRICT = re.compile(
    r"(\d{2,3}):([0-5]\d):([0-5]\d),(\d{3}) --> (\d{2,3}):([0-5]\d):([0-5]\d),(\d{3})(?:\s+\S.*)?"
)
_TS = r"(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[,.:;](\d{1,3}))?"
_LENIENT = re.compile(rf"{_TS}(\s*[-=\u2013\u2014~<>](?:\s*[-=\u2013\u2014~<>])*\s*|\s+){_TS}")
_NUMBER = re.compile(r"\d{1,9}")
"""A cue number (longer digit strings are text: ``int()`` of thousands of digits fails)."""

def read_srt(path: str | Path) -> SubtitleDocument:
    """Read and parse ``path``; raises ``SubtitleFileError`` only when the file
    cannot be read at all (missing, a folder, binary)."""
    return read_file(path)[1]


def read_file(path: str | Path) -> tuple[bytes, SubtitleDocument]:
    """The bytes of ``path`` and what the reader made of them."""
    name = str(path)
    data = read_input(name, SubtitleFileError, "subtitle file")
    return data, parse_bytes(data, name)


def parse_bytes(data: bytes, path: str = "<bytes>") -> SubtitleDocument:
    text, encoding, found = decode_text(data, path)
    return parse_text(text, path, encoding=encoding, notices=found)


def parse_text(
    text: str,
    path: str = "<text>",
    *,
    encoding: str = "UTF-8",
    notices: list[Notice] | None = None,
) -> SubtitleDocument:
    """Parse decoded SRT text (any line ends)."""
    lines = re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))
    parser = _Parser(lines)
    parser.run()
    found = list(notices or [])
    found.extend(parser.notices)
    found.extend(numbering_notices(parser))
    found.sort(key=lambda n: (n.line or 0))
    entries = zip(parser.cues, parser.positions, parser.lines, parser.numbers, strict=True)
    return SubtitleDocument(
        path=path,
        entries=tuple(PlacedCue(c, pos, line, num) for c, pos, line, num in entries),
        notices=tuple(found),
        encoding=encoding,
        lost_lines=tuple(parser.lost),
        newline=newline_of(text),
        format="srt",
        text=text,
    )


def newline_of(text: str) -> str:
    """The line end most lines of ``text`` use."""
    return "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"


def _quote(text: str, limit: int = 40) -> str:
    text = text.strip()
    return f'"{text[:limit]}..."' if len(text) > limit else f'"{text}"'


class _Parser:
    """Block-by-block SRT parsing with recovery; fills the lists it holds."""

    def __init__(self, src: list[str]) -> None:
        self.src = src
        self.cues: list[Cue] = []
        self.lines: list[int] = []
        self.positions: list[int] = []
        self.numbers: list[int | None] = []
        self.blocks: list[tuple[int | None, int, int]] = []
        """(number, line, position) of every cue block, skipped ones too."""
        self.notices: list[Notice] = []
        self.lost: list[int] = []
        self.position = 0
        self.joined: dict[int, list[str]] = {}
        """Text joined to a cue across blank lines, by cue index (applied once
        at the end: joining as it comes would copy the cue's lines each time)."""

    def syntax(self, message: str, line: int, cue: int | None = None) -> None:
        self.notices.append(Notice("srt-syntax", message, line, cue))

    def run(self) -> None:
        block: list[tuple[int, str]] = []
        for no, text in enumerate(self.src, 1):
            if text.strip():
                block.append((no, text))
            elif block:
                self.block(block)
                block = []
        if block:
            self.block(block)
        for k, more in self.joined.items():
            c = self.cues[k]
            self.cues[k] = Cue(c.start_ms, c.end_ms, c.lines + tuple(more))
        if not self.cues and self.position == 0 and any(t.strip() for t in self.src):
            self.syntax("no subtitle cues in the file", 1)

    def block(self, block: list[tuple[int, str]]) -> None:
        i = 0
        while i < len(block):
            start = self.cue_start(block, i)
            if start is None:
                self.orphan(block[i:])
                return
            i = self.cue(block, i, start)

    @staticmethod
    def cue_start(block: list[tuple[int, str]], i: int) -> int | None:
        """Index of the timing line of a cue starting at ``block[i]``."""
        for j in (i, i + 1):
            if j < len(block) and _timing_like(block[j][1]):
                return j
        return None

    def cue(self, block: list[tuple[int, str]], i: int, t: int) -> int:
        """Read the cue whose timing line is ``block[t]``; index after it."""
        self.position += 1
        first, pos = block[i][0], self.position
        number: int | None = None
        if t == i:
            self.syntax("no cue number before the timing line", first, pos)
        elif _NUMBER.fullmatch(block[i][1].strip()):
            number = int(block[i][1].strip())
        else:
            self.syntax(f"expected a cue number, found {_quote(block[i][1])}", first, pos)
            self.lost.append(first)
        self.blocks.append((number, first, pos))
        end = t + 1
        while end < len(block) and not _starts_cue(block, end):
            end += 1
        if end < len(block):
            self.syntax("no blank line before this cue", block[end][0], pos + 1)
        text = [line for _, line in block[t + 1 : end]]
        no, timing = block[t]
        parsed = parse_timing(timing)
        if parsed is None:
            self.syntax(f"cannot read the timing line {_quote(timing)}; cue skipped", no, pos)
            self.lost.extend(n for n, _ in block[t + 1 : end])
            return end
        start_ms, end_ms, problem = parsed
        if problem:
            self.syntax(problem, no, pos)
        self.cues.append(Cue(start_ms, end_ms, tuple(text)))
        self.lines.append(first)
        self.positions.append(pos)
        self.numbers.append(number)
        return end

    def orphan(self, rest: list[tuple[int, str]]) -> None:
        """Non-blank lines that start no cue."""
        no, first = rest[0]
        if _NUMBER.fullmatch(first.strip()):
            self.position += 1
            self.blocks.append((int(first.strip()), no, self.position))
            found = _quote(rest[1][1]) if len(rest) > 1 else "nothing"
            line = rest[1][0] if len(rest) > 1 else no
            msg = f'expected a timing line "HH:MM:SS,mmm --> HH:MM:SS,mmm", found {found}'
            self.syntax(f"{msg}; cue skipped", line, self.position)
            self.lost.extend(n for n, _ in rest[1:])
        elif self.cues and self.lines[-1] < no:
            self.joined.setdefault(len(self.cues) - 1, []).extend(t for _, t in rest)
            msg = f"blank line inside the text of cue {self.positions[-1]}; text below joined to it"
            self.syntax(msg, no, self.positions[-1])
        else:
            self.syntax(f"text outside any cue: {_quote(first)}", no)
            self.lost.extend(n for n, _ in rest)


def _timing_like(line: str) -> bool:
    s = line.strip()
    return parse_timing(s) is not None or ("-->" in s and s[:1].isdigit())


def _starts_cue(block: list[tuple[int, str]], k: int) -> bool:
    """Whether text line ``block[k]`` is really the start of a new cue."""
    line = block[k][1].strip()
    if not line[:1].isdigit():
        return False
    if _STRICT.fullmatch(line):
        return True
    return bool(
        _NUMBER.fullmatch(line) and k + 1 < len(block) and parse_timing(block[k + 1][1]) is not None
    )


def numbering_notices(parser: _Parser) -> list[Notice]:
    out: list[Notice] = []
    expected = 1
    for number, line, pos in parser.blocks:
        if number is not None and number != expected:
            out.append(Notice("numbering", f"numbered {number}, expected {expected}", line, pos))
        expected = (number if number is not None else expected) + 1
    return out


@functools.lru_cache(maxsize=8)
def parse_timing(line: str) -> tuple[int, int, str | None] | None:
    """``(start_ms, end_ms, problem)`` for a timing line; ``problem`` says what
    is not standard about it (None for a valid line); None if unreadable."""
    s = line.strip()
    if ":" not in s:
        return None
    m = _STRICT.fullmatch(s)
    if m:
        g = [int(x) for x in m.groups()]
        return _ms(*g[:4]), _ms(*g[4:]), None
    lm = _LENIENT.fullmatch(s)
    if not lm:
        return None
    lg = lm.groups()
    start, end = _lenient_ms(lg[0:4]), _lenient_ms(lg[5:9])
    arrow = (lg[4] or "").strip()
    if not arrow:
        problem = 'no "-->" between the times'
    elif arrow != "-->":
        problem = f'broken arrow "{arrow}"'
    else:
        problem = 'not in the form "HH:MM:SS,mmm --> HH:MM:SS,mmm"'
    return start, end, f"{problem}; read as {fmt_ms(start)} --> {fmt_ms(end)}"


def _ms(h: int, m: int, s: int, ms: int) -> int:
    return ((h * 60 + m) * 60 + s) * 1000 + ms


def _lenient_ms(g: tuple[str | None, ...]) -> int:
    h, m, s, frac = g
    milli = int((frac or "0").ljust(3, "0")[:3])
    return _ms(int(h or 0), int(m or 0), int(s or 0), milli)

