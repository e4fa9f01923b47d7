"""The README's generated parts: the command reference (from each command's
``--help``) and the layout (from the package's folders and imports), so
neither can drift from the code.

    python -m tools.readme            # rewrite them in README.md
    python -m tools.readme --check    # exit 1 if README.md is out of date

``tests/test_readme.py`` runs the check.
"""

from __future__ import annotations

import ast
import re
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import click
from click.testing import CliRunner

from subtitler.cli import main as cli

from .imports import PKG, graph, stage_graph

README = Path(__file__).resolve().parents[1] / "README.md"
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
        parts.append(f"### `{title}`\n\n```\n{help_text(path)}```\n")
    return "\n".join(parts)


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


SECTIONS = {"commands": command_reference, "layout": layout}


def render(text: str) -> str:
    """``text`` with every generated section replaced by its current content."""
    for name, make in SECTIONS.items():
        pattern = re.compile(
            rf"(<!-- generated: {name} [^>]*-->\n)(.*?)(<!-- end: {name} -->)", re.DOTALL
        )
        if not pattern.search(text):
            raise SystemExit(f"README.md has no '<!-- generated: {name} ... -->' section")
        content = make()

        def fill(m: re.Match[str], content: str = content) -> str:
            return f"{m[1]}\n{content}\n{m[3]}"

        text = pattern.sub(fill, text)
    return text


def main(argv: list[str]) -> int:
    current = README.read_text("utf-8")
    wanted = render(current)
    if "--check" in argv:
        if wanted != current:
            print("README.md is out of date: run python -m tools.readme", file=sys.stderr)
            return 1
        return 0
    if wanted != current:
        README.write_text(wanted, "utf-8")
        print("README.md updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
