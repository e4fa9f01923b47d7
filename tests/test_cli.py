"""CLI surface: help for every command, usage errors, exit codes documented."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from subtitler.cli import main


def all_commands() -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = [()]
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        cmd = main.get_command(ctx, name)
        assert cmd is not None
        out.append((name,))
        if isinstance(cmd, click.Group):
            out.extend((name, sub) for sub in cmd.commands)
    return out


@pytest.mark.parametrize("path", all_commands(), ids=lambda p: " ".join(p) or "subtitler")
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    cmd: click.Command | None = main
    for name in path:
        assert isinstance(cmd, click.Group)
        cmd = cmd.get_command(click.Context(cmd), name)
    assert cmd is not None
    assert cmd.help and len(cmd.help.strip()) > 20


def test_exit_codes_are_in_the_help() -> None:
    result = CliRunner().invoke(main, ["--help"])
    for code in ("0", "1", "2", "3"):
        assert f"  {code}  " in result.output


@pytest.mark.parametrize(
    "args",
    [["run"], ["run", "x.mp4", "--profile", "nope"], ["run", "x.mp4", "--bogus"], ["nope"]],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_engine_choices_match_the_registry() -> None:
    from subtitler.cli.options import ENGINE_NAMES
    from subtitler.engines import ENGINES

    assert set(ENGINE_NAMES) == set(ENGINES)


@pytest.mark.parametrize("command", ["run", "batch"])
def test_run_and_batch_share_the_transcription_options(command: str) -> None:
    out = CliRunner().invoke(main, [command, "--help"]).output
    for flag in (
        "--profile",
        "--engine",
        "--model",
        "--beam-size",
        "--no-vad",
        "--glossary",
        "--hotwords",
        "--script-strict",
        "--no-cache",
        "--language",
        "--force",
    ):
        assert flag in out


@pytest.mark.parametrize(("command", "media"), [("review", "jfk_wav"), ("burn", "sample_video")])
def test_subtitles_is_shown_and_srt_still_works_unshown(
    command: str, media: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    out = CliRunner().invoke(main, [command, "--help"]).output
    assert "--subtitles FILE" in out and "--srt" not in out
    missing = tmp_path / "talk.es.srt"
    path = request.getfixturevalue(media)
    errors = {CliRunner().invoke(main, [command, str(path), flag, str(missing)]).stderr
              for flag in ("--subtitles", "--srt")}
    assert len(errors) == 1
    assert errors.pop().startswith(f"subtitler: error: {missing}: ")
