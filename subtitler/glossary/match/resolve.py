"""Deciding what a candidate match does: its gates (context, quotation
marks, names), its case, and which of overlapping matches wins."""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence

from .candidates import PRIORITY, Action, Match
from .text import Doc, fold


def _all_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) > 1 and all(ch.isupper() for ch in letters)


def case_like(surface: str, replacement: str, sentence_start: bool) -> str:
    """Carry the surface's capitals over to a lower-case replacement: a
    sentence-initial capital, or all capitals."""
    if not replacement[:1].islower() or not surface[:1].isupper():
        return replacement
    if _all_caps(surface):
        return replacement.upper()
    if sentence_start:
        return replacement[:1].upper() + replacement[1:]
    return replacement


def in_name(doc: Doc, m: Match) -> bool:
    """A capitalised match inside a name or a title ("Department of Labor",
    "the Criminalization of Poverty Act"): mid-sentence, or at a sentence
    start followed by another capitalised word."""
    rule = m.rule
    if rule.case_sensitive or not rule.entry.term[:1].islower():
        return False
    if not m.surface[:1].isupper() or _all_caps(m.surface):
        return False
    if not doc.starts_sentence(m.tok_first):
        return True
    if m.tok_end >= len(doc.tokens) or doc.sentence_ids[m.tok_end] != doc.sentence_ids[m.tok_first]:
        return False
    nxt = doc.tokens[m.tok_end]
    word = doc.text[nxt.core_start : nxt.core_end]
    return word[:1].isupper() and word != "I"


Becomes = dict[int, tuple[int, list[str]]]
"""Near misses a glossary makes: at the token where one starts, its end and
the keys of the term it becomes."""


def _keys(doc: Doc, span: range, lo_sid: int, hi_sid: int, becomes: Becomes) -> list[str]:
    """The keys of ``span``'s tokens in the sentences lo_sid..hi_sid, each
    near miss in ``becomes`` read as the term it becomes."""
    out: list[str] = []
    sids = doc.sentence_ids
    i = span.start
    while i < span.stop:
        if i in becomes and becomes[i][0] <= span.stop and lo_sid <= sids[i] <= hi_sid:
            end, keys = becomes[i]
            out += keys
            i = end
            continue
        if lo_sid <= sids[i] <= hi_sid:
            out.append(doc.keys[i])
        i += 1
    return out


def context_ok(doc: Doc, m: Match, becomes: Becomes | None = None) -> bool:
    """The entry's context gate: one of its phrases within ``window`` words
    of the match, in the same sentence (the match's own words excluded).
    ``becomes``: near misses chosen around it count as the terms they
    become, as they will on a second pass."""
    phrases = m.rule.context
    if not phrases:
        return True
    window = m.rule.entry.window
    sids = doc.sentence_ids
    lo_sid, hi_sid = sids[m.tok_first], sids[m.tok_end - 1]
    before = range(max(0, m.tok_first - window), m.tok_first)
    after = range(m.tok_end, min(len(doc.tokens), m.tok_end + window))
    for span in (before, after):
        keys = _keys(doc, span, lo_sid, hi_sid, becomes or {})
        for phrase in phrases:
            n = len(phrase)
            if any(tuple(keys[i : i + n]) == phrase for i in range(len(keys) - n + 1)):
                return True
    return False


def _term(doc: Doc, m: Match, start: bool) -> Match | None:
    entry = m.rule.entry
    target = m.rule.target
    if m.surface == target or case_like(m.surface, target, start) == m.surface:
        return dataclasses.replace(m, kind=Action.SHIELD)
    case_only = fold(m.surface) == fold(target)
    if case_only and (not entry.fix_case or _all_caps(m.surface)):
        return dataclasses.replace(m, kind=Action.KEEP)
    if not context_ok(doc, m):
        return None
    if not entry.in_quotes and doc.in_quotes(m.start):
        return dataclasses.replace(m, kind=Action.SHIELD)
    return dataclasses.replace(
        m, kind=Action.REPLACE, replacement=case_like(m.surface, target, start)
    )


def resolve(doc: Doc, m: Match, *, detect: bool = False,
            becomes: Becomes | None = None) -> Match | None:
    """What ``m`` does here, or None when a gate stops it (``becomes``:
    ``context_ok``'s)."""
    start = doc.starts_sentence(m.tok_first)
    if m.kind is Action.PROTECT:
        return m
    if m.kind is Action.TERM:
        return _term(doc, m, start)
    replacement = case_like(m.surface, m.replacement, start)
    if m.kind is Action.REPLACE and replacement == m.surface:
        return dataclasses.replace(m, kind=Action.SHIELD)
    if not context_ok(doc, m, becomes) or in_name(doc, m):
        return None
    if not detect:
        quotes_stop = m.kind is Action.FLAG or not m.rule.entry.in_quotes
        if quotes_stop and doc.in_quotes(m.start):
            return None
    return dataclasses.replace(m, replacement=replacement)


def _overlaps(m: Match, taken: Sequence[tuple[int, int]], starts: Sequence[int]) -> bool:
    """``taken``: disjoint token spans sorted by start; ``starts`` their starts."""
    i = bisect.bisect_right(starts, m.tok_first) - 1
    if i >= 0 and taken[i][1] > m.tok_first:
        return True
    return i + 1 < len(taken) and taken[i + 1][0] < m.tok_end


def _greedy(matches: Sequence[Match], blocked: Sequence[tuple[int, int]]) -> list[Match]:
    order = sorted(
        matches,
        key=lambda m: (
            m.tok_first,
            -(m.tok_end - m.tok_first),
            -(m.end - m.start),
            PRIORITY[m.kind],
            m.rule.order,
        ),
    )
    out: list[Match] = []
    last_end = -1
    starts = [a for a, _ in blocked]
    for m in order:
        if m.tok_first < last_end or (blocked and _overlaps(m, blocked, starts)):
            continue
        out.append(m)
        last_end = m.tok_end
    return out


def select(matches: Sequence[Match]) -> list[Match]:
    """Protected phrases first; then, leftmost-longest, one match per word."""
    protects = _greedy([m for m in matches if m.kind is Action.PROTECT], ())
    spans = [(m.tok_first, m.tok_end) for m in protects]
    others = _greedy([m for m in matches if m.kind is not Action.PROTECT], spans)
    return sorted(protects + others, key=lambda m: (m.tok_first, m.start))
