"""What the run report (``<stem>.report.json``) tells a reviewer: the words
with the recogniser's probabilities, the glossary's corrections and flags,
the script deviations, and file-level findings. A report about other media
(or none, or one that cannot be read) gives nothing, with a note why."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

UNSURE_BELOW = 0.6
"""Words the recogniser gave a lower probability are marked "unsure".
Chosen by measurement (``bench/unsure_words.py``;
docs/benchmarks.md#unsure-words-the-threshold-benchunsure_wordspy)."""


@dataclass(frozen=True)
class TimedText:
    """A word, a glossary change or a script deviation: a text at a time."""

    kind: str
    """``word``, ``replace``, ``flag``, ``script-added``, ``script-skipped``."""
    start_ms: int
    end_ms: int
    text: str
    """The word; the glossary's replacement (or for a flag, the flagged
    wording); the deviation's text."""
    probability: float = 1.0
    detail: str = ""
    """For glossary changes: the text before; for deviations: the script line."""
    entry: str = ""


@dataclass(frozen=True)
class ReportData:
    words: tuple[TimedText, ...] = ()
    changes: tuple[TimedText, ...] = ()
    deviations: tuple[TimedText, ...] = ()
    file_findings: tuple[tuple[str, str], ...] = ()
    """(rule, message) of the report's file-level findings the cues cannot
    show (not the script's deviations, which go on their cues)."""
    glossary_files: tuple[str, ...] = ()
    profile: str | None = None
    language: str | None = None
    note: str | None = None
    """Why the report gives nothing (None when it was read)."""

    def unsure(self, below: float = UNSURE_BELOW) -> tuple[TimedText, ...]:
        """Words under ``below``, except those a glossary replacement covers
        (those carry the correction's mark instead)."""
        fixed = [c for c in self.changes if c.kind == "replace"]
        return tuple(
            w for w in self.words
            if w.probability < below
            and not any(c.start_ms < w.end_ms and w.start_ms < c.end_ms for c in fixed)
        )


def _int(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise TypeError("not a number")
    return int(v)


def _words(items: Iterable[Any]) -> tuple[TimedText, ...]:
    return tuple(
        TimedText("word", _int(w["start_ms"]), _int(w["end_ms"]), str(w["text"]),
                  float(w["probability"]))
        for w in items
    )


def _changes(glossary: Any) -> tuple[TimedText, ...]:
    if not isinstance(glossary, dict):
        return ()
    return tuple(_change(c) for c in glossary.get("changes", ()))


def _change(c: Any) -> TimedText:
    """A glossary change; a replaced near miss (kind "fuzzy") is a replacement."""
    replaced = c["kind"] in ("replace", "fuzzy")
    return TimedText("replace" if replaced else str(c["kind"]), _int(c["start_ms"]),
                     _int(c["end_ms"]), str(c["after"] if replaced else c["before"]),
                     detail=str(c["before"] if replaced else c["after"]),
                     entry=str(c.get("entry", "")))


def _deviations(script: Any) -> tuple[TimedText, ...]:
    if not isinstance(script, dict):
        return ()
    return tuple(
        TimedText(str(d["kind"]), _int(d["start_ms"]), _int(d["end_ms"]), str(d["text"]),
                  detail=str(d.get("script_line", "")))
        for d in script.get("deviations", ())
    )


def _file_findings(items: Iterable[Any]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (str(f["rule"]), str(f["message"])) for f in items
        if f.get("cue") is None and not str(f["rule"]).startswith("script-")
    )


def read_report(path: Path, media_sha256: str | None) -> ReportData:
    """The report at ``path`` if it describes the media with ``media_sha256``."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return ReportData(note=None)
    except (OSError, ValueError) as err:
        return ReportData(note=f"{path.name}: cannot be read ({err}); its marks are not shown")
    try:
        if media_sha256 is not None and data.get("media_sha256") != media_sha256:
            return ReportData(note=f"{path.name} describes other media (its SHA-256 differs); "
                              "its marks are not shown")
        glossary = data.get("glossary")
        return ReportData(
            words=_words(data.get("words", ())),
            changes=_changes(glossary),
            deviations=_deviations(data.get("script")),
            file_findings=_file_findings(data.get("findings", ())),
            glossary_files=tuple(str(g) for g in (glossary or {}).get("files", ())),
            profile=data.get("profile") if isinstance(data.get("profile"), str) else None,
            language=data.get("language") if isinstance(data.get("language"), str) else None,
        )
    except (AttributeError, KeyError, TypeError, ValueError) as err:
        return ReportData(note=f"{path.name}: not a subtitler report ({err!r}); "
                          "its marks are not shown")
