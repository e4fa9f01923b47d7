"""What a batch works on: media found in folders (by extension, else by
probing with ffmpeg), glob matches, explicit files, and CSV manifests.

A manifest has a header row with the columns ``media`` (required),
``script``, ``language`` and ``output`` (optional); relative paths are
relative to the manifest's folder. Errors name the manifest file and line.
"""

from __future__ import annotations

import csv
import glob
import logging
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..fsutil import read_input, shown, url_hint
from ..media.audio import probe

log = logging.getLogger(__name__)

MEDIA_SUFFIXES = frozenset(
    ".mp4 .m4v .mov .mkv .webm .avi .wmv .flv .mpg .mpeg .ts .mts .m2ts .3gp .ogv .mxf "
    ".wav .mp3 .m4a .aac .flac .ogg .oga .opus .wma .aif .aiff .amr".split()
)
NOT_MEDIA_SUFFIXES = frozenset(
    ".srt .vtt .ass .ssa .sub .sbv .json .csv .tsv .txt .md .rst .html .htm .pdf .doc .docx "
    ".odt .rtf .xls .xlsx .ods .yaml .yml .tbx .xml .ini .toml .log .py .sh .zip .gz .tar "
    ".jpg .jpeg .png .gif .bmp .tif .tiff .webp .heic .svg .bak .tmp .part .lnk".split()
)
"""Skipped in folders without probing (our own outputs among them)."""
MANIFEST_COLUMNS = ("media", "script", "language", "output")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?$")
GLOB_CHARS = re.compile(r"[*?\[]")


class ManifestError(UsageError):
    """A batch manifest cannot be read; ``path`` and ``line`` say where."""


@dataclass(frozen=True)
class Item:
    """One media file as the user named it. ``relative`` is its path below the
    folder (or glob base) it was found in, so ``-o`` can mirror subfolders."""

    media: Path
    source: str
    relative: Path | None = None
    srt: Path | None = None
    script: Path | None = None
    language: str | None = None


def looks_like_media(path: Path) -> bool:
    """By extension; an unknown extension (or none) is probed with ffmpeg."""
    suffix = path.suffix.lower()
    if suffix in MEDIA_SUFFIXES:
        return True
    if suffix in NOT_MEDIA_SUFFIXES:
        return False
    return probe(path).is_media


def _walk(folder: Path) -> Iterator[Path]:
    """Files below ``folder``, sorted, hidden files and folders skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _from_folder(folder: Path, source: str) -> list[Item]:
    return [
        Item(p, source, p.relative_to(folder)) for p in _walk(folder) if looks_like_media(p)
    ]


def glob_base(pattern: str) -> Path:
    """The folder part of ``pattern`` before its first wildcard."""
    parts = Path(pattern).parts
    fixed = [p for p in parts[: next(i for i, p in enumerate(parts) if GLOB_CHARS.search(p))]]
    return Path(*fixed) if fixed else Path(".")


def _from_glob(pattern: str) -> list[Item]:
    base = glob_base(pattern)
    items: list[Item] = []
    for match in sorted(glob.glob(pattern, recursive=True)):
        p = Path(match)
        if p.is_dir():
            items += [Item(i.media, pattern, p.relative_to(base) / i.relative)
                      for i in _from_folder(p, pattern) if i.relative is not None]
        elif not p.name.startswith(".") and looks_like_media(p):
            items.append(Item(p, pattern, p.relative_to(base)))
    if not items:
        raise UsageError(f"{pattern!r} matches no media files")
    return items


def discover(inputs: Sequence[str | Path], outputs: Outputs | None = None) -> list[Item]:
    """The media files named by ``inputs``: folders (searched recursively),
    glob patterns, ``.csv`` manifests and plain files (taken as they are, so
    a broken one is reported, not skipped). Raises ``UsageError`` for a path
    that does not exist or a folder or pattern with no media in it.
    ``outputs`` says where a manifest's ``output`` column may write."""
    items: list[Item] = []
    for raw in inputs:
        path = Path(raw)
        if (hint := url_hint(raw)) is not None:
            raise UsageError(hint, path=shown(raw))
        if path.is_dir():
            found = _from_folder(path, str(raw))
            if not found:
                raise UsageError("no media files found in this folder", path=path)
            items += found
        elif path.is_file() and path.suffix.lower() == ".csv":
            items += read_manifest(path, outputs)
        elif path.is_file():
            items.append(Item(path, str(raw)))
        elif path.exists():
            items.append(Item(path, str(raw)))  # a FIFO or device: its row says why it fails
        elif GLOB_CHARS.search(str(raw)):
            items += _from_glob(str(raw))
        else:
            raise UsageError("no such file or folder", path=path)
    return items


