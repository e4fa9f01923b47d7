"""Subtitle files: reading them (any encoding, tolerant, with line numbers)
and writing them, in every format the registry lists."""

from .content import Subtitles
from .document import SubtitleDocument
from .registry import FORMATS, Format, parse_formats, read_subtitles

__all__ = ["FORMATS", "Format", "SubtitleDocument", "Subtitles", "parse_formats",
           "read_subtitles"]
