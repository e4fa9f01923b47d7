"""subtitler: recorded video statements in, correct and checked subtitles out."""

from __future__ import annotations

__all__ = ["__version__"]
__version__ = "0.1.0"
