"""``run`` and ``batch`` read the same settings file as ``check``: the command
line wins over the file, the file over the defaults."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from subtitler.cli import main
from subtitler.cli.options import run_options
from subtitler.config import load_config
from subtitler.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]

SHARED: dict[str, Any] = dict(
    profile=None, engine=None, model=None, beam_size=None, vad=None, glossaries=(),
    hotwords=None, script_strict=None, no_cache=False, config_path=None, no_config=False,
)


def write_settings(folder: Path, body: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text(f'[project]\nname = "talks"\n\n[tool.subtitler]\n{body}', encoding="utf-8")
    return path


def test_the_file_sets_what_the_command_line_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "terms.yaml").write_text("entries:\n  - term: Red Umbrella Fund\n")
    write_settings(
        tmp_path,
        'profile = "bbc"\nmax-cps = 14\nbeam-size = 3\nvad = false\nlanguage = "en"\n'
        'glossary = ["terms.yaml"]\nhotwords = true\nengine = "openai-whisper"\n',
    )
    monkeypatch.chdir(tmp_path)
    o = run_options(**SHARED)
    assert (o.profile.name, o.profile.max_cps, o.profile.max_line_chars) == ("bbc", 14, 37)
    assert (o.decode.beam_size, o.decode.vad, o.decode.language) == (3, False, "en")
    assert o.glossary == ((tmp_path / "terms.yaml").absolute(),)
    assert (o.hotwords, o.engine) == (True, "openai-whisper")
    given = {**SHARED, "profile": "dcmp", "beam_size": 5, "vad": True, "engine": "faster-whisper"}
    o = run_options(**given)
    assert (o.profile.name, o.profile.max_cps) == ("dcmp", 14)  # the file's numbers stay
    assert (o.decode.beam_size, o.decode.vad, o.engine) == (5, True, "faster-whisper")
    o = run_options(**{**SHARED, "no_config": True})
    assert (o.profile.name, o.decode.beam_size, o.glossary) == ("netflix", 5, ())


def test_a_glossary_path_is_relative_to_the_settings_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    cfg = write_settings(tmp_path / "sub", 'glossary = "../g.yaml"\n')
    assert load_config(cfg).run.glossary == ((tmp_path / "sub" / ".." / "g.yaml").absolute(),)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('beam-size = "five"\n', "beam-size must be a whole number, not 'five'"),
        ("vad = 1\n", "vad must be true or false, not 1"),
        ("glossary = 3\n", "glossary must be a list of strings"),
    ],
)
def test_a_bad_value_is_a_usage_error_naming_the_file(
    tmp_path: Path, body: str, message: str
) -> None:
    cfg = write_settings(tmp_path, body)
    with pytest.raises(UsageError) as err:
        load_config(cfg)
    assert str(err.value) == f"{cfg}: {message}"


def test_an_unknown_setting_is_named_and_ignored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cfg = write_settings(tmp_path, 'profile = "bbc"\nhtml = true\n')
    with caplog.at_level(logging.WARNING):
        assert load_config(cfg).profile == "bbc"
    assert "unknown setting 'html'" in caplog.text


@pytest.mark.slow
def test_run_with_bbc_in_pyproject_writes_bbc_cues_that_check_passes_alike(
    sample_video: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    video = tmp_path / "statement.mp4"
    shutil.copy(sample_video, video)
    write_settings(tmp_path, 'profile = "bbc"\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["run", "statement.mp4", "-q"])
    report = json.loads((tmp_path / "statement.report.json").read_text("utf-8"))
    assert report["profile"] == "bbc"
    assert report["options"]["profile"]["max_line_chars"] == 37
    lines = (tmp_path / "statement.srt").read_text("utf-8").splitlines()
    text = [ln for ln in lines if ln and "-->" not in ln and not ln.isdigit()]
    assert max(len(ln) for ln in text) <= 37
    checked = CliRunner().invoke(main, ["check", "statement.srt", "--format", "json"])
    found = json.loads(checked.stdout)["files"][0]["findings"]
    assert checked.exit_code == result.exit_code
    assert {f["rule"] for f in found} == {f["rule"] for f in report["findings"]}
