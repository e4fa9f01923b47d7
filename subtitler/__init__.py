"""subtitler: recorded video statements in, correct and checked subtitles out.

Library API (the command line only wraps it)::

    import subtitler
    result = subtitler.run("talk.mp4")                 # .srt, .cues, .report
    result = subtitler.run("talk.mp4", subtitler.RunOptions(glossary=(path,)))
    pipeline = subtitler.Pipeline(options)             # the model loaded once
    reports = subtitler.check_paths(["talk.srt"], subtitler.CheckOptions())

The stages live in subpackages named for what they own: ``media``,
``engines``, ``script``, ``glossary``, ``cues``, ``rules``, ``formats``,
``pipeline``, ``check``, ``batch`` and ``cli``. Names are imported on first
use, so ``import subtitler`` stays cheap.
"""

from __future__ import annotations

import importlib
import os

# onnxruntime (the voice-activity detector inside faster-whisper) writes a
# telemetry device id and database under ~/.cache/Microsoft when imported,
# unless this is set first; subtitler writes only where it says it does
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .check import CheckOptions, FileReport, check_paths
    from .glossary import load_glossary
    from .pipeline import Pipeline, RunOptions, RunResult, run
    from .profiles import Profile, get_profile

from .version import __version__

_LAZY = {
    "CheckOptions": ".check",
    "FileReport": ".check",
    "check_paths": ".check",
    "load_glossary": ".glossary",
    "Pipeline": ".pipeline",
    "RunOptions": ".pipeline",
    "RunResult": ".pipeline",
    "run": ".pipeline",
    "Profile": ".profiles",
    "get_profile": ".profiles",
}

__all__ = [
    "CheckOptions",
    "FileReport",
    "Pipeline",
    "Profile",
    "RunOptions",
    "RunResult",
    "__version__",
    "check_paths",
    "get_profile",
    "load_glossary",
    "run",
]


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
