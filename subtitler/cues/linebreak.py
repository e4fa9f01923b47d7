"""Line breaking inside a cue, as the style guides ask.

Break after punctuation, before conjunctions and prepositions; never after an
article, preposition, conjunction, auxiliary, negation or a pronoun before its
verb when another break fits; never inside a name (two capitalised words);
never inside a unit (``units``: "sex / workers", "25 / minutes") while any
layout that fits keeps it whole; balance the lines, slightly bottom-heavy.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from ..models import strip_markup
from .function_words import is_abbreviation, words_for
from .units import NO_TERMS, Terms, bound

_EN = words_for("en")
PRONOUNS = _EN.pronouns
"""English subject-only pronouns (not "you", "it": often objects at a clause end)."""
BAD_LINE_ENDINGS: frozenset[str] = _EN.bad_endings
"""English lower-case words a line should not end with when another break fits
(other languages: ``function_words.words_for``)."""

UNIT_COST = 1000.0
"""A line break inside a unit: more than any balance or break quality costs,
so a layout breaks one only when none that fits keeps it."""
NAME_COST = 10.0
"""Breaking inside a name ("Red / Umbrella") or after a title ("Mr. / Smith")."""
_CLAUSE_END = (",", ";", ":", "\u2014", "\u2013")
_SENTENCE_END = (".", "?", "!", "\u2026")
_TRAIL = "\"'\u201d\u2019)]"


_BREAKABLE = re.compile(r"[^\S\u00a0\u202f\u2007]+")
"""Whitespace a line may break at: any but the no-break spaces."""


def split_words(text: str) -> list[str]:
    """``text``'s words for line breaking: split at whitespace, but a no-break
    space (French "Bonjour\u00a0!", "10\u202f%") stays inside its word."""
    return [w for w in _BREAKABLE.split(text) if w]


def _seen(word: str) -> int:
    """The characters of ``word`` a viewer sees (its ``<i>`` tags are not),
    as the line-length rule counts them."""
    return len(strip_markup(word)) if "<" in word else len(word)


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


@functools.lru_cache(maxsize=65536)
def break_cost(left: str, right: str, language: str | None = "en") -> float:
    """Cost of breaking between word ``left`` and word ``right`` (lower is
    better) in ``language``. Shared by the line breaker and the cue splitter."""
    words = words_for(language)
    if is_abbreviation(left, right, language):
        return NAME_COST  # "Mr. / Smith", "No. / 5", "U.N. / envoy"
    if ends_sentence(left):
        return -2.0 if right[:1].islower() else -3.0
    if ends_clause(left):
        return -2.0
    cost = 0.0
    if _norm(left) in words.bad_endings:
        cost += 12.0
    if _is_cap(left) and _is_cap(right) and _norm(left) not in words.pronouns:
        cost += NAME_COST  # inside a name ("Red / Umbrella")
    if _norm(right) in words.break_before:
        cost -= 1.0
    return cost


def _width(words: Sequence[str]) -> int:
    return sum(map(_seen, words)) + max(0, len(words) - 1)


def wrap(
    text: str,
    max_chars: int,
    max_lines: int,
    language: str | None = "en",
    terms: Terms = NO_TERMS,
) -> tuple[str, ...]:
    """Lines for ``text`` with the fewest lines that fit ``max_chars``, breaks
    at the best places. Text that cannot fit (too long, or a single word wider
    than a line) still comes back with every word, in order. Every caller
    (the cue builder, the checker, ``--fix``) breaks lines here; ``terms``
    (a glossary's) are units besides the language's own."""
    return layout(text, max_chars, max_lines, language, terms).lines


class Layout(NamedTuple):
    lines: tuple[str, ...]
    cost: float
    """0 for one line; balance and break quality for more, lower is better;
    ``UNIT_COST`` a unit broken, over 100 a character where the text cannot fit."""
    broken: int = 0
    """Units broken across lines (units wider than a line not counted: no
    layout keeps them)."""


@functools.lru_cache(maxsize=4096)
def layout(
    text: str,
    max_chars: int,
    max_lines: int,
    language: str | None = "en",
    terms: Terms = NO_TERMS,
) -> Layout:
    """``wrap``'s lines, what they cost and how many units they break. The
    cue builder weighs its choices with it."""
    words = tuple(split_words(text))
    if not words:
        return Layout((), 0.0)
    if _width(words) <= max_chars or max_lines <= 1 or len(words) == 1:
        return Layout((" ".join(words),), 0.0)
    inside = bound(words, language, terms, widest=max_chars)
    found = _two(words, max_chars, language, inside)
    if found is None:
        for n in range(3, max_lines + 1):
            found = _best(words, n, max_chars, language, inside, strict=True)
            if found is not None:
                break
    if found is None:
        found = _best(words, min(max_lines, len(words)), max_chars, language, inside,
                      strict=False)  # fmt: skip
    assert found is not None
    lines, cost = found
    cuts, at = [], -1
    for line in lines[:-1]:
        at += len(split_words(line))
        cuts.append(at)
    return Layout(lines, cost, sum(c in inside for c in cuts))


def _two(
    words: tuple[str, ...], max_chars: int, language: str | None, inside: frozenset[int]
) -> tuple[tuple[str, ...], float] | None:
    """``_best(words, 2, max_chars, language, strict=True)``, in one loop (the
    cue builder asks for thousands of two-line layouts)."""
    total = _width(words)
    target = total / 2
    best: tuple[float, int] | None = None
    first = -1
    for end in range(1, len(words)):
        first += _seen(words[end - 1]) + 1
        if first > max_chars and end > 1:
            break
        second = total - first - 1
        if second > max_chars and len(words) - end > 1:
            continue
        cost = ((first - target) / 4.0) ** 2 + break_cost(words[end - 1], words[end], language)
        cost += UNIT_COST * (end - 1 in inside)
        cost += max(0, first - max_chars) * 100.0 + max(0, second - max_chars) * 100.0
        cost += ((second - target * 1.05) / 4.0) ** 2
        if best is None or cost < best[0]:
            best = (cost, end)
    if best is None:
        return None
    cut = best[1]
    return (" ".join(words[:cut]), " ".join(words[cut:])), best[0]


def _best(
    words: tuple[str, ...],
    n: int,
    max_chars: int,
    language: str | None,
    inside: frozenset[int],
    *,
    strict: bool,
) -> tuple[tuple[str, ...], float] | None:
    """The best split of ``words`` into exactly ``n`` lines and its cost, or
    None when no split keeps every line within ``max_chars`` (``strict``)."""
    ends = [0]
    for w in words:
        ends.append(ends[-1] + _seen(w) + 1)

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
            cost += UNIT_COST * (strict and end - 1 in inside)  # over a line costs more
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
    return tuple(" ".join(words[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)), found[0]
