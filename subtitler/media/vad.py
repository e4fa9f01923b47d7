"""Voice activity: where in the audio someone speaks.

Uses the Silero VAD model that the faster-whisper wheel ships (offline).
"""

from __future__ import annotations

from dataclasses import dataclass

from .audio import SAMPLE_RATE, Samples


@dataclass(frozen=True)
class Region:
    start_ms: int
    end_ms: int


def speech_regions(
    samples: Samples,
    *,
    threshold: float = 0.5,
    min_silence_ms: int = 300,
    pad_ms: int = 0,
) -> list[Region]:
    """Speech regions in ``samples`` (16 kHz mono), sorted, in milliseconds."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if samples.size == 0:
        return []
    opts = VadOptions(
        threshold=threshold,
        min_silence_duration_ms=min_silence_ms,
        speech_pad_ms=pad_ms,
    )
    stamps = get_speech_timestamps(samples, opts)
    return [
        Region(int(s["start"]) * 1000 // SAMPLE_RATE, int(s["end"]) * 1000 // SAMPLE_RATE)
        for s in stamps
    ]
