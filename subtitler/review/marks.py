"""Marks in the cue text for what the report knows: words the recogniser was
unsure of, glossary corrections and flags, script deviations.

A mark goes on the cue shown while its text is spoken, on whole words
(hyphen-joined ones included), and only on words a person has not touched:
the words of the cue that are still those of the file as the review opened
it (``rebase``). A word a person corrected loses its mark, and a word they
typed never gets one, even if it is the word the recogniser was unsure of.
Spans are (line, start, end) in UTF-16 code units, as the page's strings
count them.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..models import Cue, Severity
from ..profiles import Profile
from ..timefmt import clock
from .answers import Answer
from .report_data import UNSURE_BELOW, ReportData, TimedText
from .state import Entry

_TOKEN = re.compile(r"<[^>]*>|[^\W_](?:[\w'\u2019\u2010\u2011-]*[^\W_])?")
BASE_SLACK_MS = 1000
"""The file as opened is compared with a cue over its times and this much
either side (a cue a person retimed still finds its words)."""

Span = tuple[int, int, int]
Token = tuple[int, int, int, str]
"""(line, start, end, normalised text) of a word in a cue's lines."""


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
    text: str = ""
    """The marked text (for a glossary change: the correction)."""
    before: str = ""
    """For a glossary change: the text it replaced (what "undo" puts back)."""

    def what(self) -> str:
        """The item in words, for the report's answers."""
        if self.kind == "unsure":
            return f'unsure word "{self.text}" at {clock(self.start_ms)}'
        if self.kind == "glossary":
            return f'glossary change "{self.before}" to "{self.text}" at {clock(self.start_ms)}'
        if self.kind == "flag":
            return f'glossary flag "{self.text}" at {clock(self.start_ms)}'
        return self.message

    def to_json(self, answer: Answer | None) -> dict[str, Any]:
        out = {"kind": self.kind, "key": self.key, "start": self.start_ms,
               "message": self.message, "spans": [list(s) for s in self.spans],
               "severity": self.severity.value if self.severity else None,
               "answer": None if answer is None else
               {"verdict": answer.verdict, "reason": answer.reason}}
        if self.kind == "glossary":
            out.update(text=self.text, before=self.before)
        return out


def _norm(token: str) -> str:
    return token.casefold().replace("\u2019", "'").replace("\u2010", "-").replace("\u2011", "-")


def tokens(text: str) -> list[str]:
    return [_norm(m[0]) for m in _TOKEN.finditer(text) if not m[0].startswith("<")]


def _u16(s: str, i: int) -> int:
    return i + sum(1 for ch in s[:i] if ord(ch) > 0xFFFF)


@functools.lru_cache(maxsize=8192)
def _cue_tokens(lines: tuple[str, ...]) -> tuple[Token, ...]:
    out = []
    for n, line in enumerate(lines):
        for m in _TOKEN.finditer(line):
            if not m[0].startswith("<"):
                out.append((n, _u16(line, m.start()), _u16(line, m.end()), _norm(m[0])))
    return tuple(out)


def _spans(toks: Sequence[Token]) -> tuple[Span, ...]:
    spans: list[Span] = []
    for line, a, b, _ in toks:
        if spans and spans[-1][0] == line:
            spans[-1] = (line, spans[-1][1], b)
        else:
            spans.append((line, a, b))
    return tuple(spans)


def locate(lines: tuple[str, ...], phrase: str, fraction: float,
           allowed: frozenset[int] | None = None) -> tuple[Span, ...] | None:
    """Where ``phrase`` stands in ``lines`` (whole words, any case); of several
    places, the one nearest ``fraction`` of the way through the cue. With
    ``allowed``, only words at those token positions count."""
    toks, want = _cue_tokens(lines), tokens(phrase)
    if not want:
        return None
    n = len(want)
    hits = [k for k in range(len(toks) - n + 1)
            if all(toks[k + j][3] == want[j] for j in range(n))
            and (allowed is None or all(k + j in allowed for j in range(n)))]
    if not hits:
        return None
    k = min(hits, key=lambda h: abs(h / max(1, len(toks)) - fraction))
    return _spans(toks[k : k + n])


