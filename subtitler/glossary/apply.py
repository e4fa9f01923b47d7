"""Applying a glossary to words (a transcript) or to cues (an SRT file)."""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Cue, Word
from .match.candidates import Action, Match
from .match.compiled import find_matches
from .match.text import Doc
from .model import Change, ChangeKind, Glossary, GlossaryResult
from .retime import retime

log = logging.getLogger(__name__)

_PIECE = re.compile(r"\s*\S+")
_STOPS = ".!?"
_ACROSS = "spans two cues: not rewritten, fix by hand"


@dataclass(frozen=True)
class _Rewrite:
    words: tuple[Word, ...]
    changes: tuple[Change, ...]
    origins: tuple[int, ...]
    """For each output word, the index of the input word it comes from."""


def _word_span(doc: Doc, m: Match) -> tuple[int, int]:
    return doc.tokens[m.tok_first].word_first, doc.tokens[m.tok_end - 1].word_last + 1


def _pieces(text: str) -> list[str]:
    pieces = _PIECE.findall(text)
    rest = text[sum(len(p) for p in pieces) :]
    if pieces and rest:
        pieces[-1] += rest
    return pieces


def _segment(doc: Doc, words: Sequence[Word], m: Match, wi: int, wj: int) -> str:
    seg_start = doc.word_starts[wi]
    seg_end = doc.word_starts[wj - 1] + len(words[wj - 1].text)
    tail = doc.text[m.end : seg_end]
    if m.replacement[-1:] in _STOPS and tail[:1] and (
        tail[:1] in _STOPS or (tail[:1] == "," and _own_noun_next(doc, m))
    ):
        tail = tail[1:]  # "count me in." -> "Count Me In!", not "Count Me In!."
    return doc.text[seg_start : m.start] + m.replacement + tail


def _own_noun_next(doc: Doc, m: Match) -> bool:
    """The word after the match is a common noun of the entry's context gate
    ("Count Me In, consortium"): the comma the recogniser put between the
    name and its noun goes with the "!" the name brings."""
    if m.tok_end >= len(doc.tokens):
        return False
    nouns = {c.casefold() for c in m.rule.entry.context if c[:1].islower() and " " not in c}
    return doc.keys[m.tok_end] in nouns


def _change(kind: ChangeKind, m: Match, words: Sequence[Word], wi: int, wj: int) -> Change:
    if kind is ChangeKind.REPLACE and m.score is not None:
        kind = ChangeKind.FUZZY
    return Change(
        kind=kind,
        before=m.surface,
        after=m.replacement,
        entry_id=m.rule.entry.id,
        start_ms=words[wi].start_ms,
        end_ms=words[wj - 1].end_ms,
        word_index=wi,
        word_count=wj - wi,
        note=_note(kind, m),
        score=m.score,
        distance=m.distance,
    )


def _note(kind: ChangeKind, m: Match) -> str:
    if m.score is not None:
        near = f"near miss of {m.replacement!r} (score {m.score:.2f}, {m.distance} letters off)"
        return near if kind is ChangeKind.FUZZY else f"{near}: check and fix by hand"
    return m.rule.entry.note if kind is ChangeKind.FLAG else ""


def rewrite(words: Sequence[Word], doc: Doc, matches: Sequence[Match]) -> _Rewrite:
    out: list[Word] = []
    origins: list[int] = []
    changes: list[Change] = []
    done = 0
    for m in matches:
        wi, wj = _word_span(doc, m)
        if m.kind is Action.FLAG:
            changes.append(_change(ChangeKind.FLAG, m, words, wi, wj))
            continue
        if wi < done:
            log.debug("skipped %r: its words were already changed", m.surface)
            continue
        pieces = _pieces(_segment(doc, words, m, wi, wj))
        if not pieces:
            continue
        out.extend(words[done:wi])
        origins.extend(range(done, wi))
        new, from_old = retime(words[wi:wj], pieces)
        out.extend(new)
        origins.extend(wi + k for k in from_old)
        changes.append(_change(ChangeKind.REPLACE, m, words, wi, wj))
        done = wj
    out.extend(words[done:])
    origins.extend(range(done, len(words)))
    changes.sort(key=lambda c: (c.word_index, c.kind.value))
    return _Rewrite(tuple(out), tuple(changes), tuple(origins))


def apply_to_words(
    words: Sequence[Word], glossary: Glossary, language: str = "en"
) -> GlossaryResult:
    """Replace variants by their terms and flag discouraged wording, keeping
    timings. ``Word.text`` keeps the engine's leading-space convention."""
    if not words:
        return GlossaryResult((), ())
    doc = Doc([w.text for w in words])
    matches = find_matches(glossary, language, doc)
    result = rewrite(words, doc, matches)
    return GlossaryResult(result.words, result.changes)


def cue_words(cues: Sequence[Cue]) -> tuple[list[Word], list[tuple[int, int]]]:
    """Cues as words (times spread evenly over each cue) and, for each word,
    its (cue index, line index)."""
    words: list[Word] = []
    places: list[tuple[int, int]] = []
    for ci, cue in enumerate(cues):
        toks = [(li, t) for li, line in enumerate(cue.lines) for t in line.split()]
        n = max(1, len(toks))
        for k, (li, tok) in enumerate(toks):
            a = cue.start_ms + (cue.end_ms - cue.start_ms) * k // n
            b = cue.start_ms + (cue.end_ms - cue.start_ms) * (k + 1) // n
            words.append(Word(a, max(a, b), tok if not words else " " + tok))
            places.append((ci, li))
    return words, places


def _cross_cue(doc: Doc, m: Match, places: Sequence[tuple[int, int]]) -> bool:
    wi, wj = _word_span(doc, m)
    return places[wi][0] != places[wj - 1][0]


def _rebuild(cue: Cue, parts: dict[int, list[str]]) -> Cue:
    lines = tuple(" ".join(parts[li]) for li in range(len(cue.lines)) if parts.get(li))
    return dataclasses.replace(cue, lines=lines or ("",))


def apply_to_cues(
    cues: Sequence[Cue], glossary: Glossary, language: str = "en"
) -> tuple[list[Cue], list[Change]]:
    """The cues with the glossary applied (line breaks kept; cues that did not
    change are returned as they were) and the changes, with cue numbers."""
    words, places = cue_words(cues)
    if not words:
        return list(cues), []
    doc = Doc([w.text for w in words])
    matches = find_matches(glossary, language, doc)
    # A replacement across two cues is reported, not made (it could empty a cue).
    across = {
        i for i, m in enumerate(matches) if m.kind is Action.REPLACE and _cross_cue(doc, m, places)
    }
    matches = [
        dataclasses.replace(m, kind=Action.FLAG) if i in across else m
        for i, m in enumerate(matches)
    ]
    crossing = {_word_span(doc, matches[i])[0] for i in across}
    result = rewrite(words, doc, matches)
    touched = {places[c.word_index][0] for c in result.changes if c.kind.replaces}
    parts: dict[int, dict[int, list[str]]] = {ci: {} for ci in touched}
    for word, origin in zip(result.words, result.origins, strict=True):
        ci, li = places[origin]
        if ci in parts:
            parts[ci].setdefault(li, []).append(word.text.strip())
    out = [_rebuild(cue, parts[ci]) if ci in parts else cue for ci, cue in enumerate(cues)]
    changes = [
        dataclasses.replace(
            c,
            cue=places[c.word_index][0] + 1,
            note=_ACROSS if c.kind is ChangeKind.FLAG and c.word_index in crossing else c.note,
        )
        for c in result.changes
    ]
    return out, changes
