"""What a video is (picture size as shown, duration, streams), from ffmpeg's
reading of its header, and the font that ships for burning subtitles in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import MediaError
from .audio import ffmpeg_input, media_report

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
"""DejaVu Sans (regular and bold; Latin with every accent, Greek, Cyrillic
and more), shipped with subtitler under its licence (``fonts/LICENSE``)."""

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
    or has no moving picture (``MediaReport.picture``: any video codec; a
    cover picture or a still image is not one)."""
    if not path.exists():
        raise MediaError("no such file", path=path)
    if path.is_dir():
        raise MediaError("is a folder, not a video", path=path)
    report = media_report(path, timeout_s)
    picture = report.picture
    if picture is None:
        if not report.readable:
            raise MediaError("is not a media file ffmpeg can read", path=path)
        if report.still:
            raise MediaError("is a still picture, not a video", path=path)
        if report.audio:
            cover = " with a cover picture" if any(s.attached_pic for s in report.streams) else ""
            raise MediaError(f"has no video stream to burn subtitles into: it is audio{cover}",
                             path=path)
        kinds = ", ".join(sorted({s.kind.lower() for s in report.streams}))
        raise MediaError(f"has no video stream to burn subtitles into (it holds: {kinds})",
                         path=path)
    if picture.width is None or picture.height is None:
        raise MediaError(f"ffmpeg reports no picture size for its video ({picture.codec})",
                         path=path)
    width, height = picture.width, picture.height
    if picture.rotation is not None and round(abs(picture.rotation)) % 180 == 90:
        width, height = height, width
    return VideoInfo(width, height, report.duration_s,
                     tuple(s.codec for s in report.audio), picture.codec)
