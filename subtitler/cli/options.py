"""Options ``run`` and ``batch`` share, and the ``RunOptions`` they build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from ..pipeline.settings import RunOptions

F = TypeVar("F", bound=Callable[..., Any])

ENGINE_NAMES = ("faster-whisper", "openai-whisper")
"""The engines ``engines.ENGINES`` registers (kept here so that ``--help``
does not import the engines)."""


def transcription_options(f: F) -> F:
    """The options that shape how each file is subtitled."""
    from ..profiles import PROFILES

    options = [
        click.option(
            "-p",
            "--profile",
            default="netflix",
            show_default=True,
            type=click.Choice(sorted(PROFILES)),
            help="Subtitle style profile.",
        ),
        click.option(
            "--engine",
            default="faster-whisper",
            show_default=True,
            type=click.Choice(ENGINE_NAMES),
            help="Transcription engine.",
        ),
        click.option(
            "--model",
            help="Model name (downloaded where there is a network) or "
            "local model folder/file. Default: the bundled tiny.en.",
        ),
        click.option(
            "--beam-size",
            default=5,
            show_default=True,
            type=click.IntRange(1, 20),
            help="Beam search width (beam 1 skipped speech with tiny.en in our measurements).",
        ),
        click.option("--no-vad", is_flag=True, help="Transcribe silence too (not recommended)."),
        click.option(
            "-g",
            "--glossary",
            "glossaries",
            multiple=True,
            type=click.Path(dir_okay=False, path_type=Path),
            help="Glossary file (YAML, CSV/TSV, TBX); repeatable. Fixes recognition "
            "errors and house spelling, flags discouraged wording (see --hotwords).",
        ),
        click.option(
            "--hotwords/--no-hotwords",
            default=False,
            show_default=True,
            help="Send the glossary's terms to the engine to bias recognition "
            "(measured: no gain on the sample once the glossary corrects the "
            "transcript).",
        ),
        click.option(
            "--script-strict",
            is_flag=True,
            help="Skipped or added script passages are errors, not warnings.",
        ),
        click.option("--no-cache", is_flag=True, help="Do not read or write the transcript cache."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def run_options(
    *,
    profile: str,
    engine: str,
    model: str | None,
    beam_size: int,
    no_vad: bool,
    glossaries: tuple[Path, ...],
    hotwords: bool,
    script_strict: bool,
    no_cache: bool,
    **rest: Any,
) -> RunOptions:
    """``RunOptions`` from the shared options plus the command's own
    (``language``, ``output_dir``, ``force``, ``threads``, ``script``)."""
    from ..engines.base import DecodeOptions
    from ..pipeline.settings import RunOptions
    from ..profiles import get_profile

    language = rest.pop("language", None)
    return RunOptions(
        profile=get_profile(profile),
        engine=engine,
        model=model,
        decode=DecodeOptions(language=language, beam_size=beam_size, vad=not no_vad),
        use_cache=not no_cache,
        glossary=tuple(g.absolute() for g in glossaries),
        hotwords=hotwords,
        script_strict=script_strict,
        **rest,
    )
