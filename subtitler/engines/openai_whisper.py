"""openai-whisper adapter (PyTorch). Default model: the bundled tiny.en,
converted once from CTranslate2 (see ``ctranslate2_convert``) and cached.

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
from pathlib import Path
from typing import Any

from ..errors import EngineError
from ..media.audio import SAMPLE_RATE, Samples
from ..models import Transcript, Word
from . import chunks, ledger
from .base import DecodeOptions, ProgressFn
from .convert import alignment_heads, alignment_heads_dump, converted_checkpoint
from .faster import BUNDLED, bundled_model_path

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


def _load(whisper: Any, model: str | None) -> Any:
    """The Whisper model for ``model``: None (bundled tiny.en), a CTranslate2
    folder, a checkpoint file, or an official name (downloaded if not cached)."""
    if model is None or Path(model).is_dir():
        folder = Path(bundled_model_path() if model is None else model)
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
    names = whisper.available_models()
    if model not in names:
        raise EngineError(
            f"unknown openai-whisper model {model!r}: not a file or folder, and not one of "
            f"{', '.join(names)}"
        )
    try:
        return whisper.load_model(model, device="cpu")
    except OSError as err:  # URLError is an OSError: no network here
        raise EngineError(
            f"cannot download openai-whisper model {model!r} ({err}); without a network, "
            "leave out --model to use the bundled tiny.en, or give a local .pt file"
        ) from None


class OpenAIWhisper:
    """Transcriber over openai-whisper: float32 on CPU, word timestamps on."""

    engine = "openai-whisper"

    def __init__(self, model: str | None, threads: int, workers: int = 1) -> None:
        whisper = _import_whisper()
        import torch

        torch.set_num_threads(max(1, threads * workers))
        self._workers = workers
        self.model = model or BUNDLED
        try:
            self._model = _load(whisper, model)
        except EngineError:
            raise
        except Exception as err:  # a bad checkpoint: name the model, keep the reason
            raise EngineError(f"cannot load openai-whisper model {self.model!r}: {err}") from None
        self._tokenizer = whisper.tokenizer.get_tokenizer(
            self._model.is_multilingual, num_languages=self._model.num_languages
        )
        params = inspect.signature(whisper.transcribe).parameters
        self._can_carry_prompt = "carry_initial_prompt" in params

    def load(self) -> None:
        """Loaded in the constructor."""

    def count_tokens(self, text: str) -> int:
        """Tokens in whisper's tokenizer, encoded as ``initial_prompt`` is."""
        return len(self._tokenizer.encode(" " + text.strip()))

    def _language(self, options: DecodeOptions) -> str | None:
        if self._model.is_multilingual:
            return options.language
        if options.language not in (None, "en"):
            log.warning("%s is English-only: transcribing as English", self.model)
        return "en"

    def _kwargs(self, options: DecodeOptions, language: str | None) -> dict[str, Any]:
        kw: dict[str, Any] = {
            "verbose": None,
            "word_timestamps": True,
            "fp16": False,
            "language": language,
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

    def transcribe(
        self, samples: Samples, options: DecodeOptions, progress: ProgressFn | None = None
    ) -> Transcript:
        ledger.record(self.engine, self.model, samples, options, self._workers)
        duration = int(samples.size * 1000 // SAMPLE_RATE)
        plan = chunks.plan(samples, vad=options.vad, chunk_ms=options.chunk_s * 1000)
        language = self._language(options)
        if language is None and plan:  # detect once: every chunk in one language
            language = self._detect(chunks.join(samples, plan[0]))

        def one(chunk: chunks.Chunk, tick: chunks.Tick) -> list[Word]:
            audio = chunks.join(samples, chunk)
            result = self._model.transcribe(audio, **self._kwargs(options, language))
            return _words(result, chunk)

        words = chunks.run(plan, one, workers=1, total_ms=duration, progress=progress)
        log.info("openai-whisper: %d words in %d chunks", len(words), len(plan))
        return Transcript(language or "en", tuple(words), self.engine, self.model, duration)

    def _detect(self, audio: Samples) -> str:
        import whisper

        mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(audio), self._model.dims.n_mels)
        _, probs = self._model.detect_language(mel)
        return str(max(probs, key=probs.get))


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
