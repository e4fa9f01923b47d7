"""Whether a file has a moving picture, decided once from the streams
ffmpeg reports (``MediaReport.picture``) for burn, review and batch: camera
Motion-JPEG and PNG screen recordings are video, an 8x8 clip too, a cover
picture and a still image are not. Burn writes what H.264 and an MP4 can
hold (odd sizes padded, PCM audio as AAC) and says so. Real media, made by
ffmpeg."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from subtitler.cli import main
from subtitler.errors import EXIT_INPUT, EXIT_OK, MediaError
from subtitler.formats.srt_write import compose
from subtitler.media.audio import probe
from subtitler.media.burn import Encoding
from subtitler.media.video import video_info
from subtitler.models import Cue
from subtitler.pipeline.burn import BurnOptions, burn
from subtitler.review.media import MediaInfo
from tests import mediafactory as mf

FAST = BurnOptions(encoding=Encoding(crf=40, preset="ultrafast"))


def subtitles(folder: Path) -> Path:
    path = folder / "subs.srt"
    path.write_text(compose([Cue(100, 900, ("Hello",))]), "utf-8")
    return path


@pytest.mark.parametrize(("name", "codec", "size", "audio"), [
    ("camera.avi", "mjpeg", "320x180", "pcm_s16le"),
    ("camera.mov", "mjpeg", "320x180", "pcm_s16le"),
    ("screen.mov", "png", "320x180", "aac"),
    ("screen.mkv", "png", "320x180", "flac"),
    ("tiny.mp4", "libx264", "8x8", "aac"),
])
def test_any_video_codec_and_size_is_video(tmp_path: Path, name: str, codec: str, size: str,
                                           audio: str) -> None:
    path = mf.coded_video(tmp_path / name, codec, size, audio=audio)
    info = video_info(path)
    assert (f"{info.width}x{info.height}", info.codec, info.audio_codecs) == (
        size, codec.removeprefix("lib").replace("x264", "h264"), (audio,))
    assert probe(path).video is True
    assert MediaInfo.of(path).video is True  # review shows the picture


@pytest.mark.parametrize("name", ["song.mp3", "podcast.m4a"])
def test_a_cover_picture_is_not_video(tmp_path: Path, name: str) -> None:
    path = mf.audio_with_cover(tmp_path / name)
    assert mf.stream_kinds(path) == ["Audio", "Video"]  # ffmpeg lists the cover as video
    found = probe(path)
    assert (found.audio, found.video, found.fps) == (True, False, None)
    assert MediaInfo.of(path).video is False
    with pytest.raises(MediaError) as err:
        video_info(path)
    assert str(err.value) == (f"{path}: has no video stream to burn subtitles into: it is "
                              "audio with a cover picture")


def test_a_still_picture_is_not_video(tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    mf.run_ffmpeg("-f", "lavfi", "-i", "color=c=red:s=64x64", "-frames:v", "1", str(photo))
    assert probe(photo).video is False
    with pytest.raises(MediaError, match="is a still picture, not a video"):
        video_info(photo)


def test_burn_takes_camera_video_with_pcm_audio(tmp_path: Path) -> None:
    video = mf.coded_video(tmp_path / "camera.avi", "mjpeg", audio="pcm_s16le")
    out = tmp_path / "camera.captioned.mp4"
    result = burn(video, subtitles(tmp_path), out, FAST)
    assert result.log.notes == ("audio encoded as AAC 192k: browsers and phones do not play "
                                "pcm_s16le in an MP4 (a .mov output keeps it as it is)",)
    report = mf.describe(out)
    assert "Video: h264" in report and "Audio: aac" in report
    kept = burn(video, subtitles(tmp_path), tmp_path / "camera.captioned.mov", FAST)
    assert kept.log.notes == () and "Audio: pcm_s16le" in mf.describe(kept.output)


def test_burn_pads_an_odd_picture_and_says_so(tmp_path: Path) -> None:
    video = mf.coded_video(tmp_path / "odd.mp4", size="321x241")
    out = tmp_path / "odd.captioned.mp4"
    result = CliRunner().invoke(main, ["burn", str(video), "--srt", str(subtitles(tmp_path)),
                                       "--crf", "40"], catch_exceptions=False)
    assert result.exit_code == EXIT_OK, result.stderr
    note = ("the picture is 321x241; padded to 322x242 with black (H.264 in yuv420p needs an "
            "even width and height)")
    assert f"subtitler: note: {out}: {note}\n" in result.stderr
    info = video_info(out)
    assert (info.width, info.height) == (322, 242)
    assert json.loads((tmp_path / "odd.captioned.burn.json").read_text("utf-8"))["notes"] == [note]


def test_burn_refuses_audio_with_a_cover_picture(tmp_path: Path) -> None:
    song = mf.audio_with_cover(tmp_path / "song.mp3")
    result = CliRunner().invoke(main, ["burn", str(song), "--srt", str(subtitles(tmp_path))],
                                catch_exceptions=False)
    assert result.exit_code == EXIT_INPUT
    assert result.stderr == (f"subtitler: error: {song}: has no video stream to burn subtitles "
                             "into: it is audio with a cover picture\n")
