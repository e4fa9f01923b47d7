"""``--spelling`` on ``glossary apply``, ``check`` and ``run``/``batch`` (the
settings file and the fingerprint), and near misses in ``glossary apply``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from subtitler.cli import main
from subtitler.cli.options import run_options
from subtitler.errors import UsageError
from subtitler.pipeline import RunOptions, effective_settings

SHIPPED = str(Path(__file__).resolve().parents[1] / "glossaries" / "sex-work-rights.yaml")

SRT = """\
1
00:00:01,000 --> 00:00:03,000
We emphasize the color
of the organization.

2
00:00:03,500 --> 00:00:05,000
"We organize," she said.
"""

SHARED: dict[str, Any] = dict(config_path=None, no_config=False)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def srt(tmp_path: Path) -> Path:
    path = tmp_path / "talk.srt"
    path.write_text(SRT, encoding="utf-8")
    return path


def test_glossary_apply_with_house_spelling_only(srt: Path) -> None:
    code, out, err = run("glossary", "apply", str(srt), "--spelling", "en-GB")
    assert code == 0
    written = (srt.parent / "talk.glossary.srt").read_text("utf-8")
    assert "We emphasise the colour\nof the organisation.\n" in written
    assert '"We organize," she said.' in written  # a quotation is the speaker's
    assert out.splitlines()[0] == (
        f'{srt}:1: cue 1: replaced "emphasize" -> "emphasise" [spelling:en-GB]'
    )
    assert "3 replacements, 0 flags" in err


def test_glossary_apply_needs_a_glossary_or_a_spelling(srt: Path) -> None:
    code, _, err = run("glossary", "apply", str(srt))
    assert code == 2 and err.startswith("subtitler: error: ") and err.count("\n") == 1
    code, _, err = run("glossary", "apply", str(srt), "--spelling", "en-AU")
    assert code == 2 and "en-AU" in err


def test_glossary_apply_reports_near_misses(tmp_path: Path) -> None:
    src = tmp_path / "names.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:03,000\nThanks to Vera Rodriquez.\n", "utf-8")
    code, out, err = run("glossary", "apply", str(src), "-g", SHIPPED)
    assert code == 0
    assert out.startswith(f'{src}:1: cue 1: near miss "Vera Rodriquez" -> "Vera Rodriguez" [vera]')
    assert "(1 near miss)" in err
    assert "Thanks to Vera Rodriguez." in (tmp_path / "names.glossary.srt").read_text("utf-8")


def test_check_flags_the_other_spelling(srt: Path) -> None:
    code, out, _ = run("check", str(srt), "--spelling", "en-GB", "--select", "term-spelling")
    assert code == 0
    assert f'{srt}:1: cue 1 [term-spelling] "emphasize" is not en-GB spelling' in out
    assert out.count("[term-spelling]") == 3
    code, _, _ = run("check", str(srt), "--spelling", "en-GB", "--select", "term-spelling",
                     "--strict")  # fmt: skip
    assert code == 3
    code, out, _ = run("check", str(srt), "--spelling", "en-US", "--select", "term-spelling")
    assert code == 0 and "[term-spelling]" not in out


def test_check_with_the_shipped_glossary_uses_its_spelling(srt: Path) -> None:
    code, out, _ = run("check", str(srt), "-g", SHIPPED, "--select", "term-spelling,term-variant")
    assert code == 0 and "[term-spelling]" in out
    code, out, _ = run("check", str(srt), "-g", SHIPPED, "--spelling", "off",
                       "--select", "term-spelling")  # fmt: skip
    assert code == 0 and "[term-spelling]" not in out


def test_spelling_from_the_settings_file_and_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "subtitler.toml").write_text('spelling = "en-gb"\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    assert run_options(**SHARED).spelling == "en-GB"
    assert run_options(**SHARED, spelling="off").spelling == "off"
    (tmp_path / "subtitler.toml").write_text('spelling = "British"\n', "utf-8")
    with pytest.raises(UsageError, match="British"):
        run_options(**SHARED)


def test_spelling_is_part_of_the_fingerprint() -> None:
    prints = {
        effective_settings(RunOptions(spelling=s)).sha256() for s in (None, "en-GB", "en-US")
    }
    assert len(prints) == 3
    assert effective_settings(RunOptions(spelling="en-GB")).to_json()["spelling"] == "en-GB"


def test_run_rejects_an_unknown_spelling(tmp_path: Path) -> None:
    code, _, err = run("run", str(tmp_path / "a.wav"), "--spelling", "en-AU")
    assert code == 2 and "en-AU" in err
