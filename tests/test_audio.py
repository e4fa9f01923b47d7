"""audio.py with the real ffmpeg: decoding and the errors for bad inputs."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import numpy as np
import pytest

from subtitler.errors import MediaError
from subtitler.media import audio
from tests import mediafactory


def test_decodes_the_sample_to_16k_mono_float32(sample_video: Path) -> None:
    samples = audio.load_audio(sample_video)
    assert samples.dtype == np.float32
    assert 80 < samples.size / audio.SAMPLE_RATE < 120
    assert 0.01 < float(np.abs(samples).max()) <= 1.0


def test_decodes_a_wav_file(jfk_wav: Path) -> None:
    samples = audio.load_audio(jfk_wav)
    assert 10.5 < samples.size / audio.SAMPLE_RATE < 11.5


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: d / "missing.mp4", "no such file"),
        (lambda d: mediafactory.empty_file(d / "empty.mp4"), "empty file (0 bytes)"),
        (lambda d: mediafactory.not_media(d / "notes.mp4"), "not a media file"),
        (lambda d: mediafactory.video_without_audio(d / "silent.mp4"), "no audio stream"),
        (lambda d: d, "is a folder"),
    ],
    ids=["missing", "empty", "not-media", "no-audio", "folder"],
)
def test_bad_inputs_give_a_one_line_error_naming_the_file(
    tmp_path: Path, make: object, reason: str
) -> None:
    assert callable(make)
    path = make(tmp_path)
    with pytest.raises(MediaError) as info:
        audio.load_audio(path)
    message = str(info.value)
    assert message.startswith(str(path))
    assert reason in message
    assert "\n" not in message


def test_ffmpeg_on_path_is_preferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "ffmpeg"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    audio.ffmpeg_exe.cache_clear()
    try:
        assert audio.ffmpeg_exe() == str(fake)
    finally:
        audio.ffmpeg_exe.cache_clear()


def test_without_ffmpeg_on_path_the_bundled_binary_is_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import imageio_ffmpeg

    monkeypatch.setenv("PATH", str(tmp_path))
    audio.ffmpeg_exe.cache_clear()
    try:
        assert audio.ffmpeg_exe() == imageio_ffmpeg.get_ffmpeg_exe()
    finally:
        audio.ffmpeg_exe.cache_clear()


def test_truncated_file_is_an_error_not_a_silent_partial_decode(
    sample_video: Path, tmp_path: Path
) -> None:
    cut = mediafactory.truncated_copy(sample_video, tmp_path / "cut.mp4")
    with pytest.raises(MediaError) as info:
        audio.load_audio(cut)
    assert "damaged or truncated" in str(info.value)
    assert str(cut) in str(info.value)


def test_mp4_cut_before_its_index_is_named_incomplete(ffmpeg_exe: str, tmp_path: Path) -> None:
    import subprocess

    whole = tmp_path / "whole.mp4"  # moov atom at the end, as cameras write it
    subprocess.run(
        [
            ffmpeg_exe,
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=3",
            "-c:a",
            "aac",
            str(whole),
        ],
        check=True,
    )
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(MediaError, match="incomplete MP4/MOV file"):
        audio.load_audio(cut)
