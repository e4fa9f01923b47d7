"""Transcript cache: transcription is the only costly stage.

Keyed by the media content's SHA-256 + engine + model + decoding options, so
another profile or glossary reuses the words. Files live in
``$SUBTITLER_CACHE_DIR`` or ``$XDG_CACHE_HOME/subtitler`` (``~/.cache``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

from ..fsutil import write_text_atomic
from ..models import Stretch, Transcript, Word
from .base import DecodeOptions

log = logging.getLogger(__name__)
FORMAT = 2
"""2: the transcript records its language stretches and whether it was translated."""


def cache_dir() -> Path:
    env = os.environ.get("SUBTITLER_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "subtitler"


def cache_key(media_sha256: str, engine: str, model: str, options: DecodeOptions) -> str:
    blob = json.dumps(
        {
            "f": FORMAT,
            "media": media_sha256,
            "engine": engine,
            "model": model,
            "opt": options.key(),
        },
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def _path(key: str) -> Path:
    return cache_dir() / "transcripts" / f"{key}.json"


def has(key: str) -> bool:
    """Whether an entry for ``key`` exists (it may still prove unreadable)."""
    return _path(key).is_file()


def load(key: str) -> Transcript | None:
    """The cached transcript, or None (missing or unreadable: recompute)."""
    try:
        data: dict[str, Any] = json.loads(_path(key).read_text("utf-8"))
        words = tuple(Word(int(s), int(e), str(t), float(p)) for s, e, t, p in data["words"])
        stretches = tuple(
            Stretch(int(s), int(e), str(lang), None if heard is None else str(heard), float(p),
                    str(model))
            for s, e, lang, heard, p, model in data["stretches"]
        )
        return Transcript(
            str(data["language"]),
            words,
            str(data["engine"]),
            str(data["model"]),
            int(data["duration_ms"]),
            stretches,
            bool(data["translated"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        if not isinstance(err, FileNotFoundError):
            log.warning("ignoring unreadable cache entry %s: %s", key, err)
        return None


def store(key: str, transcript: Transcript) -> None:
    data = {
        "language": transcript.language,
        "engine": transcript.engine,
        "model": transcript.model,
        "duration_ms": transcript.duration_ms,
        "words": [[w.start_ms, w.end_ms, w.text, w.probability] for w in transcript.words],
        "stretches": [[s.start_ms, s.end_ms, s.language, s.detected, s.probability, s.model]
                      for s in transcript.stretches],
        "translated": transcript.translated,
    }
    try:
        write_text_atomic(_path(key), json.dumps(data, ensure_ascii=False))
    except OSError as err:  # a read-only cache must not fail the run
        log.warning("cannot write transcript cache: %s", err)
