"""The media a review plays: its kind, type for the browser, frame rate, and
what the audio gives once decoded (a waveform and the speech regions)."""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..cues.voice import Voice, pauses
from ..media.audio import SAMPLE_RATE, Samples, probe
from ..media.vad import Region, speech_regions
from ..models import Word

DEFAULT_FPS = 25.0
"""Frame rate for nudges when the media has no usable one (audio, a slide
show under 10 fps): PAL's, between film's 24 and NTSC's 29.97."""
PEAKS_PER_S = 25
"""Waveform resolution (one bar per 40 ms)."""

_TYPES = {".mov": "video/mp4", ".m4v": "video/mp4", ".mkv": "video/webm", ".m4a": "audio/mp4",
          ".wav": "audio/wav", ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".oga": "audio/ogg",
          ".opus": "audio/ogg", ".flac": "audio/flac", ".webm": "video/webm"}
"""Types browsers play these under (QuickTime and Matroska files are MP4 and
WebM to a browser's decoder when their codecs are)."""


@dataclass(frozen=True)
class MediaInfo:
    path: Path
    video: bool
    fps: float
    """Frames per second used for one-frame nudges."""
    content_type: str
    duration_ms: int | None

    @classmethod
    def of(cls, path: Path) -> MediaInfo:
        p = probe(path)
        fps = p.fps if p.fps is not None and p.fps >= 10 else DEFAULT_FPS
        kind = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
        if kind is None:
            kind = "video/mp4" if p.video else "audio/mpeg"
        duration = round(p.duration_s * 1000) if p.duration_s is not None else None
        return cls(path, p.video, fps, kind, duration)


@dataclass(frozen=True)
class Sound:
    """What the decoded audio gives the page and the checks."""

    peaks: bytes
    """One byte per 1/``PEAKS_PER_S`` s: the loudest sample, 0-255 of the file's loudest."""
    regions: tuple[Region, ...]
    duration_ms: int
    onsets: tuple[int, ...] = ()
    """Where the voice starts: where a dragged cue start snaps to."""
    ends: tuple[int, ...] = ()
    """Where the voice stops: where a dragged cue end snaps to."""

    @classmethod
    def of(cls, samples: Samples, words: Sequence[Word] = ()) -> Sound:
        regions = tuple(speech_regions(samples))
        onsets, ends = voice_edges(samples, regions, words)
        return cls(peaks(samples), regions, int(samples.size * 1000 // SAMPLE_RATE),
                   onsets, ends)

    def peaks_b64(self) -> str:
        return base64.b64encode(self.peaks).decode("ascii")


def voice_edges(samples: Samples, regions: Sequence[Region],
                words: Sequence[Word]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Where the voice starts and stops, as the cue builder finds them
    (``cues.voice``): with the recogniser's words, the onset and speech end
    of each word (the quiet found around it, else its times); without, the
    edges of the quiet stretches."""
    voice = Voice(samples, regions)
    if words:
        p = pauses(words, voice)
        starts = {p.onset(words, i) for i in range(len(words))}
        stops = {p.speech_end(words, j) for j in range(len(words))}
    else:
        runs = voice.runs()
        starts = {q.end_ms for q in runs}
        stops = {q.start_ms for q in runs}
    return tuple(sorted(starts)), tuple(sorted(stops))


def peaks(samples: Samples, per_s: int = PEAKS_PER_S) -> bytes:
    size = SAMPLE_RATE // per_s
    n = samples.size // size
    if n == 0:
        return b""
    blocks = np.abs(samples[: n * size]).reshape(n, size).max(axis=1)
    top = float(blocks.max()) or 1.0
    return bytes(np.clip(np.round(np.sqrt(blocks / top) * 255), 0, 255).astype(np.uint8))
