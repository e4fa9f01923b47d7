"""The documentation holds together: its generated parts match the code
(``python -m tools.readme``), every relative link and ``#anchor`` in
README.md, CONTRIBUTING.md and docs/*.md resolves, and every place in the
code that cites the documentation cites a page and heading that exist."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from subtitler.rules.registry import ALL_RULES, DEFAULT_SEVERITY
from tools import readme

ROOT = readme.ROOT
PAGES = sorted([ROOT / "README.md", ROOT / "CONTRIBUTING.md", *(ROOT / "docs").glob("*.md")])
CODE_FOLDERS = ("subtitler", "tests", "bench", "tools", "media")

FENCE = re.compile(r"^(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
CITATION = re.compile(r"\b((?:docs/[\w-]+|README|CONTRIBUTING)\.md)(#[\w-]+)?")
"""How code cites the documentation: ``docs/cues.md#heading-slug``."""


def prose_lines(text: str) -> list[str]:
    """The lines of a Markdown text outside fenced code blocks."""
    out, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line.lstrip()):
            fenced = not fenced
            continue
        if not fenced:
            out.append(line)
    return out


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: the rendered text lower-cased, kept
    only letters, digits, ``_``, ``-`` and spaces, spaces made hyphens."""
    parts = CODE_SPAN.split(heading)  # text, ticks, code, text, ticks, code, text...
    shown = []
    for i, part in enumerate(parts):
        if i % 3 == 0:  # outside code: a link shows its text, a tag nothing
            part = re.sub(r"<[^>]+>", "", re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", part))
        if i % 3 != 1:
            shown.append(part)
    text = "".join(shown).lower()
    kept = "".join(
        ch for ch in text
        if ch in " -_" or unicodedata.category(ch)[0] in "LNM"
    )
    return kept.replace(" ", "-")


@cache
def anchors(page: Path) -> frozenset[str]:
    """Every ``#anchor`` a page has, numbered as GitHub numbers repeats."""
    seen: dict[str, int] = {}
    out = set()
    for line in prose_lines(page.read_text("utf-8")):
        m = HEADING.match(line)
        if not m:
            continue
        base = slug(m[2])
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return frozenset(out)


def links(page: Path) -> list[tuple[int, str]]:
    """(line number, target) of every link and image in the page's prose."""
    found = []
    fenced = False
    for no, line in enumerate(page.read_text("utf-8").splitlines(), 1):
        if FENCE.match(line.lstrip()):
            fenced = not fenced
            continue
        if fenced:
            continue
        for m in LINK.finditer(CODE_SPAN.sub("", line)):
            found.append((no, m[1]))
    return found


