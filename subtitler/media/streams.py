"""What a media file holds, from ffmpeg's report on it (``ffmpeg -i``; the
ffmpeg subtitler ships has no ``ffprobe``): its streams, each with its kind,
codec, picture size, frame rate, rotation and dispositions, and the one
decision every command takes from them: whether the file has a moving
picture (``MediaReport.picture``).

A video stream is a picture whatever its codec (Motion-JPEG camera video,
PNG screen recordings, an 8x8 test clip), except a cover picture (the
``attached pic`` of an MP3 or M4A) and a file that is one still image.
The report is read stream line by stream line, its fields split at the
commas outside brackets, so neither a codec name nor a size format decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_INPUT = re.compile(r"^Input #0, (.+?), from ", re.MULTILINE)
_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
_STREAM = re.compile(r"^\s*Stream #0:(\d+)(?:\[\w+\])?(?:\(([^)]*)\))?: (\w+): (.*)$")
_SIZE = re.compile(r"(\d+)x(\d+)(?:\s|$)")
_RATE = re.compile(r"(\d+(?:\.\d+)?)(k?) (fps|tbr)")
_ROTATION = re.compile(r"display ?matrix: rotation of (-?\d+(?:\.\d+)?) degrees", re.IGNORECASE)
_STILL_FORMATS = ("image2", "_pipe")
"""Input formats of one still image (``png_pipe``, ``jpeg_pipe``...)."""


@dataclass(frozen=True)
class Stream:
    """One stream of the file (the first input's)."""

    number: int
    """ffmpeg's stream index (``#0:N``)."""
    kind: str
    """``Video``, ``Audio``, ``Subtitle``, ``Data``, ``Attachment``."""
    codec: str
    language: str | None = None
    default: bool = False
    attached_pic: bool = False
    """A cover picture, not a moving one."""
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    rotation: float | None = None
    """Degrees of the display matrix (a phone video stored sideways)."""


@dataclass(frozen=True)
class MediaReport:
    """What ffmpeg says of one file, from its header (nothing decoded)."""

    input_format: str | None
    duration_s: float | None
    streams: tuple[Stream, ...]

    @property
    def readable(self) -> bool:
        """ffmpeg found streams in it (it is media)."""
        return bool(self.streams)

    @property
    def audio(self) -> tuple[Stream, ...]:
        return tuple(s for s in self.streams if s.kind == "Audio")

    @property
    def still(self) -> bool:
        """The file is one still image (a photo, a PNG), not a video."""
        return any(self.input_format is not None and f in self.input_format
                   for f in _STILL_FORMATS)

    @property
    def picture(self) -> Stream | None:
        """The moving picture: the first video stream that is not a cover
        picture; None for audio, a still image, or what is not media."""
        if self.still:
            return None
        return next((s for s in self.streams if s.kind == "Video" and not s.attached_pic), None)


def parse_report(text: str) -> MediaReport:
    """``ffmpeg -i``'s report (its stderr) on one file, read."""
    fmt = _INPUT.search(text)
    m = _DURATION.search(text)
    duration = int(m[1]) * 3600 + int(m[2]) * 60 + float(m[3]) if m else None
    streams: list[Stream] = []
    lines = text.splitlines()
    for k, line in enumerate(lines):
        s = _STREAM.match(line)
        if s is None:
            continue
        after = []  # the stream's own lines (metadata, side data) up to the next stream
        for more in lines[k + 1:]:
            if _STREAM.match(more) or not more.startswith("    "):
                break
            after.append(more)
        streams.append(_stream(int(s[1]), s[2], s[3], s[4], "\n".join(after)))
    return MediaReport(fmt[1] if fmt else None, duration, tuple(streams))


def _stream(number: int, language: str | None, kind: str, rest: str, below: str) -> Stream:
    fields = split_fields(rest)
    codec = fields[0].split()[0] if fields and fields[0].split() else ""
    width = height = None
    fps: float | None = None
    for f in fields[1:]:
        if width is None and (size := _SIZE.match(f)):
            width, height = int(size[1]), int(size[2])
        rate = _RATE.fullmatch(f.strip())
        if rate and (fps is None or rate[3] == "fps"):
            fps = float(rate[1]) * (1000 if rate[2] else 1)
    rotation = _ROTATION.search(below)
    tail = fields[-1] if fields else ""
    return Stream(
        number, kind=kind, codec=codec,
        language=None if language in (None, "und") else language,
        default="(default)" in tail, attached_pic="(attached pic)" in tail,
        width=width, height=height, fps=fps,
        rotation=float(rotation[1]) if rotation else None,
    )


def split_fields(text: str) -> list[str]:
    """``text`` split at the commas outside ``()`` and ``[]``, each field stripped."""
    out, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            out.append(text[start:k].strip())
            start = k + 1
    out.append(text[start:].strip())
    return out
