"""What every engine adapter shares: decoding options, the ``Transcriber``
protocol and the progress callback. No engine is imported here."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from ..media.audio import Samples
from ..models import Transcript

CHUNK_S = 30
"""One Whisper window. Shorter chunks cost more CPU (each is decoded in a full
30 s window: 10 s chunks took about 1.8x the CPU time of 30 s ones on the
sample) for no better words; see docs/benchmarks.md#how-to-spend-the-cores-benchthreadspy."""

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
    detect: bool = True
    """Detect the language of each stretch of speech (``engines.route``); off
    only where the language is known for certain (engine tests, benchmarks of
    the transcription alone): nothing then checks ``language``."""
    task: str = "transcribe"
    """Whisper's task: "transcribe", or "translate" (English words for speech
    in another language; ``--translate``)."""
    chunk_s: int = CHUNK_S
    """Seconds of speech per chunk: the audio is cut at pauses into chunks
    this long at most (where a pause allows), transcribed concurrently
    (``engines.chunks``); 0: the whole file in one call. Decided from the
    audio alone, so the words do not depend on the number of workers."""

    def key(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class LanguageGuess:
    """What language detection heard in one window of speech."""

    language: str
    probability: float
    ranked: tuple[tuple[str, float], ...] = ()
    """The most likely languages and their probabilities, best first."""

    @property
    def runner_up(self) -> float:
        """The second-best language's probability."""
        return self.ranked[1][1] if len(self.ranked) > 1 else 0.0


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

    def load(self) -> None:
        """Load the model now, if not yet (thread-safe; ``transcribe`` loads
        it anyway: this lets it load while the audio is decoded)."""
        ...



def default_threads() -> int:
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )


def share_cores(
    workers: int | None, threads: int | None, cores: int | None = None
) -> tuple[int, int]:
    """``(workers, threads per worker)`` for ``cores`` (default: this
    process's cores). Unless told otherwise, one worker per core with one
    thread each: on 2 cores that beat one worker with 2 threads
    (docs/engines.md#speed-one-file-on-every-core). Given one of the two,
    the other shares out the cores; given both, they are used as they are."""
    n = max(1, cores or default_threads())
    if workers is None and threads is None:
        return n, 1
    if workers is None:
        assert threads is not None
        return max(1, n // threads), threads
    if threads is None:
        return workers, max(1, n // workers)
    return workers, threads
