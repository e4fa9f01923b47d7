"""CSV and TSV glossaries.

Layouts recognised:
- Two columns, no header (DeepL, Google "unidirectional"): source term,
  target term. Languages from the caller, or from the file name
  ("terms.en-es.csv"). Same language on both sides ("fixes.en-en.csv"):
  a find/replace list, variant then term.
- DeepL export: source, target, source language, target language[, relevance].
- Spreadsheet CSV with semicolons is recognised from its first line.
- Header of language codes (Google "equivalent term sets"), plus optional
  ``pos`` and ``description`` columns.
- Our own columns: a header with ``term`` and any of ``id``, ``policy``,
  ``variants`` and ``forms`` (``|`` between items, ``re:`` before a regex),
  ``context``, ``note``, ``source``, language codes (approved renderings)
  and ``forbidden:<lang>``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import GlossaryError
from ...models import Severity
from ..model import Entry, Glossary, Problem, Translation, Variant
from .tables_own import Row, own_columns
from .validate import LANG_RE, default_fix_case, normal_language, slug

OWN_COLUMNS = frozenset({"id", "term", "policy", "variants", "forms", "context", "note", "source"})
_PAIR_IN_NAME = re.compile(r"[._-]([a-z]{2,3}(?:-[a-z]{2})?)[._-]([a-z]{2,3}(?:-[a-z]{2})?)$", re.I)


@dataclass
class _Builder:
    """Entries keyed by source term, translations merged (import only)."""

    path: str
    language: str
    problems: list[Problem] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    terms: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    variants: dict[str, list[Variant]] = field(default_factory=dict)
    renderings: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def add(self, term: str, line: int, note: str = "") -> str:
        key = term.casefold()
        if key not in self.terms:
            self.order.append(key)
            self.terms[key], self.lines[key], self.notes[key] = term, line, note
            self.variants[key], self.renderings[key] = [], {}
        return key

    def translate(self, key: str, language: str, rendering: str) -> None:
        found = self.renderings[key].setdefault(normal_language(language), [])
        if rendering not in found:
            found.append(rendering)

    def build(self) -> Glossary:
        entries: list[Entry] = []
        used: set[str] = set()
        source = f"imported from {Path(self.path).name}"
        for key in self.order:
            term = self.terms[key]
            entry_id = slug(term)
            n = 2
            while entry_id in used:
                entry_id, n = f"{slug(term)}-{n}", n + 1
            used.add(entry_id)
            translations = tuple(
                Translation(lang, tuple(r)) for lang, r in self.renderings[key].items()
            )
            entries.append(
                Entry(
                    id=entry_id,
                    term=term,
                    language=self.language,
                    variants=tuple(self.variants[key]),
                    fix_case=default_fix_case(term),
                    note=self.notes[key],
                    source=source,
                    translations=translations,
                    line=self.lines[key],
                )
            )
        return Glossary(
            tuple(entries), name=Path(self.path).stem, language=self.language, path=self.path
        )


def _rows(text: str, delimiter: str, path: str) -> list[Row]:
    """The non-blank, non-comment rows; any line ends (old Excel for Mac
    wrote CR alone). A row csv cannot read is a ``GlossaryError`` at its line."""
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            stripped = tuple(c.strip() for c in cells)
            if any(stripped) and not stripped[0].startswith("#"):
                rows.append(Row(start, stripped))
            start = reader.line_num + 1
    except csv.Error as err:
        reason = str(err)
        if "field larger than field limit" in reason:
            reason = f"a field is longer than {csv.field_size_limit():,} characters"
        raise GlossaryError(reason, path=path, line=start) from None
    return rows


def _is_lang(cell: str) -> bool:
    return bool(LANG_RE.match(cell)) and cell.lower() not in OWN_COLUMNS | {"pos"}


def _languages_from_name(path: str) -> tuple[str, str] | None:
    m = _PAIR_IN_NAME.search(Path(path).stem)
    return (normal_language(m.group(1)), normal_language(m.group(2))) if m else None


def _error(problems: list[Problem], line: int | None, message: str) -> None:
    problems.append(Problem(Severity.ERROR, "schema", message, line))


def _pairs(rows: Sequence[Row], b: _Builder, src: str, tgt: str) -> None:
    for row in rows:
        if len(row.cells) < 2 or not row.cells[0] or not row.cells[1]:
            _error(b.problems, row.line, "a row needs a source and a target term")
            continue
        if normal_language(src) == normal_language(tgt):
            key = b.add(row.cells[1], row.line)
            b.variants[key].append(Variant(row.cells[0], line=row.line))
        else:
            b.translate(b.add(row.cells[0], row.line), tgt, row.cells[1])


def _deepl(rows: Sequence[Row], b: _Builder) -> None:
    for row in rows:
        src, tgt = row.cells[2], row.cells[3]
        if normal_language(src) != normal_language(b.language):
            _error(
                b.problems,
                row.line,
                f"source language {src!r} differs from the glossary's {b.language!r}",
            )
            continue
        _pairs([Row(row.line, row.cells[:2])], b, src, tgt)


def _term_sets(header: Sequence[str], rows: Sequence[Row], b: _Builder) -> None:
    langs = {i: normal_language(c) for i, c in enumerate(header) if _is_lang(c)}
    src_col = next((i for i, lang in langs.items() if lang == b.language), min(langs))
    b.language = langs[src_col]
    extra = {c.lower(): i for i, c in enumerate(header) if c.lower() in ("pos", "description")}
    for row in rows:
        cells = row.cells + ("",) * (len(header) - len(row.cells))
        if not cells[src_col]:
            _error(b.problems, row.line, f"no {langs[src_col]} term in this row")
            continue
        note = " ".join(cells[i] for i in extra.values() if cells[i])
        key = b.add(cells[src_col], row.line, note)
        for i, lang in langs.items():
            if i != src_col and cells[i]:
                b.translate(key, lang, cells[i])


def read_table(
    text: str, path: str, delimiter: str, source_language: str | None, target_language: str | None
) -> tuple[Glossary, list[Problem]]:
    first = next((line for line in text.splitlines() if line.strip()), "")
    if delimiter == "," and ";" in first and "," not in first:
        delimiter = ";"  # a spreadsheet saved with semicolons
    rows = _rows(text, delimiter, path)
    b = _Builder(path, normal_language(source_language or "en"))
    if not rows:
        _error(b.problems, None, "the file has no rows")
        return b.build(), b.problems
    header = [c.lower() for c in rows[0].cells]
    if "term" in header:
        return own_columns(rows, path, b.language)
    langs = [c for c in rows[0].cells if c]
    named = sum(1 for c in langs if _is_lang(c))  # "pos,pos" names no language (fuzz test)
    if named >= 2 and all(_is_lang(c) or c.lower() in ("pos", "description") for c in langs):
        _term_sets(rows[0].cells, rows[1:], b)
    elif all(len(r.cells) >= 4 and _is_lang(r.cells[2]) and _is_lang(r.cells[3]) for r in rows):
        _deepl(rows, b)
    else:
        pair = (source_language, target_language) if source_language and target_language else None
        pair = pair or _languages_from_name(path)
        if pair is None:
            _error(
                b.problems,
                rows[0].line,
                "two-column glossary without languages: add a header row "
                "such as 'en,es', or name the file like 'terms.en-es.csv'",
            )
            return b.build(), b.problems
        b.language = normal_language(pair[0])
        _pairs(rows, b, pair[0], pair[1])
    return b.build(), b.problems
