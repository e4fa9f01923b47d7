"""One file on every core: workers and threads, the words they give (the same
whatever the workers), quality against the whole-file transcription, the
options and settings that set them, batch's share of the cores, memory."""

from __future__ import annotations

import difflib
import json
import statistics
import tracemalloc
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from subtitler.batch.jobs import worker_options
from subtitler.cli import main
from subtitler.engines import DecodeOptions, chunks, get_engine, share_cores
from subtitler.engines.base import default_threads
from subtitler.engines.faster import FasterModel
from subtitler.engines.route import Router
from subtitler.media import vad
from subtitler.media.audio import SAMPLE_RATE, Samples, load_audio
from subtitler.models import Transcript
from subtitler.pipeline import Pipeline, RunOptions, RunResult, effective_settings
from tests import mediafactory
from tests.compare import start_differences
from tests.conftest import Transcripts
from tests.expect import run_code

# --- sharing the cores ---------------------------------------------------------


@pytest.mark.parametrize(
    ("workers", "threads", "cores", "expected"),
    [
        (None, None, 2, (2, 1)),
        (None, None, 8, (8, 1)),
        (None, 2, 8, (4, 2)),
        (None, 4, 2, (1, 4)),
        (3, None, 8, (3, 2)),
        (4, None, 2, (4, 1)),
        (1, 2, 2, (1, 2)),
        (3, 3, 2, (3, 3)),
    ],
)
def test_share_cores(
    workers: int | None, threads: int | None, cores: int, expected: tuple[int, int]
) -> None:
    assert share_cores(workers, threads, cores) == expected


