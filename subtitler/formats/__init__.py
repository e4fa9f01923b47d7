"""Subtitle files: reading them (any encoding, tolerant, with line numbers)
and writing them, in every format the registry lists."""

from .content import Subtitles
from .document import SubtitleDocument
from .registry import FORMATS, Format, parse_formats, read_subtitles
from .srt_read import SrtDocument, parse_text, read_srt
from .srt_write import compose, write_srt

__all__ = ["FORMATS", "Format", "SrtDocument", "SubtitleDocument", "Subtitles", "compose",
           "parse_formats", "parse_text", "read_srt", "read_subtitles", "write_srt"]
