"""Writing WebVTT through ``webvtt-py``: new files from cues, and a file
read by ``vtt_read`` written back with new cue times and text, keeping its
header, metadata, STYLE, REGION and NOTE blocks, cue identifiers and settings."""

from __future__ import annotations

import re
from collections.abc import Sequence

import webvtt

from ..errors import SubtitlerError
from ..models import Cue
from ..timefmt import fmt_ms
from .document import SubtitleDocument, placements
from .markup import OTHER_TAG, text_lines
from .vtt_read import VttCue, display_lines, scan

_KEPT = re.compile(r"</?[ibu]>", re.IGNORECASE)
_VOICE = re.compile(r"^<v(?:\.[^\s.>]+)*[ \t][^>]*>")


def payload(lines: Sequence[str]) -> list[str]:
    """Cue text lines as WebVTT payload: ``&`` and ``<`` escaped except in
    ``<i> <b> <u>`` tags, and the ``>`` of ``-->`` (a line holding the arrow
    would end the cue: ``--&gt;`` reads back as ``-->``); SRT's ``<font>`` (no
    WebVTT equivalent) left out."""
    out = []
    for line in text_lines(lines):
        line = OTHER_TAG.sub("", line)
        parts = _KEPT.split(line)
        tags = [t.lower() for t in _KEPT.findall(line)]
        escaped = [p.replace("&", "&amp;").replace("<", "&lt;").replace("-->", "--&gt;")
                   for p in parts]
        text = escaped[0] + "".join(t + p for t, p in zip(tags, escaped[1:], strict=True))
        if text:
            out.append(text)
    return out


def _caption(cue: Cue, lines: list[str], identifier: str | None = None,
             settings: str = "") -> webvtt.Caption:
    caption = webvtt.Caption(
        start=fmt_ms(cue.start_ms, sep="."), end=fmt_ms(cue.end_ms, sep="."), text=lines,
        identifier=identifier, settings=settings or None,
    )
    return caption


def _content(vtt: webvtt.WebVTT, eol: str = "\n") -> str:
    try:
        text = str(vtt.content)
    except ValueError as err:  # text that would read back otherwise
        raise SubtitlerError(f"cannot write WebVTT: {err}") from None
    return text.replace("\n", eol) if eol != "\n" else text


def compose_vtt(cues: Sequence[Cue]) -> str:
    """A WebVTT file of ``cues`` (no identifiers, no settings)."""
    return _content(webvtt.WebVTT(captions=[_caption(c, payload(c.lines)) for c in cues]))


def rewrite_vtt(doc: SubtitleDocument, cues: Sequence[Cue],
                sources: Sequence[int | None]) -> str:
    """``doc``'s file with ``cues`` in place of its cues: ``sources[i]`` is the
    index in ``doc.entries`` that cue ``i`` was made from (see
    ``document.placements``: a split's second half keeps the settings, not
    the identifier or notes; the notes of a deleted cue move to the next).
    A cue whose text is unchanged keeps its payload as written (tags,
    references); a changed one keeps its leading voice tag."""
    vtt = scan(doc.text)
    read = [c for c in vtt.cues if c.times is not None]
    if len(read) != len(doc.entries):
        raise SubtitlerError("the file changed since it was read", path=doc.path)
    plan, tail = placements(sources, len(read))
    captions = []
    for cue, p in zip(cues, plan, strict=True):
        notes = [n for d in p.carried for n in read[d].comments]
        if p.source is None:
            caption = _caption(cue, payload(cue.lines))
        else:
            original = read[p.source]
            caption = _caption(cue, _new_payload(original, cue, doc.entries[p.source].cue),
                               original.identifier if p.first else None, original.settings)
            notes += original.comments if p.first else []
        caption.comments = notes
        captions.append(caption)
    out = webvtt.WebVTT(
        captions=captions, styles=[webvtt.Style(s) for s in vtt.styles],
        header_comments=vtt.header_comments,
        footer_comments=[n for d in tail for n in read[d].comments] + vtt.footer_comments,
        header_text=vtt.header_text, metadata=vtt.metadata,
        regions=[webvtt.models.Region.from_string(r) for r in vtt.regions],
    )
    return _content(out, doc.newline)


def _new_payload(original: VttCue, cue: Cue, was: Cue) -> list[str]:
    if cue.lines == was.lines and display_lines(original.payload) == was.lines:
        return list(original.payload)
    lines = payload(cue.lines)
    voice = _VOICE.match(original.payload[0]) if original.payload else None
    if voice and lines:
        lines[0] = voice.group(0) + lines[0]
    return lines
