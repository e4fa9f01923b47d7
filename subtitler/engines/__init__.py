"""Transcription engines: one protocol, one adapter per engine, a registry.

Adapters import their engine lazily, so ``import subtitler`` stays cheap and
an engine that is not installed fails only when asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EngineError
from .base import (
    DecodeOptions,
    LanguageGuess,
    ProgressFn,
    Transcriber,
    default_threads,
    share_cores,
)
from .recognizer import Recognizer

if TYPE_CHECKING:
    from .route import Router

__all__ = [
    "ENGINES",
    "DecodeOptions",
    "LanguageGuess",
    "Recognizer",
    "RecognizerFactory",
    "ProgressFn",
    "Transcriber",
    "default_threads",
    "get_engine",
    "share_cores",
]

RecognizerFactory = Callable[[Path | Callable[[], Path] | str, str, int, int], Recognizer]
"""``factory(source, label, threads, workers)``: one model of one engine."""


def _faster_whisper(source: Path | Callable[[], Path] | str, label: str, threads: int,
                    workers: int) -> Recognizer:
    from .faster import FasterModel

    return FasterModel(source, label, threads, workers)


def _openai_whisper(source: Path | Callable[[], Path] | str, label: str, threads: int,
                    workers: int) -> Recognizer:
    from .openai_whisper import OpenAIModel

    return OpenAIModel(source, label, threads * workers)  # one chunk at a time, every core


ENGINES: dict[str, RecognizerFactory] = {
    "faster-whisper": _faster_whisper,
    "openai-whisper": _openai_whisper,
}


def get_engine(
    name: str, model: str | None = None, threads: int | None = None, workers: int | None = None
) -> Router:
    """Engine ``name`` with ``model`` (None: the bundled tiny.en for English
    and the bundled multilingual base for every other language), to
    transcribe ``workers`` chunks at once with ``threads`` threads each
    (None: see ``share_cores``). Nothing loads until it is needed; loading is
    the costly part: load once, transcribe many times."""
    from . import bundled
    from .languages import english_only
    from .route import Models, Router

    try:
        make = ENGINES[name]
    except KeyError:
        known = ", ".join(ENGINES)
        raise EngineError(f"unknown engine {name!r} (known: {known})") from None
    workers, threads = share_cores(workers, threads)

    def build(source: Path | Callable[[], Path] | str, label: str) -> Recognizer:
        return make(source, label, threads, workers)

    base = build(bundled.base_path, bundled.label(bundled.BASE))
    if model is None:
        models = Models(build(bundled.tiny_en_path(), bundled.label(None)), base, base)
    elif model == bundled.BASE:
        models = Models(None, base, base)
    elif model == bundled.TINY_EN:
        models = Models(build(bundled.tiny_en_path(), bundled.label(model)), None, base)
    elif english_only(model):
        models = Models(build(model, model), None, base)
    else:
        chosen = build(model, model)
        models = Models(None, chosen, chosen)
    return Router(name, models, bundled.label(model))
