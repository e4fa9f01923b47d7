"""Options ``run`` and ``batch`` share, and the ``RunOptions`` they build from
them and the settings file (``[tool.subtitler]``): the command line wins over
the file, the file over the defaults."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from ..config import Config
    from ..pipeline.settings import RunOptions

F = TypeVar("F", bound=Callable[..., Any])

ENGINE_NAMES = ("faster-whisper", "openai-whisper")
"""The engines ``engines.ENGINES`` registers (kept here so that ``--help``
does not import the engines)."""


SPELLING_CHOICES = ("en-GB", "en-US", "off")

SPELLING_OPTION = click.option(
    "--spelling", type=click.Choice(SPELLING_CHOICES, case_sensitive=False),
    help="House spelling: convert American/British variants of any word (never in "
    "quotations, names or protected phrases; words spelt both ways with different "
    "meanings are flagged). Default: the glossary's 'spelling', or none.",
)


def config_options(f: F) -> F:
    """``--config FILE`` and ``--no-config``, for every command that reads settings."""
    f = click.option("--no-config", is_flag=True, help="Ignore settings files.")(f)
    return click.option(
        "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
        help="Settings file to use instead of searching for one "
        "(subtitler.toml, or [tool.subtitler] in pyproject.toml, upward from here).",
    )(f)


FORMAT_NAMES = ("srt", "vtt", "ass", "ssa", "ttml", "txt", "json")
"""The formats ``formats.FORMATS`` registers (kept here so that ``--help``
does not import the writers)."""


def _formats(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> Any:
    if not value:
        return None
    from ..errors import UsageError
    from ..formats.registry import parse_formats

    try:
        return parse_formats(value)
    except UsageError as err:
        raise click.BadParameter(err.message) from None


def format_option(f: F) -> F:
    """``--format srt,vtt,...``: the subtitle files each input gets."""
    return click.option(
        "-f", "--format", "formats", multiple=True, callback=_formats, metavar="LIST",
        help=f"Subtitle files to write, comma-separated, from {', '.join(FORMAT_NAMES)} "
        "(default: srt, or the settings file's 'format'). Every file comes from the same "
        "cues.",
    )(f)


def transcription_options(f: F) -> F:
    """The options that shape how each file is subtitled. Their defaults are
    None so that a settings file's values can apply where they are not given."""
    from ..profiles import PROFILES

    options = [
        click.option("-p", "--profile", type=click.Choice(sorted(PROFILES)),
                     help="Subtitle style profile (default: netflix, or the settings file's)."),
        click.option("--engine", type=click.Choice(ENGINE_NAMES),
                     help="Transcription engine (default: faster-whisper)."),
        click.option("--model", help="Model: tiny.en or base (bundled), a name (downloaded "
                     "where there is a network) or a local model folder/file. Default: the "
                     "bundled tiny.en for English, base for any other language detected."),
        click.option("--beam-size", type=click.IntRange(1, 20),
                     help="Beam search width (default: 5; beam 1 skipped speech with tiny.en "
                     "in our measurements)."),
        click.option("--vad/--no-vad", default=None,
                     help="Transcribe only where the voice-activity detector hears speech "
                     "(default: on; off transcribes silence too, not recommended)."),
        click.option("-g", "--glossary", "glossaries", multiple=True,
                     type=click.Path(dir_okay=False, path_type=Path),
                     help="Glossary file (YAML, CSV/TSV, TBX); repeatable. Fixes recognition "
                     "errors and house spelling, flags discouraged wording (see --hotwords)."),
        click.option("--hotwords/--no-hotwords", default=None,
                     help="Send the glossary's terms to the engine to bias recognition "
                     "(default: off; measured: no gain on the sample once the glossary "
                     "corrects the transcript)."),
        SPELLING_OPTION,
        click.option("--script-strict", is_flag=True, default=None,
                     help="Skipped or added script passages are errors, not warnings."),
        click.option("--no-cache", is_flag=True,
                     help="Do not read or write the transcript cache."),
        click.option("--workers", type=click.IntRange(1, 256),
                     help="Chunks of a file transcribed at once, on one loaded model "
                     "(default: one per core, or cores/--threads)."),
        click.option("--threads", type=click.IntRange(1, 256),
                     help="CPU threads per worker (default: 1, or cores/--workers)."),
        format_option,
        config_options,
    ]
    for option in reversed(options):
        f = option(f)
    return f


def spelling_choice(value: str | None, path: Path | None = None) -> str | None:
    """ "en-gb" -> "en-GB"; "off" stays; anything else is a usage error."""
    if value is None:
        return None
    if value.lower() == "off":
        return "off"
    from ..errors import UsageError
    from ..glossary.formats.validate import normal_spelling, spelling_problem

    problem = spelling_problem(value)
    if problem:
        raise UsageError(f"{problem} (or off)", path=path)
    return normal_spelling(value)


def load_settings(config_path: Path | None, no_config: bool) -> Config:
    """The settings file that applies (none with ``no_config``)."""
    from ..config import Config, load_config

    return Config() if no_config else load_config(config_path)


def _first(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)


def run_options(
    *,
    profile: str | None,
    engine: str | None,
    model: str | None,
    beam_size: int | None,
    vad: bool | None,
    glossaries: tuple[Path, ...],
    hotwords: bool | None,
    script_strict: bool | None,
    no_cache: bool,
    config_path: Path | None,
    no_config: bool,
    language: str | None = None,
    threads: int | None = None,
    workers: int | None = None,
    formats: tuple[str, ...] | None = None,
    spelling: str | None = None,
    **rest: Any,
) -> RunOptions:
    """``RunOptions`` from the shared options, the settings file, and the
    command's own (``output_dir``, ``force``, ``script``)."""
    from ..engines.base import DecodeOptions
    from ..pipeline.settings import RunOptions

    config = load_settings(config_path, no_config)
    cfg = config.run
    default = RunOptions()
    decode = DecodeOptions(
        language=_first(language, cfg.language),
        beam_size=_first(beam_size, cfg.beam_size, default.decode.beam_size),
        vad=_first(vad, cfg.vad, default.decode.vad),
    )
    return RunOptions(
        profile=config.build_profile(profile),
        engine=_first(engine, cfg.engine, default.engine),
        model=_first(model, cfg.model),
        decode=decode,
        threads=_first(threads, cfg.threads),
        workers=_first(workers, cfg.workers),
        use_cache=not no_cache,
        glossary=tuple(g.absolute() for g in glossaries) or cfg.glossary,
        hotwords=_first(hotwords, cfg.hotwords, default.hotwords),
        script_strict=_first(script_strict, cfg.script_strict, default.script_strict),
        formats=formats or cfg.formats or default.formats,
        cues=cfg.cues,
        spelling=spelling_choice(_first(spelling, cfg.spelling), config.path),
        **rest,
    )
