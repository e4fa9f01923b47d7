"""Transcription engines: one protocol, one adapter per engine, a registry.

Adapters import their engine lazily, so ``import subtitler`` stays cheap and
an engine that is not installed fails only when asked for.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import EngineError
from .base import DecodeOptions, ProgressFn, Transcriber, default_threads, share_cores

__all__ = [
    "ENGINES",
    "DecodeOptions",
    "EngineFactory",
    "ProgressFn",
    "Transcriber",
    "default_threads",
    "get_engine",
    "share_cores",
]

EngineFactory = Callable[[str | None, int, int], Transcriber]
"""``factory(model, threads, workers)``; ``model`` None means the engine's
default; ``workers`` chunks at once with ``threads`` threads each."""


def _faster_whisper(model: str | None, threads: int, workers: int) -> Transcriber:
    from .faster import FasterWhisper

    return FasterWhisper(model, threads, workers)


def _openai_whisper(model: str | None, threads: int, workers: int) -> Transcriber:
    from .openai_whisper import OpenAIWhisper

    return OpenAIWhisper(model, threads, workers)


ENGINES: dict[str, EngineFactory] = {
    "faster-whisper": _faster_whisper,
    "openai-whisper": _openai_whisper,
}


def get_engine(
    name: str, model: str | None = None, threads: int | None = None, workers: int | None = None
) -> Transcriber:
    """Load engine ``name`` with ``model`` (None: its default), to transcribe
    ``workers`` chunks at once with ``threads`` threads each (None: see
    ``share_cores``). Loading is the costly part: load once, transcribe many
    times."""
    try:
        factory = ENGINES[name]
    except KeyError:
        known = ", ".join(ENGINES)
        raise EngineError(f"unknown engine {name!r} (known: {known})") from None
    workers, threads = share_cores(workers, threads)
    return factory(model, threads, workers)
