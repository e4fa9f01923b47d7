"""Aligning a script to recognised words: normalisation, timing, deviations."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from subtitler.errors import ScriptError
from subtitler.models import Severity, Transcript, Word
from subtitler.profiles import PROFILES, strict_script
from subtitler.script import Script, parse_script, tokenalign
from subtitler.script.align import (
    ADDED,
    SKIPPED,
    Alignment,
    AlignOptions,
    align_script,
    deviation_findings,
)
from subtitler.script.normalize import normalize_text, normalize_word
from subtitler.script.tokenalign import AlignLimits, Pair, align_tokens

STATEMENT = (
    "We welcome that attention. Trafficking is a grave abuse of human rights, and sex "
    "workers are often the first to notice it. The evidence is clear. UNAIDS and researchers "
    "agree that the criminalisation of sex work pushes people away from health care. In 2021 "
    "only 10% of funding reached organisations led by sex workers.\n\n"
    "We call on every government to fund organisations led by sex workers. Thank you."
)


def speak(text: str, start: int = 1000, ms: int = 300, gap: int = 40) -> Transcript:
    """A transcript saying ``text`` word by word, ``ms`` per word."""
    words = []
    t = start
    for w in text.split():
        words.append(Word(t, t + ms - gap, " " + w, 0.8))
        t += ms
    return Transcript("en", tuple(words), "test", "test", t + 1000)


def by_text(a: Alignment, text: str) -> Word:
    return next(w for w in a.words if w.text.strip() == text)


def rec_word(t: Transcript, text: str) -> Word:
    return next(w for w in t.words if w.text.strip() == text)


def assert_valid(a: Alignment) -> None:
    for w in a.words:
        assert w.end_ms > w.start_ms, w
    for x, y in zip(a.words, a.words[1:], strict=False):
        assert y.start_ms >= x.end_ms, (x, y)


# --- normalisation -----------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "tokens"),
    [
        ("Criminalisation,", ("criminalisation",)),
        ("“Rights”", ("rights",)),
        ("don’t", ("dont",)),
        ("anti-trafficking", ("anti", "trafficking")),
        ("peace—and", ("peace", "and")),
        ("Côte", ("cote",)),
        ("U.N.", ("un",)),
        ("10", ("ten",)),
        ("2021", ("twenty", "twenty", "one")),
        ("2005", ("two", "thousand", "five")),
        ("1990s", ("nineteen", "nineties")),
        ("1st", ("first",)),
        ("22nd", ("twenty", "second")),
        ("10%", ("ten", "per", "cent")),
        ("percent", ("per", "cent")),
        ("10,000", ("ten", "thousand")),
        ("3.5", ("three", "point", "five")),
        ("$5", ("five", "dollars")),
        ("COVID-19", ("covid", "nineteen")),
        ("Mr.", ("mister",)),
        ("—", ()),
    ],
)
def test_normalize_word(written: str, tokens: tuple[str, ...]) -> None:
    assert normalize_word(written) == tokens


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("10", "ten"),
        ("2021", "twenty twenty-one"),
        ("10%", "ten per cent"),
        ("10 percent", "10 per cent"),
        ("1st", "first"),
        ("21st", "twenty-first"),
        ("Mister", "Mr."),
    ],
)
def test_written_and_spoken_forms_normalise_alike(written: str, spoken: str) -> None:
    assert normalize_text(written) == normalize_text(spoken)


def test_other_languages_keep_digits() -> None:
    assert normalize_word("2021", "fr") == ("2021",)
    assert normalize_word("10,5", "de") == ("105",)


# --- alignment ---------------------------------------------------------------


def test_exact_speech_gives_script_words_with_recognised_times() -> None:
    script = parse_script(STATEMENT)
    rec = speak(STATEMENT.lower().replace(",", "").replace(".", ""))
    a = align_script(rec, script)
    assert [w.text for w in a.words] == [" " + w.text for w in script.words]
    assert [(w.start_ms, w.end_ms) for w in a.words] == [
        (w.start_ms, w.end_ms) for w in rec.words
    ]
    assert a.aligned_share == 1.0 and a.speech_share == 1.0
    assert a.deviations == ()
    assert a.script_index == tuple(range(len(script.words)))
    ends = {i for i, w in enumerate(script.words) if w.sentence_end} - {len(script.words) - 1}
    assert a.breaks == frozenset(ends)
    assert a.paragraph_breaks == {i for i, w in enumerate(script.words) if w.paragraph_end}


def test_misrecognitions_take_timing_from_their_position() -> None:
    script = parse_script(STATEMENT)
    said = (
        STATEMENT.replace("criminalisation", "criminal nation")
        .replace("2021", "twenty twenty-one")
        .replace("10%", "ten per cent")
        .replace("UNAIDS", "you and aids")
        .replace("Trafficking", "trafficing")
    )
    rec = speak(said)
    a = align_script(rec, script)
    assert [w.text.strip() for w in a.words] == [w.text for w in script.words]
    assert a.deviations == ()
    crim = by_text(a, "criminalisation")
    assert (crim.start_ms, crim.end_ms) == (
        rec_word(rec, "criminal").start_ms,
        rec_word(rec, "nation").end_ms,
    )
    year = by_text(a, "2021")
    assert (year.start_ms, year.end_ms) == (
        rec_word(rec, "twenty").start_ms,
        rec_word(rec, "twenty-one").end_ms,
    )
    assert by_text(a, "10%").start_ms == rec_word(rec, "ten").start_ms
    assert by_text(a, "UNAIDS").start_ms == rec_word(rec, "you").start_ms
    assert by_text(a, "Trafficking").start_ms == rec_word(rec, "trafficing").start_ms
    assert_valid(a)


def test_another_reading_of_a_number_joins_the_number() -> None:
    script = parse_script("It happened in 2021 and again in 2005 as planned.")
    rec = speak("It happened in two thousand and twenty one and again in twenty oh five as planned")
    a = align_script(rec, script)
    assert [w.text.strip() for w in a.words] == [w.text for w in script.words]
    assert a.deviations == ()
    year = by_text(a, "2021")
    assert year.start_ms == rec.words[3].start_ms and year.end_ms == rec.words[7].end_ms


def test_word_the_recogniser_missed_is_interpolated() -> None:
    script = parse_script(STATEMENT)
    rec = speak(STATEMENT.replace(" grave ", " "))
    a = align_script(rec, script)
    assert [w.text.strip() for w in a.words] == [w.text for w in script.words]
    assert a.deviations == ()
    k = [w.text for w in a.words].index(" grave")
    before, grave, after = a.words[k - 1 : k + 2]
    assert before.start_ms < grave.start_ms < grave.end_ms <= after.start_ms
    assert a.aligned_share == pytest.approx(1 - 1 / len(script.words))
    assert_valid(a)


def test_stray_recognised_word_is_absorbed() -> None:
    script = parse_script(STATEMENT)
    rec = speak(STATEMENT.replace("The evidence is clear.", "The evidence uh is clear."))
    a = align_script(rec, script)
    assert [w.text.strip() for w in a.words] == [w.text for w in script.words]
    assert a.deviations == ()


def test_recognised_symbols_without_words_are_ignored() -> None:
    script = parse_script(STATEMENT)
    a = align_script(speak(STATEMENT.replace("The evidence", "♪ ♪ … The evidence")), script)
    assert [w.text.strip() for w in a.words] == [w.text for w in script.words]
    assert a.deviations == ()


def test_skipped_sentence_is_left_out_and_reported() -> None:
    script = parse_script(STATEMENT)
    skipped = "The evidence is clear."
    rec = speak(STATEMENT.replace(skipped + " ", ""))
    a = align_script(rec, script)
    assert " ".join(w.text.strip() for w in a.words) == " ".join(
        w.text for w in script.words
    ).replace(skipped + " ", "")
    (dev,) = a.deviations
    assert (dev.kind, dev.text, dev.words, dev.script_line) == (SKIPPED, skipped, 4, 1)
    assert script.words[dev.script_first or 0].text == "The"
    before = by_text(a, "it.")
    after = by_text(a, "UNAIDS")
    assert (dev.start_ms, dev.end_ms) == (before.end_ms, after.start_ms)


def test_added_speech_is_subtitled_from_recognition_and_reported() -> None:
    script = parse_script(STATEMENT)
    extra = "Let me say this clearly."
    rec = speak(STATEMENT.replace("The evidence", extra + " The evidence"))
    a = align_script(rec, script)
    texts = [w.text.strip() for w in a.words]
    k = texts.index("Let")
    assert texts[k : k + 5] == extra.split()
    assert a.script_index[k : k + 5] == (None,) * 5
    assert [w.text.strip() for w, i in zip(a.words, a.script_index, strict=True)
            if i is not None] == [w.text for w in script.words]
    (dev,) = a.deviations
    assert (dev.kind, dev.text, dev.words) == (ADDED, extra, 5)
    assert dev.start_ms == rec_word(rec, "Let").start_ms
    assert dev.end_ms == rec_word(rec, "clearly.").end_ms
    assert {k - 1, k + 4} <= a.breaks
    assert_valid(a)


def test_replaced_passage_is_both_skipped_and_added() -> None:
    script = parse_script(STATEMENT)
    old = "UNAIDS and researchers agree that"
    new = "many people including my own colleagues have long known that"
    a = align_script(speak(STATEMENT.replace(old, new)), script)
    kinds = [(d.kind, d.text) for d in a.deviations]
    assert (SKIPPED, "UNAIDS and researchers agree") in kinds
    assert any(k == ADDED and "colleagues" in t for k, t in kinds)
    assert "UNAIDS" not in [w.text.strip() for w in a.words]


def test_partial_script_reports_the_unread_rest_as_skipped() -> None:
    script = parse_script(STATEMENT)
    half = len(script.words) // 2
    said = " ".join(w.text for w in script.words[:half])
    rec = speak(said)
    a = align_script(rec, script)
    assert a.script_index == tuple(range(half))
    (dev,) = a.deviations
    assert dev.kind == SKIPPED and dev.words == len(script.words) - half
    assert dev.start_ms == rec.words[-1].end_ms
    assert a.aligned_share == pytest.approx(half / len(script.words))
    assert a.speech_share == 1.0


def test_unread_heading_and_closing_line_are_skipped() -> None:
    script = parse_script("# Opening remarks\n\n" + STATEMENT)
    said = STATEMENT.replace(" Thank you.", "")
    a = align_script(speak(said), script)
    assert [(d.kind, d.text, d.script_line) for d in a.deviations] == [
        (SKIPPED, "Opening remarks", 1),
        (SKIPPED, "Thank you.", 5),
    ]
    assert a.words[0].text == " We" and a.words[-1].text == " workers."


def test_one_word_script() -> None:
    a = align_script(speak("hello"), parse_script("Hello!"))
    assert [w.text for w in a.words] == [" Hello!"] and a.aligned_share == 1.0


def test_script_of_another_video_is_refused() -> None:
    script = parse_script(STATEMENT, path="other.txt")
    rec = speak(
        "the weather today is sunny with a light breeze from the west and temperatures "
        "rising to twenty degrees in the afternoon before clouds arrive in the evening"
    )
    with pytest.raises(ScriptError, match="does not seem to match the speech") as info:
        align_script(rec, script)
    assert info.value.path == "other.txt"


def test_no_speech_is_refused() -> None:
    empty = Transcript("en", (), "test", "test", 5000)
    with pytest.raises(ScriptError, match="no speech"):
        align_script(empty, parse_script(STATEMENT))


def test_deviation_findings_are_warnings_or_errors_when_strict() -> None:
    script = parse_script(STATEMENT)
    rec = speak(STATEMENT.replace("The evidence is clear.", "Honestly, I must add this now."))
    a = align_script(rec, script)
    warn = deviation_findings(a)
    assert [f.rule for f in warn] == [SKIPPED, ADDED]
    assert all(f.severity == Severity.WARNING and f.cue is None for f in warn)
    assert warn[0].message.startswith("script passage not spoken at 00:")
    assert '(script line 1): "The evidence is clear."' in warn[0].message
    assert warn[1].message.endswith('speech not in the script at '
                                    f'{warn[1].message.split(" at ")[1].split(":")[0]}:'
                                    f'{warn[1].message.split(" at ")[1].split(":", 1)[1]}')
    assert '"Honestly, I must add this now."' in warn[1].message
    assert warn[1].data["words"] == 6
    strict = deviation_findings(a, strict_script(PROFILES["netflix"]))
    assert all(f.severity == Severity.ERROR for f in strict)


def test_transcript_helper_keeps_source_metadata() -> None:
    rec = speak(STATEMENT)
    a = align_script(rec, parse_script(STATEMENT))
    t = a.transcript(rec)
    assert (t.language, t.engine, t.duration_ms, t.words) == ("en", "test", rec.duration_ms,
                                                              a.words)


# --- long scripts: bounded work ----------------------------------------------


@pytest.fixture
def dp_sizes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size (cells) of every DP table the aligner builds."""
    sizes: list[int] = []
    real_dp = tokenalign._dp

    def spy(*args: Any) -> list[Pair]:
        s0, s1, r0, r1 = args[2:6]
        sizes.append((s1 - s0 + 1) * (r1 - r0 + 1))
        return real_dp(*args)

    monkeypatch.setattr(tokenalign, "_dp", spy)
    return sizes


