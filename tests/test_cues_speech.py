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


def test_a_fast_speaker_gets_full_cues_not_too_fast_ones(tmp_path: Path, cache_env: Path) -> None:
    """About 18 characters per second over a 165-character sentence: cut before
    time was considered, it became four cues, three too fast to read and one
    of 19 characters shown 0.9 s. Chosen together, in the time the sentence
    takes plus the pause after it, its cues all read under 20. (Two cues
    cannot hold it: no word boundary leaves both halves within 2 x 42.)"""
    media = tmp_path / "fast.wav"
    texts = ["We welcome this meeting.", FAST, "Thank you."]
    spoken = speech.statement(media, texts, [1.0, 0.6, 1.0], speed=0.93)
    rate = len(FAST) * 1000 / (spoken[1].end_ms - spoken[1].start_ms)
    assert 17.5 < rate < 20  # the speaker really is that fast
    result = _run(media, tmp_path)
    first = _cue_of(result.cues, "nderstanding")
    last = _cue_of(result.cues, "autonomy")
    texts = [c.text for c in result.cues]
    assert last - first == 2, texts
    assert not [f for f in result.findings if f.rule in ("reading-speed", "min-duration")]
    for cue in result.cues[first : last + 1]:
        assert len(cue.text.split()) > 3 and cue.duration_ms >= 1000, texts


@pytest.mark.parametrize(
    ("speed", "noise_db", "gaps"),
    [(1.0, None, [3.0, 0.4, 2.5, 0.9, 4.0]), (1.2, 20.0, [0.6, 2.0, 0.5, 5.0, 1.5])],
    ids=["normal-clean-long-silences", "fast-noisy"],
)
def test_every_sentence_starts_on_the_voice(
    tmp_path: Path, cache_env: Path, speed: float, noise_db: float | None, gaps: list[float]
) -> None:
    """No cue starts more than 200 ms after the voice or 100 ms before it,
    with voice-activity filtering cutting the silences out before decoding."""
    media = tmp_path / "statement.wav"
    spoken = speech.statement(media, SENTENCES, gaps, speed=speed, noise_db=noise_db, lead_s=2.0)
    result = _run(media, tmp_path)
    starts = {c.text.split()[0].strip(",.").lower(): c.start_ms for c in result.cues}
    checked = 0
    for s in spoken:
        first = s.text.split()[0].strip(",.").lower()
        if first in starts and abs(starts[first] - s.start_ms) < 1500:
            assert -100 <= starts[first] - s.start_ms <= 200, (s.text, starts[first], s.start_ms)
            checked += 1
    assert checked >= 4


def test_check_media_finds_nothing_run_did_not_report(sample_video: Path, tmp_path: Path) -> None:
    result = _run(sample_video, tmp_path)
    reported = {(f.rule, f.cue) for f in result.findings}
    out = CliRunner().invoke(
        main, ["check", str(result.srt), "--media", str(sample_video), "--format", "json"]
    )
    assert out.exit_code in (0, 3), out.output
    found = {(f["rule"], f["cue"]) for f in json.loads(out.output)["files"][0]["findings"]}
    assert found <= reported
    assert not [r for r, _ in reported if r == "text-over-silence"]
