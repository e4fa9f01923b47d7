"""faster-whisper adapter (CTranslate2): one loaded model (``FasterModel``).

A model is loaded with ``num_workers`` replicas (CTranslate2 shares the
weights between them: one copy in memory) of ``threads`` threads each; the
file's chunks (``engines.chunks``) are transcribed from that many Python
threads at once (``engines.route`` decides which model takes which chunk)."""

from __future__ import annotations

import ctypes
import logging
import os
import platform
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import EngineError
from ..media.audio import Samples
from ..models import Word
from . import chunks
from .base import DecodeOptions, LanguageGuess
from .chunks import Chunk
from .languages import english_only

Source = Path | str | Callable[[], Path]
"""A model folder or name, or a function giving the folder (on first use)."""

log = logging.getLogger(__name__)

M_ARENA_MAX = -8
"""glibc ``mallopt`` parameter: the most heaps (arenas) threads may spread over."""


def limit_malloc_arenas(count: int) -> None:
    """At most ``count`` malloc heaps in this process (glibc; unless
    ``MALLOC_ARENA_MAX`` is set). glibc gives each new thread its own heap,
    up to 8 per core, and every heap keeps its high-water mark: with two
    workers decoding at once, a 2-minute file peaked at 470-510 MiB; with
    two heaps, at 390-430 MiB, for the same CPU time (measured when this
    limit was added)."""
    if os.environ.get("MALLOC_ARENA_MAX") or platform.libc_ver()[0] != "glibc":
        return
    try:
        ctypes.CDLL(None).mallopt(M_ARENA_MAX, count)
    except (OSError, AttributeError):  # not the C library we expected: leave it be
        log.debug("cannot limit malloc arenas")


_MODELS: dict[tuple[str, int, int], Any] = {}
"""Loaded models by (source, threads, workers): a process loads each once,
however many engines (pipelines, review runs, routers) ask for it. A
CTranslate2 model may be used from several threads (``num_workers`` replicas)."""
_MODELS_LOCK = threading.Lock()


def _loaded_model(source: str, threads: int, workers: int) -> Any:
    with _MODELS_LOCK:
        key = (source, threads, workers)
        if key not in _MODELS:
            from faster_whisper import WhisperModel

            limit_malloc_arenas(max(2, workers))
            _MODELS[key] = WhisperModel(source, device="cpu", compute_type="int8",
                                        cpu_threads=threads, num_workers=workers)
        return _MODELS[key]


def load_failure(model: str, source: str, err: Exception) -> str:
    """One readable line for a model that did not load. A name that is no
    folder here is one faster-whisper downloads: without a network that
    fails, and the way out is a local folder (or the bundled model)."""
    reason = " ".join(str(err).split("\n", 1)[0].split()).removeprefix("Got: ")
    head = f"cannot load faster-whisper model {model!r}"
    if source.startswith((".", "/", "~")) and not Path(source).exists():
        return f"{head}: no such folder"
    if Path(source).exists() or isinstance(err, ValueError):  # a bad folder; an unknown name
        return f"{head}: {reason}"
    return (f"{head}: it is not a folder here and could not be downloaded ({reason}); "
            "to work offline, give --model PATH, a local model folder "
            "(or leave --model out: the bundled models)")


class FasterModel:
    """One faster-whisper model: int8 on CPU, word timestamps on.

    The model loads on first use; counting prompt tokens needs only the
    tokenizer, so a run served from the transcript cache stays cheap."""

    def __init__(self, source: Source, label: str, threads: int, workers: int = 1) -> None:
        self.label = label
        self._given = source
        self._threads = threads
        self.concurrent = max(1, workers)
        if not callable(source) and Path(source).exists() and not Path(source).is_dir():
            raise EngineError("a faster-whisper model is a folder (CTranslate2)", path=source)
        self.multilingual = callable(source) or not english_only(str(source))
        self._loaded: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    @property
    def _source(self) -> str:
        """The model folder or name (a bundled model is prepared on first use)."""
        return str(self._given() if callable(self._given) else self._given)

    def load(self) -> None:
        self._whisper()

    def _whisper(self) -> Any:
        with self._lock:
            return self._load()

    def _load(self) -> Any:
        if self._loaded is None:
            try:
                self._loaded = _loaded_model(self._source, self._threads, self.concurrent)
            except Exception as err:  # any load failure: name the model, keep the reason
                raise EngineError(load_failure(self.label, self._source, err)) from None
            self.multilingual = bool(self._loaded.model.is_multilingual)
        return self._loaded

    def count_tokens(self, text: str) -> int:
        if self._tokenizer is None:
            local = Path(self._source) / "tokenizer.json"
            if local.is_file():
                import tokenizers

                self._tokenizer = tokenizers.Tokenizer.from_file(str(local))
            else:
                self._tokenizer = self._whisper().hf_tokenizer
        return len(self._tokenizer.encode(" " + text.strip(), add_special_tokens=False).ids)

    def detect(self, audio: Samples) -> LanguageGuess:
        language, probability, ranked = self._whisper().detect_language(audio)
        top = tuple((str(code), round(float(p), 4)) for code, p in ranked[:3])
        return LanguageGuess(str(language), round(float(probability), 4), top)

    def words(
        self, audio: Samples, chunk: Chunk, options: DecodeOptions, language: str,
        tick: chunks.Tick,
    ) -> list[Word]:
        return _chunk_words(self._whisper(), audio, chunk, options, language, tick)


def _chunk_words(
    whisper: Any, audio: Samples, chunk: Chunk, options: DecodeOptions, language: str | None,
    tick: chunks.Tick,
) -> list[Word]:
    """The words of one chunk, on the file's timeline. VAD already chose the
    audio: faster-whisper's own ``vad_filter`` would only repeat it."""
    segments, _ = whisper.transcribe(
        audio,
        language=language,
        task=options.task,
        beam_size=options.beam_size,
        word_timestamps=True,
        vad_filter=False,
        condition_on_previous_text=options.condition_on_previous_text,
        hotwords=options.hotwords,
        initial_prompt=options.initial_prompt,
    )
    words: list[Word] = []
    for seg in segments:
        for w in seg.words or ():
            start, end = chunk.place(round(w.start * 1000), round(w.end * 1000))
            if words and start < words[-1].start_ms:
                start, end = words[-1].start_ms, max(end, words[-1].start_ms)
            words.append(Word(start, end, w.word, round(float(w.probability), 4)))
        tick(chunks.to_timeline(round(seg.end * 1000), round(seg.end * 1000), chunk.parts)[1])
    return words
