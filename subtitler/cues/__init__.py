"""Cues from timed words: grouping, line breaks and timing under a profile."""

from .segment import build_cues

__all__ = ["build_cues"]
