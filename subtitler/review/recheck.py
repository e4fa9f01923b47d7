"""Findings for the cues being edited, by the code ``subtitler check`` runs
(``check.checker.check_document``) with the same options: profile, rule
selection, glossary (``--lang``, ``--source``) and, as ``check --media``
does, timing against the speech (the speech regions found once).

The whole file is checked after each edit, not only the cues it touched:
rules such as ``overlap`` and ``repeated-cue`` look at neighbours, and the
whole check of 500 cues takes a few milliseconds (``bench/review_recheck.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..check.checker import CheckOptions, ExtraChecker, check_document
from ..formats.srt_read import SrtDocument
from ..media.vad import Region
from ..models import Cue, Finding, PlacedCue, placed
from ..profiles import Profile
from ..rules.registry import media_findings
from .state import Entry


def media_checker(regions: Sequence[Region]) -> ExtraChecker:
    """An extra checker giving ``check --media``'s findings for known speech regions."""

    def speech(cues: Sequence[Cue], profile: Profile) -> Iterable[Finding]:
        return media_findings(placed(cues), regions, profile)

    return speech


@dataclass(frozen=True)
class Rechecker:
    options: CheckOptions
    path: str = "<review>"

    def with_regions(self, regions: Sequence[Region]) -> Rechecker:
        """The same checks, plus timing against the speech in ``regions``."""
        extra = (*self.options.extra, media_checker(regions))
        return replace(self, options=replace(self.options, media=None, extra=extra))

    def findings(self, entries: Sequence[Entry]) -> tuple[Finding, ...]:
        """Every finding, with ``cue`` the 1-based position in ``entries``."""
        doc = SrtDocument(
            self.path,
            tuple(PlacedCue(e.cue, i, None, i) for i, e in enumerate(entries, start=1)),
            (),
            "UTF-8",
        )
        return check_document(doc, self.options)
