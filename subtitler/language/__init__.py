"""What subtitler knows about each spoken and written language: names,
function words for line and cue breaks, reading speeds. Data only, with its
sources; no stage is imported here."""

from __future__ import annotations

from .breaks import BreakWords, break_words
from .names import WHISPER_LANGUAGES, base_code, language_name

__all__ = ["WHISPER_LANGUAGES", "BreakWords", "base_code", "break_words", "language_name"]
