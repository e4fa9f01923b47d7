"""Near misses: word sequences that spell or sound close to a name no
variant lists ("Count Me N", "Red Umbrella Fun", "Monocache").

Entries opt in with ``fuzzy: true``; by default names do (``wants_fuzzy``).
Every window of one to a few words within a sentence is compared with the
entry's names (its term and name-like forms, never acronyms) in letters and
sounds (``similar``); a candidate must hear every word of the name. What it
then does depends on how close it is and on the evidence that a name was
meant:

- strong evidence: a capital on a word that does not begin the sentence
  (the recogniser wrote a name), or the entry's context gate (its words must
  be there in any case: a gated entry's near misses are acted on only then);
  weak evidence: another name or multi-word term in the sentence
  (``support``).
- ``score >= REPLACE_AT`` with strong evidence: replaced (a ``fuzzy`` change).
- ``score >= FLAG_AT`` with any evidence, or ``>= PLAIN_AT`` without
  (ordinary lower-case words, "red umbrellas and"): flagged with the name as
  the suggestion, never rewritten. So is a candidate that heard a word of
  the name as a function word ("and General Assembly").

The thresholds are measured (``bench/term_recall.py``, README "Near misses").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ...cues.function_words import words_for
from ..model import Entry, Policy
from .candidates import Action, Match, Rule
from .similar import Heard, Phrase, distance, heard, letters, score, sound
from .support import lower_case
from .text import Doc, phrase_keys

REPLACE_AT = 0.75
"""A near miss with evidence of a name at least this close is replaced."""
FLAG_AT = 0.7
"""A near miss with evidence of a name at least this close is flagged."""
PLAIN_AT = 0.9
"""A near miss of ordinary lower-case words at least this close is flagged."""
PREFILTER = min(FLAG_AT, PLAIN_AT)
_POSSESSIVE = re.compile(r"['\u2019]s$", re.IGNORECASE)


def _acronym(text: str) -> bool:
    """All letters capitals ("JASS", "CMI!", "WO=MEN"): near misses of
    acronyms are ordinary words ("jazz", "Korea"), never looked for."""
    return not any(ch.islower() for ch in text)


def _name_like(text: str) -> bool:
    words = text.split()
    return any(ch.isupper() for ch in text) and not _acronym(text) and (
        len(words) > 1 or len(letters(text)) >= 6
    )


def wants_fuzzy(entry: Entry) -> bool:
    """Explicit ``fuzzy``, else: ``replace`` entries whose term is a name of
    two or more words, or of one word of six letters or more."""
    if entry.policy is not Policy.REPLACE:
        return False
    if entry.fuzzy is not None:
        return entry.fuzzy
    return _name_like(entry.term)


def names_of(entry: Entry) -> list[str]:
    """The texts near misses are matched against: the term and its forms,
    acronyms and texts of fewer than four letters left out."""
    out = []
    for text in (entry.term, *entry.forms):
        if not _acronym(text) and len(letters(text)) >= 4 and text not in out:
            out.append(text)
    return out


@dataclass(frozen=True)
class Target:
    entry: Entry
    text: str
    phrase: Phrase
    keys: tuple[str, ...]
    replace: Rule
    flag: Rule


def _target(entry: Entry, order: int, text: str) -> Target:
    context = tuple(k for k in (phrase_keys(c) for c in entry.context) if k)
    keys = phrase_keys(text)

    def rule(action: Action) -> Rule:
        return Rule(entry, order, action, text, text, None, False, context)

    return Target(
        entry, text, Phrase.of(keys), keys, rule(Action.REPLACE), rule(Action.FLAG)
    )


@dataclass(frozen=True)
class _Window:
    first: int
    end: int
    letters: str
    sound: str


class NearMatcher:
    """The fuzzy entries of one language, ready to search a ``Doc``."""

    def __init__(self, entries: Iterable[tuple[int, Entry]], language: str = "en") -> None:
        self.targets = [
            _target(e, order, text)
            for order, e in entries
            if wants_fuzzy(e)
            for text in names_of(e)
        ]
        self.function_words = words_for(language).bad_endings
        self.sizes = sorted({n for t in self.targets for n in self._sizes(t)})

    @staticmethod
    def _sizes(t: Target) -> range:
        n = len(t.phrase.words)
        return range(max(1, n - 1), n + 2)

    def find(
        self, doc: Doc, taken: Sequence[bool], about: dict[int, set[str]] | None = None
    ) -> list[Match]:
        """Candidate near misses, unresolved (the gates are ``resolve``'s;
        ``best`` then keeps one per word). ``taken[k]``: token k is already
        matched exactly (a term, a variant, a protected phrase); ``about``:
        what each sentence is about (``support.topics``)."""
        if not self.targets or not doc.tokens:
            return []
        words = [_letters_of(doc, k) for k in range(len(doc.tokens))]
        windows = self._windows(doc, words, taken)
        if not windows:
            return []
        found: list[Match] = []
        for w, t in self._pairs(windows):
            m = self._judge(doc, words, windows[w], self.targets[t], about or {})
            if m is not None:
                found.append(m)
        return found

    def _windows(self, doc: Doc, words: Sequence[Phrase], taken: Sequence[bool]) -> list[_Window]:
        out = []
        n = len(doc.tokens)
        for size in self.sizes:
            for a in range(n - size + 1):
                b = a + size
                if any(taken[a:b]) or doc.sentence_ids[a] != doc.sentence_ids[b - 1]:
                    continue
                if not all(words[k].words for k in range(a, b)):
                    continue
                joined = [w for k in range(a, b) for w in words[k].words]
                out.append(_Window(a, b, "".join(joined), "".join(sound(w) for w in joined)))
        return out

    def _pairs(self, windows: Sequence[_Window]) -> Iterable[tuple[int, int]]:
        """(window, target) pairs close enough in letters or sounds to look at."""
        names_l = [t.phrase.letters for t in self.targets]
        names_s = [t.phrase.sound for t in self.targets]
        found: set[tuple[int, int]] = set()
        for column, names in (("letters", names_l), ("sound", names_s)):
            queries = [getattr(w, column) for w in windows]
            sims = process.cdist(
                queries, names, scorer=Levenshtein.normalized_similarity,
                score_cutoff=PREFILTER, dtype=np.float32,
            )
            rows, cols = np.nonzero(sims)
            found.update(zip(rows.tolist(), cols.tolist(), strict=True))
        size = {i: w.end - w.first for i, w in enumerate(windows)}
        return sorted(
            (w, t) for w, t in found if size[w] in self._sizes(self.targets[t])
        )

    def _judge(
        self, doc: Doc, words: Sequence[Phrase], w: _Window, t: Target, about: dict[int, set[str]]
    ) -> Match | None:
        if tuple(doc.keys[w.first : w.end]) == t.keys:
            return None  # the term itself, in another case: exact matching's
        phrase = Phrase(
            tuple(x for k in range(w.first, w.end) for x in words[k].words),
            tuple(x for k in range(w.first, w.end) for x in words[k].sounds),
        )
        how = heard(t.phrase, phrase, self.function_words)
        if how is None:
            return None
        close = score(t.phrase, phrase, how)
        strong = bool(t.replace.context) or not lower_case(doc, w.first, w.end)
        topical = bool(about.get(doc.sentence_ids[w.first], set()) - {t.entry.id})
        action = decide(close, how, strong, topical)
        if action is None:
            return None
        rule = t.replace if action is Action.REPLACE else t.flag
        start, end = _span(doc, w.first, w.end)
        return Match(
            start, end, w.first, w.end, rule, doc.text[start:end], action, t.text,
            round(close, 3), distance(t.phrase, phrase),
        )


def decide(close: float, how: Heard, strong: bool, topical: bool = False) -> Action | None:
    """Replace, flag or leave a near miss: ``strong`` evidence of a name is
    a capital or the entry's context gate; ``topical`` another name or term
    in the sentence, enough for a flag only."""
    if strong and not how.weak and close >= REPLACE_AT:
        return Action.REPLACE
    if close >= (FLAG_AT if strong or topical else PLAIN_AT):
        return Action.FLAG
    return None


def _letters_of(doc: Doc, k: int) -> Phrase:
    tok = doc.tokens[k]
    core = doc.text[tok.core_start : tok.core_end]
    return Phrase.of([_POSSESSIVE.sub("", core)])


def _span(doc: Doc, first: int, end: int) -> tuple[int, int]:
    """Characters a near miss covers: its words without edge punctuation,
    nor a final possessive ("Fun's" -> "Fund's")."""
    a = doc.tokens[first].core_start
    last = doc.tokens[end - 1]
    core = doc.text[last.core_start : last.core_end]
    poss = _POSSESSIVE.search(core)
    return a, last.core_end - (len(poss.group()) if poss else 0)


def best(found: Sequence[Match]) -> list[Match]:
    """Candidates that share no word: replacements first (they had the
    stronger evidence), then the closest, then the shortest."""
    order = sorted(
        found,
        key=lambda m: (
            m.kind is not Action.REPLACE, -(m.score or 0), m.tok_end - m.tok_first, m.tok_first
        ),
    )
    used: set[int] = set()
    out = []
    for m in order:
        span = set(range(m.tok_first, m.tok_end))
        if span & used:
            continue
        used |= span
        out.append(m)
    return sorted(out, key=lambda m: m.tok_first)
