"""Findings for the cues being edited, by the code ``subtitler check`` runs
(``check.checker.check_document``) with the same options: profile, rule
selection, glossary (``--lang``, ``--source``) and, as ``check --media``
does, timing against the speech (the speech regions found once).

The findings are always those ``subtitler check`` would give of the whole
file (``overlap`` looks at every earlier cue, a split renumbers every cue
after it), but what an edit cannot change is not recomputed:

- a rule whose findings on a cue depend on that cue alone (``Rule.per_cue``)
  is run only on cues it has not seen (``CueRules``); the rules that look
  across cues run over the whole file (simple passes);
- an extra checker (the glossary's, the speech timing) keeps its last
  results by what its findings depend on (``Memo``: the text alone for the
  glossary's terms, so a timing nudge reuses them); on a long file
  (``BLOCKWISE_FROM`` cues) it runs block by block (``Blocks``): blocks end
  at a sentence end chosen by the text, so an edit changes one block and
  the others' findings are kept. Terms do not cross a sentence end, so the
  findings are the same (a test compares them).

``bench/review_recheck.py`` measures it.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from ..check.checker import CheckOptions, ExtraChecker, check_document
from ..formats.document import SubtitleDocument
from ..media.vad import Region
from ..models import Cue, Finding, PlacedCue, placed
from ..profiles import Profile
from ..rules.base import visible
from ..rules.registry import RULES, check_cues, media_findings, wanted
from .state import Entry

BLOCKWISE_FROM = 800
"""Files with this many cues are checked by the extra checkers block by block."""
BLOCK_EVERY = 16
"""A block ends at about one sentence end in this many (chosen by the text)."""
BLOCK_MIN, BLOCK_MAX = 24, 400
"""Cues a block has at least, and at most."""

_ORDER = {r.id: k for k, r in enumerate(RULES)}
_END = (".", "!", "?", "\u2026", "\u3002", "\uff01", "\uff1f")


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


def _ends_sentence(cue: Cue) -> bool:
    text = visible(cue.lines[-1]).rstrip("\"'\u201d\u2019)]\u00bb") if cue.lines else ""
    return text.endswith(_END)


def blocks(cues: Sequence[Cue]) -> list[tuple[int, int]]:
    """[start, end) of each block: a block ends after a cue that ends a
    sentence and whose text's checksum picks it (about one in
    ``BLOCK_EVERY``), once it has ``BLOCK_MIN`` cues; at ``BLOCK_MAX`` cues
    it ends at the next sentence end. An edit moves no end but its own
    block's."""
    out: list[tuple[int, int]] = []
    start = 0
    for i, c in enumerate(cues):
        n = i + 1 - start
        if n < BLOCK_MIN or not _ends_sentence(c):
            continue
        if n >= BLOCK_MAX or zlib.crc32(c.text.encode("utf-8")) % BLOCK_EVERY == 0:
            out.append((start, i + 1))
            start = i + 1
    if start < len(cues):
        out.append((start, len(cues)))
    return out


@dataclass
class Blocks:
    """An extra checker run on a long file block by block (``blocks``), each
    block's findings remembered by what they depend on (``key``); on a
    shorter file, on the whole file (``Memo``)."""

    check: ExtraChecker
    key: Callable[[Sequence[Cue]], Hashable]
    min_cues: int = BLOCKWISE_FROM
    whole: Memo = field(init=False)
    kept: dict[Hashable, _Shifted] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.whole = Memo(self.check, self.key)

    def __call__(self, cues: Sequence[Cue], profile: Profile) -> Iterable[Finding]:
        if len(cues) < self.min_cues:
            return self.whole(cues, profile)
        out: list[Finding] = []
        now: dict[Hashable, _Shifted] = {}
        for a, b in blocks(cues):
            part = cues[a:b]
            k = (self.key(part), id(profile))
            found = now.get(k) or self.kept.get(k)
            if found is None:
                found = _Shifted(tuple(self.check(part, profile)))
            now[k] = found
            out += found.at(a)
        # this state's blocks, and as many earlier ones (an undo finds them again)
        self.kept = {**dict(list(self.kept.items())[-len(now):]), **now}
        return out


