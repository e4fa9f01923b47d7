"""Saving a reviewed file so that nothing is lost.

The file is written in its own format by that format's writer
(``formats.registry``: SRT, WebVTT, ASS/SSA), into the file as it was read,
so what the format holds besides the cue text stays (WebVTT header, styles,
notes, cue identifiers and settings; ASS script info, styles, each event's
style and comments). "Save as" another format's extension converts (that
format's writer for new files). The text is read back and compared before
anything is written, and written atomically as UTF-8 without BOM, in the
file's own line ends, through ``files`` (the guard of every write to a
person's folder): the file on disk is checked again right before the
write, and if it changed since the page loaded it, the save is refused
(``SaveConflict``). The version each save replaces is kept
(``subtitler restore``), and the ledger (and the run report beside the
file, if any) records the new version as a person's, so ``run`` and
``batch`` keep refusing to overwrite it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import EditedOutputError, SubtitlerError
from ..files import Owner, Writes
from ..formats.content import Subtitles
from ..formats.document import SubtitleDocument
from ..formats.registry import FORMATS, Format, format_of_path, parse_subtitles
from ..fsutil import sha256_file
from ..models import Cue, validate_cues
from ..pipeline.report import record_person_version
from .files import REVIEWED, extensions_text
from .state import Entry

PERSON = "subtitler review"
"""Who the report says saved a person's version."""

_NAME = re.compile(r"[^/\\\x00-\x1f]+")


class SaveRefused(SubtitlerError):
    """The cues cannot be written as they are (the message says which and why)."""


class SaveConflict(SubtitlerError):
    """The file changed on disk since the page loaded it."""


def disk_sha(path: Path) -> str | None:
    return sha256_file(path) if path.exists() else None


@dataclass(frozen=True)
class Template:
    """The file a save writes the cues back into: ``doc`` as read (or last
    written), and ``origin``, the entry of ``doc`` each cue id was read from."""

    doc: SubtitleDocument
    origin: Mapping[int, int]

    @classmethod
    def of(cls, doc: SubtitleDocument, entries: Sequence[Entry]) -> Template | None:
        """``doc`` read as ``entries`` (one entry per cue, in order); None
        when they do not match it."""
        if len(entries) != len(doc.entries):
            return None
        return cls(doc, {e.id: i for i, e in enumerate(entries)})

    def sources(self, entries: Sequence[Entry]) -> list[int | None]:
        """The entry of ``doc`` each of ``entries`` is written from: its own,
        else (a cue split off or inserted) the nearest one before it, else after it."""
        known = [self.origin.get(e.id) for e in entries]
        first = next((k for k in known if k is not None), None)
        out: list[int | None] = []
        for k in known:
            out.append(k if k is not None else (out[-1] if out else first))
        return out


@dataclass(frozen=True)
class Encoded:
    data: bytes
    doc: SubtitleDocument
    """What ``data`` reads back as (times at the format's resolution)."""


def encode(entries: Sequence[Entry], fmt: Format, template: Template | None, newline: str,
           path: Path, language: str | None = None) -> Encoded:
    """The file's bytes in ``fmt`` (written into ``template``'s file when it
    is one of that format); ``SaveRefused`` when the cues cannot be written
    or would not read back as themselves."""
    cues = [e.cue for e in entries]
    try:
        validate_cues(cues)
        text = _compose(cues, entries, fmt, template, newline, language)
    except SubtitlerError as err:
        raise SaveRefused(f"cannot save: {err.message} (give it text and times, or delete it)") \
            from None
    back = parse_subtitles(text, str(path), fmt.name)
    want = [Cue(c.start_ms, c.end_ms, tuple(x.strip() for x in c.lines if x.strip())) for c in cues]
    bad = next((i for i, (a, b) in enumerate(zip(back.cues, want, strict=False), 1)
                if not _same(a, b, fmt.resolution_ms)), None)
    if bad is None and len(back.cues) != len(want):
        bad = min(len(back.cues), len(want)) + 1
    if bad is not None:
        looks = "a cue number or a timing line" if fmt.name == "srt" else "markup of the format"
        raise SaveRefused(f"cannot save: cue {bad}'s text would read back as something else "
                          f"in {fmt.label} (a line that looks like {looks}): change it")
    return Encoded(text.encode("utf-8"), back)


def _compose(cues: Sequence[Cue], entries: Sequence[Entry], fmt: Format,
             template: Template | None, newline: str, language: str | None) -> str:
    doc = template.doc if template is not None else None
    if template is not None and doc is not None and doc.format == fmt.name and fmt.rewrite:
        return fmt.rewrite(doc, cues, template.sources(entries))
    text = fmt.write(Subtitles(tuple(cues), language=language))
    return text.replace("\n", newline) if newline != "\n" else text


def _same(a: Cue, b: Cue, step: int) -> bool:
    """Equal, times within the format's resolution (ASS: centiseconds)."""
    return (a.lines == b.lines and abs(a.start_ms - b.start_ms) < step
            and abs(a.end_ms - b.end_ms) < step)


def check_name(folder: Path, name: str) -> tuple[Path, Format]:
    """The path and format for "Save as" ``name``: a new file in ``folder``
    whose extension names a format a review saves (another one than the
    file's converts)."""
    name = name.strip()
    fmt = format_of_path(name)
    if (fmt is None or fmt.name not in REVIEWED or not _NAME.fullmatch(name)
            or name.startswith(".")):
        raise SaveRefused(f"give a file name ending in {extensions_text()}, without a folder")
    target = folder / name
    if target.exists():
        raise SaveRefused(f"{name} already exists: choose another name")
    return target, FORMATS[fmt.name]


def write(path: Path, data: bytes, expected_sha: str | None, writes: Writes, *,
          report: Path | None) -> str:
    """Write ``data`` to ``path`` (a person's version) if the file on disk is
    still the one with ``expected_sha`` (None: no file), keeping the version
    it replaces; returns the new file's SHA-256."""
    try:
        sha = writes.claim(path, edit=True, expect=expected_sha).write(data, owner=Owner.PERSON)
    except EditedOutputError:
        what = "changed on disk"
        if expected_sha is not None and not path.exists():
            what = "was deleted"
        elif expected_sha is None:
            what = "was created by another program"
        raise SaveConflict(
            f"{what} since this page loaded it (another program or person?): not saving "
            "over it. Reload it (your edits here are set aside) or save as a new name",
            path=path,
        ) from None
    if report is not None:
        record_person_version(report, sha, PERSON, writes)
    return sha
