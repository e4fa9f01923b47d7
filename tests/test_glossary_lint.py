"""``lint_path``: every problem of a glossary, with lines."""

from __future__ import annotations

from pathlib import Path

from subtitler.glossary import lint_path
from subtitler.models import Severity

SHIPPED = Path(__file__).resolve().parents[1] / "glossaries" / "sex-work-rights.yaml"


def lint(tmp_path: Path, text: str) -> list[tuple[str, str, int | None]]:
    path = tmp_path / "g.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = lint_path(path)
    return [(p.code, p.severity.value, p.line) for p in problems]


def test_shipped_glossary_is_clean_and_every_entry_has_a_source() -> None:
    glossary, problems = lint_path(SHIPPED)
    assert problems == []
    assert len(glossary.entries) >= 30
    assert all(e.source for e in glossary.entries)
    langs = {t.language for e in glossary.entries for t in e.translations}
    assert langs == {"es", "fr", "pt", "ru"}


def test_schema_errors_are_all_reported(tmp_path: Path) -> None:
    found = lint(
        tmp_path,
        "entries:\n"
        "  - term: a\n"
        "    polcy: flag\n"
        "    source: s\n"
        "  - term: b\n"
        "    policy: nope\n"
        "    source: s\n",
    )
    assert ("schema", "error", 3) in found and ("schema", "error", 6) in found


def test_duplicates_and_conflicts(tmp_path: Path) -> None:
    found = lint(
        tmp_path,
        """\
entries:
  - {id: one, term: sex work, variants: [sexwork], source: s}
  - {id: one, term: labour, variants: [labor], source: s}
  - {id: three, term: sex work, source: s}
  - {id: four, term: sex walk, variants: [sexwork], source: s}
  - {id: five, term: sex work, variants: [sexwork], policy: flag, source: s}
""",
    )
    assert ("duplicate-id", "error", 3) in found
    assert ("duplicate-term", "warning", 4) in found
    assert ("conflict", "error", 5) in found
    assert ("conflict", "error", 6) in found


def test_variant_equal_to_another_entrys_term(tmp_path: Path) -> None:
    found = lint(
        tmp_path,
        """\
entries:
  - {id: a, term: sex work, source: s}
  - id: b
    term: sex worker
    source: s
    variants:
      - sex work
      - regex: 'sex\\s+work'
""",
    )
    assert [f for f in found if f[0] == "variant-is-term"] == [
        ("variant-is-term", "error", 7),
        ("variant-is-term", "error", 8),
    ]


def test_regex_matching_the_empty_string(tmp_path: Path) -> None:
    found = lint(
        tmp_path,
        """\
entries:
  - id: a
    term: sex work
    source: s
    variants: [{regex: '(sex)?'}]
    translations:
      es: {forbidden: [{regex: 'x*'}]}
""",
    )
    assert found.count(("empty-match", "error", 5)) == 1
    assert ("empty-match", "error", 7) in found


def test_warnings(tmp_path: Path) -> None:
    found = lint(
        tmp_path,
        """\
entries:
  - {id: a, term: sex work}
  - {id: b, term: Department of Labor, policy: protect, context: [x], source: s}
  - id: c
    term: sex work
    source: s
    translations: {es: {term: trabajo sexual, forbidden: [Trabajo Sexual]}}
""",
    )
    assert ("no-source", "warning", 2) in found
    assert ("context-unused", "warning", 3) in found
    assert ("conflict", "error", 7) in found
    assert all(sev in (Severity.ERROR.value, Severity.WARNING.value) for _, sev, _ in found)
