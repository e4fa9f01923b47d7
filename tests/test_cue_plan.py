"""The cue builder's choices: sentence ends (abbreviations), breaks chosen
together (orphans, line endings, reading speed), onsets found far enough
back, and the settings as data."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler import rules
from subtitler.cues import segment, sentences
from subtitler.cues.function_words import words_for
from subtitler.cues.options import CueOptions
from subtitler.cues.segment import build
from subtitler.cues.timing import latest_end, settle
from subtitler.cues.voice import Voice, pauses
from subtitler.media.vad import Region
from subtitler.models import Cue, Word
from subtitler.pipeline import RunOptions, effective_settings
from subtitler.profiles import PROFILES, Profile
from tests.expect import same_words

NETFLIX = PROFILES["netflix"]


def spoken(text: str, per_word: int = 400, pause_after: dict[str, int] | None = None) -> list[Word]:
    """Words read at ``per_word`` ms each, with a pause (ms) after the words named."""
    out, t = [], 0
    for token in text.split():
        out.append(Word(t, t + per_word, " " + token))
        t += per_word + (pause_after or {}).get(token, 0)
    return out


def texts(cues: list[Cue]) -> list[str]:
    return [c.text for c in cues]


ABBREVIATED = [
    ("Mr.", "And Mr. John Dashwood had then leisure to consider how much there might be "
            "prudently in his power to do for them."),
    ("Dr.", "My name is Dr. Lena Novak, and I chair the board of Red Umbrella Fund, which "
            "supports groups led by sex workers."),
    ("U.N.", "We ask donors, governments and the U.N. Secretary-General to change that before "
             "the next review of the global plan."),
    ("e.g.", "Police raids on brothels, e.g. those carried out in the name of rescue, rarely "
             "find any victims of trafficking at all."),
    ("No.", "Her findings echo General recommendation No. 38 of the CEDAW Committee on the "
            "root causes of trafficking in persons."),
]  # fmt: skip


@pytest.mark.parametrize(("abbreviation", "text"), ABBREVIATED, ids=[a for a, _ in ABBREVIATED])
def test_an_abbreviation_never_ends_a_cue(abbreviation: str, text: str) -> None:
    """Even with a pause after it before a capital, which ends a sentence
    where the recogniser dropped the full stop ("And Mr." was a 0.74 s cue)."""
    words = spoken(text, pause_after={abbreviation: 300})
    found = sentences.find([w.text for w in words], [300 if w.text.strip() == abbreviation
                                                      else 0 for w in words])  # fmt: skip
    k = next(i for i, w in enumerate(words) if w.text.strip() == abbreviation)
    assert not found.ends[k] and found.abbreviation[k]
    cues = settle([b.cue for b in build(words, NETFLIX)], NETFLIX)
    assert len(cues) >= 2  # the sentence needs a break somewhere
    assert not [c for c in cues if c.text.endswith(abbreviation)], texts(cues)
    assert not rules.check_cues(cues, NETFLIX)


def test_a_decimal_number_split_by_the_recogniser_stays_whole() -> None:
    words = spoken("Only 3 of the women removed in one series of raids said they had been forced "
                   "or deceived by anyone at all in the end.")  # fmt: skip
    words[1:3] = [Word(words[1].start_ms, 500, " 3"), Word(500, words[2].end_ms, ".5")]
    cues = [b.cue for b in build(words, NETFLIX)]
    assert "3.5" in " ".join(texts(cues))
    assert not [c for c in cues if c.text.endswith(" 3") or c.text.startswith(".5")]


def test_sentence_ends_from_pysbd_know_abbreviations_initials_and_numbers() -> None:
    text = ("I met Mr. Smith and J. R. R. Tolkien at No. 5 at 3.5 p.m. today. He was tall. "
            "They left the U.S. in May.")  # fmt: skip
    tokens = [" " + t for t in text.split()]
    ends = [t.strip() for t, e in zip(tokens, sentences.text_ends(tokens), strict=True) if e]
    assert ends == ["today.", "tall.", "May."]


def test_sentences_are_found_in_long_transcripts_chunk_by_chunk() -> None:
    one = "This is sentence number {n}, said Mr. Smith of the U.N. in his statement."
    tokens = [" " + t for n in range(60) for t in one.format(n=n).split()]
    flags = sentences.text_ends(tokens)
    assert [t for t, e in zip(tokens, flags, strict=True) if e] == [" statement."] * 60


def test_portuguese_and_unknown_languages_get_rules_too() -> None:
    words = spoken("O Sr. Silva chegou. Ele falou com a Sra. Costa.")
    found = sentences.find([w.text for w in words], [0] * len(words), language="pt")
    ends = [w.text.strip() for w, e in zip(words, found.ends, strict=True) if e]
    assert ends == ["chegou.", "Costa."]
    assert sentences.text_ends([" Hallo.", " Welt."], "xx") == [True, True]


@pytest.mark.parametrize("per_word", [400, 450])
def test_no_orphan_after_the_comma_of_a_name(per_word: int) -> None:
    """"...on behalf of the Count Me In, / Consortium." left one word alone for 1.2 s."""
    said = "I speak on behalf of the Count Me In, Consortium."
    assert texts([b.cue for b in build(spoken(said, per_word, {"In,": 300}), NETFLIX)]) == [said]
    longer = spoken(
        "Sex workers from nine countries have organised together for years, and I speak to "
        "you today on behalf of the Count Me In, Consortium.", per_word, {"In,": 300},
    )  # fmt: skip
    cues = [b.cue for b in build(longer, NETFLIX)]
    assert all(len(c.text.split()) > 3 for c in cues), texts(cues)


@pytest.mark.parametrize("subject", ["Laws against clients", "Criminal laws"])
def test_no_line_ends_on_an_article_where_another_break_fits(subject: str) -> None:
    """One cue fits only as "... put sex workers in an / unequal power
    relationship with clients."; two cues let every line end well."""
    text = f"{subject} put sex workers in an unequal power relationship with clients."
    cues = [b.cue for b in build(spoken(text), NETFLIX)]
    weak = words_for("en").weak_endings
    assert not [ln for c in cues for ln in c.lines if ln.split()[-1] in weak], texts(cues)
    assert " ".join(texts(cues)) == text


