"""Glossary findings on cues: ``term-variant`` (a variant that should be the
term), ``term-discouraged`` (a ``flag`` term) and ``term-translation`` (a
source term's approved rendering missing from the time-overlapping target
cues, or a forbidden rendering present)."""

from __future__ import annotations

import bisect
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Cue, Finding, Severity, strip_markup
from ..profiles import DEFAULT_PROFILE, Profile
from .apply import cue_words
from .match.bounded import Bounded
from .match.candidates import Action, Match
from .match.compiled import find_matches, matcher_for
from .match.text import Doc, fold_accents
from .model import Entry, Glossary, Translation, Variant

log = logging.getLogger(__name__)


def _severity(rule: str, profile: Profile | None) -> Severity:
    """The profile's severity (no profile: the default profile's)."""
    return (profile or DEFAULT_PROFILE).severity_of(rule)


def _cue_span(doc: Doc, m: Match, places: Sequence[tuple[int, int]]) -> tuple[int, int]:
    wi = doc.tokens[m.tok_first].word_first
    wj = doc.tokens[m.tok_end - 1].word_last
    return places[wi][0], places[wj][0]


def term_findings(
    cues: Sequence[Cue], glossary: Glossary, language: str = "en", profile: Profile | None = None,
    translations: bool = True,
) -> list[Finding]:
    """``term-variant`` and ``term-discouraged`` findings, one per match, on
    the cue where the match starts."""
    words, places = cue_words(cues)
    if not words:
        return []
    doc = Doc([w.text for w in words])
    out: list[Finding] = []
    for m in find_matches(glossary, language, doc, translations):
        cue = _cue_span(doc, m, places)[0] + 1
        entry = m.rule.entry
        data: dict[str, object] = {
            "entry": entry.id,
            "before": m.surface,
            "after": m.replacement,
            "source": entry.source,
        }
        if m.score is not None:
            data.update(score=m.score, distance=m.distance)
        rule, message = _describe(m)
        out.append(Finding(rule, _severity(rule, profile), cue, message, data=data))
    return out


def _describe(m: Match) -> tuple[str, str]:
    """The rule and message of a term finding."""
    entry = m.rule.entry
    said, want = m.surface, m.replacement
    note = f": {entry.note}" if entry.note else ""
    if entry.id.startswith("spelling:"):
        house = entry.id.split(":", 1)[1]
        if m.kind is Action.REPLACE:
            return "term-spelling", f'"{said}" is not {house} spelling: write "{want}"'
        return "term-spelling", f'"{said}": {house} writes "{want}" in one sense only{note}'
    if m.score is not None:
        near = f"(near miss, score {m.score:.2f}; glossary entry {entry.id})"
        if m.kind is Action.REPLACE:
            return "term-variant", f'"{said}" should be "{want}" {near}'
        return "term-near-miss", f'"{said}" may be "{want}" {near}'
    if m.kind is Action.REPLACE:
        return "term-variant", f'"{said}" should be "{want}" (glossary entry {entry.id})'
    return (
        "term-discouraged",
        f'"{said}" is discouraged; suggest "{want}" (glossary entry {entry.id}{note})',
    )


def _strip_accents(pattern: str) -> str:
    decomposed = unicodedata.normalize("NFD", pattern)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    )