def test_token_alignment_respects_the_cell_cap(dp_sizes: list[int]) -> None:
    rng = random.Random(5)
    s = [f"w{rng.randrange(400)}" for _ in range(3000)]
    r = s[:1000] + ["x"] * 5 + s[1000:2000] + s[2100:]
    r[1500] = r[1500] + "y"
    limits = AlignLimits(direct_cells=2_000, max_cells=20_000)
    pairs = align_tokens(s, r, limits)
    assert dp_sizes and max(dp_sizes) <= 20_000
    assert all(a.s < b.s and a.r < b.r for a, b in zip(pairs, pairs[1:], strict=False))
    assert [(p.s, p.r) for p in pairs if p.sim < 1.0] == [(1495, 1500)]
    assert len(pairs) == 2900


def test_unrelated_long_texts_give_up_without_a_quadratic_table(dp_sizes: list[int]) -> None:
    s = [f"a{i}" for i in range(5000)]
    r = [f"b{i}" for i in range(5000)]
    assert align_tokens(s, r) == []
    assert sum(dp_sizes) <= 1_000_000  # a full table would be 25,000,000 cells


def test_long_script_aligns() -> None:
    # speed: bench/align_speed.py (never a timed assertion)
    body = " ".join(
        f"Paragraph {i} says that item {i * 7} of list {i % 13} matters for group {i % 29}."
        for i in range(300)
    )
    script = parse_script(body)
    said = body.replace("matters", "maters").replace("group 5.", "group five.")
    a = align_script(speak(said, ms=250), script)
    assert len(script.words) > 3500 and a.aligned_share > 0.99 and a.deviations == ()


