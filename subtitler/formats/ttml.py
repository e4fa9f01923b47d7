"""TTML in the IMSC 1.1 Text Profile (W3C), through ``ttconv``: the TTML that
streaming services and broadcasters take (Netflix, Amazon; IMSC is the
profile EBU-TT-D documents also conform to). Written from a ``ttconv``
document model of the cues (``<i> <b> <u>`` as styles, a tag left open at a
line break holding on the next line); ``ttml_read`` reads it back."""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as et
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ..errors import FormatLimitError
from ..models import Cue
from .markup import OTHER_TAG, TAG, not_xml, text_lines

logging.getLogger("ttconv").setLevel(logging.CRITICAL)  # nothing it logs is shown


def compose_ttml(cues: Sequence[Cue], language: str | None = None) -> str:
    """An IMSC 1.1 Text document of ``cues``: white text with a dark outline,
    bottom centre inside the title-safe area (5% on each side)."""
    from ttconv import model
    from ttconv.imsc import writer

    doc = model.ContentDocument()
    doc.set_lang(language or "")
    body = model.Body(doc)
    body.set_region(_region(doc))
    doc.set_body(body)
    div = model.Div(doc)
    body.push_child(div)
    for k, cue in enumerate(cues, 1):
        lines = text_lines(cue.lines)
        if (bad := next((c for c in map(not_xml, lines) if c), None)) is not None:
            raise FormatLimitError(f"cue {k} holds the character U+{ord(bad):04X} (a control "
                                   "character), which a TTML (XML) file cannot hold; nothing "
                                   "written")
        p = model.P(doc)
        p.set_begin(Fraction(cue.start_ms, 1000))
        p.set_end(Fraction(cue.end_ms, 1000))
        on: set[str] = set()  # a tag opened on one line holds on the next (SRT writes so)
        for n, line in enumerate(lines):
            if n:
                p.push_child(model.Br(doc))
            for text, tags in _runs(line, on):
                p.push_child(_span(doc, text, tags))
        div.push_child(p)
    root = writer.from_model(doc).getroot()
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + et.tostring(root, encoding="unicode") + "\n"


_TAG = re.compile(f"{TAG.pattern}|{OTHER_TAG.pattern}", re.IGNORECASE)


def _runs(line: str, on: set[str]) -> list[tuple[str, frozenset[str]]]:
    """The text of a line in runs of the same ``<i> <b> <u>`` styling;
    ``on``: the tags open where the line starts (updated to where it ends)."""
    runs: list[tuple[str, frozenset[str]]] = []
    pos = 0
    for m in _TAG.finditer(line):
        if m.start() > pos:
            runs.append((line[pos:m.start()], frozenset(on)))
        if m.group(2):
            (on.discard if m.group(1) else on.add)(m.group(2).lower())
        pos = m.end()
    if pos < len(line):
        runs.append((line[pos:], frozenset(on)))
    return runs


def _span(doc: Any, text: str, tags: frozenset[str]) -> Any:
    from ttconv import model
    from ttconv import style_properties as sp

    span = model.Span(doc)
    if "i" in tags:
        span.set_style(sp.StyleProperties.FontStyle, sp.FontStyleType.italic)
    if "b" in tags:
        span.set_style(sp.StyleProperties.FontWeight, sp.FontWeightType.bold)
    if "u" in tags:
        span.set_style(sp.StyleProperties.TextDecoration, sp.TextDecorationType(underline=True))
    span.push_child(model.Text(doc, text))
    return span


def _region(doc: Any) -> Any:
    from ttconv import model
    from ttconv import style_properties as sp

    pct = sp.LengthType.Units.pct
    region = model.Region("bottom", doc)
    styles = {
        sp.StyleProperties.Origin: sp.CoordinateType(sp.LengthType(5, pct), sp.LengthType(5, pct)),
        sp.StyleProperties.Extent: sp.ExtentType(sp.LengthType(90, pct), sp.LengthType(90, pct)),
        sp.StyleProperties.DisplayAlign: sp.DisplayAlignType.after,
        sp.StyleProperties.TextAlign: sp.TextAlignType.center,
        sp.StyleProperties.Color: sp.NamedColors.white.value,
        sp.StyleProperties.TextOutline: sp.TextOutlineType(
            sp.LengthType(5, pct), sp.NamedColors.black.value),
    }
    for prop, value in styles.items():
        region.set_style(prop, value)
    doc.put_region(region)
    return region
