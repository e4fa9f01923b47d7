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
  (``support``). Capitals say nothing when the window also holds an
  ordinary lower-case word like no word of the name ("the work Rodrigues
  did"): such a window is only flagged.
- ``score >= REPLACE_AT`` with strong evidence: replaced (a ``fuzzy`` change).
- ``score >= FLAG_AT`` with any evidence, or ``>= PLAIN_AT`` without
  (ordinary lower-case words, "red umbrellas and"): flagged with the name as
  the suggestion, never rewritten. So is a candidate that heard a word of
  the name as a function word ("and General Assembly").

The thresholds are measured (``bench/term_recall.py``,
docs/glossaries.md#near-misses-names-nobody-listed).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ...cues.function_words import words_for
from ..model import Entry, Policy
from .candidates import Action, Match, Rule
from .similar import Heard, Phrase, distance, heard, letters, score, word_similarity
from .support import lower_case
from .text import Doc, phrase_keys
from .windows import groups_of, windows

REPLACE_AT = 0.75
"""A near miss with evidence of a name at least this close is replaced."""
FLAG_AT = 0.7
"""A near miss with evidence of a name at least this close is flagged."""
PLAIN_AT = 0.9
"""A near miss of ordinary lower-case words at least this close is flagged."""
PREFILTER = 0.6
"""Least whole-phrase similarity (letters or sounds) for a window to be
looked at; the lowest of a right near miss in the tune half was 0.67."""
TOP = 3
"""Names looked at per window: the closest by whole-phrase similarity."""
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
        sizes = sorted({n for t in self.targets for n in self._sizes(t)})
        by_size = {
            size: [i for i, t in enumerate(self.targets) if size in self._sizes(t)]
            for size in sizes
        }
        self.groups = groups_of([t.phrase for t in self.targets], by_size, PREFILTER)

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
        open_ = [not x for x in taken]
        found: list[Match] = []
        seen: dict[tuple[int, str], tuple[Heard, float] | None] = {}
        spots = windows(words, open_, doc.sentence_ids, self.groups, TOP)
        for first, end, t in spots:
            m = self._judge(doc, words, first, end, t, about or {}, seen)
            if m is not None:
                found.append(m)
        return found

    def _judge(
        self,
        doc: Doc,
        words: Sequence[Phrase],
        first: int,
        end: int,
        index: int,
        about: dict[int, set[str]],
        seen: dict[tuple[int, str], tuple[Heard, float] | None],
    ) -> Match | None:
        t = self.targets[index]
        if tuple(doc.keys[first:end]) == t.keys:
            return None  # the term itself, in another case: exact matching's
        phrase = Phrase(
            tuple(x for k in range(first, end) for x in words[k].words),
            tuple(x for k in range(first, end) for x in words[k].sounds),
        )
        key = (index, " ".join(phrase.words))
        if key not in seen:
            how = heard(t.phrase, phrase, self.function_words)
            seen[key] = None if how is None else (how, score(t.phrase, phrase, how))
        compared = seen[key]
        if compared is None:
            return None
        how, close = compared
        capitals = not lower_case(doc, first, end)
        if capitals and self._ordinary_word(doc, words, first, end, t):
            how = dataclasses.replace(how, weak=True)
        strong = bool(t.replace.context) or capitals
        topical = bool(about.get(doc.sentence_ids[first], set()) - {t.entry.id})
        action = decide(close, how, strong, topical)
        if action is None:
            return None
        rule = t.replace if action is Action.REPLACE else t.flag
        a, b = _span(doc, first, end)
        return Match(
            a, b, first, end, rule, doc.text[a:b], action, t.text,
            round(close, 3), distance(t.phrase, phrase),
        )


    def _ordinary_word(
        self, doc: Doc, words: Sequence[Phrase], first: int, end: int, t: Target
    ) -> bool:
        """A lower-case word in the middle of a sentence, no function word,
        like no word of the name ("the work Rodrigues did"): the window mixes
        ordinary text with a name, and its capitals say nothing about it."""
        for k in range(first, end):
            tok = doc.tokens[k]
            if doc.text[tok.core_start : tok.core_start + 1].isupper() or doc.starts_sentence(k):
                continue
            for w in words[k].words:
                if w in self.function_words:
                    continue
                if max(word_similarity(n, w) for n in t.phrase.words) < SAME_WORD:
                    return True
        return False


SAME_WORD = 0.75
"""Word similarity at which a heard word counts as the name's own word."""


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
    return _phrase_of(doc.text[tok.core_start : tok.core_end])


@functools.lru_cache(maxsize=65536)
def _phrase_of(core: str) -> Phrase:
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
    stronger evidence), then the closest, then the fewest letters off (names
    that sound the same), then the shortest."""
    order = sorted(
        found,
        key=lambda m: (
            m.kind is not Action.REPLACE, -(m.score or 0), m.distance or 0,
            m.tok_end - m.tok_first, m.tok_first,
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
