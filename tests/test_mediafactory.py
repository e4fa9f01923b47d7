"""The shipped media and the test-media factory have the properties they claim."""

from __future__ import annotations

import re
import wave
from pathlib import Path

import numpy as np
import pytest

from tests import mediafactory as mf

RATE = mf.RATE
TERMS = (
    "sex work", "sex workers", "Red Umbrella Fund", "Count Me In!", "Mama Cash",
    "Vera Rodriguez", "trafficking in persons", "decriminalisation", "UNAIDS",
    "the Palermo Protocol", "criminalisation", "labour rights", "organisation", "centre",
)  # fmt: skip


def seconds(samples: np.ndarray) -> float:
    return samples.size / RATE


def window(samples: np.ndarray, start_s: float, end_s: float) -> np.ndarray:
    return samples[round(start_s * RATE) : round(end_s * RATE)]


def speech_span(samples: np.ndarray, threshold: float = 1e-3) -> tuple[float, float]:
    """First and last time (s) where the signal is above ``threshold``."""
    loud = np.flatnonzero(np.abs(samples) > threshold)
    return loud[0] / RATE, loud[-1] / RATE


# --- the shipped files ---------------------------------------------------------------


def test_sample_text_has_the_terms_in_house_style(sample_text: str) -> None:
    for term in TERMS:
        assert term in sample_text, term
    assert not re.search(r"\b(\w+iz(e|ed|es|ation)|labor|center|organization)\b", sample_text)
    paragraphs = [p for p in sample_text.split("\n\n") if p.strip()]
    assert len(paragraphs) >= 5
    assert 200 <= len(sample_text.split()) <= 300


@pytest.mark.slow
def test_sample_video_is_small_and_holds_the_whole_statement(sample_video: Path) -> None:
    assert sample_video.stat().st_size < 1_500_000
    assert sorted(mf.stream_kinds(sample_video)) == ["Audio", "Video"]
    samples = mf.decode_pcm(sample_video)
    assert 80 <= seconds(samples) <= 110
    first, last = speech_span(samples, threshold=0.02)
    assert 0.8 < first < 1.5  # a short lead-in, as in a real recording
    assert seconds(samples) - last > 1.0
    assert mf.rms(window(samples, first, last)) > 0.05


def test_jfk_wav_is_16k_mono_pcm_of_eleven_seconds(jfk_wav: Path, jfk_text: str) -> None:
    with wave.open(str(jfk_wav)) as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (16000, 1, 2)
        assert 10.9 < wav.getnframes() / 16000 < 11.1
    assert jfk_text.startswith("And so my fellow Americans, ask not what your country")
    assert jfk_text.endswith("ask what you can do for your country.")


# --- the factory ----------------------------------------------------------------------


@pytest.mark.slow
def test_padded_video_puts_digital_silence_around_the_speech(jfk_wav: Path, tmp_path: Path) -> None:
    original = mf.decode_pcm(jfk_wav)
    padded_path = mf.padded_video(jfk_wav, tmp_path / "padded.mp4", lead_s=4, tail_s=2.5)
    assert sorted(mf.stream_kinds(padded_path)) == ["Audio", "Video"]
    padded = mf.decode_pcm(padded_path)
    assert seconds(padded) == pytest.approx(seconds(original) + 6.5, abs=0.05)
    assert not window(padded, 0, 3.95).any()  # every sample exactly zero
    assert not window(padded, seconds(padded) - 2.45, seconds(padded)).any()
    start, end = speech_span(padded)
    first, last = speech_span(original)
    assert start == pytest.approx(first + 4, abs=0.03)
    assert end == pytest.approx(last + 4, abs=0.05)
    assert mf.rms(window(padded, 4, 4 + seconds(original))) == pytest.approx(
        mf.rms(original), rel=0.1
    )


@pytest.mark.slow
def test_padded_video_defaults_to_thirty_seconds_each_side(jfk_wav: Path, tmp_path: Path) -> None:
    padded = mf.decode_pcm(mf.padded_video(jfk_wav, tmp_path / "padded.mp4"))
    assert seconds(padded) == pytest.approx(71.0, abs=0.05)
    assert not window(padded, 0, 29.9).any()
    assert not window(padded, 41.1, 71.0).any()


