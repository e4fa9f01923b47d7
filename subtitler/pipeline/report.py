"""The run report: ``<stem>.report.json`` and the short text summary."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..files import Writes
from ..models import Cue, Finding, Severity, Word
from ..timefmt import clock
from ..version import __version__
from ..wording import counted
from .spoken import RECORD, describe
from .unsure import HeardWord, summary_line, unsure_words

REPORT_VERSION = 1


@dataclass(frozen=True)
class WordRecord:
    """A word of the subtitles as the report records it: its times, text,
    the recogniser's probability (1.0 for a script's words) and the 1-based
    cue it ended up in."""

    word: Word
    cue: int | None

    def to_json(self) -> dict[str, Any]:
        w = self.word
        return {"start_ms": w.start_ms, "end_ms": w.end_ms, "text": w.bare,
                "probability": round(w.probability, 4), "cue": self.cue}


def word_records(words: Sequence[Word], cue_of_word: Sequence[int]) -> tuple[WordRecord, ...]:
    """``words`` with their cues: ``cue_of_word[i]`` is the 1-based cue that
    shows word ``i`` (``segment.cue_of_word``); None past its end."""
    return tuple(
        WordRecord(w, cue_of_word[i] if i < len(cue_of_word) else None)
        for i, w in enumerate(words)
    )


@dataclass(frozen=True)
class Report:
    """What one ``run`` did. ``extras`` holds the optional stages' records
    (glossary changes, prompt sent, script deviations) as JSON-ready data."""

    input: str
    output: str
    media_sha256: str
    subtitles_sha256: str | None
    """Of ``output``, the subtitle file of the first format asked for."""
    previous_subtitles_sha256: str | None
    """Of the file ``output`` replaced (the report is written before it).
    Reports from before other formats named these two ``srt_sha256`` and
    ``previous_srt_sha256`` (``recorded_hashes`` still reads them)."""
    duration_ms: int
    language: str
    engine: str
    model: str
    options: Mapping[str, Any]
    profile: str
    cache_hit: bool
    timings_s: Mapping[str, float]
    cue_count: int
    word_count: int
    findings: tuple[Finding, ...]
    extras: Mapping[str, Any] = field(default_factory=dict)
    settings_sha256: str = ""
    """Fingerprint of the settings that shaped the outputs (``pipeline.settings_sha256``)."""
    outputs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Per format written: ``{"path", "sha256", "previous_sha256"}`` (the
    file this run replaced: the report is written before the files)."""
    earlier_outputs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Files of formats an earlier run wrote and this one did not:
    ``{"path", "sha256"}``, so they are still known as subtitler's."""
    words: tuple[WordRecord, ...] = ()
    """The words the cues were built from (``subtitler review`` marks the
    ones the recogniser was unsure of)."""

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": REPORT_VERSION,
            "subtitler_version": __version__,
            "input": self.input,
            "output": self.output,
            "media_sha256": self.media_sha256,
            "subtitles_sha256": self.subtitles_sha256,
            "previous_subtitles_sha256": self.previous_subtitles_sha256,
            "duration_s": round(self.duration_ms / 1000, 3),
            "language": self.language,
            "engine": self.engine,
            "model": self.model,
            "options": dict(self.options),
            "settings_sha256": self.settings_sha256,
            "profile": self.profile,
            "cache_hit": self.cache_hit,
            "timings_s": {k: round(v, 3) for k, v in self.timings_s.items()},
            "cue_count": self.cue_count,
            "word_count": self.word_count,
            "outputs": {k: dict(v) for k, v in self.outputs.items()},
            "earlier_outputs": {k: dict(v) for k, v in self.earlier_outputs.items()},
            "summary": {"errors": self.errors, "warnings": self.warnings},
            "findings": [f.to_json() for f in self.findings],
            **dict(self.extras),
            "words": [w.to_json() for w in self.words],
        }