def broken(page: Path, target: str) -> str | None:
    """Why ``target`` (a link in ``page``) does not resolve, or None."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:: not ours to check
        return None
    path, _, anchor = target.partition("#")
    dest = (page.parent / path).resolve() if path else page
    if not dest.exists():
        return f"no file {path}"
    if anchor and dest.suffix == ".md" and anchor not in anchors(dest):
        return f"no heading #{anchor} in {dest.name}"
    return None


def test_the_slugs_are_githubs() -> None:
    assert slug("`subtitler check`: a subtitle linter") == "subtitler-check-a-subtitle-linter"
    assert slug("Speed: one file on every core") == "speed-one-file-on-every-core"
    assert slug("The report (`<stem>.report.json`)") == "the-report-stemreportjson"
    assert slug("Term recall (`bench/term_recall.py`)") == "term-recall-benchterm_recallpy"
    assert slug("Café, 10% [draft]") == "café-10-draft"


def test_the_link_checker_sees_a_broken_link_and_anchor(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Top\n\n## A heading\n\n## A heading\n\n"
                    "[ok](#a-heading-1) [bad](#nowhere) [file](missing.md) `[code](x.md)`\n"
                    "```\n[fenced](gone.md)\n```\n", "utf-8")
    found = {t: broken(page, t) for _, t in links(page)}
    assert found == {"#a-heading-1": None, "#nowhere": "no heading #nowhere in page.md",
                     "missing.md": "no file missing.md"}


def test_every_relative_link_and_anchor_in_the_docs_resolves() -> None:
    bad = [
        f"{page.relative_to(ROOT)}:{no}: {target}: {why}"
        for page in PAGES
        for no, target in links(page)
        if (why := broken(page, target)) is not None
    ]
    assert not bad, "\n".join(bad)


def test_every_page_is_linked_from_the_readme() -> None:
    readme_links = {t.partition("#")[0] for _, t in links(ROOT / "README.md")}
    missing = [p.relative_to(ROOT).as_posix() for p in PAGES
               if p.name != "README.md" and p.relative_to(ROOT).as_posix() not in readme_links]
    assert not missing, missing


def code_files() -> list[Path]:
    return sorted(p for folder in CODE_FOLDERS for p in (ROOT / folder).rglob("*.py"))


def test_code_cites_the_docs_by_page_and_heading() -> None:
    """A comment or help text that sends the reader to the documentation
    names a page (and a heading) that exist; none says just "the README"."""
    bad, cited = [], 0
    for path in code_files():
        if path == Path(__file__):
            continue
        for no, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            where = f"{path.relative_to(ROOT)}:{no}"
            for m in CITATION.finditer(line):
                cited += 1
                dest = ROOT / m[1]
                if not dest.is_file():
                    # a README.md beside the code (media/README.md) is a file, not a citation
                    local = (path.parent / m[1])
                    if m[1] == "README.md" and local.is_file() and not m[2]:
                        continue
                    bad.append(f"{where}: no page {m[1]}")
                elif m[2] and m[2][1:] not in anchors(dest):
                    bad.append(f"{where}: no heading {m[2]} in {m[1]}")
            if re.search(r"\bREADME\b(?!\.md)", line):
                bad.append(f"{where}: cites the README without a page: {line.strip()}")
    assert not bad, "\n".join(bad)
    assert cited >= 10  # the check looked at the citations it is meant for


def test_the_generated_parts_are_current() -> None:
    done = subprocess.run([sys.executable, "-m", "tools.readme", "--check"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, ""), "run: python -m tools.readme"


def test_the_check_reports_a_stale_page(tmp_path: Path) -> None:
    page = (ROOT / "docs" / "check.md").read_text("utf-8")
    stale = re.sub(r"\| `overlap` \|[^\n]*\n", "", page)
    assert stale != page
    sections = readme.PAGES["docs/check.md"]
    assert readme.render(stale, sections) == page


def test_check_exits_1_on_a_stale_page_and_the_generator_mends_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Rules\n\n<!-- generated: rules (x) -->\nold table\n<!-- end: rules -->\n",
                    "utf-8")
    monkeypatch.setattr(readme, "ROOT", tmp_path)
    monkeypatch.setattr(readme, "PAGES", {"page.md": {"rules": readme.rules_table}})
    assert readme.main(["--check"]) == 1
    assert "page.md is out of date" in capsys.readouterr().err
    assert readme.main([]) == 0
    assert readme.main(["--check"]) == 0
    assert "| `overlap` |" in page.read_text("utf-8")


def test_every_command_is_in_the_reference_with_its_examples() -> None:
    ref = readme.command_reference()
    for path in readme.command_paths():
        title = " ".join(("subtitler", *path))
        assert f"## `{title}`" in ref
        if path:
            assert "Examples:" in readme.help_text(path), title


def test_the_rules_table_lists_every_rule_id_once() -> None:
    table = readme.rules_table()
    ids = re.findall(r"^\| `([a-z-]+)` \|", table, re.MULTILINE)
    registry = [r.id for r in ALL_RULES]
    assert ids == registry
    assert sorted(ids) == sorted(set(ids)) == sorted(DEFAULT_SEVERITY)


def test_the_licence_file_is_the_one_pyproject_names() -> None:
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["license"]
    text = (ROOT / "LICENSE").read_text("utf-8")
    assert declared == "MIT"
    assert text.startswith("MIT License\n\nCopyright (c) subtitler contributors\n")
