"""Transcription engines: one protocol, one adapter per engine, a registry.

Adapters import their engine lazily, so ``import subtitler`` stays cheap and
an engine that is not installed fails only when asked for.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import EngineError
from .base import DecodeOptions, ProgressFn, Transcriber, default_threads

__all__ = [
    "ENGINES",
    "DecodeOptions",
    "EngineFactory",
    "ProgressFn",
    "Transcriber",
    "default_threads",
    "get_engine",
]

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


def get_engine(name: str, model: str | None = None, threads: int | None = None) -> Transcriber:
    """Load engine ``name`` with ``model`` (None: its default). Loading is the
    costly part: load once, transcribe many times."""
    try:
        factory = ENGINES[name]
    except KeyError:
        known = ", ".join(ENGINES)
        raise EngineError(f"unknown engine {name!r} (known: {known})") from None
    return factory(model, threads or default_threads())
