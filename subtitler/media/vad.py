"""Voice activity: where in the audio someone speaks, and where they pause.

Uses the Silero VAD model that the faster-whisper wheel ships (offline). The
speech probabilities are computed once per file, block by block (no copy of
the whole audio), and every decision is taken from them: the speech regions
(the same as faster-whisper's own ``vad_filter`` with the same settings) and
the pauses inside them where a long recording may be cut for transcription.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .audio import SAMPLE_RATE, Samples

FRAME = 512
"""Samples per Silero frame (32 ms)."""
_CONTEXT = 64
"""Samples of the previous frame each frame is given (as faster-whisper does)."""
_ROWS_PER_CALL = 2_000
"""Frames per model call (64 s). The model runs the frames of a call in order
and the recurrent state is carried between calls, so the probabilities are
exactly faster-whisper's (which makes calls of 10,000 frames; smaller calls
were also faster here)."""

Probabilities = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Region:
    start_ms: int
    end_ms: int


def speech_probabilities(samples: Samples) -> Probabilities:
    """Silero's speech probability of every 32 ms frame of ``samples``.

    Identical to what faster-whisper computes (the same frames, context and
    state), but built block by block: memory stays at one block (about
    4.6 MB), not two more copies of the whole audio."""
    from faster_whisper.vad import get_vad_model

    session = get_vad_model().session
    rows = samples.size // FRAME + 1  # faster-whisper pads up to a full frame, always
    h = np.zeros((1, 1, 128), dtype=np.float32)
    c = np.zeros((1, 1, 128), dtype=np.float32)
    out = np.empty(rows, dtype=np.float32)
    buffer = np.empty((min(rows, _ROWS_PER_CALL), _CONTEXT + FRAME), dtype=np.float32)
    tail = np.zeros(_CONTEXT, dtype=np.float32)
    for r0 in range(0, rows, _ROWS_PER_CALL):
        r1 = min(rows, r0 + _ROWS_PER_CALL)
        block = buffer[: r1 - r0]
        block.fill(0.0)
        piece = samples[r0 * FRAME : r1 * FRAME]
        full, rest = divmod(piece.size, FRAME)
        block[:full, _CONTEXT:] = piece[: full * FRAME].reshape(full, FRAME)
        if rest:
            block[full, _CONTEXT : _CONTEXT + rest] = piece[full * FRAME :]
        if r1 == rows:
            block[-1, -_CONTEXT:] = 0.0  # faster-whisper zeroes the last frame's end
        block[0, :_CONTEXT] = tail
        block[1:, :_CONTEXT] = block[:-1, -_CONTEXT:]
        tail = block[-1, -_CONTEXT:].copy()
        probs, h, c = session.run(None, {"input": block, "h": h, "c": c})
        out[r0:r1] = np.asarray(probs, dtype=np.float32).reshape(-1)
    return out


def regions_from(
    probs: Probabilities,
    n_samples: int,
    *,
    threshold: float = 0.5,
    min_silence_ms: int = 300,
    pad_ms: int = 0,
) -> list[Region]:
    """Speech regions from frame probabilities, as faster-whisper's
    ``get_speech_timestamps`` finds them (no maximum speech length, no
    minimum speech length): speech starts at a frame at or above
    ``threshold`` and ends where the probability stays below
    ``threshold - 0.15`` for ``min_silence_ms``; regions are then padded by
    ``pad_ms`` (half the gap each when two are closer than twice that)."""
    neg = max(threshold - 0.15, 0.01)
    min_silence = SAMPLE_RATE * min_silence_ms / 1000
    spans: list[list[int]] = []
    start = temp_end = 0
    triggered = False
    for i, p in enumerate(probs.tolist()):
        pos = FRAME * i
        if p >= threshold:
            temp_end = 0
            if not triggered:
                triggered, start = True, pos
            continue
        if triggered and p < neg:
            temp_end = temp_end or pos
            if pos - temp_end >= min_silence:
                if temp_end > start:
                    spans.append([start, temp_end])
                triggered, temp_end = False, 0
    if triggered and n_samples > start:
        spans.append([start, n_samples])
    _pad(spans, n_samples, int(SAMPLE_RATE * pad_ms / 1000))
    return [Region(s * 1000 // SAMPLE_RATE, e * 1000 // SAMPLE_RATE) for s, e in spans]


def _pad(spans: list[list[int]], n_samples: int, pad: int) -> None:
    """faster-whisper's padding, in place."""
    for i, span in enumerate(spans):
        if i == 0:
            span[0] = max(0, span[0] - pad)
        if i == len(spans) - 1:
            span[1] = min(n_samples, span[1] + pad)
            continue
        gap = spans[i + 1][0] - span[1]
        if gap < 2 * pad:
            span[1] += gap // 2
            spans[i + 1][0] = max(0, spans[i + 1][0] - gap // 2)
        else:
            span[1] = min(n_samples, span[1] + pad)
            spans[i + 1][0] = max(0, spans[i + 1][0] - pad)


def pauses(regions: list[Region]) -> list[Region]:
    """The gaps between consecutive ``regions``."""
    return [Region(a.end_ms, b.start_ms) for a, b in zip(regions, regions[1:], strict=False)
            if b.start_ms > a.end_ms]


def speech_regions(
    samples: Samples,
    *,
    threshold: float = 0.5,
    min_silence_ms: int = 300,
    pad_ms: int = 0,
) -> list[Region]:
    """Speech regions in ``samples`` (16 kHz mono), sorted, in milliseconds."""
    if samples.size == 0:
        return []
    probs = speech_probabilities(samples)
    return regions_from(probs, samples.size, threshold=threshold,
                        min_silence_ms=min_silence_ms, pad_ms=pad_ms)
