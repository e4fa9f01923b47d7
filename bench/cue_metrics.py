"""What ``bench/cues.py`` measures on one set of cues (one side, one recording).

Every side is judged by the same code (this tree's rules and word lists), on
the same transcript words, against the same reference sentences.
"""

from __future__ import annotations

import difflib
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from subtitler.cues import units
from subtitler.cues.function_words import is_abbreviation, words_for
from subtitler.media.vad import Region
from subtitler.models import Cue, Word
from subtitler.profiles import Profile
from subtitler.rules import check_cues, media_findings

ISOLATING_MS = 400
"""A short cue counts as an orphan unless pauses this long stand around it."""
LATE_MS, EARLY_MS = 200, 100
"""Onset limits: a cue starts at most this late / early against the voice."""


@dataclass(frozen=True)
class RefSentence:
    text: str
    start_ms: int | None


@dataclass
class Metrics:
    cues: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    warnings: int = 0
    fragments: int = 0
    function_word_lines: int = 0
    spanning: int = 0
    abbreviation_ends: int = 0
    units_broken: int = 0
    lower_starts: int = 0
    sentence_ends: int = 0
    sentence_marks: int = 0
    onset_errors: list[int] = field(default_factory=list)
    suber: float | None = None

    def to_json(self) -> dict[str, Any]:
        errs = [abs(e) for e in self.onset_errors]
        return {
            "cues": self.cues, "errors": self.errors, "warnings": self.warnings,
            "by_rule": dict(sorted(self.by_rule.items())), "fragments": self.fragments,
            "function_word_lines": self.function_word_lines, "spanning": self.spanning,
            "abbreviation_ends": self.abbreviation_ends,
            "units_broken": self.units_broken, "lower_starts": self.lower_starts,
            "sentence_ends": self.sentence_ends, "sentence_marks": self.sentence_marks,
            "onsets": len(errs),
            "onset_median_ms": statistics.median(errs) if errs else None,
            "onset_max_late_ms": max(self.onset_errors) if errs else None,
            "onset_max_early_ms": -min(self.onset_errors) if errs else None,
            "late": sum(e > LATE_MS for e in self.onset_errors),
            "early": sum(e < -EARLY_MS for e in self.onset_errors),
            "suber": self.suber,
        }  # fmt: skip


_PUNCT = re.compile(r"[^\w']+")


def _norm(token: str) -> str:
    return _PUNCT.sub("", token.lower())


def tokens(words: Sequence[Word]) -> tuple[list[str], list[int]]:
    """The transcript's tokens (as cues show them) and the word each starts in."""
    out: list[str] = []
    origin: list[int] = []
    for k, w in enumerate(words):
        pieces = w.text.split()
        if pieces and not w.text[:1].isspace() and out:
            out[-1] += pieces[0]
            pieces = pieces[1:]
        for p in pieces:
            out.append(p)
            origin.append(k)
    return out, origin


def cue_spans(cues: Sequence[Cue], n_tokens: int) -> list[tuple[int, int]]:
    """Token ranges of the cues (their text is the transcript's, in order)."""
    spans = []
    at = 0
    for c in cues:
        n = len(c.text.split())
        spans.append((at, at + n))
        at += n
    if at != n_tokens:
        raise SystemExit(f"cues hold {at} tokens, the transcript {n_tokens}: words lost?")
    return spans


def sentence_of(
    toks: Sequence[str], refs: Sequence[RefSentence]
) -> tuple[list[int], dict[int, int]]:
    """Per transcript token, the reference sentence it belongs to (aligned by
    words; unaligned tokens take the sentence before), and for each reference
    sentence whose first word was heard right, the token that heard it."""
    ref_tokens: list[str] = []
    ref_sentence: list[int] = []
    first_of: dict[int, int] = {}
    for s, ref in enumerate(refs):
        words = [_norm(t) for t in ref.text.split() if _norm(t)]
        first_of[len(ref_tokens)] = s
        ref_tokens += words
        ref_sentence += [s] * len(words)
    hyp = [_norm(t) for t in toks]
    owner = [-1] * len(hyp)
    starts: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, ref_tokens, hyp, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for d in range(size):
            owner[b + d] = ref_sentence[a + d]
            if a + d in first_of:
                starts[first_of[a + d]] = b + d
    last = 0
    for i, o in enumerate(owner):
        owner[i] = last = o if o >= 0 else last
    return owner, starts


