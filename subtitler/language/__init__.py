"""What subtitler knows about each spoken and written language: names,
function words for line and cue breaks, reading speeds. Data only, with its
sources; no stage is imported here."""

from __future__ import annotations

from .names import WHISPER_LANGUAGES, base_code, language_name

__all__ = ["WHISPER_LANGUAGES", "base_code", "language_name"]
