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


_STYLE = re.compile(r"<(/?)(i|b|u|font)\b[^<>]*>", re.IGNORECASE)
_EMPTY = re.compile(r"<(i|b|u|font)\b[^<>]*>(\s*)</\1>", re.IGNORECASE)
_REOPENED = re.compile(r"</([ibu])>(\s+)<\1>", re.IGNORECASE)


def split_markup(before: str, after: str) -> tuple[str, str]:
    """Cue text cut in two (a split): the ``<i> <b> <u> <font>`` tags open at
    the cut are closed at the end of ``before`` and opened again, as they
    were written, at the start of ``after``, so each part keeps its style and
    its markup is balanced; a tag left empty by the cut goes."""
    open_tags: list[tuple[str, str]] = []
    for m in _STYLE.finditer(before):
        name = m.group(2).lower()
        if not m.group(1):
            open_tags.append((name, m.group(0)))
            continue
        for k in range(len(open_tags) - 1, -1, -1):
            if open_tags[k][0] == name:
                del open_tags[k:]
                break
    if open_tags:
        before = before.rstrip() + "".join(f"</{name}>" for name, _ in reversed(open_tags))
        after = "".join(tag for _, tag in open_tags) + after.lstrip()
    return _without_empty(before), _without_empty(after)


def _without_empty(text: str) -> str:
    while True:
        shorter = _EMPTY.sub(r"\2", text)
        if shorter == text:
            return text
        text = shorter


def joined_markup(text: str) -> str:
    """``text`` with a style closed and opened again across a space made one
    ("<i>a</i> <i>b</i>": "<i>a b</i>"), as lines joined for re-wrapping read."""
    return _REOPENED.sub(r"\2", text)