def _mid(t: TimedText) -> int:
    return (t.start_ms + t.end_ms) // 2


def _message(t: TimedText) -> str:
    if t.kind == "word":
        return (f'unsure word "{t.text}": the recogniser gave it {t.probability:.0%}; '
                "listen: correct it, or answer \u201cit is right\u201d")
    if t.kind == "replace":
        return (f'glossary: "{t.detail}" was corrected to "{t.text}" ({t.entry}): is it right?')
    return f'glossary flag: "{t.text}" (suggested: "{t.detail}"; {t.entry})'


class MarkMaker:
    """Marks for cues from one report; a cue's marks depend on the cue only
    (and the file as opened), so they are computed once per cue value."""

    def __init__(self, report: ReportData, profile: Profile, *, below: float = UNSURE_BELOW,
                 flags: bool = True) -> None:
        """``flags``: show the report's glossary flags (off when the glossary
        is checked live, whose ``term-discouraged`` findings say the same)."""
        changes = [c for c in report.changes if flags or c.kind == "replace"]
        self.items = sorted([*report.unsure(below), *changes], key=_mid)
        self.mids = [_mid(t) for t in self.items]
        self.deviations = report.deviations
        self.profile = profile
        self.rebase(None)

    def rebase(self, cues: Sequence[Cue] | None) -> None:
        """The cues of the file as the review opened (or reloaded) it: the
        words a person has not touched are those still as they were there
        (None: every word counts as untouched)."""
        self.compare = cues is not None
        self.base = sorted(cues or (), key=lambda c: c.start_ms)
        self.base_starts = [c.start_ms for c in self.base]
        self.longest = max((c.duration_ms for c in self.base), default=0)
        self._cached = functools.lru_cache(maxsize=16384)(self._for_cue)
        self._untouched = functools.lru_cache(maxsize=16384)(self._untouched_tokens)

    def _untouched_tokens(self, cue: Cue) -> frozenset[int]:
        """Positions of the cue's words that are words of the file as opened
        at about the same time (aligned, in order)."""
        lo = bisect.bisect_left(self.base_starts, cue.start_ms - BASE_SLACK_MS - self.longest)
        hi = bisect.bisect_right(self.base_starts, cue.end_ms + BASE_SLACK_MS)
        before = [t[3] for c in self.base[lo:hi] if c.end_ms >= cue.start_ms - BASE_SLACK_MS
                  for t in _cue_tokens(c.lines)]
        now = [t[3] for t in _cue_tokens(cue.lines)]
        if before == now:
            return frozenset(range(len(now)))
        m = difflib.SequenceMatcher(None, before, now, autojunk=False)
        return frozenset(b + k for _, b, n in m.get_matching_blocks() for k in range(n))

    def _for_cue(self, cue: Cue) -> tuple[tuple[TimedText, tuple[Span, ...]], ...]:
        lo = bisect.bisect_left(self.mids, cue.start_ms)
        hi = bisect.bisect_left(self.mids, cue.end_ms)
        if lo == hi:
            return ()
        allowed = self._untouched(cue) if self.compare else None
        out = []
        for t in self.items[lo:hi]:
            fraction = (_mid(t) - cue.start_ms) / max(1, cue.duration_ms)
            spans = locate(cue.lines, t.text, fraction, allowed)
            if spans is not None:
                out.append((t, spans))
        return tuple(out)

    def marks(self, entries: Sequence[Entry], answers: Mapping[str, Answer] | None = None,
              ) -> list[Mark]:
        """The marks on ``entries``; none where ``answers`` says the item was
        corrected (its word is a person's now, whatever it says)."""
        answers = answers or {}
        out = []
        for e in entries:
            for t, spans in self._cached(e.cue):
                kind = {"word": "unsure", "replace": "glossary"}.get(t.kind, "flag")
                key = f"{kind}:{t.start_ms}:{t.text}"
                done = answers.get(key)
                if done is not None and done.verdict in ("corrected", "undone"):
                    continue
                out.append(Mark(kind, key, e.id, t.start_ms, _message(t), spans, None,
                                t.text, t.detail))
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
            out += [Mark(d.kind, key, e.id, d.start_ms, msg, (), sev, d.text) for e in hit]
        return out