def measure(
    cues: Sequence[Cue],
    words: Sequence[Word],
    refs: Sequence[RefSentence],
    regions: Sequence[Region],
    profile: Profile,
    language: str = "en",
) -> Metrics:
    m = Metrics(cues=len(cues))
    findings = check_cues(cues, profile, language=language)
    findings += media_findings(cues, regions, profile)
    for f in findings:
        m.by_rule[f.rule] = m.by_rule.get(f.rule, 0) + 1
        m.errors += f.severity.value == "error"
        m.warnings += f.severity.value == "warning"
    toks, origin = tokens(words)
    spans = cue_spans(cues, len(toks))
    owner, starts = sentence_of(toks, refs)
    weak = words_for(language).weak_endings
    for k, (cue, (a, b)) in enumerate(zip(cues, spans, strict=True)):
        if a == b:
            continue
        m.function_word_lines += sum(_norm(line.split()[-1]) in weak for line in cue.lines if line)
        m.fragments += _orphan(spans, k, words, origin, regions)
        m.spanning += len(set(owner[a:b])) > 1
        last = toks[b - 1]
        nxt = toks[b] if b < len(toks) else None
        continues = nxt is not None and owner[b] == owner[b - 1]
        m.abbreviation_ends += continues and is_abbreviation(last, nxt, language)
    m.units_broken = broken_units(cues, spans, toks, profile, language)
    for k, (a, _) in enumerate(spans):
        starts_sentence = a == 0 or owner[a] != owner[a - 1]
        first = next((ch for ch in cues[k].text if ch.isalpha()), "")
        m.lower_starts += starts_sentence and first.islower()
    for i in range(len(toks)):
        if i + 1 == len(toks) or owner[i + 1] != owner[i]:
            m.sentence_ends += 1
            m.sentence_marks += toks[i].rstrip("\"'\u201d\u2019)]").endswith((".", "?", "!"))
    first_tokens = {a: k for k, (a, _) in enumerate(spans)}
    for s, ref in enumerate(refs):
        t = starts.get(s)
        if ref.start_ms is not None and t is not None and t in first_tokens:
            m.onset_errors.append(cues[first_tokens[t]].start_ms - ref.start_ms)
    return m


def broken_units(
    cues: Sequence[Cue],
    spans: Sequence[tuple[int, int]],
    toks: Sequence[str],
    profile: Profile,
    language: str,
) -> int:
    """Units (``cues.units``, the shipped glossary's terms among them) that a
    cue or line break splits, of those a line can hold."""
    cuts: set[int] = set()
    for cue, (a, b) in zip(cues, spans, strict=True):
        cuts.add(b - 1)
        at = a - 1
        for line in cue.lines[:-1]:
            at += len(line.split())
            cuts.add(at)
    found = units.find(toks, language)
    fits = [u for u in found if units.width(toks[u.start : u.end]) <= profile.max_line_chars]
    return sum(bool(cuts & set(u.inner)) for u in fits)


def _pause(before: Word, after: Word, regions: Sequence[Region]) -> int:
    """The pause between two words: the gap between their times, or the
    longest stretch without speech (voice-activity regions) between the
    start of the one and the end of the other, whichever is longer."""
    gap = after.start_ms - before.end_ms
    edges = [0, *(x for r in regions for x in (r.start_ms, r.end_ms)), 10**12]
    for a, b in zip(edges[::2], edges[1::2], strict=True):  # the silences
        gap = max(gap, min(b, after.end_ms) - max(a, before.start_ms))
    return gap


def _orphan(
    spans: Sequence[tuple[int, int]],
    k: int,
    words: Sequence[Word],
    origin: Sequence[int],
    regions: Sequence[Region],
) -> bool:
    """A cue of one to three words, or under a second of speech, that pauses
    of ``ISOLATING_MS`` do not isolate."""
    a, b = spans[k]
    first, last = words[origin[a]], words[origin[b - 1]]
    if b - a > 3 and last.end_ms - first.start_ms >= 1000:
        return False
    before = k == 0 or _pause(words[origin[spans[k - 1][1] - 1]], first, regions) >= ISOLATING_MS
    after = k + 1 == len(spans) or _pause(last, words[origin[spans[k + 1][0]]], regions) >= (
        ISOLATING_MS
    )
    return not (before and after)
