"""Each setting of ``run`` and ``batch`` is declared once (``run_settings``):
every declared setting is reachable from the command line and from the
settings file, with the same range, and every option of ``run`` and
``batch`` is either declared or the command's own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from subtitler.cli import main
from subtitler.cli.options import run_options
from subtitler.config import load_config
from subtitler.pipeline.settings import RunOptions
from subtitler.run_settings import BY_KEY, RUN_SETTINGS, Setting, settings_of

OWN_OPTIONS = {
    "run": {"media", "output_dir", "audio_track", "script", "force", "quiet", "config_path",
            "no_config"},
    "batch": {"inputs", "output_dir", "jobs", "dask_address", "force", "outputs_anywhere",
              "summary_dir", "quiet", "config_path", "no_config"},
}
"""What each command takes that is not a setting: its inputs, where the files
go, whether to overwrite, how to run (per invocation, never in a file)."""


def command(name: str) -> click.Command:
    found = main.get_command(click.Context(main), name)
    assert isinstance(found, click.Command)
    return found


def field_of(options: RunOptions, setting: Setting) -> Any:
    value: Any = options
    for part in setting.field.split("."):
        value = getattr(value, part)
    return value


def other_value(setting: Setting) -> tuple[list[str], str, Any]:
    """A value unlike the default, as (command-line arguments, TOML, the
    field's value)."""
    default = field_of(RunOptions(), setting)
    flag = setting.flags[-1]
    if setting.kind is bool:
        value = not default if default is not None else True
        if setting.switch == "both":
            on, off = flag.split("/")
            args = [on if value else off]
        else:
            args = [flag]
            assert value is (setting.switch == "on"), setting.key
        return args, "true" if value else "false", value
    if setting.key == "format":
        return [flag, "vtt,txt"], '["vtt", "txt"]', ("vtt", "txt")
    if setting.kind is Path:
        path = Path("terms.yaml").absolute()
        return [flag, "terms.yaml"], '["terms.yaml"]', (path,)
    if setting.choices:
        choice = next(c for c in reversed(setting.choices) if c != getattr(default, "name",
                                                                             default))
        return [flag, choice.upper()], f'"{choice.upper()}"', choice
    if setting.kind is int:
        assert setting.high is not None
        high = int(setting.high)
        return [flag, str(high)], str(high), high
    return [flag, "other"], '"other"', "other"


def parsed(name: str, args: list[str]) -> dict[str, Any]:
    """The parameters click hands ``name``'s function for ``args``."""
    cmd = command(name)
    ctx = cmd.make_context(name, ["input.mp4", *args])
    return dict(ctx.params)


def own(name: str, params: dict[str, Any]) -> dict[str, Any]:
    """``params`` without the command's own options, but for ``RunOptions`` fields."""
    fields = {"output_dir", "force", "script", "audio_track", "config_path", "no_config"}
    return {k: v for k, v in params.items() if k not in OWN_OPTIONS[name] or k in fields}


@pytest.mark.parametrize("name", ["run", "batch"])
def test_every_option_of_run_and_batch_is_declared_or_the_commands_own(name: str) -> None:
    params = {p.name for p in command(name).params}
    declared = {s.param for s in settings_of(name)}
    assert params - declared == OWN_OPTIONS[name]
    assert declared <= params


@pytest.mark.parametrize("setting", RUN_SETTINGS, ids=lambda s: s.key)
@pytest.mark.parametrize("name", ["run", "batch"])
def test_every_setting_is_reachable_from_the_command_line(
    name: str, setting: Setting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if name not in setting.commands:
        assert setting.flags[-1] not in CliRunner().invoke(main, [name, "--help"]).output
        return
    monkeypatch.chdir(tmp_path)
    args, _, value = other_value(setting)
    params = parsed(name, [*args, "--no-config"])
    options = run_options(**own(name, params))
    got = field_of(options, setting)
    assert (got.name if setting.key == "profile" else got) == value
    default = field_of(run_options(**own(name, parsed(name, ["--no-config"]))), setting)
    assert default == field_of(RunOptions(), setting)


@pytest.mark.parametrize("setting", RUN_SETTINGS, ids=lambda s: s.key)
def test_every_setting_is_reachable_from_the_settings_file(
    setting: Setting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _, toml, value = other_value(setting)
    (tmp_path / "subtitler.toml").write_text(f"{setting.key} = {toml}\n", "utf-8")
    assert load_config(tmp_path / "subtitler.toml").run.get(setting.param) == value
    got = field_of(run_options(), setting)
    assert (got.name if setting.key == "profile" else got) == value
    # --no-config: the defaults
    assert field_of(run_options(no_config=True), setting) == field_of(RunOptions(), setting)


def test_keys_flags_and_parameters_are_each_declared_once() -> None:
    for attr in ("key", "param", "field"):
        values = [getattr(s, attr) for s in RUN_SETTINGS]
        assert len(values) == len(set(values)), attr
    assert set(BY_KEY) == {s.key for s in RUN_SETTINGS}
    shorts = [s.short for s in RUN_SETTINGS if s.short]
    assert len(shorts) == len(set(shorts))


def test_every_number_has_a_range_and_a_reason() -> None:
    for s in RUN_SETTINGS:
        if s.kind in (int, float):
            assert s.low is not None and s.high is not None, s.key
            assert s.why, s.key


# -- ranges and types: a usage error naming the file and the key -------------


def write(folder: Path, body: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text(f'[project]\nname = "talks"\n\n[tool.subtitler]\n{body}\n', "utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("beam-size = 0", "beam-size must be from 1 to 20, not 0"),
        ("beam-size = 100000", "beam-size must be from 1 to 20, not 100000"),
        ("threads = 99999999999", "threads must be from 1 to 64, not 99999999999"),
        ("threads = 0", "threads must be from 1 to 64, not 0"),
        ("workers = 65", "workers must be from 1 to 64, not 65"),
        ("workers = 2.5", "workers must be a whole number, not 2.5"),
        ("beam-size = true", "beam-size must be a whole number, not True"),
        ('vad = "yes"', "vad must be true or false, not 'yes'"),
        ("cache = 0", "cache must be true or false, not 0"),
        ("model = 3", "model must be a text, not 3"),
        ('engine = "whisperx"', "engine must be one of faster-whisper, openai-whisper, "
                                "not 'whisperx'"),
        ('profile = "itv"', "profile must be one of bbc, dcmp, netflix, netflix-kids, "
                            "vertical, not 'itv'"),
        ("glossary = [3]", "glossary must be a text, not 3"),
    ],
)
@pytest.mark.parametrize("name", ["run", "batch"])
def test_a_bad_setting_in_the_file_is_a_usage_error_naming_file_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, message: str, name: str
) -> None:
    cfg = write(tmp_path, body)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [name, "statement.mp4", "-q"])
    assert result.exit_code == 2
    assert result.stderr == f"subtitler: error: {cfg}: {message}\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--beam-size", "0"], "'--beam-size': 0 is not in the range 1<=x<=20"),
        (["--beam-size", "100000"], "'--beam-size': 100000 is not in the range 1<=x<=20"),
        (["--threads", "99999999999"], "'--threads': 99999999999 is not in the range 1<=x<=64"),
        (["--workers", "0"], "'--workers': 0 is not in the range 1<=x<=64"),
    ],
)
def test_the_command_line_has_the_same_ranges(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["run", "statement.mp4", *args])
    assert result.exit_code == 2
    assert result.stderr.startswith("subtitler: error: Invalid value for ")
    assert message in result.stderr and result.stderr.count("\n") == 1
