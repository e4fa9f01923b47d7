"""What the run report (``<stem>.report.json``) tells a reviewer: the words
with the recogniser's probabilities, the glossary's corrections and flags,
the script deviations, file-level findings, and the answers an earlier
review saved. A report about other media (or none, or one that cannot be
read) gives nothing, with a note why."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..pipeline.report import recorded_hashes
from ..pipeline.unsure import UNSURE_BELOW, HeardWord, unsure_words
from .answers import Answer, read_answers

__all__ = ["UNSURE_BELOW", "ReportData", "TimedText", "read_report"]


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
    words: tuple[HeardWord, ...] = ()
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
    run_sha256: str | None = None
    """The SHA-256 of the subtitle file as the run wrote it (its file-level
    findings describe that file only)."""
    answers: tuple[Answer, ...] = ()
    """What a person answered in earlier reviews (saved with the file)."""

    def unsure(self, below: float = UNSURE_BELOW) -> tuple[TimedText, ...]:
        """The unsure words (``pipeline.unsure``: whole words under ``below``,
        except those a glossary replacement covers, which carry the
        correction's mark instead)."""
        fixed = [(c.start_ms, c.end_ms) for c in self.changes if c.kind == "replace"]
        return tuple(TimedText("word", w.start_ms, w.end_ms, w.text, w.probability)
                     for w in unsure_words(self.words, fixed, below))


def _int(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise TypeError("not a number")
    return int(v)


def _words(items: Iterable[Any]) -> tuple[HeardWord, ...]:
    return tuple(
        HeardWord(_int(w["start_ms"]), _int(w["end_ms"]), str(w["text"]),
                  float(w["probability"]), w.get("cue") if isinstance(w.get("cue"), int) else None)
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


def read_report(path: Path, media_sha256: str | None, fmt: str = "srt") -> ReportData:
    """The report at ``path`` if it describes the media with ``media_sha256``
    (``fmt``: the format of the subtitles reviewed)."""
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
            run_sha256=recorded_hashes(path, fmt, data)[0],
            answers=read_answers(data),
        )
    except (AttributeError, KeyError, TypeError, ValueError) as err:
        return ReportData(note=f"{path.name}: not a subtitler report ({err!r}); "
                          "its marks are not shown")
