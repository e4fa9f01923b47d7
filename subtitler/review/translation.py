"""Translator mode's glossary panel: the glossary's terms found in the
source cues (``glossary.checkers.source_terms``, the same search as the
``term-translation`` check), each with its approved renderings in the
target language, and which terms each target cue's source holds."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..models import Cue


@dataclass(frozen=True)
class Term:
    entry: str
    source: str
    """The term as the source says it."""
    use: tuple[str, ...]
    """Approved renderings, the preferred first."""
    avoid: tuple[str, ...]
    """Wrong renderings (the literal ones; patterns are not shown)."""
    note: str
    start_ms: int
    end_ms: int
    source_cue: int
    """1-based."""


class SourceTerms:
    """The source's glossary terms, by time."""

    def __init__(self, terms: Sequence[Term]) -> None:
        self.terms = sorted(terms, key=lambda t: t.start_ms)
        self.starts = [t.start_ms for t in self.terms]
        self.longest = max((t.end_ms - t.start_ms for t in self.terms), default=0)

    @classmethod
    def find(cls, source: Sequence[Cue], glossaries: Sequence[Path], language: str,
             ) -> SourceTerms:
        from ..glossary.checkers import source_terms
        from ..glossary.load import load_glossaries

        glossary = load_glossaries(glossaries)
        found = source_terms(source, glossary, language, glossary.language)
        return cls([Term(t.entry.id, t.text, t.rendering.translation.terms,
                         tuple(v.text for v in t.rendering.translation.forbidden if not v.regex),
                         t.rendering.translation.note, t.start_ms, t.end_ms, t.cue + 1)
                    for t in found])

    def during(self, start: int, end: int) -> list[Term]:
        """The terms of the source spoken while a cue from ``start`` to ``end`` shows."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [t for t in self.terms[lo:hi] if t.end_ms > start]

    def panel(self) -> list[dict[str, Any]]:
        """One row per entry: the source's wording, the renderings, the source cues."""
        rows: dict[str, dict[str, Any]] = {}
        for t in self.terms:
            row = rows.setdefault(t.entry, {"entry": t.entry, "source": t.source,
                                            "use": list(t.use), "avoid": list(t.avoid),
                                            "note": t.note, "cues": [], "start": t.start_ms})
            if t.source_cue not in row["cues"]:
                row["cues"].append(t.source_cue)
        return list(rows.values())
