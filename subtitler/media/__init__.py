"""Media in: audio decoding (the only place ffmpeg runs) and voice activity."""

from .audio import SAMPLE_RATE, Samples, duration_ms, ffmpeg_exe, load_audio
from .vad import Region, speech_regions

__all__ = ["SAMPLE_RATE", "Region", "Samples", "duration_ms", "ffmpeg_exe", "load_audio",
           "speech_regions"]
