"""The settings tables of docs/settings.md, made from the declarations: every
setting of ``run`` and ``batch`` (``run_settings.RUN_SETTINGS``) and the cue
builder's ``[cues]`` table (``cues.options.CueOptions``). ``tools.readme``
writes them into the page (and its ``--check`` finds a stale one)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from subtitler.cues import options as cue_options
from subtitler.pipeline.settings import RunOptions
from subtitler.profiles import Profile
from subtitler.run_settings import RUN_SETTINGS, Setting


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, Profile):
        return f"`{value.name}`"
    if isinstance(value, tuple):
        return ", ".join(f"`{v}`" for v in value) if value else "none"
    return f"`{value}`"


def default_of(setting: Setting) -> Any:
    value: Any = RunOptions()
    for part in setting.field.split("."):
        value = getattr(value, part)
    return value


def run_table() -> str:
    rows = ["| key | flag | type | values | default | meaning |",
            "|---|---|---|---|---|---|"]
    for s in RUN_SETTINGS:
        flags = ", ".join(f"`{f}`" for f in s.flags)
        meaning = f"{s.help} Range: {s.why}." if s.why else s.help
        rows.append(
            f"| `{s.key}` | {flags} | {s.type_name()} | {_cell(s.values_text())} "
            f"| {_shown(default_of(s))} | {_cell(meaning)} |"
        )
    return "\n".join(rows) + "\n"


def _field_docs(path: Path, cls: str) -> dict[str, str]:
    """The docstring under each field of class ``cls`` in ``path``."""
    tree = ast.parse(path.read_text("utf-8"))
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls).body
    out: dict[str, str] = {}
    for node, after in zip(body, body[1:], strict=False):
        if (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)):
            out[node.target.id] = str(after.value.value)
    return out


def cues_table() -> str:
    docs = _field_docs(Path(cue_options.__file__), "CueOptions")
    rows = ["| key | type | values | default | meaning |", "|---|---|---|---|---|"]
    for name, kind in cue_options.KINDS.items():
        what = "whole number" if kind is int else "number"
        default = getattr(cue_options.DEFAULT, name)
        rows.append(
            f"| `{name.replace('_', '-')}` | {what} | {cue_options.range_text(name)} "
            f"| `{default:g}` | {_cell(docs.get(name, ''))} |"
        )
    return "\n".join(rows) + "\n"
