"""openai-whisper adapter (PyTorch): one loaded model (``OpenAIModel``). The
bundled models (tiny.en, and the multilingual base for other languages) are
converted once from CTranslate2 (``engines.convert``) and cached; each
loads with its own alignment heads (its ``config.json``).

Voice activity and chunks: the same as faster-whisper's (``engines.chunks``):
Silero VAD regions with faster-whisper's ``vad_filter`` settings, cut at
pauses into chunks of up to 30 s of speech; the audio of a chunk is joined
without the silence between its regions and transcribed in one call; word
times are mapped back to the original timeline. Silence never reaches the
model, so it cannot hallucinate there. Chunks run one after another:
openai-whisper installs its key-value cache and alignment hooks on the model
itself, so one model cannot decode two chunks at once; the cores it is given
(workers x threads) all become torch threads.

Needs the ``openai`` extra: torch==2.13.0 (a CPU build here) and openai-whisper.
"""

from __future__ import annotations

import inspect
import logging
import os
import sys
import threading
from pathlib import Path
from typing import Any

from ..errors import EngineError
from ..media.audio import Samples
from ..models import Word
from . import chunks
from .base import DecodeOptions, LanguageGuess
from .convert import alignment_heads, alignment_heads_dump, converted_checkpoint
from .faster import Source
from .languages import english_only

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "pip install torch==2.13.0 openai-whisper (in a checkout: pip install -e '.[openai]')"
)
def _import_whisper() -> Any:
    if "torch" not in sys.modules:
        # OpenMP threads that spin while waiting make torch's many small decoder
        # ops crawl when other processes share the cores: measured 2-3.5x slower
        # at 2 threads on a loaded 2-core machine; sleeping threads do not.
        # Read once, when torch loads; the user's own setting wins.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import torch  # noqa: F401
        import whisper
    except ImportError as err:
        raise EngineError(
            f"the openai-whisper engine is not installed ({err.name} missing): {INSTALL_HINT}"
        ) from None
    return whisper


def _load(whisper: Any, model: str) -> Any:
    """The Whisper model for ``model``: a CTranslate2 folder (a bundled
    model's too), a checkpoint file, or an official name (downloaded if not
    cached)."""
    if Path(model).is_dir():
        folder = Path(model)
        loaded = whisper.load_model(str(converted_checkpoint(folder)), device="cpu")
        heads = alignment_heads(folder)
        if heads:  # else word timestamps drift: whisper guesses heads for a path
            dims = loaded.dims
            loaded.set_alignment_heads(
                alignment_heads_dump(heads, dims.n_text_layer, dims.n_text_head)
            )
        return loaded
    if Path(model).is_file():
        return whisper.load_model(model, device="cpu")
    try:  # an official name (``OpenAIModel`` refused any other)
        return whisper.load_model(model, device="cpu")
    except OSError as err:  # URLError is an OSError: no network here
        raise EngineError(
            f"cannot download openai-whisper model {model!r} ({err}); without a network, "
            "leave out --model to use the bundled models, or give a local .pt file"
        ) from None


class OpenAIModel:
    """One openai-whisper model: float32 on CPU, word timestamps on. One
    chunk at a time: openai-whisper installs its key-value cache and
    alignment hooks on the model itself."""

    concurrent = 1

    def __init__(self, source: Source, label: str, threads: int) -> None:
        whisper = _import_whisper()  # not installed: say so now, before any file is decoded
        if not callable(source) and not Path(source).exists():
            known = whisper.available_models()
            if str(source) not in known:  # a typo: say so before any file is decoded
                raise EngineError(f"unknown openai-whisper model {str(source)!r}: not a file or "
                                  f"folder, and not one of {', '.join(known)}")
        self.label = label
        self._given = source
        self._threads = threads
        self._model: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()
        self.multilingual = callable(source) or not english_only(str(source))

    def load(self) -> None:
        self._whisper()

    def _whisper(self) -> Any:
        with self._lock:
            if self._model is None:
                whisper = _import_whisper()
                import torch

                torch.set_num_threads(max(1, self._threads))
                try:
                    given = self._given
                    self._model = _load(whisper, str(given() if callable(given) else given))
                except EngineError:
                    raise
                except Exception as err:  # a bad checkpoint: name the model, keep the reason
                    raise EngineError(
                        f"cannot load openai-whisper model {self.label!r}: {err}"
                    ) from None
                self.multilingual = bool(self._model.is_multilingual)
                self._tokenizer = whisper.tokenizer.get_tokenizer(
                    self._model.is_multilingual, num_languages=self._model.num_languages
                )
                params = inspect.signature(whisper.transcribe).parameters
                self._can_carry_prompt = "carry_initial_prompt" in params
            return self._model

    def count_tokens(self, text: str) -> int:
        """Tokens in whisper's tokenizer, encoded as ``initial_prompt`` is."""
        self._whisper()
        return len(self._tokenizer.encode(" " + text.strip()))

    def detect(self, audio: Samples) -> LanguageGuess:
        import whisper

        model = self._whisper()
        mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(audio), model.dims.n_mels)
        _, probs = model.detect_language(mel)
        ranked = sorted(probs.items(), key=lambda kv: -kv[1])[:3]
        top = tuple((str(code), round(float(p), 4)) for code, p in ranked)
        return LanguageGuess(top[0][0], top[0][1], top)

    def _kwargs(self, options: DecodeOptions, language: str) -> dict[str, Any]:
        kw: dict[str, Any] = {
            "verbose": None,
            "word_timestamps": True,
            "fp16": False,
            "language": language,
            "task": options.task,
            "beam_size": options.beam_size if options.beam_size > 1 else None,
            "best_of": 5,
            "condition_on_previous_text": options.condition_on_previous_text,
            "initial_prompt": options.initial_prompt,
        }
        if options.initial_prompt and self._can_carry_prompt:
            kw["carry_initial_prompt"] = True
        if options.hotwords:
            log.debug("openai-whisper has no hotwords; using initial_prompt only")
        return kw

    def words(
        self, audio: Samples, chunk: chunks.Chunk, options: DecodeOptions, language: str,
        tick: chunks.Tick,
    ) -> list[Word]:
        model = self._whisper()
        result = model.transcribe(audio, **self._kwargs(options, language))
        return _words(result, chunk)


def _words(result: dict[str, Any], chunk: chunks.Chunk) -> list[Word]:
    """Words of one transcribe() result, in original-timeline milliseconds,
    starts never going back (as in the faster-whisper adapter)."""
    out: list[Word] = []
    floor_ms = chunk.start_ms
    for seg in result["segments"]:
        for w in seg.get("words") or ():
            start, end = chunk.place(round(w["start"] * 1000), round(w["end"] * 1000))
            if start < floor_ms:
                start, end = floor_ms, max(end, floor_ms)
            floor_ms = start
            out.append(Word(start, end, str(w["word"]), round(float(w["probability"]), 4)))
    return out
