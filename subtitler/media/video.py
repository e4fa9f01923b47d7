"""What a video is (picture size as shown, duration, streams), from ffmpeg's
reading of its header, and the font that ships for burning subtitles in."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import MediaError
from .audio import ffmpeg_exe, ffmpeg_input

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
"""DejaVu Sans (regular and bold; Latin with every accent, Greek, Cyrillic
and more), shipped with subtitler under its licence (``fonts/LICENSE``)."""

_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #0:\d+\S*: Video: (\w+)[^\n]*?, (\d{2,5})x(\d{2,5})")
_AUDIO = re.compile(r"Stream #0:\d+\S*: Audio: (\w+)")
_ROTATION = re.compile(r"display ?matrix: rotation of (-?\d+(?:\.\d+)?) degrees", re.IGNORECASE)
_IMAGE_CODECS = ("png", "mjpeg", "jpeg", "bmp", "gif", "webp", "tiff")


@dataclass(frozen=True)
class VideoInfo:
    width: int
    """As shown: a phone video stored sideways with a rotation is as shown."""
    height: int
    duration_s: float | None
    audio_codecs: tuple[str, ...]
    codec: str


file_arg = ffmpeg_input
"""A path as ffmpeg must get it (one rule, in ``audio``)."""


def video_info(path: Path, timeout_s: float = 60.0) -> VideoInfo:
    """Read ``path``'s header; ``MediaError`` when it is missing, not media,
    or has no video stream (a cover picture does not count)."""
    if not path.exists():
        raise MediaError("no such file", path=path)
    if path.is_dir():
        raise MediaError("is a folder, not a video", path=path)
    args = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", file_arg(path)]
    try:
        done = subprocess.run(args, capture_output=True, timeout=timeout_s, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise MediaError(f"cannot run ffmpeg: {err}", path=path) from None
    text = done.stderr.decode("utf-8", "replace")
    videos = [m for m in _VIDEO.finditer(text) if m.group(1) not in _IMAGE_CODECS]
    if not videos:
        if "Invalid data found" in text or "Stream #" not in text:
            raise MediaError("is not a media file ffmpeg can read", path=path)
        raise MediaError("has no video stream to burn subtitles into (is it audio only?)",
                         path=path)
    codec, width, height = videos[0].group(1), int(videos[0].group(2)), int(videos[0].group(3))
    rotation = _ROTATION.search(text[videos[0].start():])
    if rotation and round(abs(float(rotation.group(1)))) % 180 == 90:
        width, height = height, width
    m = _DURATION.search(text)
    duration = int(m[1]) * 3600 + int(m[2]) * 60 + float(m[3]) if m else None
    return VideoInfo(width, height, duration, tuple(_AUDIO.findall(text)), codec)