def test_speech_faster_than_the_profile_says_so_in_the_finding() -> None:
    words = spoken(" ".join(["international"] * 40) + ".", per_word=500)  # 28 characters a second
    built = build(words, NETFLIX)
    cues = settle([b.cue for b in built], NETFLIX)
    found = segment.explain(rules.check_cues(cues, NETFLIX), built)
    slow = [f for f in found if f.rule == "reading-speed"]
    assert slow, "this speech cannot be read at 20 characters per second"
    for f in slow:
        assert "characters per second over" in f.message and "no split fits 20" in f.message
        assert f.data["note"] in f.message


def _tone(samples: np.ndarray, start_ms: int, end_ms: int) -> None:
    t = np.arange((end_ms - start_ms) * 16) / 16000
    a = start_ms * 16
    samples[a : a + t.size] = (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def test_the_onset_search_looks_far_enough_back() -> None:
    """After voice-activity filtering, a sentence's first word came out 540 ms
    after its voice (cue at 38.40 s, voice at 37.86 s)."""
    samples = np.zeros(16000 * 41, dtype=np.float32)
    _tone(samples, 35000, 37300)
    _tone(samples, 37860, 40000)
    words = [Word(35000, 37250, " before."), Word(38400, 38900, " Next"),
             Word(38900, 40000, " sentence.")]  # fmt: skip
    # energy alone; a voice-activity region starting 390 ms late
    for regions, within in ((None, 20), ([Region(35000, 37300), Region(38250, 40000)], 50)):
        found = pauses(words, Voice(samples, regions))
        assert abs(found.onset(words, 1) - 37860) <= within
        cues = settle([b.cue for b in build(words, NETFLIX, pauses=found)], NETFLIX)
        assert abs(cues[1].start_ms - 37860) <= within


def test_music_between_sentences_is_a_pause_not_speech() -> None:
    samples = np.zeros(16000 * 12, dtype=np.float32)
    _tone(samples, 1000, 3000)
    samples[3600 * 16 : 7000 * 16] = 0.3  # loud, but no voice-activity region: music
    _tone(samples, 8000, 10000)
    words = [Word(1000, 3000, " One."), Word(7600, 10000, " Two.")]
    found = pauses(words, Voice(samples, [Region(1000, 3000), Region(8000, 10000)]))
    assert abs(found.speech_end(words, 0) - 3000) <= 70
    assert abs(found.onset(words, 1) - 8000) <= 70


def test_latest_end_is_linger_or_minimum_then_chained_to_a_close_next_cue() -> None:
    assert latest_end(1000, 0, None, NETFLIX) == 1500
    assert latest_end(300, 0, None, NETFLIX) == 833  # minimum duration
    assert latest_end(1000, 0, 1900, NETFLIX) == 1900 - 83  # gap under 0.5 s: closed
    assert latest_end(1000, 0, 2100, NETFLIX) == 1500
    assert latest_end(1000, 0, 1200, NETFLIX) == 1200 - 83  # never into the next cue


def test_the_options_are_in_the_report_and_the_fingerprint() -> None:
    base = effective_settings(RunOptions())
    changed = effective_settings(RunOptions(cues=CueOptions(fragment_cost=5.0)))
    assert base.to_json()["cues"]["fragment_cost"] == CueOptions().fragment_cost
    assert changed.to_json()["cues"]["fragment_cost"] == 5.0
    assert changed.sha256() != base.sha256()


@st.composite
def speeches(draw: st.DrawFn) -> list[Word]:
    """Plausible transcripts: words of 150-600 ms, pauses, punctuation,
    abbreviations, pieces glued to the word before."""
    n = draw(st.integers(min_value=1, max_value=70))
    t = draw(st.integers(min_value=0, max_value=3000))
    words = []
    for _ in range(n):
        t += draw(st.sampled_from([0, 0, 0, 0, 80, 250, 600, 1600]))
        dur = draw(st.integers(min_value=150, max_value=600))
        token = draw(st.sampled_from(
            ["the", "sex", "workers", "rights", "of", "an", "Mr.", "U.N.", "No.", "5", "and",
             "police", "International", "decriminalisation", "Fund", "e.g.", "we", "help"]
        )) + draw(st.sampled_from(["", "", "", "", ",", ".", "?"]))  # fmt: skip
        space = draw(st.sampled_from([" ", " ", " ", " ", " ", ""]))
        words.append(Word(t, t + dur, space + token))
        t += dur
    return words


@settings(deadline=None)
@given(speeches(), st.sampled_from(sorted(PROFILES)))
def test_every_word_once_in_order_and_every_unreadable_cue_explained(
    words: list[Word], name: str
) -> None:
    profile: Profile = PROFILES[name]
    built = build(words, profile)
    cues = settle([b.cue for b in built], profile)
    shown = [w for c in cues for ln in c.lines for w in ln.split()]
    assert same_words("".join(w.text for w in words).split(), shown)
    for i, cue in enumerate(cues):
        assert cue.start_ms < cue.end_ms
        assert all(len(ln) <= profile.max_line_chars or " " not in ln for ln in cue.lines)
        if i:
            assert cues[i - 1].end_ms + profile.min_gap_ms <= cue.start_ms
    found = segment.explain(rules.check_cues(cues, profile), built)
    for f in found:
        if f.rule == "reading-speed":
            assert "no split fits" in f.message, (f.message, [b.cue.text for b in built])
