"""Cue builder and timing: unit tests and Hypothesis properties."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.cues.segment import build
from subtitler.cues.timing import settle
from subtitler.cues.voice import Voice, pauses
from subtitler.models import Cue, Word
from subtitler.profiles import PROFILES, Profile
from tests.expect import same_words

NETFLIX = PROFILES["netflix"]


def words_from(text: str, start: int = 0, per_word: int = 300, gap: int = 0) -> list[Word]:
    out = []
    t = start
    for token in text.split():
        out.append(Word(t, t + per_word, " " + token))
        t += per_word + gap
    return out


def cue_words(cues: list[Cue]) -> list[str]:
    return [w for c in cues for line in c.lines for w in line.split()]


def test_one_sentence_per_cue_when_it_fits() -> None:
    words = words_from("This year governments will meet. We welcome that attention.", per_word=400)
    cues = [b.cue for b in build(words, NETFLIX)]
    assert [c.text for c in cues] == [
        "This year governments will meet.",
        "We welcome that attention.",
    ]


def test_long_sentence_is_split_at_clause_punctuation() -> None:
    text = (
        "Sex workers lose their income and their homes, and their trust "
        "in the services that should protect them."
    )
    cues = [b.cue for b in build(words_from(text), NETFLIX)]
    assert len(cues) == 2
    assert cues[0].text.endswith(",")
    for cue in cues:
        assert len(cue.lines) <= 2 and all(len(ln) <= 42 for ln in cue.lines)


def test_long_pause_ends_a_cue_without_punctuation() -> None:
    words = words_from("we can speak", per_word=300) + words_from("we can help", start=4000)
    cues = [b.cue for b in build(words, NETFLIX)]
    assert [c.text for c in cues] == ["We can speak.", "We can help."]


def test_script_breaks_end_cues() -> None:
    words = words_from("Red Umbrella Fund Count Me In")
    cues = [b.cue for b in build(words, NETFLIX, breaks={2})]
    assert [c.text for c in cues] == ["Red Umbrella Fund.", "Count Me In."]


def test_word_pieces_are_joined_as_the_engine_spaced_them() -> None:
    words = [Word(0, 300, " anti"), Word(300, 700, "-trafficking"), Word(700, 900, " laws.")]
    cues = [b.cue for b in build(words, NETFLIX)]
    assert [c.text for c in cues] == ["Anti-trafficking laws."]


def test_max_duration_splits_slow_speech() -> None:
    words = words_from("one two three four five six seven eight nine ten", per_word=1000)
    cues = [b.cue for b in build(words, NETFLIX)]
    assert all(c.duration_ms <= NETFLIX.max_duration_ms for c in cues)
    assert same_words([w.text.strip() for w in words], cue_words(cues))


def test_settle_extends_fast_cue_up_to_the_linger_limit() -> None:
    fast = Cue(0, 1000, ("This sentence has forty characters in it.",))
    out = settle([fast], NETFLIX)
    assert out[0].end_ms == 1000 + NETFLIX.max_linger_ms


def test_settle_never_overlaps_the_next_cue_and_keeps_the_gap() -> None:
    a = Cue(0, 900, ("A rather long line of quick speech here",))
    b = Cue(1000, 2000, ("next",))
    out = settle([a, b], NETFLIX)
    assert out[1].start_ms == 1000
    assert out[0].end_ms == out[1].start_ms - NETFLIX.min_gap_ms


def test_settle_extends_short_cue_to_min_duration() -> None:
    out = settle([Cue(0, 300, ("Yes.",)), Cue(5000, 6000, ("No.",))], NETFLIX)
    assert out[0].duration_ms == NETFLIX.min_duration_ms


def test_settle_closes_small_gaps_to_the_minimum() -> None:
    out = settle([Cue(0, 2000, ("one two",)), Cue(2300, 4000, ("three",))], NETFLIX)
    assert out[1].start_ms - out[0].end_ms == NETFLIX.min_gap_ms


def _tone(samples: np.ndarray, start_ms: int, end_ms: int) -> None:
    rate = 16000
    t = np.arange((end_ms - start_ms) * rate // 1000) / rate
    a = start_ms * rate // 1000
    samples[a : a + t.size] = (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def test_the_onset_is_the_voice_not_a_late_word_start() -> None:
    samples = np.zeros(16000 * 3, dtype=np.float32)
    _tone(samples, 1000, 1800)
    words = [Word(1250, 1800, " hello")]  # word timing 250 ms late; voice starts at 1000 ms
    found = pauses(words, Voice(samples))
    assert abs(found.onset(words, 0) - 1000) <= 20
    assert abs(found.speech_end(words, 0) - 1800) <= 20


def test_a_word_started_in_the_pause_starts_after_it() -> None:
    samples = np.zeros(16000 * 4, dtype=np.float32)
    _tone(samples, 0, 500)  # first cue's speech: 0-500 ms
    _tone(samples, 2000, 2500)  # second cue's voice starts at 2000 ms
    # the engine starts the second word at 600 ms, in the pause, and runs
    # the first one on into it
    words = [Word(0, 900, " one"), Word(900, 2500, " ask")]
    found = pauses(words, Voice(samples))
    assert found.onset(words, 0) == 0
    assert abs(found.onset(words, 1) - 2000) <= 20
    assert abs(found.speech_end(words, 0) - 500) <= 20
    assert found.ms[0] >= 1400


def test_continuous_speech_keeps_the_word_times() -> None:
    samples = np.zeros(16000 * 3, dtype=np.float32)
    _tone(samples, 0, 3000)
    words = [Word(500, 900, " a"), Word(900, 1400, " b"), Word(1500, 2500, " c")]
    found = pauses(words, Voice(samples))
    assert [found.onset(words, i) for i in range(3)] == [500, 900, 1500]
    assert found.ms[:2] == (0, 0)  # the audio has no pause where the word times do


@st.composite
def transcripts(draw: st.DrawFn) -> list[Word]:
    n = draw(st.integers(min_value=1, max_value=60))
    t = draw(st.integers(min_value=0, max_value=5000))
    words = []
    for _ in range(n):
        t += draw(st.sampled_from([0, 0, 0, 40, 200, 700, 2000]))
        dur = draw(st.integers(min_value=0, max_value=1500))
        token = draw(
            st.text(alphabet="abcdefghijklmnopqrstuvwxyzRUF", min_size=1, max_size=16)
        ) + draw(st.sampled_from(["", "", "", ",", ".", "?"]))
        space = draw(st.sampled_from([" ", " ", " ", " ", ""]))
        words.append(Word(t, t + dur, space + token))
        t += dur
    return words


@settings(deadline=None)
@given(transcripts(), st.sampled_from(sorted(PROFILES)))
def test_cue_builder_properties(words: list[Word], name: str) -> None:
    profile: Profile = PROFILES[name]
    cues = settle([b.cue for b in build(words, profile)], profile)
    # no word lost, duplicated or reordered (a word without a leading space
    # continues the previous one, as the engines emit "anti" + "-trafficking")
    assert same_words("".join(w.text for w in words).split(), cue_words(cues))
    for i, cue in enumerate(cues):
        assert cue.start_ms < cue.end_ms
        assert len(cue.lines) <= profile.max_lines or len(cue.text.split()) == 1
        for line in cue.lines:
            assert len(line) <= profile.max_line_chars or " " not in line
        if i:
            assert cues[i - 1].end_ms + profile.min_gap_ms <= cue.start_ms


def test_a_cue_may_start_two_frames_late_so_the_one_before_can_be_read() -> None:
    fast = [Word(0, 2000, " One-cue-of-exactly-forty-one-characters.")]  # needs 2050 ms
    then = "And another sentence follows right after it."  # 50 ms after the speech
    built = build(fast + words_from(then, start=2050, per_word=400), NETFLIX)
    cues = settle([b.cue for b in built], NETFLIX)
    assert [c.text for c in cues] == [fast[0].text.strip(), then]
    assert cues[0].cps <= NETFLIX.max_cps
    assert 0 < cues[1].start_ms - 2050 <= 83
    assert cues[1].start_ms - cues[0].end_ms >= NETFLIX.min_gap_ms


def test_a_cue_never_starts_more_than_two_frames_late() -> None:
    fast = words_from("A line far too long to be read in one second", per_word=100)
    built = build(fast + words_from("next words.", start=1100), NETFLIX)
    cues = settle([b.cue for b in built], NETFLIX)
    assert cues[-1].start_ms <= 1100 + 83
    assert cues[0].cps > NETFLIX.max_cps  # still too fast: the check reports it
