"""Cutting a chunk the language detector is unsure of: each side keeps its
own language only where detection is sure of it; a language that gives
almost no words for the speech gives way to detection's next guess, and
speech no language gave words for is an error (pure data: the guesses the
multilingual model gave on unseen synthetic Portuguese statements and on
an English introduction before Spanish)"""

from __future__ import annotations

from subtitler.engines.base import LanguageGuess
from subtitler.engines.route import follow_sure, said, second_guesses, sparse
from subtitler.models import Stretch, Transcript, Word
from subtitler.pipeline import spoken
from subtitler.profiles import PROFILES


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


def _w(start_ms: int, text: str) -> Word:
    return Word(start_ms, start_ms + 300, text, 0.5)


def test_a_stretch_with_almost_no_words_is_sparse_and_dashes_are_no_words() -> None:
    """Speech gives 2-3 words a second in any language: under 0.5 the
    language it was transcribed in cannot be the one spoken."""
    assert said([_w(0, " ––––––––"), _w(300, " ..."), _w(600, " Boa")]) == 1
    assert sparse([_w(0, " ––––––––")] * 8, 11_689)  # Georgian's answer to synthetic Portuguese
    assert sparse([_w(k * 400, " palavra") for k in range(5)], 11_689)
    assert not sparse([_w(k * 400, " palavra") for k in range(6)], 11_689)


def test_the_next_guesses_are_the_ranked_languages_detection_thought_possible() -> None:
    guess = _g(("la", 0.5879), ("pt", 0.21), ("es", 0.08), ("gl", 0.06))
    assert second_guesses(guess) == ["pt", "es"]
    assert second_guesses(_g(("la", 0.365), ("ka", 0.0663), ("en", 0.04))) == ["ka"]
    assert second_guesses(_g(("es", 0.97))) == []


def _transcript(stretch: Stretch, words: list[Word]) -> Transcript:
    return Transcript(stretch.language, tuple(words), "faster-whisper", "base", 30_000,
                      (stretch,))  # fmt: skip


def test_a_second_choice_is_a_warning_that_names_both_languages() -> None:
    stretch = Stretch(560, 29_924, "pt", "la", 0.5879, "base")
    words = [_w(600 + k * 400, " palavra") for k in range(60)]
    found = spoken.findings(_transcript(stretch, words), PROFILES["netflix"], None, None)
    assert [(f.rule, f.severity.value) for f in found] == [("language-uncertain", "warning")]
    assert found[0].message == (
        "speech at 00:00.560-00:29.924 sounds Latin (p=0.59) at best, but Latin gave almost "
        "no words there: it was transcribed as Portuguese, detection's next guess; if that is "
        "wrong, give the language with --language")
    record = spoken.record(_transcript(stretch, words), None, None)
    assert record["second_guess"] is True
    assert spoken.describe(record) == (
        "Portuguese, detection's second choice (Latin, p=0.59, gave almost no words)")
    # asked for: not a second guess, a mismatch the person caused
    asked = spoken.findings(_transcript(stretch, words), PROFILES["netflix"], "pt", None)
    assert [f.rule for f in asked] == ["language-uncertain"]
    assert "--language pt says Portuguese" in asked[0].message
    assert spoken.record(_transcript(stretch, words), "pt", None)["second_guess"] is False


def test_speech_no_language_gave_words_for_is_an_error() -> None:
    stretch = Stretch(0, 11_689, "ka", "la", 0.365, "base")
    found = spoken.findings(_transcript(stretch, [_w(0, " ––––––––")]), PROFILES["netflix"],
                            None, None)  # fmt: skip
    assert [(f.rule, f.severity.value) for f in found] == [("language-unknown", "error")]
    assert found[0].message.startswith("speech at 00:00.000-00:11.689: 0 words in 11.7 s, in "
                                       "Latin (p=0.36) and in detection's next guesses")
    # an English-only --model forced English on it: that is the mismatch, said as such
    forced = Stretch(0, 11_689, "en", "es", 0.95, "tiny.en")
    found = spoken.findings(_transcript(forced, [_w(0, " The")]), PROFILES["netflix"], None,
                            "tiny.en")  # fmt: skip
    assert [(f.rule, f.severity.value) for f in found] == [("language-mismatch", "error")]
    # a short stretch (a cough, a word) is not judged
    short = Stretch(0, 3_000, "la", "la", 0.6, "base")
    assert spoken.findings(_transcript(short, []), PROFILES["netflix"], None, None) == []


def test_a_file_detection_cannot_place_is_an_error_unless_the_language_was_given() -> None:
    """Synthetic Brazilian Portuguese with noise: 'Latin, p=0.33' at best, and
    base wrote Latin-looking words: never a clean exit with them."""
    stretch = Stretch(0, 30_000, "la", "la", 0.33, "base")
    words = [_w(k * 400, " verbum") for k in range(70)]
    found = spoken.findings(_transcript(stretch, words), PROFILES["netflix"], None, None)
    assert [(f.rule, f.severity.value) for f in found] == [("language-unknown", "error")]
    assert found[0].message == (
        "language detection cannot tell the language spoken: Latin (p=0.33) at best, so these "
        "subtitles may not be in it; if that is wrong, give the language with --language")
    # given with --language: the person decided; detection's doubt is a warning
    asked = spoken.findings(_transcript(stretch, words), PROFILES["netflix"], "la", None)
    assert [(f.rule, f.severity.value) for f in asked] == [("language-uncertain", "warning")]
    sure = Stretch(0, 30_000, "pt", "pt", 0.93, "base")
    assert spoken.findings(_transcript(sure, words), PROFILES["netflix"], None, None) == []
