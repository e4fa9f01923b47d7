"""Each rule fires on a cue that breaks it and stays quiet on one that does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from subtitler.media.vad import Region
from subtitler.models import Cue, Finding, PlacedCue, Severity
from subtitler.profiles import get_profile
from subtitler.rules.registry import (
    ALL_RULES,
    DEFAULT_SEVERITY,
    RULE_IDS,
    RULES,
    check_cues,
    markup_problems,
    media_findings,
    normalize,
)

NETFLIX = get_profile("netflix")


def c(start: float, end: float, *lines: str) -> Cue:
    """A cue from seconds."""
    return Cue(round(start * 1000), round(end * 1000), tuple(lines))


def rules_hit(cues: list[Cue], rule: str, profile: str = "netflix") -> list[Finding]:
    return [f for f in check_cues(cues, get_profile(profile)) if f.rule == rule]


def cues_hit(cues: list[Cue], rule: str, profile: str = "netflix") -> list[int | None]:
    return [f.cue for f in rules_hit(cues, rule, profile)]


def test_every_rule_has_a_default_severity_and_unique_id() -> None:
    ids = [r.id for r in ALL_RULES]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(DEFAULT_SEVERITY) == RULE_IDS
    assert all(r.check is not None for r in RULES)


def test_clean_cues_give_no_findings() -> None:
    cues = [
        c(0.5, 3, "Good morning, everyone.", "Thank you for coming."),
        c(3.2, 5.5, "Today we talk about the budget."),
        c(6, 8, "<i>It matters to all of us.</i>"),
    ]
    assert check_cues(cues, NETFLIX) == []


def test_timing_order_fires_on_end_before_start_and_out_of_order() -> None:
    cues = [c(5, 6, "Two."), c(3, 4, "One."), c(7, 7, "Zero length."), c(9, 8, "Backwards.")]
    found = rules_hit(cues, "timing-order")
    assert [f.cue for f in found] == [2, 3, 4]
    assert "before the previous cue" in found[0].message
    assert "the same as its start" in found[1].message
    assert "before its start" in found[2].message
    assert all(f.severity is Severity.ERROR for f in found)


def test_timing_order_quiet_on_sorted_cues() -> None:
    assert cues_hit([c(1, 2, "a"), c(2.1, 3, "b"), c(2.1, 4, "c")], "timing-order") == []


def test_overlap_fires_at_the_later_cue_naming_the_earlier() -> None:
    found = rules_hit([c(1, 3, "A."), c(2.5, 4, "B.")], "overlap")
    assert [f.cue for f in found] == [2]
    assert "overlaps cue 1 by 500 ms" in found[0].message
    assert found[0].data["overlap_ms"] == 500


def test_overlap_finds_a_long_cue_covering_several() -> None:
    cues = [c(0, 10, "Long."), c(2, 3, "B."), c(4, 5, "C.")]
    assert cues_hit(cues, "overlap") == [2, 3]


def test_overlap_quiet_when_cues_touch_or_are_apart() -> None:
    assert cues_hit([c(1, 2, "A."), c(2, 3, "B."), c(4, 5, "C.")], "overlap") == []


def test_min_gap_fires_below_the_profile_gap_only() -> None:
    cues = [c(1, 2, "A."), c(2.05, 3, "B."), c(3.083, 4, "C."), c(4, 5, "D.")]
    found = rules_hit(cues, "min-gap")
    assert [f.cue for f in found] == [2, 4]
    assert found[0].message == "gap after cue 1 is 50 ms (min 83 ms)"
    assert found[1].severity is Severity.WARNING


def test_min_duration_fires_below_minimum() -> None:
    assert cues_hit([c(1, 1.8, "Hi."), c(3, 3.833, "Ok.")], "min-duration") == [1]
    assert cues_hit([c(1, 2.5, "Hi.")], "min-duration", "dcmp") == [1]


def test_max_duration_fires_above_maximum() -> None:
    found = rules_hit([c(0, 7, "Exactly seven."), c(8, 15.5, "Too long.")], "max-duration")
    assert [f.cue for f in found] == [2]
    assert found[0].message == "shown 7500 ms (max 7000 ms)"


def test_reading_speed_uses_characters_per_second() -> None:
    # 21 characters in 1 s = 21 cps > 20; 20 characters in 1 s passes.
    fast = c(0, 1, "abcdefghij", "klmnopqrst!")
    ok = c(2, 3, "abcdefghij", "klmnopqrst")
    found = rules_hit([fast, ok], "reading-speed")
    assert [f.cue for f in found] == [1]
    assert found[0].message.startswith("21.0 characters per second (max 20)")


def test_reading_speed_ignores_markup_and_respects_profile() -> None:
    cue = c(0, 1, "<i>abcdefghijklmnopq</i>")  # 17 visible characters
    assert cues_hit([cue], "reading-speed") == []
    assert cues_hit([cue], "reading-speed", "bbc") == [1]


def test_line_length_counts_visible_characters() -> None:
    long_line = "x" * 43
    found = rules_hit([c(0, 5, "short", long_line), c(6, 9, f"<i>{'y' * 42}</i>")], "line-length")
    assert [f.cue for f in found] == [1]
    assert found[0].message == "line 2 has 43 characters (max 42)"
    assert cues_hit([c(0, 5, "x" * 38)], "line-length", "bbc") == [1]


def test_line_count() -> None:
    assert cues_hit([c(0, 5, "a", "b", "c"), c(6, 9, "a", "b")], "line-count") == [1]
    assert cues_hit([c(0, 5, "a", "b", "c")], "line-count", "vertical") == []


def test_empty_cue() -> None:
    cues = [c(0, 1, ""), c(2, 3), c(4, 5, "<i></i>"), c(6, 7, "text")]
    assert cues_hit(cues, "empty-cue") == [1, 2, 3]


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("<i>fine</i>", []),
        ("<I>Fine</I> <b>bold</b>", []),
        ('<font color="#ff0000">red</font>', []),
        ("<i>never closed", ["<i> not closed"]),
        ("closed</b> only", ["</b> without <b>"]),
        ("<i><b>crossed</i></b>", ["<b> closed by </i>", "</b> without <b>"]),
        ("<i>line one\nline two</i>", []),
    ],
)
def test_markup_problems(text: str, problems: list[str]) -> None:
    assert markup_problems(text) == problems


def test_unbalanced_markup_fires_per_cue() -> None:
    cues = [c(0, 2, "<i>Hello", "there</i>"), c(3, 5, "<i>Unclosed")]
    found = rules_hit(cues, "unbalanced-markup")
    assert [(f.cue, f.message) for f in found] == [(2, "<i> not closed")]


def test_arrow_in_text() -> None:
    found = rules_hit([c(0, 2, "Go --> there"), c(3, 5, "A -> B is fine")], "arrow-in-text")
    assert [f.cue for f in found] == [1]


def test_line_break_fires_when_a_better_break_fits() -> None:
    found = rules_hit([c(0, 3, "We are going to the", "meeting tomorrow.")], "line-break")
    assert len(found) == 1
    assert 'ends with "the"' in found[0].message
    assert found[0].data["suggestion"] == ["We are going to the meeting tomorrow."]


def test_line_break_fires_on_two_lines_that_do_not_fit_on_one() -> None:
    cue = c(0, 4, "The committee has approved the budget and", "the plans for next year.")
    found = rules_hit([cue], "line-break")
    assert len(found) == 1
    assert 'ends with "and"' in found[0].message


@pytest.mark.parametrize(
    "lines",
    [
        ("We are going to the meeting,", "and then home."),  # ends with punctuation
        ("- Are you coming to the", "- Yes."),  # dialogue: one speaker per line
        ("Thank you", "very much."),  # pronoun endings are not flagged
        ("One line only and the",),
    ],
)
def test_line_break_quiet(lines: tuple[str, ...]) -> None:
    assert cues_hit([Cue(0, 3000, lines)], "line-break") == []


def test_repeated_cue_fires_on_consecutive_same_text() -> None:
    cues = [
        c(0, 2, "Thank you."),
        c(2.2, 4, "thank you"),
        c(4.2, 6, "<i>Thank you!</i>"),
        c(6.2, 8, "Something else."),
        c(8.2, 10, "Thank you."),
    ]
    found = rules_hit(cues, "repeated-cue")
    assert [f.cue for f in found] == [2, 3]
    assert found[1].message == "same text as cue 2 (3 in a row)"


def test_repeated_cue_ignores_empty_cues() -> None:
    assert cues_hit([c(0, 1, ""), c(2, 3, "")], "repeated-cue") == []


def test_hallucination_phrase_default_and_custom_list() -> None:
    cues = [
        c(0, 2, "Thanks for watching!"),
        c(3, 5, "Subtitles by the Amara.org community"),
        c(6, 8, "We watched the thanks-giving parade."),
    ]
    assert cues_hit(cues, "hallucination-phrase") == [1, 2]
    custom = check_cues(cues, NETFLIX, phrases=["parade"])
    assert [f.cue for f in custom if f.rule == "hallucination-phrase"] == [3]


def test_normalize_drops_case_markup_and_punctuation() -> None:
    assert normalize("<i>Don't  STOP,</i> now!") == "dont stop now"


def test_select_ignore_lines_and_positions() -> None:
    cues = [c(0, 0.5, "x" * 50), c(0.4, 2, "ok")]
    only = check_cues(cues, NETFLIX, select={"overlap"})
    assert {f.rule for f in only} == {"overlap"}
    rest = check_cues(cues, NETFLIX, ignore={"overlap", "line-length"})
    assert "overlap" not in {f.rule for f in rest} and rest
    placed = check_cues(
        [PlacedCue(cues[0], 2, 3), PlacedCue(cues[1], 4, 7)], NETFLIX, select={"overlap"}
    )
    assert [(f.cue, f.line) for f in placed] == [(4, 7)]
    assert "overlaps cue 2" in placed[0].message


def test_findings_are_sorted_by_cue_then_rule_order() -> None:
    cues = [c(0, 0.5, "x" * 50), c(0.4, 2, "ok")]
    found = check_cues(cues, NETFLIX)
    assert [f.cue for f in found] == sorted(f.cue or 0 for f in found)


def test_profile_severity_override_is_used() -> None:
    prof = NETFLIX.with_overrides({"severity": {"min-gap": "error"}})
    found = check_cues([c(1, 2, "A."), c(2.01, 3, "B.")], prof)
    assert [(f.rule, f.severity) for f in found] == [("min-gap", Severity.ERROR)]


# -- media rules, with speech regions given directly ---------------------------------


def at_lines(cues: list[Cue], *lines: int) -> list[PlacedCue]:
    """Cues as read from a file, starting on these lines."""
    pairs = zip(cues, lines, strict=True)
    return [PlacedCue(cue, i, line) for i, (cue, line) in enumerate(pairs, 1)]


def regions(*spans: tuple[float, float]) -> list[Region]:
    return [Region(round(a * 1000), round(b * 1000)) for a, b in spans]


def test_text_over_silence_fires_when_no_one_speaks() -> None:
    found = media_findings([c(10, 12, "Thanks for watching!")], regions((0, 5)), NETFLIX,
                           select={"text-over-silence"})
    assert [(f.rule, f.cue) for f in found] == [("text-over-silence", 1)]
    assert "while no one speaks" in found[0].message


def test_text_over_silence_fires_when_far_too_early_or_late() -> None:
    cues = [c(0, 4, "Early."), c(10, 16, "Late.")]
    found = media_findings(at_lines(cues, 1, 5), regions((2, 3.5), (10, 11)), NETFLIX)
    assert [(f.cue, f.line) for f in found] == [(1, 1), (2, 5)]
    assert "2.0 s before the speech" in found[0].message
    assert "after the speech ends" in found[1].message


def test_text_over_silence_quiet_on_synced_cues() -> None:
    # ends 0.4 s after speech; the second stays as long as reading needs (40 chars / 20 cps)
    cues = [c(1, 3.4, "In sync."), c(4, 6, "x" * 40)]
    assert media_findings(cues, regions((1, 3), (4, 4.5)), NETFLIX) == []


def test_speech_not_covered_fires_on_long_uncovered_speech() -> None:
    cues = [c(0, 2, "A."), c(6, 8, "B.")]
    found = media_findings(at_lines(cues, 1, 5), regions((0, 2), (2.5, 5), (6, 8), (9, 9.3)),
                           NETFLIX)
    assert [f.rule for f in found] == ["speech-not-covered"]
    assert found[0].cue is None and found[0].line == 5
    assert found[0].message.startswith("speech 00:00:02,500-00:00:05,000 (2.5 s) has no cue")


def test_speech_not_covered_quiet_when_covered_and_after_last_cue() -> None:
    cues = [c(0, 3, "A."), c(2.9, 6, "B.")]
    assert media_findings(cues, regions((0.5, 5.8)), NETFLIX) == []
    found = media_findings(cues, regions((0.5, 5.8), (7, 9)), NETFLIX)
    assert [f.message.endswith("(after the last cue)") for f in found] == [True]


def test_media_findings_select_ignore() -> None:
    cues = [c(10, 12, "Hi.")]
    found = media_findings(cues, regions((0, 5)), NETFLIX, ignore={"text-over-silence"})
    assert [f.rule for f in found] == ["speech-not-covered"]


@pytest.mark.slow
def test_media_rules_on_real_speech(sample_video: Path) -> None:
    from subtitler.media.audio import load_audio
    from subtitler.media.vad import speech_regions

    speech = speech_regions(load_audio(sample_video))
    assert speech
    end = speech[-1].end_ms
    # a cue well after the last speech is over silence; no cues at all leaves speech uncovered
    late = [Cue(end + 3000, end + 5000, ("Thanks for watching!",))]
    found = media_findings(late, speech, NETFLIX)
    assert ("text-over-silence", 1) in [(f.rule, f.cue) for f in found]
    assert any(f.rule == "speech-not-covered" for f in found)
    # cues exactly over the speech regions raise nothing
    synced = [Cue(r.start_ms, r.end_ms, ("Words.",)) for r in speech]
    assert media_findings(synced, speech, NETFLIX) == []
