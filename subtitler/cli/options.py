"""The options of the declared settings (``run_settings``) that ``run`` and
``batch`` take, and the ``RunOptions`` they build from them and the settings
file (``[tool.subtitler]``): the command line wins over the file, the file
over the defaults."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import UsageError
from ..formats.registry import FORMATS
from ..run_settings import BY_KEY, ENGINE_NAMES, RUN_SETTINGS, Setting, settings_of

__all__ = ["ENGINE_NAMES", "SPELLING_OPTION", "config_options", "load_settings", "run_options",
           "setting_option", "setting_options", "subtitles_option"]

if TYPE_CHECKING:
    from ..config import Config
    from ..pipeline.settings import RunOptions

F = TypeVar("F", bound=Callable[..., Any])


def config_options(f: F) -> F:
    """``--config FILE`` and ``--no-config``, for every command that reads settings."""
    f = click.option("--no-config", is_flag=True, help="Ignore settings files.")(f)
    return click.option(
        "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
        help="Settings file to use instead of searching for one "
        "(subtitler.toml, or [tool.subtitler] in pyproject.toml, upward from here).",
    )(f)


class _HiddenAliases(click.Option):
    """An option whose old names still work but are not shown in ``--help``."""

    def __init__(self, *args: Any, aliases: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.aliases = aliases

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        shown = self.opts
        self.opts = [o for o in shown if o not in self.aliases]
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = shown


def subtitles_option(help: str) -> Callable[[F], F]:
    """``--subtitles FILE``; ``--srt``, its old name, still works (not shown)."""
    return click.option("--subtitles", "--srt", "subtitles", cls=_HiddenAliases,
                        aliases=("--srt",), type=click.Path(dir_okay=False, path_type=Path),
                        help=help)


def _folder_not_file_name(ctx: click.Context, param: click.Parameter,
                          value: Path | None) -> Path | None:
    """``-o talk.srt`` would make a folder called talk.srt: a name that does
    not exist yet and ends as a subtitle file does is a usage error."""
    if value is None or value.exists():
        return value
    name = value.name.lower()
    if any(name.endswith(e) for f in FORMATS.values() for e in f.extensions):
        raise click.BadParameter(
            f"{value} looks like a file name, but -o names the folder the files go to "
            f"(each named after its input: talk.mp4 gives talk.srt); give a folder",
            ctx, param)
    return value


def output_dir_option(help: str) -> Callable[[F], F]:
    """``-o/--output-dir FOLDER`` of run and batch."""
    return click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path),
                        callback=_folder_not_file_name, help=help)


def setting_option(setting: Setting) -> Callable[[F], F]:
    """The click option of one declared setting: the same ranges and
    choices as the settings file; None (or ``()``) when not given, so that
    the file's value can apply."""
    kind: Any = None
    if setting.choices:
        kind = click.Choice(setting.choices, case_sensitive=False)
    elif setting.kind is int:
        kind = click.IntRange(_bound(setting.low), _bound(setting.high))
    elif setting.kind is float:
        kind = click.FloatRange(setting.low, setting.high)
    elif setting.kind is Path:
        kind = click.Path(dir_okay=False, path_type=Path)
    extra: dict[str, Any] = {}
    if setting.kind is bool and setting.switch != "both":
        extra = {"is_flag": True, "flag_value": setting.switch == "on"}
    return click.option(
        *setting.flags, setting.param, type=kind, default=None, multiple=setting.many,
        metavar=setting.metavar, help=setting.help, callback=_checked(setting), **extra,
    )


def _bound(value: float | None) -> int | None:
    return None if value is None else int(value)


def _checked(setting: Setting) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """The setting's own check of a given value (``Setting.value_of``: paths
    made absolute, formats parsed), as click reports a bad value."""

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is None or value == ():
            return None
        try:
            return setting.value_of(value)
        except UsageError as err:
            raise click.BadParameter(err.message) from None

    return callback


def setting_options(command: str) -> Callable[[F], F]:
    """The options of every setting ``command`` takes (``run_settings``),
    then ``--config`` and ``--no-config``."""

    def decorate(f: F) -> F:
        f = config_options(f)
        for setting in reversed(settings_of(command)):
            f = setting_option(setting)(f)
        return f

    return decorate


SPELLING_OPTION = setting_option(BY_KEY["spelling"])
"""``--spelling``, as ``check`` and ``glossary apply`` take it too."""


def load_settings(config_path: Path | None, no_config: bool) -> Config:
    """The settings file that applies (none with ``no_config``)."""
    from ..config import Config, load_config

    return Config() if no_config else load_config(config_path)


def run_options(
    *, config_path: Path | None = None, no_config: bool = False, **given: Any
) -> RunOptions:
    """``RunOptions`` from the settings (``given`` by ``Setting.param``; None
    or ``()``: not given), the settings file, and the command's own
    ``RunOptions`` fields (``output_dir``, ``force``, ``script``...): the
    command line wins over the file, the file over the defaults."""
    from ..pipeline.settings import build_options

    config = load_settings(config_path, no_config)
    values: dict[str, Any] = {}
    for setting in RUN_SETTINGS:
        value = given.pop(setting.param, None)
        if value is None or value == ():
            value = config.run.get(setting.param)
        if value is not None:
            values[setting.field] = value
    profile = config.build_profile(values.pop("profile", None))
    return build_options(values, profile=profile, cues=config.run.cues, **given)
