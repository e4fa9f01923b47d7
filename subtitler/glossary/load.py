"""Loading a glossary from a file, by its extension: .yaml/.yml (our schema),
.csv/.tsv (DeepL and Google layouts, or our columns), .tbx/.xml (TBX v2
``martif`` and v3 ISO 30042)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from pathlib import Path

from ..errors import GlossaryError
from ..fsutil import read_input
from ..models import Severity
from .formats.schema import SchemaReader
from .formats.tables import read_table
from .formats.tbx import read_tbx
from .formats.yamlsrc import compose
from .model import Entry, Glossary, Problem

log = logging.getLogger(__name__)

YAML_EXT = (".yaml", ".yml")
TABLE_EXT = (".csv", ".tsv")
TBX_EXT = (".tbx", ".xml")
MAX_ENTRIES = 50_000
"""Entries one glossary file may have (a house glossary has hundreds; this
keeps loading and lint to seconds)."""


def _read_text(path: Path) -> tuple[bytes, str]:
    data = read_input(path, GlossaryError, "glossary file")
    try:
        return data, data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise GlossaryError(
            "not UTF-8 text: save the glossary as UTF-8", path=path, line=line
        ) from None


def read_glossary(
    path: str | Path,
    *,
    source_language: str | None = None,
    target_language: str | None = None,
) -> tuple[Glossary, list[Problem]]:
    """The glossary and every problem found while reading it. Raises
    ``GlossaryError`` only when the file cannot be read at all."""
    p = Path(path)
    ext = p.suffix.lower()
    if ext not in YAML_EXT + TABLE_EXT + TBX_EXT:
        known = ", ".join(YAML_EXT + TABLE_EXT + TBX_EXT)
        raise GlossaryError(
            f"unknown glossary format {ext or '(no extension)'!r} (known: {known})", path=p
        )
    data, text = _read_text(p)
    if ext in YAML_EXT:
        root, problem = compose(text)
        reader = SchemaReader()
        if problem is not None:
            return Glossary((), path=str(p)), [problem]
        found = reader.glossary(root, str(p)), reader.problems
    elif ext in TABLE_EXT:
        delimiter = "\t" if ext == ".tsv" else ","
        found = read_table(text, str(p), delimiter, source_language, target_language)
    else:
        found = read_tbx(data, str(p), source_language)
    if len(found[0].entries) > MAX_ENTRIES:
        raise GlossaryError(f"has {len(found[0].entries):,} entries, more than the "
                            f"{MAX_ENTRIES:,} one glossary file may have: split it", path=p)
    return found


def _raise_first(path: str | Path, problems: list[Problem]) -> None:
    errors = [pr for pr in problems if pr.severity is Severity.ERROR]
    if not errors:
        return
    first = errors[0]
    more = ""
    if len(errors) > 1:
        more = f" (and {len(errors) - 1} more problems: run 'subtitler glossary lint {path}')"
    raise GlossaryError(first.message + more, path=path, line=first.line)


def load_glossary(
    path: str | Path,
    *,
    source_language: str | None = None,
    target_language: str | None = None,
) -> Glossary:
    """Load and validate a glossary; ``GlossaryError`` (with path and line)
    on the first error. Warnings are logged."""
    glossary, problems = read_glossary(
        path, source_language=source_language, target_language=target_language
    )
    _raise_first(path, problems)
    for pr in problems:
        log.warning("%s", pr.render(str(path)))
    if not glossary.entries:
        raise GlossaryError("the glossary has no entries", path=path)
    return glossary


def merge_glossaries(glossaries: Iterable[Glossary]) -> Glossary:
    """One glossary made of several (as with ``-g a.yaml -g b.csv``); an id
    used by two files is an error, and so are two house spellings. No
    glossary at all: an empty one."""
    items = list(glossaries)
    if len(items) == 1:
        return items[0]
    if not items:
        return Glossary(())
    spellings = {g.spelling for g in items if g.spelling is not None}
    if len(spellings) > 1:
        raise GlossaryError(
            f"the glossaries ask for different house spellings ({', '.join(sorted(spellings))}): "
            "choose one with --spelling",
            path=next(g.path for g in items if g.spelling is not None),
        )
    seen: dict[str, Glossary] = {}
    entries: list[Entry] = []
    for g in items:
        for e in g.entries:
            if e.id in seen:
                other = seen[e.id].path or "another glossary"
                raise GlossaryError(
                    f"entry id {e.id!r} is also used in {other}", path=g.path, line=e.line
                )
            seen[e.id] = g
            entries.append(e)
    names = " + ".join(g.name or Path(g.path or "glossary").stem for g in items)
    spelling = next(iter(spellings), None)
    return Glossary(
        tuple(entries), name=names, language=items[0].language, path=None, spelling=spelling
    )


def with_spelling(glossary: Glossary, spelling: str | None) -> Glossary:
    """``glossary`` with its house spelling set ("off": none; None: as it is)."""
    if spelling is None:
        return glossary
    return dataclasses.replace(glossary, spelling=None if spelling == "off" else spelling)


def load_glossaries(paths: Iterable[str | Path], spelling: str | None = None) -> Glossary:
    """The glossaries in ``paths`` as one, with ``spelling`` ("en-GB",
    "en-US", "off") instead of their own house spelling if given."""
    items = [load_glossary(p) for p in paths]
    if spelling is not None:
        items = [dataclasses.replace(g, spelling=None) for g in items]
    return with_spelling(merge_glossaries(items), spelling)
