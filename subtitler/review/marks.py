"""Marks in the cue text for what the report knows: words the recogniser was
unsure of, glossary corrections and flags, script deviations.

A mark goes on the cue shown while its text is spoken, and only if its text
is still in that cue: a word a person corrected loses its mark. Spans are
(line, start, end) in UTF-16 code units, as the page's strings count them.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..models import Cue, Severity
from ..profiles import Profile
from ..timefmt import clock
from .report_data import UNSURE_BELOW, ReportData, TimedText
from .state import Entry

_TOKEN = re.compile(r"<[^>]*>|[^\W_](?:[\w'\u2019-]*[^\W_])?")

Span = tuple[int, int, int]


@dataclass(frozen=True)
class Mark:
    kind: str
    """``unsure``, ``glossary``, ``flag``, ``script-added`` or ``script-skipped``."""
    key: str
    cue_id: int
    start_ms: int
    message: str
    spans: tuple[Span, ...] = ()
    severity: Severity | None = None
    """Script deviations count as findings; the others are marks to look at."""

    def to_json(self, checked: bool) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "cue": self.cue_id, "start": self.start_ms,
                "message": self.message, "spans": [list(s) for s in self.spans],
                "severity": self.severity.value if self.severity else None, "checked": checked}


def _norm(token: str) -> str:
    return token.casefold().replace("\u2019", "'")


def tokens(text: str) -> list[str]:
    return [_norm(m[0]) for m in _TOKEN.finditer(text) if not m[0].startswith("<")]


def _u16(s: str, i: int) -> int:
    return i + sum(1 for ch in s[:i] if ord(ch) > 0xFFFF)


@functools.lru_cache(maxsize=4096)
def _cue_tokens(lines: tuple[str, ...]) -> tuple[tuple[int, int, int, str], ...]:
    out = []
    for n, line in enumerate(lines):
        for m in _TOKEN.finditer(line):
            if not m[0].startswith("<"):
                out.append((n, _u16(line, m.start()), _u16(line, m.end()), _norm(m[0])))
    return tuple(out)


def locate(lines: tuple[str, ...], phrase: str, fraction: float) -> tuple[Span, ...] | None:
    """Where ``phrase`` stands in ``lines`` (whole words, any case); of several
    places, the one nearest ``fraction`` of the way through the cue."""
    toks, want = _cue_tokens(lines), tokens(phrase)
    if not want:
        return None
    n = len(want)
    hits = [k for k in range(len(toks) - n + 1)
            if all(toks[k + j][3] == want[j] for j in range(n))]
    if not hits:
        return None
    k = min(hits, key=lambda h: abs(h / max(1, len(toks)) - fraction))
    spans: list[Span] = []
    for line, a, b, _ in toks[k : k + n]:
        if spans and spans[-1][0] == line:
            spans[-1] = (line, spans[-1][1], b)
        else:
            spans.append((line, a, b))
    return tuple(spans)


def _mid(t: TimedText) -> int:
    return (t.start_ms + t.end_ms) // 2


def _message(t: TimedText) -> str:
    if t.kind == "word":
        return (f'unsure word "{t.text}": the recogniser gave it {t.probability:.0%}; '
                "listen and correct it if needed")
    if t.kind == "replace":
        return f'glossary: "{t.detail}" was corrected to "{t.text}" ({t.entry}); check it'
    return f'glossary flag: "{t.text}" (suggested: "{t.detail}"; {t.entry})'


class MarkMaker:
    """Marks for cues from one report; a cue's marks depend on the cue only,
    so they are computed once per cue value."""

    def __init__(self, report: ReportData, profile: Profile, *, below: float = UNSURE_BELOW,
                 flags: bool = True) -> None:
        """``flags``: show the report's glossary flags (off when the glossary
        is checked live, whose ``term-discouraged`` findings say the same)."""
        changes = [c for c in report.changes if flags or c.kind == "replace"]
        self.items = sorted([*report.unsure(below), *changes], key=_mid)
        self.mids = [_mid(t) for t in self.items]
        self.deviations = report.deviations
        self.profile = profile
        self._cached = functools.lru_cache(maxsize=8192)(self._for_cue)

    def _for_cue(self, cue: Cue) -> tuple[tuple[TimedText, tuple[Span, ...]], ...]:
        lo = bisect.bisect_left(self.mids, cue.start_ms)
        hi = bisect.bisect_left(self.mids, cue.end_ms)
        out = []
        for t in self.items[lo:hi]:
            fraction = (_mid(t) - cue.start_ms) / max(1, cue.duration_ms)
            spans = locate(cue.lines, t.text, fraction)
            if spans is not None:
                out.append((t, spans))
        return tuple(out)

    def marks(self, entries: Sequence[Entry]) -> list[Mark]:
        out = []
        for e in entries:
            for t, spans in self._cached(e.cue):
                kind = {"word": "unsure", "replace": "glossary"}.get(t.kind, "flag")
                key = f"{kind}:{t.start_ms}:{t.text}"
                out.append(Mark(kind, key, e.id, t.start_ms, _message(t), spans))
        out += self._deviation_marks(entries)
        return out

    def _deviation_marks(self, entries: Sequence[Entry]) -> list[Mark]:
        """Added speech on each cue it overlaps; a skipped passage on the
        cue shown before it was due (or the first cue)."""
        out: list[Mark] = []
        starts = [e.cue.start_ms for e in entries]
        for d in self.deviations:
            sev = self.profile.severity_of(d.kind)
            key = f"{d.kind}:{d.start_ms}"
            if d.kind == "script-added":
                msg = f'speech not in the script at {clock(d.start_ms)}: "{d.text}"'
                hit = [e for e in entries
                       if e.cue.start_ms < d.end_ms and d.start_ms < e.cue.end_ms]
            else:
                line = f" (script line {d.detail})" if d.detail else ""
                due = clock(d.start_ms)
                msg = f'script passage not spoken here{line}, due at {due}: "{d.text}"'
                i = max(0, bisect.bisect_right(starts, d.start_ms) - 1)
                hit = list(entries[i : i + 1])
            out += [Mark(d.kind, key, e.id, d.start_ms, msg, (), sev) for e in hit]
        return out
