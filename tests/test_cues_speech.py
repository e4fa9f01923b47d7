"""The cue builder on real audio: spoken statements with known sentence
onsets (tests/speech.py), the real model, the whole pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from subtitler.cli import main
from subtitler.models import Cue
from subtitler.pipeline import Pipeline, RunOptions, RunResult
from tests import speech
from tests.expect import check_code

pytestmark = pytest.mark.slow

FAST = (
    "Understanding the difference between sex work and trafficking is essential to effective, "
    "human rights-based, anti-trafficking campaigns that respect autonomy of workers."
)
SENTENCES = (
    "This year, governments will meet to review what they have done about trafficking.",
    "We welcome that attention.",
    "Sex workers are often the first to notice abuse, long before any police officer arrives.",
    "When we can speak safely, we can help.",
    "Thank you.",
)


def _run(media: Path, out: Path) -> RunResult:
    return Pipeline(RunOptions(output_dir=out)).process(media)


def _cue_of(cues: tuple[Cue, ...], word: str) -> int:
    return next(i for i, c in enumerate(cues) if word in c.text)


def test_a_fast_speaker_gets_readable_cues_not_too_fast_ones(tmp_path: Path) -> None:
    """About 19 characters per second, 23 in the long sentence: cut before time
    was considered, the long sentence became four cues, two too fast to read
    and one of 19 characters ("human rights-based,") shown 1.2 s. Chosen
    together, with the time of the pauses around it, every cue reads at 20 or
    less. (Two cues cannot hold it: no word boundary leaves both halves
    within 2 x 42 characters.)"""
    media = tmp_path / "fast.wav"
    texts = [
        "This year, governments will meet to review what they have done about trafficking "
        "in persons.", "We welcome that attention.", FAST, *SENTENCES[2:],
    ]  # fmt: skip
    spoken = speech.statement(media, texts, [0.5, 0.4, 0.6, 0.3, 0.7, 1.0], speed=1.1)
    rate = sum(len(s.text) for s in spoken) * 1000 / sum(s.end_ms - s.start_ms for s in spoken)
    assert 18 < rate < 20.5  # the speaker really is that fast
    result = _run(media, tmp_path)
    first = _cue_of(result.cues, "nderstanding")
    last = _cue_of(result.cues, "autonomy")
    shown = [c.text for c in result.cues]
    assert last - first <= 2, shown
    assert not [f for f in result.findings if f.severity.value == "error"], shown
    assert not [f for f in result.findings if f.rule == "min-duration"], shown
    for cue in result.cues[first : last + 1]:
        assert len(cue.text.split()) > 3 and cue.duration_ms >= 1000, shown


FUNDERS = (
    "My name is Dr. Lena Novak, and I chair the board of Red Umbrella Fund.",
    "Over the past ten years, we have made more than 400 grants to groups in 70 countries.",
    "Most of these groups had never received a grant before.",
    "Together we support women, girls, trans and non-binary people who are pushed to the "
    "margins.",
    "Mr. Chair, let me give one example of what flexible funding makes possible.",
    "Ask them what they need, and trust their answers.",
)


@pytest.mark.parametrize(
    ("texts", "speed", "noise_db", "gaps", "tones"),
    [
        (SENTENCES, 1.0, None, [3.0, 0.4, 4.5, 0.9, 4.0], 2.0),
        (FUNDERS, 1.1, 30.0, [0.3, 0.45, 0.25, 0.4, 0.35, 1.5], None),
    ],
    ids=["long-silences-and-tones", "fast-noisy-short-pauses"],
)
def test_every_sentence_starts_on_the_voice(
    tmp_path: Path,
    texts: tuple[str, ...],
    speed: float,
    noise_db: float | None,
    gaps: list[float],
    tones: float | None,
) -> None:
    """No cue starts more than 200 ms after the voice or 100 ms before it, with
    voice-activity filtering cutting silences and tones out before decoding."""
    media = tmp_path / "statement.wav"
    spoken = speech.statement(
        media, texts, gaps, speed=speed, noise_db=noise_db, lead_s=2.0, tones_over_s=tones
    )
    result = _run(media, tmp_path)
    checked = 0
    for s in spoken:
        first = s.text.split()[0].strip(",.").lower()
        near = [c for c in result.cues if abs(c.start_ms - s.start_ms) < 1500]
        starting = [c for c in near if c.text.split()[0].strip(",.").lower() == first]
        if starting:
            late = starting[0].start_ms - s.start_ms
            assert -100 <= late <= 200, (s.text, starting[0].start_ms, s.start_ms)
            checked += 1
    assert checked >= len(texts) - 1


def test_check_media_finds_nothing_run_did_not_report(
    sample_video: Path, sample_run: RunResult
) -> None:
    result = sample_run
    reported = {(f.rule, f.cue) for f in result.findings}
    out = CliRunner().invoke(
        main, ["check", str(result.subtitles), "--media", str(sample_video), "--format", "json"]
    )
    assert out.exit_code == check_code(out.output), out.output
    found = {(f["rule"], f["cue"]) for f in json.loads(out.output)["files"][0]["findings"]}
    assert found <= reported
    assert not [r for r, _ in reported if r == "text-over-silence"]
