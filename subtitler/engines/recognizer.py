"""What the router asks of one loaded model of any engine."""

from __future__ import annotations

from typing import Protocol

from ..media.audio import Samples
from ..models import Word
from .base import DecodeOptions, LanguageGuess
from .chunks import Chunk, Tick


class Recognizer(Protocol):
    """One loaded Whisper model of one engine: language detection and the
    words of one chunk. The router (``engines.route``) decides which model
    transcribes which chunk."""

    label: str
    """The model as reports name it."""
    multilingual: bool
    concurrent: int
    """Chunks it can transcribe at once."""

    def load(self) -> None: ...

    def detect(self, audio: Samples) -> LanguageGuess:
        """The language of (the first 30 s of) ``audio``; multilingual models only."""
        ...

    def words(
        self, audio: Samples, chunk: Chunk, options: DecodeOptions, language: str, tick: Tick
    ) -> list[Word]:
        """The words of ``chunk`` (its joined ``audio``), in ``language``, on
        the file's timeline; ``tick`` reports the timeline ms reached."""
        ...

    def count_tokens(self, text: str) -> int: ...