def write_report(path: str | Path, report: Report, writes: Writes | None = None) -> None:
    """Write the report (through ``writes``, the command's guard: never over
    one of its inputs)."""
    text = json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
    (writes or Writes("run")).record(path, text.encode("utf-8"))


def read_report(report_path: str | Path) -> dict[str, Any]:
    """A report's JSON, or ``{}`` when it is missing or unreadable."""
    try:
        data = json.loads(Path(report_path).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def recorded_hashes(
    report_path: str | Path, fmt: str, data: Mapping[str, Any] | None = None
) -> tuple[str | None, str | None, str | None]:
    """The hashes a report recorded for the ``fmt`` file: of the file it
    describes, of the one that file replaced, and of an earlier run's file
    it kept (None where unknown). ``data``: the report, if already read."""
    data = read_report(report_path) if data is None else data
    outputs, earlier = data.get("outputs"), data.get("earlier_outputs")
    mine = outputs.get(fmt) if isinstance(outputs, dict) else None
    kept = earlier.get(fmt) if isinstance(earlier, dict) else None
    kept_sha = _text(kept.get("sha256")) if isinstance(kept, dict) else None
    if isinstance(mine, dict):
        return _text(mine.get("sha256")), _text(mine.get("previous_sha256")), kept_sha
    if fmt == "srt":  # a report from before other formats
        return _text(data.get("srt_sha256")), _text(data.get("previous_srt_sha256")), kept_sha
    return None, None, kept_sha


def recorded_srt_hashes(report_path: str | Path) -> tuple[str | None, str | None]:
    """The SRT hashes a report recorded: of the SRT it describes, and of the
    one that SRT replaced (None where unknown)."""
    return recorded_hashes(report_path, "srt")[:2]


PERSON_VERSIONS = "person_versions"
"""The report's list of file versions a person saved (``subtitler review``):
never subtitler's own, whatever else the report says."""
VERSION_KEYS = ("subtitles_sha256", "srt_sha256")
"""The key of a version's hash, and the one reports written before it had."""


def person_versions(data: Mapping[str, Any]) -> frozenset[str]:
    """SHA-256s of the versions a person saved, as the report ``data`` records them."""
    items = data.get(PERSON_VERSIONS)
    if not isinstance(items, list):
        return frozenset()
    return frozenset(
        sha for i in items if isinstance(i, dict)
        for sha in (i.get(key) for key in VERSION_KEYS) if isinstance(sha, str)
    )


def record_person_version(report_path: str | Path, sha256: str, by: str,
                          writes: Writes | None = None) -> bool:
    """Add a person's version of the subtitles to the report (what subtitler
    wrote stays recorded as it was). False when there is no readable report
    to add to."""
    data = read_report(report_path)
    if not data:
        return False
    items = data.get(PERSON_VERSIONS)
    kept = [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []
    saved = datetime.now(timezone.utc).isoformat(timespec="seconds")
    kept.append({VERSION_KEYS[0]: sha256, "saved_at": saved, "by": by})
    data[PERSON_VERSIONS] = kept
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    (writes or Writes(by)).record(report_path, text.encode("utf-8"))
    return True


def report_unsure(report: Report) -> tuple[HeardWord, ...]:
    """The words of ``report`` the recogniser was unsure of (``unsure.unsure_words``)."""
    heard = (HeardWord(r.word.start_ms, r.word.end_ms, r.word.text, r.word.probability, r.cue)
             for r in report.words)
    glossary = report.extras.get("glossary")
    changes = glossary.get("changes", []) if isinstance(glossary, dict) else []
    corrected = [(int(c["start_ms"]), int(c["end_ms"])) for c in changes
                 if isinstance(c, dict) and c.get("kind") in ("replace", "fuzzy")
                 and isinstance(c.get("start_ms"), int) and isinstance(c.get("end_ms"), int)]
    return unsure_words(heard, corrected)


REVIEW = "review"
"""The report's record of a person's review: their answers (``subtitler review``)."""


def record_review_answers(report_path: str | Path, answers: Sequence[Mapping[str, str]], *,
                          media_sha256: str | None, output: str,
                          writes: Writes | None = None) -> None:
    """Record a review's answers in the report (``review.answers``); a file
    with no report (a translation) gets one holding just that, the media's
    SHA-256 and the file's name."""
    data = read_report(report_path)
    if not data:
        data = {"version": REPORT_VERSION, "subtitler_version": __version__, "output": output,
                "media_sha256": media_sha256}
    saved = datetime.now(timezone.utc).isoformat(timespec="seconds")
    data[REVIEW] = {"saved_at": saved, "answers": [dict(a) for a in answers]}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    (writes or Writes("review")).record(report_path, text.encode("utf-8"))


def _extras_lines(report: Report) -> list[str]:
    out = []
    track = report.extras.get("audio_track")
    if isinstance(track, dict):
        out.append(f"  audio track {track.get('number')} of {track.get('of')}: {track.get('why')}")
    glossary = report.extras.get("glossary")
    if isinstance(glossary, dict):
        kinds = [c.get("kind") for c in glossary.get("changes", [])]
        near = kinds.count("fuzzy")
        near_text = f" ({counted(near, 'near miss', 'near misses')})" if near else ""
        fixed, flags = kinds.count("replace") + near, kinds.count("flag")
        out.append(
            f"  glossary: {counted(fixed, 'correction')}{near_text}, {counted(flags, 'flag')} "
            f"(each with its cue in {Path(report.output).stem}.report.json)"
        )
    unsure = summary_line(report_unsure(report))
    if unsure is not None:
        out.append(f"  {unsure}")
    marks = report.extras.get("sentence_marks")
    if isinstance(marks, list) and marks:
        stops = sum(isinstance(m, dict) and m.get("kind") == "full stop" for m in marks)
        caps = len(marks) - stops
        out.append(
            f"  sentences: {counted(stops, 'full stop')} and {counted(caps, 'capital')} "
            f"added where the recogniser left them out "
            f"(each in {Path(report.output).stem}.report.json)"
        )
    script = report.extras.get("script")
    if isinstance(script, dict):
        share = float(script.get("aligned_share", 0.0))
        out.append(
            f"  script: {share:.0%} of its words found in the speech, "
            f"{len(script.get('deviations', []))} deviations"
        )
    return out


def summary_lines(report: Report, cues: Sequence[Cue] = (), limit: int = 12) -> list[str]:
    """A short human-readable account: what was written and what to look at
    (errors first; each with the cue's time and the start of its text)."""
    others = [Path(str(o["path"])).name for o in report.outputs.values()
              if str(o["path"]) != report.output]
    also = f" (+ {', '.join(others)})" if others else ""
    spoken = describe(report.extras.get(RECORD))
    count, errors, warnings = report.cue_count, report.errors, report.warnings
    head = (
        f"{report.input}: {spoken + ': ' if spoken else ''}"
        f"{counted(count, 'cue')}, {report.duration_ms / 1000:.1f} s "
        f"-> {report.output}{also} ({counted(errors, 'error')}, {counted(warnings, 'warning')}"
        f"{', transcript from cache' if report.cache_hit else ''})"
    )
    lines = [head, *_extras_lines(report)]
    ordered: Sequence[Finding] = sorted(
        report.findings, key=lambda f: (f.severity is not Severity.ERROR, f.cue or 0)
    )
    for f in ordered[:limit]:
        where = f"cue {f.cue}" if f.cue is not None else "file"
        lines.append(f"  {f.severity.value:7} {where:>8} [{f.rule}] {f.message}")
        if f.cue is not None and 0 < f.cue <= len(cues):
            cue = cues[f.cue - 1]
            text = cue.text if len(cue.text) <= 60 else cue.text[:59] + "\u2026"
            lines.append(f"  {'':7} {'':>8} at {clock(cue.start_ms)}: \"{text}\"")
    if len(ordered) > limit:
        lines.append(f"  ... and {len(ordered) - limit} more in the report")
    return lines
