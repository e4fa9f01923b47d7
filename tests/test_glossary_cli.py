"""``subtitler glossary apply | lint | show`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from subtitler.cli import main

SHIPPED = str(Path(__file__).resolve().parents[1] / "glossaries" / "sex-work-rights.yaml")

SRT = """\
1
00:00:01,000 --> 00:00:03,000
Vera Rodrigues from
red umbrella found.

2
00:00:03,500 --> 00:00:05,000
Prostitutes are workers.

3
00:00:05,500 --> 00:00:07,000
Nothing to change.
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_every_glossary_command_has_help() -> None:
    for cmd in ("apply", "lint", "show"):
        code, out, _ = run("glossary", cmd, "--help")
        assert code == 0 and "Usage: main glossary " + cmd in out
        assert len(out.split("\n\n")[1].strip()) > 20


def test_apply_writes_a_new_file_and_lists_changes(tmp_path: Path) -> None:
    src = tmp_path / "talk.srt"
    src.write_text(SRT, encoding="utf-8")
    code, out, err = run("glossary", "apply", str(src), "-g", SHIPPED)
    assert code == 0
    written = (tmp_path / "talk.glossary.srt").read_text(encoding="utf-8")
    assert "Vera Rodriguez from\nRed Umbrella Fund.\n" in written
    assert "Prostitutes are workers." in written
    assert src.read_text(encoding="utf-8") == SRT
    assert out.splitlines() == [
        f'{src}:1: cue 1: replaced "Vera Rodrigues" -> "Vera Rodriguez" [vera]',
        f'{src}:1: cue 1: replaced "red umbrella found" -> "Red Umbrella Fund" [ruf]',
        f'{src}:6: cue 2: flag "Prostitutes", suggest "Sex workers" [prostitute] '
        "(Discouraged; never rewrite the speaker's words, quotations or titles.)",
    ]
    assert "2 replacements, 1 flag; wrote" in err


def test_apply_dry_run_json_and_output_option(tmp_path: Path) -> None:
    src = tmp_path / "talk.srt"
    src.write_text(SRT, encoding="utf-8")
    out_path = tmp_path / "fixed.srt"
    code, out, _ = run(
        "glossary", "apply", str(src), "-g", SHIPPED, "-o", str(out_path), "--dry-run", "--json"
    )
    assert code == 0 and not out_path.exists()
    changes = json.loads(out)
    assert [c["entry"] for c in changes] == ["vera", "ruf", "prostitute"]
    assert changes[2]["kind"] == "flag" and changes[2]["cue"] == 2


def test_apply_reports_bad_input_in_one_line(tmp_path: Path) -> None:
    code, _, err = run("glossary", "apply", str(tmp_path / "none.srt"), "-g", SHIPPED)
    assert code == 1 and err.startswith("subtitler: error: ") and err.count("\n") == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries:\n  - term: x\n    policy: maybe\n", encoding="utf-8")
    src = tmp_path / "talk.srt"
    src.write_text(SRT, encoding="utf-8")
    code, _, err = run("glossary", "apply", str(src), "-g", str(bad))
    assert code == 1
    assert (
        err == f"subtitler: error: {bad}:3: entry x: policy 'maybe' is not one of "
        "replace, flag, protect\n"
    )


def test_lint_exit_codes(tmp_path: Path) -> None:
    code, out, _ = run("glossary", "lint", SHIPPED)
    assert code == 0 and out.endswith("0 errors, 0 warnings\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries:\n  - {term: x, variants: [{regex: 'a*'}]}\n", encoding="utf-8")
    code, out, _ = run("glossary", "lint", str(bad))
    assert code == 3
    assert f"{bad}:2: error: regex 'a*' matches the empty string" in out
    warn_only = tmp_path / "warn.yaml"
    warn_only.write_text("entries:\n  - {term: x}\n", encoding="utf-8")
    assert run("glossary", "lint", str(warn_only))[0] == 0
    assert run("glossary", "lint", "--strict", str(warn_only))[0] == 3
    assert run("glossary", "lint", str(tmp_path / "missing.yaml"))[0] == 1


def test_show_per_language_and_json() -> None:
    code, out, _ = run("glossary", "show", SHIPPED, "--lang", "es")
    assert code == 0
    assert "trafficking  [replace, en]  trafficking" in out
    assert "    es: trata de personas" in out and "    fr:" not in out
    code, out, _ = run("glossary", "show", SHIPPED, "--json")
    data = json.loads(out)
    assert data["name"] == "sex-work-rights" and len(data["entries"]) >= 30
