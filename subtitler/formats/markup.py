"""The markup cue text holds (SRT's), as every writer reads it: ``<i>``
``<b>`` ``<u>`` in either case, and SRT's ``<font ...>`` and ``<s>``, which
the other formats have no place for and leave out."""

from __future__ import annotations

import re
from collections.abc import Sequence

TAG = re.compile(r"<(/?)([ibu])>", re.IGNORECASE)
"""An ``<i> <b> <u>`` tag: ``(slash, name)``."""
OTHER_TAG = re.compile(r"</?(?:font|s)\b[^<>]*>", re.IGNORECASE)
"""SRT tags other formats leave out."""

_BREAK = re.compile(r"\r\n|\r|\n")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters an XML document cannot hold."""


def text_lines(lines: Sequence[str]) -> list[str]:
    """Cue lines as a writer writes them: a line break inside a line is a
    line break (it would otherwise end a WebVTT cue or an ASS event), each
    line stripped, empty ones left out."""
    return [part.strip() for line in lines for part in _BREAK.split(line) if part.strip()]


def not_xml(text: str) -> str | None:
    """The first character of ``text`` XML cannot hold, if any."""
    m = _NOT_XML.search(text)
    return m.group(0) if m else None
