"""Cutting a chunk the language detector is unsure of: each side keeps its
own language only where detection is sure of it (pure data: the guesses
the multilingual model gave on an unseen synthetic Portuguese statement
and on an English introduction before Spanish)."""

from __future__ import annotations

from subtitler.engines.base import LanguageGuess
from subtitler.engines.route import follow_sure


def _g(*ranked: tuple[str, float]) -> LanguageGuess:
    return LanguageGuess(ranked[0][0], ranked[0][1], ranked)


def test_an_unsure_side_takes_its_sure_neighbours_language() -> None:
    """"la 0.51 | en 0.28 | la 0.87": the middle was transcribed as English
    by tiny.en ("I hope you enjoyed this video"), exit 0."""
    sides = [_g(("la", 0.5123), ("ka", 0.1006)), _g(("en", 0.2754), ("it", 0.171), ("la", 0.164)),
             _g(("la", 0.8702), ("en", 0.017))]  # fmt: skip
    got = follow_sure(sides)
    assert got is not None
    assert [g.language for g in got] == ["la", "la", "la"]
    assert got[1].probability == 0.164 and got[0] is sides[0] and got[2] is sides[2]


def test_two_sure_languages_stay_apart() -> None:
    sides = [_g(("en", 0.93), ("es", 0.03)), _g(("es", 0.92), ("pt", 0.04))]
    assert follow_sure(sides) == sides


def test_sides_the_detector_cannot_place_are_not_cut() -> None:
    """No sure side to follow ("la 0.36 | la 0.45 | ja 0.24"): the chunk
    stays one stretch (and the run warns that detection is unsure)."""
    sides = [_g(("la", 0.36), ("en", 0.11)), _g(("la", 0.45), ("it", 0.14)),
             _g(("ja", 0.24), ("en", 0.12))]  # fmt: skip
    assert follow_sure(sides) is None
    assert follow_sure(sides[:2]) == sides[:2]  # one language: joined back by the caller
