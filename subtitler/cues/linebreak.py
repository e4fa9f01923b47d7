"""Line breaking inside a cue, as the style guides ask.

Break after punctuation, before conjunctions and prepositions; never after an
article, preposition, conjunction, auxiliary, negation or a pronoun before its
verb when another break fits; never inside a name (two capitalised words);
balance the lines, slightly bottom-heavy.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from .function_words import words_for

_EN = words_for("en")
PRONOUNS = _EN.pronouns
"""English subject-only pronouns (not "you", "it": often objects at a clause end)."""
BAD_LINE_ENDINGS: frozenset[str] = _EN.bad_endings
"""English lower-case words a line should not end with when another break fits
(other languages: ``function_words.words_for``)."""

_CLAUSE_END = (",", ";", ":", "\u2014", "\u2013")
_SENTENCE_END = (".", "?", "!", "\u2026")
_TRAIL = "\"'\u201d\u2019)]"


_BREAKABLE = re.compile(r"[^\S\u00a0\u202f\u2007]+")
"""Whitespace a line may break at: any but the no-break spaces."""


def split_words(text: str) -> list[str]:
    """``text``'s words for line breaking: split at whitespace, but a no-break
    space (French "Bonjour\u00a0!", "10\u202f%") stays inside its word."""
    return [w for w in _BREAKABLE.split(text) if w]


def _norm(word: str) -> str:
    return word.strip(_TRAIL + "\"'\u201c\u2018([").lower()


def ends_clause(word: str) -> bool:
    w = word.rstrip(_TRAIL)
    return w.endswith(_CLAUSE_END) or w.endswith(_SENTENCE_END)


def ends_sentence(word: str) -> bool:
    return word.rstrip(_TRAIL).endswith(_SENTENCE_END)


def _is_cap(word: str) -> bool:
    w = word.lstrip("\"'\u201c\u2018(")
    return bool(w) and w[0].isupper()


def break_cost(left: str, right: str, language: str | None = "en") -> float:
    """Cost of breaking between word ``left`` and word ``right`` (lower is
    better) in ``language``. Shared by the line breaker and the cue splitter."""
    words = words_for(language)
    if ends_sentence(left):
        return -2.0 if right[:1].islower() else -3.0
    if ends_clause(left):
        return -2.0
    cost = 0.0
    if _norm(left) in words.bad_endings:
        cost += 12.0
    if _is_cap(left) and _is_cap(right) and _norm(left) not in words.pronouns:
        cost += 10.0  # inside a name ("Red / Umbrella")
    if _norm(right) in words.break_before:
        cost -= 1.0
    return cost


def _width(words: Sequence[str]) -> int:
    return sum(len(w) for w in words) + max(0, len(words) - 1)


def wrap(
    text: str, max_chars: int, max_lines: int, language: str | None = "en"
) -> tuple[str, ...]:
    """Lines for ``text`` with the fewest lines that fit ``max_chars``, breaks
    at the best places. Text that cannot fit (too long, or a single word wider
    than a line) still comes back with every word, in order. Every caller
    (the cue builder, the checker, ``--fix``) breaks lines here."""
    words = tuple(split_words(text))
    if not words:
        return ()
    if _width(words) <= max_chars or max_lines <= 1 or len(words) == 1:
        return (" ".join(words),)
    for n in range(2, max_lines + 1):
        lines = _best(words, n, max_chars, language, strict=True)
        if lines is not None:
            return lines
    best = _best(words, min(max_lines, len(words)), max_chars, language, strict=False)
    assert best is not None
    return best


def _best(
    words: tuple[str, ...], n: int, max_chars: int, language: str | None, *, strict: bool
) -> tuple[str, ...] | None:
    """The best split of ``words`` into exactly ``n`` lines, or None when no
    split keeps every line within ``max_chars`` (``strict``)."""
    ends = [0]
    for w in words:
        ends.append(ends[-1] + len(w) + 1)

    def span(a: int, b: int) -> int:
        return ends[b] - ends[a] - 1

    total = span(0, len(words))
    target = total / n

    @functools.cache
    def solve(start: int, left: int) -> tuple[float, tuple[int, ...]] | None:
        if left == 1:
            width = span(start, len(words))
            if strict and width > max_chars and len(words) - start > 1:
                return None
            over = max(0, width - max_chars) * 100.0
            # bottom-heavy: a last line a little longer than the rest is fine
            return over + ((width - target * 1.05) / 4.0) ** 2, ()
        best: tuple[float, tuple[int, ...]] | None = None
        for end in range(start + 1, len(words) - left + 2):
            width = span(start, end)
            if strict and width > max_chars and end - start > 1:
                break
            rest = solve(end, left - 1)
            if rest is None:
                continue
            cost = ((width - target) / 4.0) ** 2 + break_cost(words[end - 1], words[end], language)
            cost += rest[0] + max(0, width - max_chars) * 100.0
            if best is None or cost < best[0]:
                best = (cost, (end, *rest[1]))
        return best

    if len(words) < n:
        return None
    found = solve(0, n)
    if found is None:
        return None
    cuts = (0, *found[1], len(words))
    return tuple(" ".join(words[a:b]) for a, b in zip(cuts, cuts[1:], strict=False))
