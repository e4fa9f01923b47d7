"""What every engine adapter shares: decoding options, the ``Transcriber``
protocol and the progress callback. No engine is imported here."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from ..media.audio import Samples
from ..models import Transcript

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



def default_threads() -> int:
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )
