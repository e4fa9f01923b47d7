"""The documentation's generated parts, so none can drift from the code:

- ``docs/cli.md``: the command reference, from each command's ``--help``;
- ``docs/check.md``: the rules table, from the rule registry and the profiles;
- ``docs/profiles.md``: the profiles' numbers;
- ``docs/settings.md``: the settings of ``run`` and ``batch`` and the cue
  builder's table, from their declarations (``tools.settings_table``);
- ``CONTRIBUTING.md``: the layout, from the package's folders and imports.

    python -m tools.readme            # rewrite them
    python -m tools.readme --check    # exit 1 if any is out of date

Each generated part sits between ``<!-- generated: NAME ... -->`` and
``<!-- end: NAME -->`` in its page. ``tests/test_readme.py`` runs the check.
"""

from __future__ import annotations

import ast
import re
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import click
from click.testing import CliRunner

from subtitler.cli import main as cli
from subtitler.profiles import DEFAULT_PROFILE, PROFILES
from subtitler.rules.registry import ALL_RULES

from .imports import PKG, graph, stage_graph
from .settings_table import cues_table, run_table

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 88


def command_paths() -> Iterator[tuple[str, ...]]:
    """Every command and subcommand, ``()`` being ``subtitler`` itself."""
    yield ()
    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        cmd = cli.get_command(ctx, name)
        yield (name,)
        if isinstance(cmd, click.Group):
            for sub in sorted(cmd.commands):
                yield (name, sub)


def help_text(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(
        cli, [*path, "--help"], prog_name="subtitler", terminal_width=WIDTH
    )
    if result.exit_code != 0:
        raise SystemExit(f"subtitler {' '.join(path)} --help failed: {result.output}")
    return result.output.rstrip() + "\n"


def command_reference() -> str:
    parts = []
    for path in command_paths():
        title = " ".join(("subtitler", *path))
        parts.append(f"## `{title}`\n\n```\n{help_text(path)}```\n")
    return "\n".join(parts)


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _unit(field: str) -> str:
    return " ms" if field.endswith("_ms") else " cps" if field == "max_cps" else ""


def _uses(fields: tuple[str, ...]) -> str:
    """The profile numbers a rule judges by, in every profile."""
    cells = []
    for field in fields:
        values = [_number(p.numbers()[field]) for p in PROFILES.values()]
        shown = (f"{values[0]}{_unit(field)} in every profile" if len(set(values)) == 1
                 else " / ".join(values) + _unit(field))
        cells.append(f"`{field.replace('_', '-')}` {shown}")
    return "; ".join(cells) or "-"


def rules_table() -> str:
    """Every rule of the registry with its default severity and the profile
    numbers it uses."""
    names = " / ".join(PROFILES)
    lines = [
        f"| id | what it reports | default severity | profile numbers ({names}) |",
        "|---|---|---|---|",
    ]
    for rule in ALL_RULES:
        text = rule.description.replace("|", "\\|").replace("<", "&lt;")
        severity = DEFAULT_PROFILE.severity_of(rule.id)
        lines.append(f"| `{rule.id}` | {text} | {severity} | {_uses(rule.uses)} |")
    return "\n".join(lines) + "\n"


NUMBER_LABELS = {
    "max_line_chars": "characters per line",
    "max_lines": "lines per cue",
    "max_cps": "max reading speed",
    "min_duration_ms": "min duration",
    "max_duration_ms": "max duration",
    "min_gap_ms": "min gap",
    "max_linger_ms": "linger after speech",
}
"""How the profiles table names each number (any other by its field name)."""


def profiles_table() -> str:
    """Every profile's numbers, a column per profile, a row per number."""
    head = [f"{n} (default)" if p is DEFAULT_PROFILE else n for n, p in PROFILES.items()]
    lines = [f"| number | setting | {' | '.join(head)} |",
             "|---|---|" + "---|" * len(head)]
    for field in DEFAULT_PROFILE.numbers():
        label = NUMBER_LABELS.get(field, field)
        cells = [f"{_number(p.numbers()[field])}{_unit(field)}" for p in PROFILES.values()]
        lines.append(f"| {label} | `{field.replace('_', '-')}` | {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"


def _summary(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""
    first = " ".join(doc.split("\n\n")[0].split())
    return first.split(". ")[0].rstrip(".")


def layout() -> str:
    """The package as folders (stages), each with its modules and the stages
    it imports, lower stages first."""
    deps = stage_graph(graph())
    order: list[str] = []

    def place(stage: str) -> None:
        if stage not in order:
            for dep in sorted(deps.get(stage, ())):
                place(dep)
            order.append(stage)

    for stage in sorted(deps):
        place(stage)
    top = sorted(p.stem for p in PKG.glob("*.py") if not p.stem.startswith("__"))
    lines = ["subtitler/", f"  {'(top)':<11} {', '.join(top)}: shared by every stage"]
    for stage in order:
        folder = PKG / stage
        mods = sorted(
            str(p.relative_to(folder).with_suffix("")).replace("/", ".")
            for p in folder.rglob("*.py") if p.name != "__init__.py"
        )
        used = ", ".join(sorted(deps.get(stage, ()))) or "(no other stage)"
        lines += _wrapped(f"{stage}/", _summary(folder / "__init__.py"))
        lines += _wrapped("", f"modules: {', '.join(mods)}")
        lines += _wrapped("", f"imports: {used}")
    return "```\n" + "\n".join(lines) + "\n```\n"


def _wrapped(label: str, text: str) -> list[str]:
    indent = " " * 14
    first = f"  {label:<11} " if label else indent
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=indent + "  ")


PAGES: dict[str, dict[str, Callable[[], str]]] = {
    "docs/cli.md": {"commands": command_reference},
    "docs/check.md": {"rules": rules_table},
    "docs/profiles.md": {"profiles": profiles_table},
    "docs/settings.md": {"settings": run_table, "cues": cues_table},
    "CONTRIBUTING.md": {"layout": layout},
}
"""Each page (relative to the repository) and the generated sections in it."""


def render(text: str, sections: dict[str, Callable[[], str]], page: str = "page") -> str:
    """``text`` with each of ``sections`` replaced by its current content."""
    for name, make in sections.items():
        pattern = re.compile(
            rf"(<!-- generated: {name} [^>]*-->\n)(.*?)(<!-- end: {name} -->)", re.DOTALL
        )
        if not pattern.search(text):
            raise SystemExit(f"{page} has no '<!-- generated: {name} ... -->' section")
        content = make()

        def fill(m: re.Match[str], content: str = content) -> str:
            return f"{m[1]}\n{content}\n{m[3]}"

        text = pattern.sub(fill, text)
    return text


def stale_pages() -> list[tuple[Path, str]]:
    """Each page whose generated parts differ from the code, with its wanted text."""
    out = []
    for name, sections in PAGES.items():
        path = ROOT / name
        current = path.read_text("utf-8")
        wanted = render(current, sections, name)
        if wanted != current:
            out.append((path, wanted))
    return out


def main(argv: list[str]) -> int:
    stale = stale_pages()
    if "--check" in argv:
        for path, _ in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run python -m tools.readme",
                  file=sys.stderr)
        return 1 if stale else 0
    for path, wanted in stale:
        path.write_text(wanted, "utf-8")
        print(f"{path.relative_to(ROOT)} updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
