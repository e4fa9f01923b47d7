"""The formats subtitler reads and writes: name -> extension, writer, reader.

    fmt = FORMATS["vtt"]
    text = fmt.write(Subtitles(cues))
    doc = read_subtitles("talk.vtt")          # any format with a reader
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import SubtitleFileError, SubtitlerError, UsageError
from ..fsutil import read_input
from ..models import Cue, Notice
from .content import Subtitles
from .decode import decode_text
from .document import SubtitleDocument

Parse = Callable[..., SubtitleDocument]
"""``parse(text, path, encoding=..., notices=[...])``."""
Rewrite = Callable[[SubtitleDocument, Sequence[Cue], Sequence[int | None]], str]
"""``rewrite(doc, cues, sources)``: ``doc``'s file with new cues, keeping
what the format holds besides them; ``sources[i]`` is the entry cue ``i``
was made from (an entry may give several cues or none; None: a cue made
from no entry; ``document.placements`` says what each keeps)."""


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    label: str
    write: Callable[[Subtitles], str]
    parse: Parse | None = None
    """None: the format has no timings to read back (the transcript)."""
    rewrite: Rewrite | None = None
    """None: ``--fix`` and ``glossary apply`` do not write this format."""
    other_extensions: tuple[str, ...] = ()
    resolution_ms: int = 1
    """The format's time step (ASS/SSA: centiseconds)."""
    searched: bool = False
    """Files of this format are looked for by extension: in a folder given to
    ``check``, beside a video given to ``burn`` (not TTML's .xml or the
    words' .json: other files share those)."""

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.other_extensions)

    def text_for(self, content: Subtitles, path: str | Path) -> str:
        """``write(content)`` for the file ``path``: an error about the cues
        (``FormatLimitError``: one the format cannot hold, such as a time
        past its range) names it."""
        try:
            return self.write(content)
        except SubtitlerError as err:
            if err.path is not None:
                raise
            raise type(err)(err.message, path=path, detail=err.detail) from None


def _srt_rewrite(doc: SubtitleDocument, cues: Sequence[Cue],
                 sources: Sequence[int | None]) -> str:
    return str(_lazy("srt_write", "compose")(cues, eol=doc.newline, validate=False))


def _lazy(module: str, name: str) -> Callable[..., Any]:
    """``module.name``, imported on first call (``subtitler check`` on an SRT
    file does not pay for the other formats' libraries, ``--help`` for any)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(f".{module}", __package__), name)(*args, **kwargs)

    call.__name__ = name
    return call


def _ass(kind: str) -> Callable[[Subtitles], str]:
    return lambda s: str(_lazy("ass", "compose_ass")(s.cues, kind=kind))


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("srt", ".srt", "SubRip (SRT)",
               lambda s: _lazy("srt_write", "compose_checked")(s.cues),
               _lazy("srt_read", "parse_text"), _srt_rewrite, searched=True),
        Format("vtt", ".vtt", "WebVTT", lambda s: _lazy("vtt_write", "compose_vtt")(s.cues),
               _lazy("vtt_read", "parse_vtt"), _lazy("vtt_write", "rewrite_vtt"),
               (".webvtt",), searched=True),
        Format("ass", ".ass", "Advanced SubStation Alpha (ASS)", _ass("ass"),
               _lazy("ass", "parse_ass"), _lazy("ass", "rewrite_ass"), resolution_ms=10,
               searched=True),
        Format("ssa", ".ssa", "SubStation Alpha (SSA)", _ass("ssa"),
               _lazy("ass", "parse_ass"), _lazy("ass", "rewrite_ass"), resolution_ms=10,
               searched=True),
        Format("ttml", ".ttml", "TTML (IMSC 1.1 Text)",
               lambda s: _lazy("ttml", "compose_ttml")(s.cues, s.language),
               _lazy("ttml_read", "parse_ttml"), None, (".dfxp", ".xml")),
        Format("txt", ".transcript.txt", "plain-text transcript",
               _lazy("transcript", "compose_text"), other_extensions=(".txt",)),
        Format("json", ".words.json", "JSON of words and cues", _lazy("words_json", "compose_json"),
               _lazy("words_json", "parse_json"), other_extensions=(".json",)),
    )
}
"""Every format, by name (what ``--format`` takes)."""

READABLE = tuple(n for n, f in FORMATS.items() if f.parse is not None)
SEARCHED = tuple(n for n, f in FORMATS.items() if f.searched)
"""The formats whose files are looked for by extension (``Format.searched``)."""
CHECKABLE_SUFFIXES = tuple(e for n in SEARCHED for e in FORMATS[n].extensions)
"""Files ``subtitler check`` looks for in a folder."""


def parse_formats(spec: str | Sequence[str]) -> tuple[str, ...]:
    """``"srt,vtt"`` (or several such) as format names, in order, once each;
    ``UsageError`` names an unknown one."""
    parts = [spec] if isinstance(spec, str) else list(spec)
    names = [n.strip().lower().lstrip(".") for p in parts for n in p.split(",") if n.strip()]
    unknown = [n for n in names if n not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r} (choose from {', '.join(FORMATS)})")
    if not names:
        raise UsageError("no format given")
    return tuple(dict.fromkeys(names))


def format_of_path(path: str | Path) -> Format | None:
    """The format a file name's extension says, if any."""
    name = Path(path).name.lower()
    return next((f for f in FORMATS.values() if any(name.endswith(e) for e in f.extensions)),
                None)


