"""Every real transcription, written down when asked: with
``$SUBTITLER_TRANSCRIPTION_LOG`` set to a file, each engine call appends one
JSON line (the audio's SHA-256 and length, engine, model, decoding options,
workers, process id). Nothing is written otherwise.

It shows what a run of many files, or a test session, really transcribed:
the test suite uses it to prove that nothing is transcribed twice.
"""

from __future__ import annotations

import hashlib
import json
import os

from ..media.audio import SAMPLE_RATE, Samples
from .base import DecodeOptions

ENV = "SUBTITLER_TRANSCRIPTION_LOG"


def record(engine: str, model: str, samples: Samples, options: DecodeOptions,
           workers: int = 1) -> None:
    """Append one line for this transcription to the log, if one is set. One
    ``write`` to a file opened for appending: lines from concurrent
    processes do not interleave."""
    path = os.environ.get(ENV)
    if not path:
        return
    line = json.dumps({
        "audio_sha256": hashlib.sha256(samples.tobytes()).hexdigest(),
        "audio_s": round(samples.size / SAMPLE_RATE, 3),
        "engine": engine,
        "model": model,
        "options": options.key(),
        "workers": workers,
        "pid": os.getpid(),
    }, sort_keys=True) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)
