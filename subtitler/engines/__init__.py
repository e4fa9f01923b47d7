"""Transcription engines: one protocol, one adapter per engine, a registry.

Adapters import their engine lazily, so ``import subtitler`` stays cheap and
an engine that is not installed fails only when asked for.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from ..errors import EngineError
from ..models import Transcript

Samples = npt.NDArray[np.float32]
"""16 kHz mono float32 audio in [-1, 1]."""

ProgressFn = Callable[[float], None]
"""Called with the seconds of audio transcribed so far."""


@dataclass(frozen=True)
class DecodeOptions:
    """Decoding options shared by every engine. Part of the transcript cache key."""

    language: str | None = None
    beam_size: int = 5
    vad: bool = True
    condition_on_previous_text: bool = False
    hotwords: str | None = None
    """faster-whisper ``hotwords`` (built from the glossary)."""
    initial_prompt: str | None = None
    """openai-whisper ``initial_prompt`` (built from the glossary)."""

    def key(self) -> dict[str, Any]:
        return asdict(self)


class Transcriber(Protocol):
    """What every engine adapter provides."""

    engine: str
    """Engine name as in the registry, e.g. ``faster-whisper``."""
    model: str
    """Model name or path as the user gave it (or the bundled default)."""

    def transcribe(
        self, samples: Samples, options: DecodeOptions, progress: ProgressFn | None = None
    ) -> Transcript: ...

    def count_tokens(self, text: str) -> int:
        """Tokens ``text`` takes in the model's own tokenizer (prompt budget)."""
        ...


EngineFactory = Callable[[str | None, int], Transcriber]
"""``factory(model, threads)``; ``model`` None means the engine's default."""


def _faster_whisper(model: str | None, threads: int) -> Transcriber:
    from .faster import FasterWhisper

    return FasterWhisper(model, threads)


def _openai_whisper(model: str | None, threads: int) -> Transcriber:
    from .openai_whisper import OpenAIWhisper

    return OpenAIWhisper(model, threads)


ENGINES: dict[str, EngineFactory] = {
    "faster-whisper": _faster_whisper,
    "openai-whisper": _openai_whisper,
}


def default_threads() -> int:
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )


def get_engine(name: str, model: str | None = None, threads: int | None = None) -> Transcriber:
    """Load engine ``name`` with ``model`` (None: its default). Loading is the
    costly part: load once, transcribe many times."""
    try:
        factory = ENGINES[name]
    except KeyError:
        known = ", ".join(ENGINES)
        raise EngineError(f"unknown engine {name!r} (known: {known})") from None
    return factory(model, threads or default_threads())