# --- properties ----------------------------------------------------------------

VOCAB = ("peace security the of rights women fund 10 2021 criminalisation council "
         "health workers and we call on every state to protect").split()


@st.composite
def perturbed(draw: st.DrawFn) -> tuple[Script, Transcript, AlignOptions]:
    n = draw(st.integers(3, 80))
    words = draw(st.lists(st.sampled_from(VOCAB), min_size=n, max_size=n))
    stops = draw(st.sets(st.integers(0, n - 1), max_size=n // 4))
    text = " ".join(w + ("." if i in stops else "") for i, w in enumerate(words))
    script = parse_script(text)
    ops = draw(st.lists(st.sampled_from("kkkkkkkkkksdiz"), min_size=n, max_size=n))
    skip_at = draw(st.integers(0, n))
    skip_len = draw(st.integers(0, 12))
    rec: list[Word] = []
    t = draw(st.integers(0, 3000))
    for i, (w, op) in enumerate(zip(words, ops, strict=True)):
        if skip_at <= i < skip_at + skip_len or op == "d":
            continue
        said = {"s": [w[:-1] + "x"], "i": ["uh", w], "z": [w[: len(w) // 2], w[len(w) // 2 :]]}
        for piece in said.get(op, [w]):
            dur = draw(st.integers(0, 600))
            rec.append(Word(t, t + dur, " " + piece, 0.5))
            t += dur + draw(st.integers(-20, 400))
            t = max(t, rec[-1].start_ms)
    limits = draw(st.sampled_from([AlignLimits(), AlignLimits(direct_cells=50, max_cells=400)]))
    return script, Transcript("en", tuple(rec), "t", "t", t + 500), AlignOptions(limits=limits)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(perturbed())
def test_alignment_invariants(case: tuple[Script, Transcript, AlignOptions]) -> None:
    script, rec, options = case
    try:
        a = align_script(rec, script, options)
    except ScriptError as err:
        assert "match" in str(err) or "no speech" in str(err)
        return
    # timings monotone, every duration positive, no overlap
    assert_valid(a)
    assert len(a.words) == len(a.script_index)
    # script words keep their order and their exact text
    kept = [i for i in a.script_index if i is not None]
    assert kept == sorted(set(kept))
    for w, i in zip(a.words, a.script_index, strict=True):
        if i is not None:
            assert w.text == " " + script.words[i].text
    # every script word appears or is in exactly one skipped passage
    skipped: list[int] = []
    for d in a.deviations:
        assert d.start_ms <= d.end_ms
        if d.kind == SKIPPED:
            assert d.script_first is not None
            skipped.extend(range(d.script_first, d.script_first + d.words))
    assert sorted(kept + skipped) == list(range(len(script.words)))
    # added words are recognised words, in the transcript's own text
    rec_texts = {w.text for w in rec.words}
    assert all(w.text in rec_texts for w, i in zip(a.words, a.script_index, strict=True)
               if i is None)
    assert all(0 <= k < len(a.words) - 1 for k in a.breaks)
    assert 0.0 <= a.aligned_share <= 1.0


@settings(deadline=None)
@given(st.lists(st.sampled_from(VOCAB + ["UNAIDS,", "10%", "1st", "“peace”", "—"]),
                min_size=1, max_size=60))
def test_speaking_the_script_exactly_keeps_every_word_and_time(words: list[str]) -> None:
    text = " ".join(words)
    if not normalize_text(text):
        return  # nothing sayable: parse_script refuses it (tested elsewhere)
    script = parse_script(text)
    rec = Transcript("en", tuple(Word(1000 + 300 * i, 1250 + 300 * i, " " + w.text)
                                 for i, w in enumerate(script.words)), "t", "t", 99_000)
    a = align_script(rec, script)
    assert [w.text for w in a.words] == [w.text for w in rec.words]
    assert [w.start_ms for w in a.words] == [w.start_ms for w in rec.words]
    assert a.deviations == () and a.aligned_share == 1.0
