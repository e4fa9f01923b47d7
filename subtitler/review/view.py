"""What the page is sent: cues with their numbers (times, durations,
characters per line, reading speed), findings and marks by cue id, the
counter, and the session's status. The server formats every number the
page shows, so the page holds no rule of its own."""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Sequence
from typing import Any

from ..formats.registry import FORMATS
from ..models import Cue, Finding, Severity
from ..rules.base import visible
from ..timefmt import clock
from .session import ReviewSession
from .state import Entry, Splice


class SourceIndex:
    """The source cues shown beside each target cue (translator mode): those
    overlapping it in time."""

    def __init__(self, cues: Sequence[Cue]) -> None:
        self.cues = sorted(cues, key=lambda c: c.start_ms)
        self.starts = [c.start_ms for c in self.cues]
        self.text = functools.lru_cache(maxsize=8192)(self._text)

    def _text(self, start: int, end: int) -> tuple[str, ...]:
        hi = bisect.bisect_left(self.starts, end)
        return tuple(line for c in self.cues[max(0, hi - 50) : hi] if c.end_ms > start
                     for line in c.lines)


def cue_json(e: Entry, source: SourceIndex | None) -> dict[str, Any]:
    c = e.cue
    cps = c.cps
    out: dict[str, Any] = {
        "id": e.id, "start": c.start_ms, "end": c.end_ms, "lines": list(c.lines),
        "chars": [len(visible(line)) for line in c.lines], "total": c.chars,
        "cps": round(cps, 1) if math.isfinite(cps) else None,
        "from": clock(c.start_ms), "to": clock(c.end_ms),
        "duration": f"{c.duration_ms / 1000:.3f} s",
    }
    if source is not None:
        out["source"] = list(source.text(c.start_ms, c.end_ms))
    return out


def _finding(f: Finding, ids: Sequence[int]) -> dict[str, Any]:
    cue = ids[f.cue - 1] if f.cue is not None and 0 < f.cue <= len(ids) else None
    at = f.data.get("start_ms") if cue is None else None
    return {"rule": f.rule, "severity": f.severity.value, "cue": cue, "message": f.message,
            "line": f.line, "at": at if isinstance(at, int) else None}


class Viewer:
    """Builds the page's data for one session (the source index is built once)."""

    def __init__(self, session: ReviewSession) -> None:
        self.session = session
        src = session.setup.source
        self.source = SourceIndex(src) if src is not None else None

    def cues(self, entries: Sequence[Entry]) -> list[dict[str, Any]]:
        return [cue_json(e, self.source) for e in entries]

    def checks(self) -> dict[str, Any]:
        """Findings, marks, counter and status for the current state."""
        s = self.session
        entries = s.state.entries
        ids = [e.id for e in entries]
        live = s.setup.checker.findings(entries, s.disk.line_of)
        extra = [*s.disk.notices, *(s.setup.profile.finding(r, None, m)
                                    for r, m in s.setup.report.file_findings)]
        findings = [_finding(f, ids) for f in (*extra, *live)]
        marks = s.setup.marks.marks(entries)
        checked = s.state.checked
        counted = [(m.severity, 1) for m in marks if m.severity is not None]
        counted += [(f.severity, 1) for f in (*extra, *live)]
        return {
            "version": s.version,
            "findings": findings,
            "marks": [m.to_json(m.key in checked) for m in marks],
            "counts": {
                "errors": sum(1 for sev, _ in counted if sev is Severity.ERROR),
                "warnings": sum(1 for sev, _ in counted if sev is Severity.WARNING),
                "unsure": sum(1 for m in marks if m.kind == "unsure" and m.key not in checked),
                "glossary": sum(1 for m in marks if m.kind in ("glossary", "flag")),
            },
            "status": self.status(),
        }

    def status(self) -> dict[str, Any]:
        s = self.session
        pending = s.pending
        return {
            "dirty": s.dirty or s.created,
            "created": s.created,
            "can_undo": bool(s.history.undo_stack),
            "can_redo": bool(s.history.redo_stack),
            "srt": s.setup.srt.name,
            "format": FORMATS[s.disk.format].label,
            "journal": None if pending is None else {
                "steps": s.replayed.kept if s.replayed is not None else len(pending.records),
                "of": len(pending.records), "created": pending.created,
                "file_changed": pending.base_sha256 != s.disk.sha,
                "kept_aside": pending.set_aside.name if pending.set_aside else None,
            },
            "readonly": s.readonly,
            "notes": self.notes(),
        }

    def notes(self) -> list[str]:
        s = self.session
        out = [s.readonly] if s.readonly else []
        out += s.notices
        if s.setup.report.note:
            out.append(s.setup.report.note)
        if s.created and s.setup.source_path is not None:
            out.append(f"{s.setup.srt.name} did not exist: its cues have the timings of "
                       f"{s.setup.source_path.name}, with empty text to fill in")
        if s.disk.lost_lines:
            lines = ", ".join(map(str, s.disk.lost_lines[:8]))
            out.append(f"lines {lines} of the file are in no cue (unreadable): Save would drop "
                       "them, so only Save as is allowed")
        if s.disk.encoding != "UTF-8":
            out.append(f"the file is {s.disk.encoding}; Save writes UTF-8")
        return out

    def full(self) -> dict[str, Any]:
        s = self.session
        setup, media, p = s.setup, s.setup.media, s.setup.profile
        return {
            "file": {
                "srt": setup.srt.name, "media": media.path.name, "video": media.video,
                "type": media.content_type, "fps": media.fps,
                "frame_ms": round(1000 / media.fps, 1),
                "duration": setup.sound.duration_ms if setup.sound else media.duration_ms,
                "language": setup.language,
                "source": setup.source_path.name if setup.source_path else None,
                "glossary": [g.name for g in setup.glossary],
                "waveform": setup.sound is not None,
            },
            "profile": {"name": p.name, **p.numbers()},
            "cues": self.cues(s.state.entries),
            **self.checks(),
        }

    def after(self, splice: Splice | None) -> dict[str, Any]:
        """The reply to an edit: the cues it changed, then everything else."""
        out = self.checks()
        if splice is not None:
            out["splice"] = {"at": splice.at, "remove": splice.remove,
                             "insert": self.cues(splice.insert)}
        return out
