"""How close a heard phrase is to a name, in letters and in sound.

Letters: the phrase folded (case, accents, spaces and punctuation gone), so
"Count Me N," and "Count Me In!" differ by one letter. Sounds: each word's
Metaphone key (``jellyfish``), so "Monocache" and "Mama Cash" are close
although their letters are not. Distances are ``rapidfuzz``'s.

A comparison first asks whether every word of the name was *heard*:
aligned, in order, with words of the phrase (one to one, or split or merged:
"Mamacash", "Vera Rod Rigas") that start like it or share most of its
letters or sounds. Its ``score`` is then the mean of the whole phrases'
similarity (the better of letters and sounds, 1 - normalised edit distance)
and the mean similarity of the aligned words. A phrase that
drops a word of the name ("General Assembly" for "UN General Assembly") or
puts an unrelated word in its place ("red umbrella was") is not a near miss,
however close its letters.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import jellyfish
from rapidfuzz.distance import JaroWinkler, Levenshtein

WORD_FLOOR = 0.5
"""The least similarity a word of the name may have with the words heard for
it (the better of Jaro-Winkler and normalised edit similarity, in letters or
sounds)."""


def letters(text: str) -> str:
    """Lower-case letters and digits only, accents removed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


@functools.lru_cache(maxsize=65536)
def sound(word: str) -> str:
    """The Metaphone key of a word of letters ("" for digits-only words)."""
    ascii_word = "".join(ch for ch in word if "a" <= ch <= "z")
    return jellyfish.metaphone(ascii_word) if ascii_word else word


@dataclass(frozen=True)
class Phrase:
    """A phrase ready for comparison: its words as letters and as sounds."""

    words: tuple[str, ...]
    sounds: tuple[str, ...]

    @classmethod
    def of(cls, words: Sequence[str]) -> Phrase:
        kept = tuple(w for w in (letters(x) for x in words) if w)
        return cls(kept, tuple(sound(w) for w in kept))

    @property
    def letters(self) -> str:
        return "".join(self.words)

    @property
    def sound(self) -> str:
        return "".join(self.sounds)


def _close(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return max(JaroWinkler.similarity(a, b), Levenshtein.normalized_similarity(a, b))


def word_similarity(name_letters: str, heard_letters: str) -> float:
    """How well one word (or merged words) of a name was heard."""
    direct = _close(name_letters, heard_letters)
    if direct >= 1.0:
        return direct
    return max(direct, _close(sound(name_letters), sound(heard_letters)))


@dataclass(frozen=True)
class Heard:
    """How the words of a name were heard in a phrase."""

    mean: float
    """Mean similarity of the name's words with the words aligned to them."""
    weak: bool
    """A word of the name was heard as a function word ("and General
    Assembly"): the phrase may be ordinary text around a shorter name."""


def _fits(name_part: str, heard_part: str, split: bool) -> bool:
    """A split or merged word must be about as long as what it stands for
    (a letter, or a fifth of its letters, more or less): "UN General" is not
    heard in "General", nor "umbrella" in "umbrella was"."""
    if not split:
        return True
    return abs(len(name_part) - len(heard_part)) <= max(1.0, 0.2 * len(name_part))


def heard(
    name: Phrase, phrase: Phrase, function_words: frozenset[str] = frozenset(),
    floor: float = WORD_FLOOR,
) -> Heard | None:
    """The best alignment of ``name``'s words with ``phrase``'s, in order
    (1:1, one name word heard as two, two heard as one), or None when none
    hears every word of the name at ``floor`` or better."""
    n, m = len(name.words), len(phrase.words)
    if not n or not m:
        return None
    best: dict[tuple[int, int], tuple[float, bool]] = {(0, 0): (0.0, False)}
    for i in range(n + 1):
        for j in range(m + 1):
            here = best.get((i, j))
            if here is None:
                continue
            for di, dj in ((1, 1), (1, 2), (2, 1)):
                if i + di > n or j + dj > m:
                    continue
                said, got = name.words[i : i + di], phrase.words[j : j + dj]
                a, b = "".join(said), "".join(got)
                if not _fits(a, b, di != dj):
                    continue
                sim = word_similarity(a, b)
                if sim < floor:
                    continue
                weak = here[1] or (
                    any(w in function_words for w in got)
                    and not any(w in function_words for w in said)
                )
                key = (i + di, j + dj)
                total = here[0] + sim * di
                if key not in best or (total, not weak) > (best[key][0], not best[key][1]):
                    best[key] = (total, weak)
    done = best.get((n, m))
    return None if done is None else Heard(done[0] / n, done[1])


def whole(name: Phrase, phrase: Phrase) -> float:
    """The better of letter and sound similarity of the whole phrases."""
    by_letters = Levenshtein.normalized_similarity(name.letters, phrase.letters)
    by_sound = Levenshtein.normalized_similarity(name.sound, phrase.sound)
    return max(by_letters, by_sound)


def score(name: Phrase, phrase: Phrase, how: Heard) -> float:
    """How close the phrase is to the name, 0-1: the mean of the whole-phrase
    similarity and the word-by-word one (``Heard.mean``). The whole phrase
    counts every letter ("Count Me N" is one letter off); word by word, a
    name of short words is not drowned by one long misheard word ("Cow Me
    In": two of three words exact)."""
    return (whole(name, phrase) + how.mean) / 2


def distance(name: Phrase, phrase: Phrase) -> int:
    """Letters to change to turn the phrase into the name (the report's figure)."""
    return int(Levenshtein.distance(name.letters, phrase.letters))
