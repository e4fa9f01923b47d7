"""Errors that carry their data, and the exit codes they map to.

The CLI maps these to a one-line message and an exit code in one place
(``cli.py``); library callers catch them as usual.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
"""Success; no error findings."""
EXIT_INPUT = 1
"""An input could not be processed (the others still were)."""
EXIT_USAGE = 2
"""Usage error: bad option, unknown profile, bad configuration."""
EXIT_FINDINGS = 3
"""Output written, but error findings remain."""
EXIT_INTERRUPTED = 130
"""Stopped by Ctrl-C or ``kill`` (128 + SIGINT, as shells report it)."""


class SubtitlerError(Exception):
    """Base class. ``str(err)`` is a one-line message naming the file (and line)."""

    exit_code = EXIT_INPUT

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.detail = detail

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"


class MediaError(SubtitlerError):
    """A media file is missing, empty, not media, or has no audio stream.
    ``detail`` holds ffmpeg's own stderr when ffmpeg ran."""


class EngineError(SubtitlerError):
    """A transcription engine is not installed or its model cannot be loaded."""


class SubtitleFileError(SubtitlerError):
    """A subtitle file cannot be read at all (missing, undecodable, not text)."""


class FormatLimitError(SubtitlerError):
    """Cues hold what the output format cannot (a time past its range):
    nothing is written. The writer names the cue; the caller adds the file."""


class GlossaryError(SubtitlerError):
    """A glossary file is invalid; ``line`` names where."""


class ScriptError(SubtitlerError):
    """A script file cannot be read or does not match the speech."""


class WriteError(SubtitlerError):
    """A file could not be written (read-only folder, full disk, a parent
    that is a file); nothing was left half-written."""


class EditedOutputError(SubtitlerError):
    """The output file was changed by a person since subtitler wrote it."""


class UsageError(SubtitlerError):
    """Bad options or configuration (exit code 2)."""

    exit_code = EXIT_USAGE