def same_format(name: str, out: str | Path) -> None:
    """Files written back (``--fix``, ``glossary apply``) keep the input's
    format: ``UsageError`` when ``out``'s extension names another."""
    named = format_of_path(out)
    if named is None or named.name == name or {named.name, name} == {"ass", "ssa"}:
        return
    raise UsageError(
        f"names a {named.label} file but the input is {FORMATS[name].label}; the output is "
        "written in the input's format (subtitler convert writes another)", path=out,
    )


def rewriter(doc: SubtitleDocument) -> Rewrite:
    """The function that writes ``doc``'s file back with new cues."""
    rewrite = FORMATS[doc.format].rewrite
    if rewrite is None:
        raise SubtitleFileError(
            f"{FORMATS[doc.format].label} files are not written back (SRT, WebVTT and ASS/SSA "
            "are): convert it first (subtitler convert)", path=doc.path,
        )
    return rewrite


def sniff(text: str) -> str:
    """The format of subtitle text with no telling extension."""
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    if head.startswith("WEBVTT"):
        return "vtt"
    if head.startswith("[Script Info]") or "[Events]" in head:
        return "ass"
    if head.startswith("<") and ("<tt" in head or "ttml" in head):
        return "ttml"
    if head.startswith("{") and '"subtitler-words"' in head:
        return "json"
    return "srt"


def parse_subtitles(
    text: str, path: str = "<text>", fmt: str | None = None, *, encoding: str = "UTF-8",
    notices: list[Notice] | None = None,
) -> SubtitleDocument:
    """Parse decoded text as ``fmt`` (default: by the path's extension, else
    by its content)."""
    name = fmt or _format_name(path, text)
    parse = FORMATS[name].parse
    if parse is None:
        raise SubtitleFileError(f"a {FORMATS[name].label} has no timings to read", path=path)
    return parse(text, path, encoding=encoding, notices=notices)


def _format_name(path: str, text: str) -> str:
    known = format_of_path(path)
    if known is None or known.name == "ttml" and not text.lstrip("\ufeff \t\r\n").startswith("<"):
        return sniff(text)
    if known.name in ("ass", "ssa"):
        return str(_lazy("ass", "ass_kind")(text))
    return known.name


def read_document(path: str | Path, fmt: str | None = None) -> tuple[bytes, SubtitleDocument]:
    """The bytes of a subtitle file and what its format's reader made of them;
    ``SubtitleFileError`` when it cannot be read at all."""
    name = str(path)
    data = read_input(name, SubtitleFileError, "subtitle file")
    text, encoding, found = decode_text(data, name)
    return data, parse_subtitles(text, name, fmt, encoding=encoding, notices=found)


def read_subtitles(path: str | Path, fmt: str | None = None) -> SubtitleDocument:
    """Read any supported subtitle file (SRT, WebVTT, ASS/SSA, TTML, JSON)."""
    return read_document(path, fmt)[1]
