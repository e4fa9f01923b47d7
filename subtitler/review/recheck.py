"""Findings for the cues being edited, by the code ``subtitler check`` runs
(``check.checker.check_document``) with the same options: profile, rule
selection, glossary (``--lang``, ``--source``) and, as ``check --media``
does, timing against the speech (the speech regions found once).

The whole file is checked after each edit, not only the cues it touched, so
the findings are always those ``subtitler check`` would give: ``overlap``
looks at every earlier cue, and one quotation mark typed can change the
glossary's findings to the end of the file. What an edit cannot change is
not recomputed: the glossary's term findings depend on the cues' text only
(a timing nudge reuses them), and each extra checker's last results are
kept for the same input (``Memo``). ``bench/review_recheck.py`` measures it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, replace

from ..check.checker import CheckOptions, ExtraChecker, check_document
from ..formats.srt_read import SrtDocument
from ..media.vad import Region
from ..models import Cue, Finding, PlacedCue, placed
from ..profiles import Profile
from ..rules.registry import media_findings
from .state import Entry


class Memo:
    """An extra checker that remembers its last few results, keyed by what
    its findings depend on (``key(cues)``); undo and redo hit it too."""

    def __init__(self, check: ExtraChecker, key: Callable[[Sequence[Cue]], Hashable],
                 size: int = 4) -> None:
        self.check, self.key, self.size = check, key, size
        self.results: OrderedDict[Hashable, tuple[Finding, ...]] = OrderedDict()

    def __call__(self, cues: Sequence[Cue], profile: Profile) -> Iterable[Finding]:
        k = (self.key(cues), id(profile))
        if k in self.results:
            self.results.move_to_end(k)
            return self.results[k]
        found = tuple(self.check(cues, profile))
        self.results[k] = found
        while len(self.results) > self.size:
            self.results.popitem(last=False)
        return found


def by_text(cues: Sequence[Cue]) -> Hashable:
    return tuple(c.lines for c in cues)


def by_cue(cues: Sequence[Cue]) -> Hashable:
    return tuple(cues)


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
        speech: ExtraChecker = Memo(media_checker(regions), by_cue)
        extra = (*self.options.extra, speech)
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
