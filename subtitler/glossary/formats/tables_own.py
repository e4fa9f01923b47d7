"""Our own CSV/TSV columns: a header with ``term`` (see ``tables``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...models import Severity
from ..match.bounded import slow_problem
from ..model import Entry, Glossary, Policy, Problem, Translation, Variant
from .validate import LANG_RE, compile_problem, default_fix_case, normal_language, slug


@dataclass(frozen=True)
class Row:
    line: int
    cells: tuple[str, ...]


def split_items(cell: str) -> list[str]:
    return [item.strip() for item in cell.split("|") if item.strip()]


def cell_variant(item: str, line: int, problems: list[Problem]) -> Variant | None:
    if not item.startswith("re:"):
        return Variant(item, line=line)
    pattern, problem = compile_problem(item[3:], False)
    if pattern is None:
        problems.append(Problem(Severity.ERROR, "regex", problem or "bad regex", line))
        return None
    if slow := slow_problem(pattern):
        problems.append(Problem(Severity.WARNING, "slow-regex", slow, line))
    return Variant(item[3:], regex=True, line=line)


def parse_policy(cell: str, line: int, problems: list[Problem]) -> Policy:
    try:
        return Policy(cell.lower() or "replace")
    except ValueError:
        problems.append(
            Problem(
                Severity.ERROR,
                "schema",
                f"policy {cell!r} is not one of replace, flag, protect",
                line,
            )
        )
        return Policy.REPLACE


def _translations(
    header: Sequence[str], cells: Sequence[str], line: int, problems: list[Problem]
) -> tuple[Translation, ...]:
    approved: dict[str, list[str]] = {}
    forbidden: dict[str, list[Variant]] = {}
    for name, cell in zip(header, cells, strict=False):
        if not cell:
            continue
        if name.startswith("forbidden:") and LANG_RE.match(name[10:]):
            found = (cell_variant(i, line, problems) for i in split_items(cell))
            forbidden.setdefault(normal_language(name[10:]), []).extend(v for v in found if v)
        elif LANG_RE.match(name) and name not in ("id", "term", "note", "pos"):
            approved.setdefault(normal_language(name), []).extend(split_items(cell))
    langs = list(dict.fromkeys([*approved, *forbidden]))
    return tuple(
        Translation(
            lang, tuple(approved.get(lang, ())), (), tuple(forbidden.get(lang, ())), line=line
        )
        for lang in langs
    )


def own_columns(rows: Sequence[Row], path: str, language: str) -> tuple[Glossary, list[Problem]]:
    header = [c.lower() for c in rows[0].cells]
    problems: list[Problem] = []
    entries: list[Entry] = []
    for row in rows[1:]:
        cells = dict(zip(header, row.cells, strict=False))
        term = cells.get("term", "")
        if not term:
            problems.append(Problem(Severity.ERROR, "schema", "the row has no term", row.line))
            continue
        found = (
            cell_variant(i, row.line, problems) for i in split_items(cells.get("variants", ""))
        )
        entries.append(
            Entry(
                id=cells.get("id") or slug(term),
                term=term,
                policy=parse_policy(cells.get("policy", ""), row.line, problems),
                language=language,
                forms=tuple(split_items(cells.get("forms", ""))),
                variants=tuple(v for v in found if v),
                context=tuple(split_items(cells.get("context", ""))),
                fix_case=default_fix_case(term),
                in_quotes=cells.get("policy", "").lower() != "flag",
                note=cells.get("note", ""),
                source=cells.get("source", ""),
                translations=_translations(header, row.cells, row.line, problems),
                line=row.line,
            )
        )
    return Glossary(tuple(entries), name=Path(path).stem, language=language, path=path), problems
