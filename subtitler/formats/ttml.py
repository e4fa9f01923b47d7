"""TTML in the IMSC 1.1 Text Profile (W3C), through ``ttconv``: the TTML that
streaming services and broadcasters take (Netflix, Amazon, and players
following the EBU-TT-D/IMSC family). Written from the SRT text of the cues
(``ttconv``'s SRT reader keeps ``<i> <b> <u>`` as styles), read back through
``ttconv``'s IMSC reader and SRT writer."""

from __future__ import annotations

import io
import logging
import xml.etree.ElementTree as et
from collections.abc import Sequence

from ..errors import SubtitleFileError
from ..models import Cue, Notice, PlacedCue
from .document import SubtitleDocument
from .srt_read import parse_text
from .srt_write import compose

logging.getLogger("ttconv").setLevel(logging.ERROR)


def compose_ttml(cues: Sequence[Cue], language: str | None = None) -> str:
    from ttconv.imsc import writer
    from ttconv.srt import reader

    doc = reader.to_model(io.StringIO(compose(cues)))
    doc.set_lang(language or "")
    root = writer.from_model(doc).getroot()
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + et.tostring(root, encoding="unicode") + "\n"


def parse_ttml(
    text: str, path: str = "<text>", *, encoding: str = "UTF-8",
    notices: list[Notice] | None = None,
) -> SubtitleDocument:
    """Read TTML (IMSC, EBU-TT-D, DFXP): cues without line numbers."""
    import defusedxml.ElementTree as safe_et
    from ttconv.imsc import reader
    from ttconv.srt import writer

    try:
        tree = et.ElementTree(safe_et.fromstring(text.removeprefix("\ufeff").encode("utf-8")))
        model = reader.to_model(tree)
    except Exception as err:  # ttconv and the XML parser raise many kinds
        raise SubtitleFileError(f"cannot read this TTML file: {err}", path=path) from None
    if model is None:
        raise SubtitleFileError("not a TTML file (no <tt> element)", path=path)
    srt = parse_text(writer.from_model(model), path)
    entries = tuple(PlacedCue(e.cue, e.position) for e in srt.entries)
    return SubtitleDocument(path=path, entries=entries, notices=tuple(notices or ()),
                            encoding=encoding, format="ttml", text=text)