@dataclass(frozen=True)
class Outputs:
    """Where a manifest's ``output`` column may write: inside the manifest's
    folder or ``output_dir``, unless ``anywhere`` (``--outputs-anywhere``)."""

    output_dir: Path | None = None
    anywhere: bool = False

    def check(self, srt: Path, manifest: Path, line: int, given: str) -> None:
        if self.anywhere:
            return
        roots = [manifest.parent] + ([self.output_dir] if self.output_dir is not None else [])
        where = os.path.realpath(srt)
        if any(where.startswith(os.path.realpath(r).rstrip(os.sep) + os.sep) for r in roots):
            return
        inside = " or ".join(str(r) for r in roots)
        raise ManifestError(
            f"output {given!r} is outside {inside}: outputs stay inside the manifest's folder "
            "(or -o); pass --outputs-anywhere to allow it", path=manifest, line=line)


MAX_FIELD = 10_000
"""Characters a manifest field may have (a path is at most a few thousand)."""


def read_manifest(path: Path, outputs: Outputs | None = None) -> list[Item]:
    """Rows of a CSV manifest (comma, semicolon or tab separated; UTF-8, a
    BOM is fine; any line ends). Blank rows and rows starting with ``#`` are
    skipped."""
    data = read_input(path, ManifestError, "manifest")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ManifestError("not UTF-8 text: save the manifest as UTF-8", path=path,
                            line=line) from None
    lines = text.splitlines()
    delimiter = _delimiter(lines[0] if lines else "")
    reader = csv.reader(lines, delimiter=delimiter)
    items: list[Item] = []
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        _check_header(path, header)
        for row in reader:
            if not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
                continue
            if any(len(c) > MAX_FIELD for c in row):
                raise ManifestError(f"a field is longer than {MAX_FIELD:,} characters",
                                    path=path, line=reader.line_num)
            cells = dict(zip(header, row, strict=False))
            items.append(_manifest_item(path, reader.line_num, cells, outputs or Outputs()))
    except csv.Error as err:
        raise ManifestError(_csv_reason(err), path=path, line=reader.line_num) from None
    if not items:
        raise ManifestError("the manifest lists no media files", path=path)
    return items


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _check_header(path: Path, header: list[str]) -> None:
    if "media" not in header:
        raise ManifestError(
            f"the first row must name the columns; 'media' is required "
            f"(columns: {', '.join(MANIFEST_COLUMNS)})",
            path=path,
            line=1,
        )
    unknown = [h for h in header if h not in MANIFEST_COLUMNS]
    if unknown:
        raise ManifestError(
            f"unknown column {unknown[0]!r} (columns: {', '.join(MANIFEST_COLUMNS)})",
            path=path,
            line=1,
        )


def _csv_reason(err: csv.Error) -> str:
    text = str(err)
    if "field larger than field limit" in text:
        return f"a field is longer than {csv.field_size_limit():,} characters"
    return f"not a readable CSV row: {text}"


def _manifest_item(path: Path, line: int, row: dict[str, str], outputs: Outputs) -> Item:
    cell = {k: (v or "").strip() for k, v in row.items()}
    if not cell.get("media"):
        raise ManifestError("the media column is empty", path=path, line=line)
    language = cell.get("language") or None
    if language is not None and not _LANGUAGE.match(language):
        raise ManifestError(f"{language!r} is not a language code (like en, fr, pt-BR)",
                            path=path, line=line)
    here = path.parent
    output = cell.get("output") or None
    srt = None
    if output is not None:
        srt = here / output
        if srt.suffix.lower() != ".srt":  # a folder: <stem>.srt inside it
            srt = srt / f"{Path(cell['media']).stem}.srt"
        outputs.check(srt, path, line, output)
    script = here / cell["script"] if cell.get("script") else None
    return Item(here / cell["media"], f"{path}:{line}", None, srt, script, language)
