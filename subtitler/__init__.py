"""subtitler: recorded video statements in, correct and checked subtitles out.

Library API (the CLI only wraps it)::

    import subtitler
    result = subtitler.run("talk.mp4")                 # .srt, .cues, .report
    result = subtitler.run("talk.mp4", subtitler.RunOptions(glossary=(path,)))

``subtitler.pipeline.Pipeline`` keeps the model loaded across many files;
``subtitler.check.check_paths`` lints SRT files; ``subtitler.glossary`` loads
and applies glossaries.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pipeline import RunOptions, RunResult

__all__ = ["RunOptions", "__version__", "run"]
__version__ = "0.1.0"


def run(media: str | Path, options: RunOptions | None = None) -> RunResult:
    """Subtitle one media file: writes ``<stem>.srt`` and ``<stem>.report.json``."""
    from .pipeline import run as run_pipeline

    return run_pipeline(media, options)


def __getattr__(name: str) -> object:
    if name == "RunOptions":
        from .pipeline import RunOptions

        return RunOptions
    raise AttributeError(name)
