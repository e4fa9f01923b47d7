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


def config_options(f: F) -> F:
    """``--config FILE`` and ``--no-config``, for every command that reads settings."""
    f = click.option("--no-config", is_flag=True, help="Ignore settings files.")(f)
    return click.option(
        "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
        help="Settings file to use instead of searching for one "
        "(subtitler.toml, or [tool.subtitler] in pyproject.toml, upward from here).",
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
        click.option("--model", help="Model name (downloaded where there is a network) or "
                     "local model folder/file. Default: the bundled tiny.en."),
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
        click.option("--script-strict", is_flag=True, default=None,
                     help="Skipped or added script passages are errors, not warnings."),
        click.option("--no-cache", is_flag=True,
                     help="Do not read or write the transcript cache."),
        click.option("--workers", type=click.IntRange(1, 256),
                     help="Chunks of a file transcribed at once, on one loaded model "
                     "(default: one per core, or cores/--threads)."),
        click.option("--threads", type=click.IntRange(1, 256),
                     help="CPU threads per worker (default: 1, or cores/--workers)."),
        config_options,
    ]
    for option in reversed(options):
        f = option(f)
    return f


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
        **rest,
    )