@pytest.mark.parametrize("jobs", [2, 3, 4])
def test_batch_processes_together_use_each_core_once(
    jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subtitler.batch.jobs as jobs_module

    for cores in (2, 4, 8, 12):
        monkeypatch.setattr(jobs_module, "default_threads", lambda c=cores: c)
        o = worker_options(RunOptions(), jobs)
        assert o.workers is not None and o.threads == 1
        assert jobs * o.workers * o.threads == max(jobs, cores - cores % jobs)
        given = worker_options(RunOptions(workers=1, threads=3), jobs)
        assert (given.workers, given.threads) == (1, 3)  # the user's choice stands
    assert worker_options(RunOptions(), 1) == RunOptions()


def test_workers_and_threads_do_not_change_the_fingerprint_but_chunks_do() -> None:
    base = effective_settings(RunOptions()).sha256()
    assert effective_settings(RunOptions(workers=1, threads=2)).sha256() == base
    assert effective_settings(RunOptions(workers=7)).sha256() == base
    chunked = RunOptions(decode=DecodeOptions(chunk_s=20))
    assert effective_settings(chunked).sha256() != base
    recorded = effective_settings(RunOptions(workers=3)).to_json()
    assert (recorded["workers"], recorded["decode"]["chunk_s"]) == (3, 30)


def test_engine_gets_workers_and_threads() -> None:
    engine = get_engine("faster-whisper", workers=3, threads=1)
    assert engine.workers == 3
    assert all(isinstance(m, FasterModel) for m in engine.models.used())
    from_run = Pipeline(RunOptions(workers=2, threads=1)).engine()  # the model loads later
    assert isinstance(from_run, Router) and from_run.workers == 2
    default = get_engine("faster-whisper")
    assert default.workers == default_threads()


# --- options and settings file ---------------------------------------------------


@pytest.mark.parametrize("command", ["run", "batch"])
def test_workers_and_threads_options_are_documented(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "--workers" in result.output and "--threads" in result.output


@pytest.mark.parametrize("option", ["--workers", "--threads"])
def test_zero_workers_or_threads_is_a_usage_error(option: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", str(tmp_path / "x.mp4"), option, "0"])
    assert result.exit_code == 2
    assert option in result.output


def test_settings_file_sets_workers_and_threads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from subtitler.cli.options import run_options

    (tmp_path / "subtitler.toml").write_text("workers = 3\nthreads = 2\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    shared: dict[str, Any] = dict(config_path=None, no_config=False)
    o = run_options(**shared)
    assert (o.workers, o.threads) == (3, 2)
    o = run_options(**shared, workers=1)
    assert (o.workers, o.threads) == (1, 2)
    (tmp_path / "subtitler.toml").write_text("workers = 0\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(tmp_path / "x.mp4")])
    assert result.exit_code == 2
    assert result.output.startswith("subtitler: error: ")
    assert "workers must be from 1 to 64, not 0" in result.output


# --- the words: the same whatever the workers, as good as whole -------------------


@pytest.fixture(scope="module")
def two_speeches(jfk_wav: Path) -> Samples:
    """20 s of silence, the JFK speech, 30 s, the speech again, 5 s."""
    speech = load_audio(jfk_wav)[: 11 * SAMPLE_RATE]
    silence = [np.zeros(s * SAMPLE_RATE, np.float32) for s in (20, 30, 5)]
    return np.concatenate([silence[0], speech, silence[1], speech, silence[2]])


SHORT_CHUNKS = DecodeOptions("en", chunk_s=8, detect=False)
"""Two chunks for each speech: cuts between and inside them."""


@pytest.fixture(scope="module")
def two_workers(
    two_speeches: Samples, transcripts: Transcripts
) -> tuple[Transcript, list[float]]:
    """``two_speeches`` transcribed by two workers in short chunks, and the
    progress it reported."""
    seen: list[float] = []
    engine = transcripts.engine("faster-whisper", workers=2, threads=1)
    return engine.transcribe(two_speeches, SHORT_CHUNKS, seen.append), seen


@pytest.mark.slow
@pytest.mark.transcribes_again(reason="the same audio with one worker instead of two")
def test_the_words_do_not_depend_on_the_workers(
    two_speeches: Samples, two_workers: tuple[Transcript, list[float]],
    transcripts: Transcripts,
) -> None:
    assert len(chunks.plan(two_speeches, vad=True, chunk_ms=SHORT_CHUNKS.chunk_s * 1000)) == 4
    one = transcripts.engine("faster-whisper", workers=1, threads=1)
    words = one.transcribe(two_speeches, SHORT_CHUNKS).words
    assert len(words) >= 30
    assert words == two_workers[0].words


def _norm(text: str) -> list[str]:
    """Words folded for comparison (case, punctuation, numbers), by the
    script aligner's normaliser: no optional extra needed."""
    from subtitler.script.normalize import normalize_text

    return list(normalize_text(text))


@pytest.mark.slow
def test_chunked_words_and_times_match_the_whole_file(
    sample_transcript: Transcript, sample_video: Path, sample_text: str,
    transcripts: Transcripts,
) -> None:
    chunked = sample_transcript
    assert DecodeOptions().chunk_s == 30  # what sample_transcript was cut into
    whole = transcripts.of(sample_video, options=DecodeOptions("en", chunk_s=0, detect=False))
    a, b = _norm(whole.text), _norm(chunked.text)
    assert difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio() >= 0.97
    ref = _norm(sample_text)
    ratio_whole = difflib.SequenceMatcher(a=ref, b=a, autojunk=False).ratio()
    ratio_chunked = difflib.SequenceMatcher(a=ref, b=b, autojunk=False).ratio()
    assert ratio_chunked >= ratio_whole - 0.01
    starts = [w.start_ms for w in chunked.words]
    assert starts == sorted(starts)
    diffs = start_differences(whole, chunked)
    assert len(diffs) > 200
    assert statistics.median(diffs) <= 20


@pytest.mark.slow
def test_no_words_in_the_silence_between_speech(
    jfk_wav: Path, two_workers: tuple[Transcript, list[float]]
) -> None:
    """Hallucination guard kept: the model never hears the silences, so no
    word is placed in them, on either side of a cut."""
    t = two_workers[0]
    assert len(t.words) >= 30
    for w in t.words:
        assert 19_600 <= w.start_ms <= w.end_ms <= 31_400 or 60_600 <= w.start_ms <= 72_400, w
    # the first word after each silence starts at the voice, not in the padding before it
    voice = vad.speech_regions(load_audio(jfk_wav)[: 11 * SAMPLE_RATE])[0].start_ms
    firsts = [t.words[0].start_ms, next(w.start_ms for w in t.words if w.start_ms > 40_000)]
    for first, onset in zip(firsts, (20_000 + voice, 61_000 + voice), strict=True):
        assert onset - chunks.ONSET_LEAD_MS <= first <= onset + 300


@pytest.mark.slow
def test_progress_reaches_the_end_and_never_goes_back(
    two_speeches: Samples, two_workers: tuple[Transcript, list[float]]
) -> None:
    seen = two_workers[1]
    assert len(seen) > 5
    assert seen == sorted(seen)
    assert seen[-1] == pytest.approx(two_speeches.size / SAMPLE_RATE, abs=0.01)


@pytest.mark.slow
def test_run_with_workers_writes_the_same_srt(
    sample_video: Path, sample_run: RunResult, tmp_path: Path
) -> None:
    """The options reach the report, not the fingerprint or the subtitles (the
    words are the same whatever the workers: tested above, on the engine)."""
    outs = []
    for i, args in enumerate((["--workers", "1", "--threads", "1"], ["--workers", "2"])):
        out = tmp_path / str(i)
        result = CliRunner().invoke(main, ["run", str(sample_video), "-o", str(out), "-q", *args])
        assert result.exit_code == run_code(out / "statement.report.json"), result.output
        outs.append(out)
    srts = [(o / "statement.srt").read_text("utf-8") for o in outs]
    assert srts[0] == srts[1] == sample_run.subtitles.read_text("utf-8")
    assert srts[0].count("-->") > 15
    reports = [json.loads((o / "statement.report.json").read_text("utf-8")) for o in outs]
    assert reports[0]["settings_sha256"] == reports[1]["settings_sha256"]
    assert reports[0]["settings_sha256"] == sample_run.report.settings_sha256
    assert [r["options"]["workers"] for r in reports] == [1, 2]


# --- memory ---------------------------------------------------------------------


@pytest.mark.slow
def test_decoding_holds_one_copy_of_the_audio(sample_video: Path, tmp_path: Path) -> None:
    long = tmp_path / "long.mp4"
    mediafactory.run_ffmpeg("-stream_loop", "3", "-i", str(sample_video), "-c", "copy", str(long))
    tracemalloc.start()
    try:
        samples = load_audio(long)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert samples.size > 300 * SAMPLE_RATE
    assert peak < samples.nbytes * 1.2 + (2 << 20)  # the buffer grows in place


def test_chunk_default_is_recorded_in_decode_options() -> None:
    assert DecodeOptions().chunk_s == 30
    assert replace(DecodeOptions(), chunk_s=0).key()["chunk_s"] == 0


@pytest.mark.slow
def test_voice_and_energy_of_a_long_file_take_blocks_not_copies() -> None:
    """Voice activity and the cue timer's energy frames work block by block:
    a 10-minute file's audio (38 MB) is never copied whole."""
    from subtitler.cues import voice
    from subtitler.media.vad import speech_probabilities

    rng = np.random.default_rng(7)
    samples = np.repeat(rng.standard_normal(10 * 60 * 100).astype(np.float32) * 0.1, 160)
    tracemalloc.start()
    try:
        probs = speech_probabilities(samples)
        db = voice.frame_db(samples)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert probs.size == samples.size // 512 + 1 and db.size == samples.size // 160
    assert peak < 24 << 20 < samples.nbytes
