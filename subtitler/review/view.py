"""What the page is sent: cues with their numbers (times, durations,
characters per line, reading speed), findings and marks by cue id with
their answer keys, the counter of what is left to check, and the session's
status. The server formats every number and decides every count, so the
page holds no rule of its own.

After an edit only what changed is sent (``Viewer.after``): the cues the
edit made, and the findings and marks of the cues whose lists changed, so
an edit on a 20,000-cue file sends a few kilobytes, not every finding.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..formats.registry import FORMATS
from ..models import Cue, Finding, Severity
from ..rules.base import visible
from ..timefmt import clock
from .answers import Answer, by_key, finding_key
from .files import extensions_text
from .marks import locate
from .session import ReviewSession
from .state import Entry, Splice

UNTRANSLATED = "not-translated"
"""The item an empty cue of a translation gets instead of its findings."""


class SourceIndex:
    """The source cues shown beside each target cue (translator mode): those
    overlapping it in time."""

    def __init__(self, cues: Sequence[Cue]) -> None:
        self.cues = sorted(cues, key=lambda c: c.start_ms)
        self.starts = [c.start_ms for c in self.cues]
        self.longest = max((c.duration_ms for c in self.cues), default=0)
        self.text = functools.lru_cache(maxsize=8192)(self._text)

    def _text(self, start: int, end: int) -> tuple[str, ...]:
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return tuple(line for c in self.cues[lo:hi] if c.end_ms > start for line in c.lines)


def _finding(f: Finding, cue: Cue | None, nth: int, answers: dict[str, Answer],
             ) -> dict[str, Any]:
    at = f.data.get("start_ms") if cue is None else None
    key = finding_key(f.rule, cue.text if cue is not None else None, nth, f.message)
    answer = answers.get(key)
    out: dict[str, Any] = {
        "rule": f.rule, "severity": f.severity.value, "message": f.message, "line": f.line,
        "at": at if isinstance(at, int) else None, "key": key,
        "answer": None if answer is None else {"verdict": answer.verdict,
                                               "reason": answer.reason},
    }
    fix = _fix(f)
    if fix is not None and cue is not None:
        spans = locate(cue.lines, fix[0], 0.5)
        if spans is not None:
            out["fix"] = {"old": fix[0], "new": fix[1]}
            out["spans"] = [list(s) for s in spans]
    return out


def _fix(f: Finding) -> tuple[str, str] | None:
    """The one-click fix a glossary finding offers: (text in the cue, what to write)."""
    d = f.data
    if f.rule == "term-translation" and isinstance(d.get("found"), str) and d.get("expected"):
        return str(d["found"]), str(d["expected"][0])
    if f.rule in ("term-variant", "term-spelling", "term-discouraged") \
            and isinstance(d.get("before"), str) and isinstance(d.get("after"), str) \
            and d["before"] != d["after"]:
        return str(d["before"]), str(d["after"])
    return None


@dataclass
class Items:
    """Everything to look at for one state, by cue id."""

    findings: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    file: list[dict[str, Any]] = field(default_factory=list)
    marks: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    what: dict[str, str] = field(default_factory=dict)
    """Answer key -> the item in words (what an answer may name)."""
    counts: dict[str, int] = field(default_factory=dict)


class Viewer:
    """Builds the page's data for one session, and remembers what it last
    sent so an edit's reply holds only what changed."""

    def __init__(self, session: ReviewSession) -> None:
        self.session = session
        src = session.setup.source
        self.source = SourceIndex(src) if src is not None else None
        self.sent: Items | None = None
        self.made: dict[int, tuple[Finding, tuple[str, ...] | None, int, Answer | None,
                                   dict[str, Any]]] = {}
        """A finding's JSON by the finding (its id), while the finding object lives."""
        session.describe = self.describe

    def describe(self, key: str) -> str | None:
        items = self.sent if self.sent is not None else self.items()
        return items.what.get(key)

    # -- cues -----------------------------------------------------------------

    def cue_json(self, e: Entry) -> dict[str, Any]:
        c = e.cue
        cps = c.cps
        out: dict[str, Any] = {
            "id": e.id, "start": c.start_ms, "end": c.end_ms, "lines": list(c.lines),
            "chars": [len(visible(line)) for line in c.lines], "total": c.chars,
            "cps": round(cps, 1) if math.isfinite(cps) else None,
            "from": clock(c.start_ms), "to": clock(c.end_ms),
            "duration": f"{c.duration_ms / 1000:.3f} s",
        }
        if self.source is not None:
            out["source"] = list(self.source.text(c.start_ms, c.end_ms))
            terms = self.session.setup.terms
            if terms is not None:
                out["terms"] = [{"entry": t.entry, "source": t.source, "use": list(t.use)}
                                for t in terms.during(c.start_ms, c.end_ms)]
        return out

    def cues(self, entries: Sequence[Entry]) -> list[dict[str, Any]]:
        return [self.cue_json(e) for e in entries]

    # -- what to look at --------------------------------------------------------

    def items(self) -> Items:
        s = self.session
        setup = s.setup
        entries = s.state.entries
        answers = dict(by_key(s.state.answers))
        translating = setup.source is not None
        out = Items()
        live = setup.checker.findings(entries, s.disk.line_of)
        extra = list(s.disk.notices)
        if setup.report.run_sha256 is not None and setup.report.run_sha256 == s.disk.sha:
            # what the run found about the file it wrote: that file only
            extra += [setup.profile.finding(r, None, m) for r, m in setup.report.file_findings]
        nth: dict[tuple[int, str], int] = {}
        made: dict[int, tuple[Finding, tuple[str, ...] | None, int, Answer | None,
                              dict[str, Any]]] = {}
        open_by_sev = {Severity.ERROR: 0, Severity.WARNING: 0}
        accepted = 0
        empty = {e.id for e in entries if not e.cue.lines} if translating else set()
        for f in (*extra, *live):
            i = (f.cue or 0) - 1
            entry = entries[i] if f.cue is not None and 0 <= i < len(entries) else None
            if entry is not None and entry.id in empty:
                continue  # not translated yet: one item says so
            cue = entry.cue if entry is not None else None
            k = nth[(i, f.rule)] = nth.get((i, f.rule), -1) + 1
            text = cue.lines if cue is not None else None
            was = self.made.get(id(f))
            if was is not None and was[0] is f and was[1] == text and was[2] == k \
                    and was[3] == answers.get(was[4]["key"]):
                item = was[4]
            else:
                item = _finding(f, cue, k, answers)
            made[id(f)] = (f, text, k, answers.get(item["key"]), item)
            if entry is None:
                out.file.append(item)
            else:
                out.findings.setdefault(entry.id, []).append(item)
            out.what[item["key"]] = f"{f.rule}: {f.message}"
            if item["answer"] is None:
                open_by_sev[f.severity] = open_by_sev.get(f.severity, 0) + 1
            else:
                accepted += 1
        for e in entries:
            if e.id in empty:
                key = f"{UNTRANSLATED}:{e.id}"
                out.findings.setdefault(e.id, []).append(
                    {"rule": UNTRANSLATED, "severity": "todo", "message": "not translated yet",
                     "line": None, "at": None, "key": key, "answer": None})
        self.made = made
        marks = setup.marks.marks(entries, answers)
        unsure = glossary = 0
        for m in marks:
            answer = answers.get(m.key)
            out.marks.setdefault(m.cue_id, []).append(m.to_json(answer))
            out.what[m.key] = m.what()
            if answer is not None:
                accepted += m.severity is not None
                continue
            if m.severity is not None:
                open_by_sev[m.severity] = open_by_sev.get(m.severity, 0) + 1
            elif m.kind == "unsure":
                unsure += 1
            else:
                glossary += 1
        out.counts = {
            "errors": open_by_sev.get(Severity.ERROR, 0),
            "warnings": open_by_sev.get(Severity.WARNING, 0),
            "unsure": unsure, "glossary": glossary, "accepted": accepted,
            "untranslated": len(empty),
            "open": sum(open_by_sev.values()) + unsure + glossary + len(empty),
        }
        if translating:
            out.counts.update(translated=len(entries) - len(empty), total=len(entries))
        return out

    def _items_json(self, items: Items, before: Items | None) -> dict[str, Any]:
        """Findings and marks by cue id: all of them, or (with ``before``, what
        the page has) only the cues whose lists changed ([] for none left)."""
        def delta(now: dict[int, list[dict[str, Any]]],
                  was: dict[int, list[dict[str, Any]]] | None) -> dict[str, Any]:
            if was is None:
                return {str(k): v for k, v in now.items()}
            changed = {str(k): v for k, v in now.items() if was.get(k) != v}
            changed.update({str(k): [] for k in was if k not in now})
            return changed

        out: dict[str, Any] = {
            "findings": delta(items.findings, before.findings if before else None),
            "marks": delta(items.marks, before.marks if before else None),
            "counts": items.counts,
        }
        if before is None or before.file != items.file:
            out["file_findings"] = items.file
        return out

    def checks(self, full: bool = False) -> dict[str, Any]:
        """Findings, marks, counter and status for the current state: only
        what changed since the last reply, unless ``full``."""
        items = self.items()
        out = {"version": self.session.version, "delta": not full,
               **self._items_json(items, None if full else self.sent),
               "status": self.status()}
        self.sent = items
        return out

    # -- status -------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        s = self.session
        pending = s.pending
        return {
            "dirty": s.dirty or s.created,
            "created": s.created,
            "can_undo": bool(s.history.undo_stack),
            "can_redo": bool(s.history.redo_stack),
            "subtitles": s.setup.subtitles.name,
            "format": FORMATS[s.disk.format].label,
            "protected": s.setup.report_path is not None,
            "journal": None if pending is None else _journal(s),
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
            out.append(f"{s.setup.subtitles.name} did not exist: its cues have the timings of "
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
        terms = setup.terms
        return {
            "file": {
                "subtitles": setup.subtitles.name, "extensions": extensions_text(),
                "media": media.path.name, "video": media.video,
                "type": media.content_type, "fps": media.fps,
                "frame_ms": round(1000 / media.fps, 1),
                "duration": setup.sound.duration_ms if setup.sound else media.duration_ms,
                "language": setup.language,
                "source": setup.source_path.name if setup.source_path else None,
                "source_language": setup.source_language,
                "glossary": [g.name for g in setup.glossary],
                "waveform": setup.sound is not None,
            },
            "profile": {"name": p.name, **p.numbers()},
            "glossary": terms.panel() if terms is not None else None,
            "cues": self.cues(s.state.entries),
            **self.checks(full=True),
        }

    def after(self, splice: Splice | None) -> dict[str, Any]:
        """The reply to an edit: the cues it changed, then what else changed."""
        out = self.checks()
        if splice is not None:
            out["splice"] = {"at": splice.at, "remove": splice.remove,
                             "insert": self.cues(splice.insert)}
        return out


def _journal(s: ReviewSession) -> dict[str, Any]:
    """What the journal of an earlier review holds: how many cues and
    answers its edits changed (not how many steps it took), and how much of
    it could be replayed."""
    found = s.pending
    assert found is not None
    end = s.replayed.history.current if s.replayed is not None else found.base
    was = {e.id: e.cue for e in found.base.entries}
    now = {e.id: e.cue for e in end.entries}
    cues = sum(1 for k in was.keys() | now.keys() if was.get(k) != now.get(k))
    answers = len(set(found.base.answers) ^ set(end.answers))
    return {"cues": cues, "answers": answers, "created": found.created,
            "steps": s.replayed.kept if s.replayed is not None else len(found.records),
            "of": len(found.records), "file_changed": found.base_sha256 != s.disk.sha,
            "kept_aside": found.set_aside.name if found.set_aside else None}
