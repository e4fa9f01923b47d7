"""openai-whisper adapter (PyTorch). Default model: the bundled tiny.en,
converted once from CTranslate2 (see ``ctranslate2_convert``) and cached.

Voice activity: the Silero VAD regions (``subtitler.vad``) with the same
settings as faster-whisper's ``vad_filter``, so both engines hear the same
speech. Regions are packed into groups of up to 30 s of speech; the audio of
a group is joined without the silence between its regions and transcribed
in one call; word times are mapped back to the original timeline. Silence
never reaches the model, so it cannot hallucinate there.

Needs the ``openai`` extra: torch==2.13.0 (a CPU build here) and openai-whisper.
"""

from __future__ import annotations

import bisect
import inspect
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import EngineError
from ..media.audio import SAMPLE_RATE, Samples
from ..media.vad import Region, speech_regions
from ..models import Transcript, Word
from .base import DecodeOptions, ProgressFn
from .convert import alignment_heads, alignment_heads_dump, converted_checkpoint
from .faster import BUNDLED, bundled_model_path

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "pip install torch==2.13.0 openai-whisper (in a checkout: pip install -e '.[openai]')"
)
VAD_MIN_SILENCE_MS = 2000
"""faster-whisper's ``VadOptions`` defaults, so both engines get the same regions."""
VAD_PAD_MS = 400
GROUP_MAX_MS = 30_000
"""Speech per transcribe call: one Whisper window."""


def plan_groups(regions: Sequence[Region], max_ms: int = GROUP_MAX_MS) -> list[tuple[Region, ...]]:
    """Consecutive regions packed into groups of at most ``max_ms`` of speech
    (a longer region is a group of its own). Order and regions are kept."""
    groups: list[list[Region]] = []
    size = 0
    for r in regions:
        length = r.end_ms - r.start_ms
        if length <= 0:
            continue
        if groups and size + length <= max_ms:
            groups[-1].append(r)
            size += length
        else:
            groups.append([r])
            size = length
    return [tuple(g) for g in groups]


def to_timeline(start_ms: int, end_ms: int, parts: Sequence[Region]) -> tuple[int, int]:
    """Map a span in the joined audio of ``parts`` back to the original timeline.
    The part holding the span's middle decides; the result stays inside it."""
    offsets = [0]
    for p in parts[:-1]:
        offsets.append(offsets[-1] + p.end_ms - p.start_ms)
    i = max(0, bisect.bisect_right(offsets, (start_ms + end_ms) / 2) - 1)
    part, shift = parts[i], parts[i].start_ms - offsets[i]
    start = min(max(start_ms + shift, part.start_ms), part.end_ms)
    end = min(max(end_ms + shift, start), part.end_ms)
    return start, end


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

    def __init__(self, model: str | None, threads: int) -> None:
        whisper = _import_whisper()
        import torch

        torch.set_num_threads(threads)
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
        duration = int(samples.size * 1000 // SAMPLE_RATE)
        if options.vad:
            regions = speech_regions(samples, min_silence_ms=VAD_MIN_SILENCE_MS, pad_ms=VAD_PAD_MS)
        else:
            regions = [Region(0, duration)]
        language = self._language(options)
        words: list[Word] = []
        for parts in plan_groups(regions):
            ms = SAMPLE_RATE // 1000
            audio = np.concatenate([samples[p.start_ms * ms : p.end_ms * ms] for p in parts])
            result = self._model.transcribe(audio, **self._kwargs(options, language))
            language = language or str(result["language"])
            words.extend(_words(result, parts, words[-1].start_ms if words else 0))
            if progress is not None:
                progress(parts[-1].end_ms / 1000)
        log.info("openai-whisper: %d words in %d speech regions", len(words), len(regions))
        return Transcript(language or "en", tuple(words), self.engine, self.model, duration)


def _words(result: dict[str, Any], parts: Sequence[Region], floor_ms: int) -> list[Word]:
    """Words of one transcribe() result, in original-timeline milliseconds,
    starts never going back (as in the faster-whisper adapter)."""
    out: list[Word] = []
    for seg in result["segments"]:
        for w in seg.get("words") or ():
            start, end = to_timeline(round(w["start"] * 1000), round(w["end"] * 1000), parts)
            if start < floor_ms:
                start, end = floor_ms, max(end, floor_ms)
            floor_ms = start
            out.append(Word(start, end, str(w["word"]), round(float(w["probability"]), 4)))
    return out
