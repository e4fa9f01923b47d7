"""`subtitler check -g --source --lang`: a translator's file checked against
the source subtitles and the shipped glossary, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from subtitler.cli import main

GLOSSARY = str(Path(__file__).resolve().parents[1] / "glossaries" / "sex-work-rights.yaml")

SOURCE = """1
00:00:01,000 --> 00:00:03,000
Trafficking in persons is a crime.

2
00:00:03,100 --> 00:00:06,000
Sex workers demand labour rights.

3
00:00:06,100 --> 00:00:09,000
Sex workers lead this work.
"""

SPANISH = """1
00:00:01,000 --> 00:00:03,000
El tráfico de personas es un delito.

2
00:00:03,100 --> 00:00:06,000
Las prostitutas exigen derechos laborales.

3
00:00:06,100 --> 00:00:09,000
Las trabajadoras sexuales lideran este trabajo.
"""


BADLY_BROKEN_ES = (
    "1\n00:00:01,000 --> 00:00:06,000\n"
    "Las trabajadoras sexuales exigen el fin de\nla criminalización de su trabajo.\n"
)


def test_false_friends_are_flagged_at_their_cues_and_a_correct_cue_is_not(
    tmp_path: Path,
) -> None:
    (tmp_path / "talk.srt").write_text(SOURCE, "utf-8")
    (tmp_path / "talk.es.srt").write_text(SPANISH, "utf-8")
    args = [
        "check",
        str(tmp_path / "talk.es.srt"),
        "--source",
        str(tmp_path / "talk.srt"),
        "--lang",
        "es",
        "-g",
        GLOSSARY,
        "--format",
        "json",
        "--no-config",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 3, result.output
    findings = json.loads(result.stdout)["files"][0]["findings"]
    terms = [(f["rule"], f["cue"], f["line"]) for f in findings if f["rule"].startswith("term-")]
    assert ("term-translation", 1, 1) in terms
    assert ("term-translation", 2, 5) in terms
    assert not [t for t in terms if t[1] == 3]
    messages = " ".join(f["message"] for f in findings)
    assert "tráfico de personas" in messages and "prostitutas" in messages


def test_term_findings_on_an_english_file(tmp_path: Path) -> None:
    path = tmp_path / "talk.srt"
    path.write_text(
        "1\n00:00:00,500 --> 00:00:03,000\nThe criminalization of sex work harms us.\n\n"
        "2\n00:00:03,100 --> 00:00:06,000\nProstitutes are workers too.\n",
        "utf-8",
    )
    result = CliRunner().invoke(main, ["check", str(path), "-g", GLOSSARY, "--no-config"])
    out = result.stdout
    assert f"{path}:1: cue 1 [term-variant]" in out and "criminalisation" in out
    assert f"{path}:5: cue 2 [term-discouraged]" in out
    assert result.exit_code == 0  # both are warnings by default


def test_source_without_glossary_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.srt").write_text(SOURCE, "utf-8")
    result = CliRunner().invoke(
        main, ["check", str(tmp_path / "a.srt"), "--source", str(tmp_path / "a.srt")]
    )
    assert result.exit_code == 2
    assert "--source needs a glossary" in result.stderr


def test_line_break_rule_speaks_the_files_language(tmp_path: Path) -> None:
    path = tmp_path / "talk.es.srt"
    path.write_text(BADLY_BROKEN_ES, "utf-8")
    spanish = CliRunner().invoke(main, ["check", str(path), "--lang", "es", "--no-config"])
    assert f'{path}:1: cue 1 [line-break] line 1 ends with "de"' in spanish.stdout
    english = CliRunner().invoke(main, ["check", str(path), "--no-config"])
    assert "[line-break]" not in english.stdout  # "de" is no English function word


def test_fix_rewraps_in_the_files_language(tmp_path: Path) -> None:
    path = tmp_path / "talk.es.srt"
    path.write_text(BADLY_BROKEN_ES, "utf-8")
    out = tmp_path / "fixed.srt"
    args = ["check", str(path), "--lang", "es", "--fix", "-o", str(out), "--no-config"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    lines = out.read_text("utf-8").splitlines()[2:4]
    assert " ".join(lines).split() == (
        "Las trabajadoras sexuales exigen el fin de la criminalización de su trabajo.".split()
    )
    assert lines[0].split()[-1] not in ("de", "la", "el", "su")
