"""Subtitle files: reading them (any encoding, tolerant) and writing them."""

from .srt_read import SrtDocument, parse_text, read_srt
from .srt_write import compose, write_srt

__all__ = ["SrtDocument", "compose", "parse_text", "read_srt", "write_srt"]