class _Shifted:
    """A block's findings, and the same for the block at its last place."""

    def __init__(self, found: tuple[Finding, ...]) -> None:
        self.found = found
        self.offset = 0
        self.placed = found

    def at(self, offset: int) -> tuple[Finding, ...]:
        if offset != self.offset:
            self.placed = tuple(f if f.cue is None else replace(f, cue=f.cue + offset)
                                for f in self.found)
            self.offset = offset
        return self.placed


def media_checker(regions: Sequence[Region]) -> ExtraChecker:
    """An extra checker giving ``check --media``'s findings for known speech regions."""

    def speech(cues: Sequence[Cue], profile: Profile) -> Iterable[Finding]:
        return media_findings(placed(cues), regions, profile)

    return speech


class _Own:
    """One cue's own findings, and the same placed where the cue last stood
    (kept, so an unchanged cue's findings are the same objects)."""

    def __init__(self, alone: tuple[Finding, ...]) -> None:
        self.alone = alone
        self.where: tuple[int, int | None] = (0, None)
        self.placed: tuple[Finding, ...] = ()

    def at(self, position: int, line: int | None) -> tuple[Finding, ...]:
        if (position, line) != self.where or len(self.placed) != len(self.alone):
            self.placed = tuple(replace(f, cue=position, line=line) for f in self.alone)
            self.where = (position, line)
        return self.placed


class CueRules:
    """``rules.check_cues``, with the findings of the rules that look at one
    cue alone (``Rule.per_cue``) remembered by cue, so an edit runs them on
    the cues it made only."""

    def __init__(self) -> None:
        self.seen: dict[tuple[Cue, int, str | None, tuple[str, ...]], _Own] = {}

    def __call__(self, cues: Sequence[PlacedCue], profile: Profile, *,
                 select: Collection[str] | None = None, ignore: Collection[str] | None = None,
                 phrases: Sequence[str] | None = None, language: str | None = "en",
                 ) -> list[Finding]:
        own = [r.id for r in RULES if r.per_cue and r.check is not None
               and wanted(r.id, select, ignore)]
        across = [r.id for r in RULES if not r.per_cue and wanted(r.id, select, ignore)]
        found = check_cues(cues, profile, select=across, phrases=phrases, language=language)
        chosen = tuple(phrases) if phrases is not None else ()
        seen: dict[tuple[Cue, int, str | None, tuple[str, ...]], _Own] = {}
        for e in cues:
            k = (e.cue, id(profile), language, chosen)
            mine = seen.get(k) or self.seen.get(k)
            if mine is None:
                mine = _Own(tuple(check_cues([e.cue], profile, select=own, phrases=phrases,
                                             language=language)))
            seen[k] = mine
            found += mine.at(e.position, e.line)
        self.seen = seen
        found.sort(key=lambda f: (f.cue or 0, _ORDER.get(f.rule, len(_ORDER))))
        return found


@dataclass(frozen=True)
class Rechecker:
    options: CheckOptions
    path: str = "<review>"
    cue_rules: CueRules = field(default_factory=CueRules, compare=False)

    def with_regions(self, regions: Sequence[Region]) -> Rechecker:
        """The same checks, plus timing against the speech in ``regions``."""
        speech: ExtraChecker = Memo(media_checker(regions), by_cue)
        extra = (*self.options.extra, speech)
        return replace(self, options=replace(self.options, media=None, extra=extra))

    def findings(self, entries: Sequence[Entry],
                 line_of: Callable[[int], int | None] = lambda ident: None,
                 ) -> tuple[Finding, ...]:
        """Every finding, with ``cue`` the 1-based position in ``entries`` and
        ``line`` the line of the file where the cue is (``line_of(id)``, as
        ``subtitler check`` gives it; None for a cue not in the file yet)."""
        doc = SubtitleDocument(
            self.path,
            tuple(PlacedCue(e.cue, i, line_of(e.id), i) for i, e in enumerate(entries, start=1)),
            (),
            "UTF-8",
        )
        return check_document(doc, self.options, self.cue_rules)
