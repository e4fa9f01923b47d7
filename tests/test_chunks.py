"""Chunks: voice activity computed once and block by block, the plan that cuts
a file at pauses, the time mapping, and the concurrent runner."""

from __future__ import annotations

import threading
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from subtitler.engines import chunks
from subtitler.engines.chunks import Chunk, split, to_timeline
from subtitler.media import vad
from subtitler.media.audio import SAMPLE_RATE, load_audio
from subtitler.media.vad import Region
from subtitler.models import Word

# --- voice activity: the same as faster-whisper's, with less memory ------------


@pytest.fixture(scope="module")
def sample_audio(sample_video: Path) -> np.ndarray:
    return load_audio(sample_video)


@pytest.fixture(scope="module")
def long_audio(sample_audio: np.ndarray) -> np.ndarray:
    """The sample three times over: more than one block of frames."""
    return np.tile(sample_audio, 3)


def _theirs(samples: np.ndarray, **opts: int) -> list[Region]:
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    stamps = get_speech_timestamps(samples, VadOptions(**opts))
    return [Region(int(s["start"]) * 1000 // SAMPLE_RATE, int(s["end"]) * 1000 // SAMPLE_RATE)
            for s in stamps]


@pytest.mark.parametrize("which", ["sample", "jfk", "long"])
def test_probabilities_are_faster_whispers_own(
    which: str, sample_audio: np.ndarray, long_audio: np.ndarray, jfk_wav: Path
) -> None:
    from faster_whisper.vad import get_vad_model

    samples = {"sample": sample_audio, "long": long_audio, "jfk": load_audio(jfk_wav)}[which]
    ours = vad.speech_probabilities(samples)
    padded = np.pad(samples, (0, vad.FRAME - samples.size % vad.FRAME))
    theirs = np.asarray(get_vad_model()(padded)).reshape(-1)
    assert ours.shape == theirs.shape
    assert np.array_equal(ours, theirs)


@pytest.mark.parametrize(("silence", "pad"), [(2000, 400), (300, 0), (100, 30), (500, 200)])
def test_regions_are_faster_whispers_own(
    silence: int, pad: int, sample_audio: np.ndarray, jfk_wav: Path
) -> None:
    for samples in (sample_audio, load_audio(jfk_wav), np.concatenate(
            [np.zeros(3 * SAMPLE_RATE, np.float32), load_audio(jfk_wav)])):
        probs = vad.speech_probabilities(samples)
        ours = vad.regions_from(probs, samples.size, min_silence_ms=silence, pad_ms=pad)
        assert ours == _theirs(samples, min_silence_duration_ms=silence, speech_pad_ms=pad)
        assert ours  # speech was found: the comparison means something


def test_probabilities_take_one_block_of_memory(long_audio: np.ndarray) -> None:
    tracemalloc.start()
    try:
        vad.speech_probabilities(long_audio)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    block = vad._ROWS_PER_CALL * (vad.FRAME + 64) * 4
    assert peak < block + long_audio.nbytes // 4  # faster-whisper's own: two more copies
    assert long_audio.nbytes > 2 * block


def test_silence_and_empty_audio_have_no_regions() -> None:
    assert vad.speech_regions(np.zeros(0, np.float32)) == []
    assert vad.speech_regions(np.zeros(5 * SAMPLE_RATE, np.float32)) == []
    assert chunks.plan(np.zeros(0, np.float32), vad=True, chunk_ms=30_000) == []
    assert chunks.plan(np.zeros(5 * SAMPLE_RATE, np.float32), vad=True, chunk_ms=30_000) == []


# --- the plan: pure properties ---------------------------------------------------


@st.composite
def speech_and_gaps(draw: st.DrawFn) -> tuple[list[Region], list[Region]]:
    """Regions separated by long silences, and short pauses inside them."""
    regions: list[Region] = []
    gaps: list[Region] = []
    t = draw(st.integers(0, 3000))
    for _ in range(draw(st.integers(0, 8))):
        start = t
        for _ in range(draw(st.integers(0, 12))):
            t += draw(st.integers(50, 20_000))
            pause = draw(st.integers(300, 1500))
            gaps.append(Region(t, t + pause))
            t += pause
        t += draw(st.integers(1, 40_000))
        regions.append(Region(start, t))
        t += draw(st.integers(1200, 30_000))
    return regions, gaps


def _cut_points(chunk: Chunk, gaps: list[Region]) -> list[int]:
    """Joined-speech offsets inside ``chunk`` where a cut was allowed."""
    out, offset = [], 0
    for i, p in enumerate(chunk.parts):
        out += [offset + (g.start_ms + g.end_ms) // 2 - p.start_ms for g in gaps
                if p.start_ms < (g.start_ms + g.end_ms) // 2 < p.end_ms]
        offset += p.end_ms - p.start_ms
        if i + 1 < len(chunk.parts):
            out.append(offset)
    return out


@given(speech_and_gaps(), st.integers(1000, 60_000))
def test_chunks_cover_the_speech_in_order_and_cut_only_at_pauses(
    drawn: tuple[list[Region], list[Region]], chunk_ms: int
) -> None:
    speech, gaps = drawn
    plan = split(speech, gaps, chunk_ms)
    parts = [p for c in plan for p in c.parts]
    assert all(p.end_ms > p.start_ms for p in parts)
    merged: list[Region] = []
    for p in parts:  # parts of one region, cut apart, join up again
        if merged and merged[-1].end_ms == p.start_ms:
            merged[-1] = Region(merged[-1].start_ms, p.end_ms)
        else:
            merged.append(p)
    assert merged == speech
    gap_mids = {(g.start_ms + g.end_ms) // 2 for g in gaps}
    region_ends = {r.end_ms for r in speech}
    for a, b in zip(plan, plan[1:], strict=False):
        assert a.end_ms <= b.start_ms
        assert a.end_ms in region_ends or a.end_ms in gap_mids


@given(speech_and_gaps(), st.integers(1000, 60_000))
def test_a_chunk_is_only_too_long_where_no_pause_allowed_a_cut(
    drawn: tuple[list[Region], list[Region]], chunk_ms: int
) -> None:
    speech, gaps = drawn
    for chunk in split(speech, gaps, chunk_ms):
        if chunk.speech_ms > chunk_ms:
            allowed = [c for c in _cut_points(chunk, gaps) if 0 < c <= chunk_ms]
            assert allowed == []


def test_the_plan_is_the_longest_pause_in_each_stretch() -> None:
    speech = [Region(0, 100_000)]
    gaps = [Region(10_000, 10_400), Region(20_000, 21_000), Region(25_000, 25_300),
            Region(40_000, 40_350), Region(70_000, 70_500)]
    plan = split(speech, gaps, 30_000)
    assert [c.end_ms for c in plan] == [20_500, 40_175, 70_250, 100_000]


@given(speech_and_gaps().filter(lambda d: bool(d[0])), st.data())
def test_joined_times_map_back_inside_a_part_and_in_order(
    drawn: tuple[list[Region], list[Region]], data: st.DataObject
) -> None:
    parts = drawn[0]
    total = sum(r.end_ms - r.start_ms for r in parts)
    a = data.draw(st.integers(0, total))
    b = data.draw(st.integers(a, total))
    start, end = to_timeline(a, b, parts)
    assert start <= end
    assert any(r.start_ms <= start and end <= r.end_ms for r in parts)
    assert to_timeline(a, a, parts)[0] <= to_timeline(b, b, parts)[0]


# --- the plan on real speech ------------------------------------------------------


def test_sample_is_cut_in_pauses_into_window_sized_chunks(sample_audio: np.ndarray) -> None:
    plan = chunks.plan(sample_audio, vad=True, chunk_ms=30_000)
    assert len(plan) >= 3
    assert all(c.speech_ms <= 30_000 for c in plan)
    probs = vad.speech_probabilities(sample_audio)
    for c in plan[:-1]:
        frame = c.end_ms * SAMPLE_RATE // 1000 // vad.FRAME
        assert probs[frame - 4 : frame + 5].max() < 0.5  # 300 ms around the cut: no voice
    whole = chunks.plan(sample_audio, vad=True, chunk_ms=0)
    assert [p for c in whole for p in c.parts][0].start_ms == plan[0].start_ms
    assert whole[-1].end_ms == plan[-1].end_ms


def test_without_vad_the_chunks_cover_the_whole_file(sample_audio: np.ndarray) -> None:
    plan = chunks.plan(sample_audio, vad=False, chunk_ms=30_000)
    total = sample_audio.size * 1000 // SAMPLE_RATE
    assert plan[0].start_ms == 0 and plan[-1].end_ms == total
    assert sum(c.speech_ms for c in plan) == total
    assert chunks.plan(sample_audio, vad=False, chunk_ms=0) == [Chunk((Region(0, total),))]


def test_join_takes_the_parts_without_the_silence_between() -> None:
    samples = np.arange(10 * SAMPLE_RATE, dtype=np.float32)
    chunk = Chunk((Region(1000, 2000), Region(5000, 5500)))
    joined = chunks.join(samples, chunk)
    assert joined.size == 1500 * SAMPLE_RATE // 1000
    assert joined[0] == 16_000 and joined[16_000] == 80_000


# --- running chunks -------------------------------------------------------------


def _plan(n: int) -> list[Chunk]:
    return [Chunk((Region(i * 10_000, i * 10_000 + 5_000 + 1000 * (i % 3)),)) for i in range(n)]


def _fake(waits_for: dict[int, int], finished: list[int]) -> chunks.ChunkFn:
    """A chunk "transcription" returning one word per chunk; the chunk starting
    at ``k`` first waits until the one starting at ``waits_for[k]`` has
    finished, so the chunks finish in an order the test chooses."""
    done = {c: threading.Event() for c in waits_for.values()}

    def one(chunk: Chunk, tick: chunks.Tick) -> list[Word]:
        if chunk.start_ms in waits_for:
            assert done[waits_for[chunk.start_ms]].wait(timeout=30)
        tick((chunk.start_ms + chunk.end_ms) // 2)
        finished.append(chunk.start_ms)
        if chunk.start_ms in done:
            done[chunk.start_ms].set()
        return [Word(chunk.start_ms, chunk.end_ms, str(chunk.start_ms), 1.0)]

    return one


@pytest.mark.parametrize("workers", [1, 2, 4])
def test_words_come_back_in_order_whatever_finishes_first(workers: int) -> None:
    plan = _plan(6)
    # the longest chunks start first: 20 s and 50 s; 20 s waits for 50 s to finish
    waits_for = {20_000: 50_000} if workers > 1 else {}
    finished: list[int] = []
    seen: list[float] = []
    words = chunks.run(plan, _fake(waits_for, finished), workers=workers, total_ms=60_000,
                       progress=seen.append)
    assert [w.start_ms for w in words] == [c.start_ms for c in plan]
    if workers > 1:
        assert finished.index(50_000) < finished.index(20_000)  # out of order, put back
    assert seen == sorted(seen)
    assert max(seen) == 60.0
    assert all(0 <= s <= 60.0 for s in seen)


def test_chunks_run_at_the_same_time() -> None:
    plan = _plan(4)
    running, most = 0, 0
    lock = threading.Lock()
    together = threading.Barrier(2, timeout=30)  # broken (an error) unless two meet

    def one(chunk: Chunk, tick: chunks.Tick) -> list[Word]:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        together.wait()
        with lock:
            running -= 1
        return []

    chunks.run(plan, one, workers=2, total_ms=40_000)
    assert most == 2


def test_a_failing_chunk_stops_the_others_and_is_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = [Chunk((Region(0, 9_000),)), *_plan(8)[1:]]  # the failing one is longest: first
    trackers: list[Any] = []

    class Watched(chunks._Progress):  # the real one, kept where the test can see it
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            trackers.append(self)

    monkeypatch.setattr(chunks, "_Progress", Watched)
    both_running = threading.Barrier(2, timeout=30)
    started: list[int] = []
    stopped: list[int] = []

    def one(chunk: Chunk, tick: chunks.Tick) -> list[Word]:
        started.append(chunk.start_ms)
        if len(started) <= 2:
            both_running.wait()
        if chunk.start_ms == 0:
            raise RuntimeError("model broke")
        assert trackers[0].stop.wait(timeout=30)  # the failure is seen...
        try:
            tick(chunk.start_ms)  # ...and the next tick stops this chunk
        except chunks.Stopped:
            stopped.append(chunk.start_ms)
            raise
        return []

    with pytest.raises(RuntimeError, match="model broke"):
        chunks.run(plan, one, workers=2, total_ms=80_000, progress=lambda s: None)
    assert stopped and sorted(stopped) == sorted(set(started) - {0})  # none went on
    assert len(started) < len(plan)  # the rest were cancelled


def test_starts_never_go_back_across_chunks() -> None:
    words = chunks._ordered([[Word(0, 500, "a", 1.0), Word(900, 1000, "b", 1.0)],
                             [Word(800, 1200, "c", 1.0)]])
    assert [w.start_ms for w in words] == [0, 900, 900]
    assert all(w.end_ms >= w.start_ms for w in words)


@given(speech_and_gaps().filter(lambda d: bool(d[0])), st.data())
def test_placed_words_start_no_earlier_than_just_before_the_voice(
    drawn: tuple[list[Region], list[Region]], data: st.DataObject
) -> None:
    parts = tuple(drawn[0])
    onsets = tuple(data.draw(st.integers(p.start_ms, p.end_ms)) for p in parts)
    chunk = Chunk(parts, onsets)
    total = chunk.speech_ms
    a = data.draw(st.integers(0, total))
    b = data.draw(st.integers(a, total))
    start, end = chunk.place(a, b)
    i = next(k for k, p in enumerate(parts) if p.start_ms <= start and end <= p.end_ms)
    assert start >= min(onsets[i] - chunks.ONSET_LEAD_MS, parts[i].end_ms)
    assert start <= end
    unfloored = to_timeline(a, b, parts)
    assert start >= unfloored[0] and end >= unfloored[1]


def test_each_part_knows_where_its_voice_starts(sample_audio: np.ndarray) -> None:
    plan = chunks.plan(sample_audio, vad=True, chunk_ms=30_000)
    voice = vad.speech_regions(sample_audio)
    for c in plan:
        assert len(c.onsets) == len(c.parts)
        for part, onset in zip(c.parts, c.onsets, strict=True):
            assert part.start_ms <= onset < part.end_ms
            assert onset in {r.start_ms for r in voice} | {part.start_ms}