@pytest.mark.slow
def test_padded_wav_is_audio_only(jfk_wav: Path, tmp_path: Path) -> None:
    path = mf.padded_video(jfk_wav, tmp_path / "padded.wav", lead_s=1, tail_s=1)
    assert mf.stream_kinds(path) == ["Audio"]
    with wave.open(str(path)) as wav:
        assert wav.getnframes() == pytest.approx(13 * RATE, abs=RATE // 100)


@pytest.mark.slow
def test_video_without_audio_has_no_audio_stream(tmp_path: Path) -> None:
    path = mf.video_without_audio(tmp_path / "silent.mp4", seconds=2)
    report = mf.describe(path)
    assert "Video: h264" in report
    assert "Audio:" not in report
    assert mf.duration_s(path) == pytest.approx(2.0, abs=0.25)
    with pytest.raises(mf.FfmpegFailed, match="matches no streams|0:a:0"):
        mf.decode_pcm(path)


@pytest.mark.slow
def test_truncated_copy_is_cut_short_and_decodes_only_its_head(
    sample_video: Path, tmp_path: Path
) -> None:
    path = mf.truncated_copy(sample_video, tmp_path / "cut.mp4", keep_fraction=0.3)
    assert path.stat().st_size == int(sample_video.stat().st_size * 0.3)
    result = mf.run_ffmpeg("-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(RATE), "-",
                           check=False)  # fmt: skip
    decoded_s = len(result.stdout) / 2 / RATE
    # The index is at the front (faststart): ffmpeg decodes the head, then reports bad data.
    assert result.returncode != 0 or decoded_s < 0.4 * mf.duration_s(sample_video)
    assert b"Invalid data" in result.stderr or b"partial file" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("make", [mf.empty_file, mf.not_media])
def test_empty_and_text_files_are_not_media(make: object, tmp_path: Path) -> None:
    assert callable(make)
    path = make(tmp_path / "bad.mp4")
    assert isinstance(path, Path) and path.suffix == ".mp4"
    with pytest.raises(mf.FfmpegFailed, match="Invalid data found") as err:
        mf.decode_pcm(path)
    assert err.value.returncode != 0
    assert str(path) in err.value.stderr


def test_empty_file_is_empty_and_not_media_is_text(tmp_path: Path) -> None:
    assert mf.empty_file(tmp_path / "e.mp4").stat().st_size == 0
    path = mf.not_media(tmp_path / "n.mp4", text="meeting notes\n")
    assert path.read_bytes() == b"meeting notes\n"


@pytest.mark.slow
def test_tone_is_a_steady_sine_at_the_given_pitch(tmp_path: Path) -> None:
    samples = mf.decode_pcm(mf.tone(tmp_path / "tone.wav", seconds=1.5, frequency=500))
    assert seconds(samples) == pytest.approx(1.5, abs=0.01)
    assert mf.rms(samples) == pytest.approx(0.125 / np.sqrt(2), rel=0.05)
    spectrum = np.abs(np.fft.rfft(samples))
    assert np.argmax(spectrum) * RATE / samples.size == pytest.approx(500, abs=2)


@pytest.mark.slow
def test_silence_is_all_zero_with_a_video_track(tmp_path: Path) -> None:
    path = mf.silence(tmp_path / "quiet.mp4", seconds=2)
    assert sorted(mf.stream_kinds(path)) == ["Audio", "Video"]
    samples = mf.decode_pcm(path)
    assert seconds(samples) == pytest.approx(2.0, abs=0.05)
    assert not samples.any()


@pytest.mark.slow
def test_concat_with_gap_leaves_silence_between_the_two(jfk_wav: Path, tmp_path: Path) -> None:
    one = seconds(mf.decode_pcm(jfk_wav))
    joined = mf.decode_pcm(mf.concat_with_gap(jfk_wav, jfk_wav, tmp_path / "two.mp4", gap_s=4))
    assert seconds(joined) == pytest.approx(2 * one + 4, abs=0.05)
    assert not window(joined, one + 0.05, one + 3.95).any()
    assert mf.rms(window(joined, one + 4, 2 * one + 4)) > 0.05


def test_rms_of_known_signals() -> None:
    assert mf.rms(np.zeros(0, dtype=np.float32)) == 0.0
    assert mf.rms(np.full(100, 0.5, dtype=np.float32)) == pytest.approx(0.5)