def _pattern(v: Variant) -> Bounded:
    """Accent- and case-insensitive pattern for a rendering (text is folded
    too); a user's regex is bounded in time."""
    if v.regex:
        return Bounded(_strip_accents(v.text), False, f"translation regex {v.text!r}")
    words = (re.escape(fold_accents(w)) for w in v.text.split())
    return Bounded(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", True)


@dataclass(frozen=True)
class _Rendering:
    translation: Translation
    approved: tuple[Bounded, ...]
    forbidden: tuple[Bounded, ...]


def _renderings(glossary: Glossary, entry: Entry, language: str) -> _Rendering | None:
    key = f"translation:{entry.id}:{language.lower()}"
    if key in glossary.cache:
        cached = glossary.cache[key]
        return cached if isinstance(cached, _Rendering) else None
    tr = entry.translation(language)
    result = None
    if tr is not None and (tr.terms or tr.variants or tr.forbidden):
        approved = tuple(_pattern(Variant(t)) for t in tr.terms) + tuple(
            _pattern(v) for v in tr.variants
        )
        result = _Rendering(tr, approved, tuple(_pattern(v) for v in tr.forbidden))
    glossary.cache[key] = result
    return result


@dataclass(frozen=True)
class SourceTerm:
    entry: Entry
    rendering: _Rendering
    text: str
    cue: int
    """0-based index of the source cue where the term starts."""
    start_ms: int
    end_ms: int


def source_terms(
    source: Sequence[Cue], glossary: Glossary, language: str, source_language: str
) -> list[SourceTerm]:
    """Glossary terms in the source cues that have a ``language`` rendering.
    ``flag`` variants (the speaker's own wording) are not source terms."""
    words, places = cue_words(source)
    if not words:
        return []
    doc = Doc([w.text for w in words])
    out = []
    for m in matcher_for(glossary, source_language, False).find(doc, detect=True):
        if m.kind is Action.FLAG:
            continue
        rendering = _renderings(glossary, m.rule.entry, language)
        if rendering is None:
            continue
        first, last = _cue_span(doc, m, places)
        out.append(
            SourceTerm(
                m.rule.entry,
                rendering,
                m.surface,
                first,
                source[first].start_ms,
                source[last].end_ms,
            )
        )
    return out


class _Targets:
    def __init__(self, cues: Sequence[Cue]) -> None:
        self.order = sorted(range(len(cues)), key=lambda i: cues[i].start_ms)
        self.starts = [cues[i].start_ms for i in self.order]
        self.cues = cues
        self.longest = max((c.end_ms - c.start_ms for c in cues), default=0)
        self.plain = [strip_markup(c.text) for c in cues]
        self.folded = [fold_accents(t) for t in self.plain]

    def surface(self, i: int, m: re.Match[str]) -> str:
        """The cue's own text where ``m`` matched its folded text."""
        plain = self.plain[i]
        return plain[m.start() : m.end()] if len(plain) == len(self.folded[i]) else m.group()

    def overlapping(self, start: int, end: int) -> list[int]:
        """Target cues overlapping [start, end), the most overlapping first."""
        hi = bisect.bisect_left(self.starts, end)
        lo = bisect.bisect_left(self.starts, start - self.longest)
        found = [i for i in self.order[lo:hi] if self.cues[i].end_ms > start]

        def overlap(i: int) -> int:
            return min(end, self.cues[i].end_ms) - max(start, self.cues[i].start_ms)

        return sorted(found, key=lambda i: (-overlap(i), i))


def translation_findings(
    target: Sequence[Cue],
    source: Sequence[Cue],
    glossary: Glossary,
    language: str,
    *,
    source_language: str | None = None,
    profile: Profile | None = None,
) -> list[Finding]:
    """``term-translation`` findings on the target (translated) cues."""
    targets = _Targets(target)
    severity = _severity("term-translation", profile)
    seen: set[tuple[str, int]] = set()
    out: list[Finding] = []
    for term in source_terms(source, glossary, language, source_language or glossary.language):
        near = targets.overlapping(term.start_ms, term.end_ms)
        if not near:
            log.debug("no target cue overlaps source term %r", term.text)
            continue
        found = _forbidden(term, near, targets)
        if found is not None:
            cue, bad = found
            if (term.entry.id, cue) not in seen:
                seen.add((term.entry.id, cue))
                out.append(_finding(term, cue, severity, language, bad))
            continue
        approved = term.rendering.approved
        joined = " ".join(targets.folded[i] for i in sorted(near))
        missing = approved and not any(p.search(joined) for p in approved)
        if missing and (term.entry.id, near[0]) not in seen:
            seen.add((term.entry.id, near[0]))
            out.append(_finding(term, near[0], severity, language, None))
    return sorted(out, key=lambda f: (f.cue or 0, f.message))


def _forbidden(term: SourceTerm, near: Sequence[int], targets: _Targets) -> tuple[int, str] | None:
    for i in sorted(near):
        for p in term.rendering.forbidden:
            m = p.search(targets.folded[i])
            if m is not None:
                return i, targets.surface(i, m)
    return None


def _finding(
    term: SourceTerm, cue: int, severity: Severity, language: str, bad: str | None
) -> Finding:
    tr = term.rendering.translation
    want = " or ".join(f'"{t}"' for t in tr.terms) or "an approved rendering"
    where = f'"{term.text}" (source cue {term.cue + 1})'
    if bad is not None:
        message = (
            f'"{bad}" is a wrong {language} rendering of {where}; use {want} '
            f"(glossary entry {term.entry.id})"
        )
    else:
        message = f"{where} is not rendered as {want} (glossary entry {term.entry.id})"
    data = {
        "entry": term.entry.id,
        "source_cue": term.cue + 1,
        "source_text": term.text,
        "expected": list(tr.terms),
        "found": bad,
        "language": language,
    }
    return Finding("term-translation", severity, cue + 1, message, data=data)
