"""``--fix``: automatic fixes that never change, add, drop or reorder a word
within the timeline.

What it does: strip stray whitespace; sort cues by start time; renumber;
re-wrap lines that break ``line-length``, ``line-count`` or ``line-break``
(dialogue cues, one speaker per line, keep their lines); end a cue earlier so
it no longer overlaps the next one and leaves the profile's minimum gap,
unless that would make it shorter than the minimum duration; extend cues that
are too short or too fast into the free time after them; write UTF-8 without
BOM. Running it again changes nothing. The result is read back before it is
returned: if it would not read as the same cues, ``SubtitlerError`` is raised
and nothing should be written.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..cues.linebreak import wrap
from ..errors import SubtitlerError
from ..formats.document import SubtitleDocument
from ..formats.registry import FORMATS, parse_subtitles, rewriter
from ..models import Cue, PlacedCue, strip_markup
from ..profiles import Profile
from ..rules.text import better_wrap, is_dialogue, weak_ending
from ..rules.timing import valid
from ..timefmt import fmt_ms

FIXED_RULES = frozenset(
    {
        "encoding",
        "numbering",
        "overlap",
        "min-gap",
        "min-duration",
        "reading-speed",
        "line-length",
        "line-count",
        "line-break",
    }
)
"""Rules whose findings ``--fix`` removes where it safely can (``timing-order``
too, for cues out of order; not for a cue that ends before it starts)."""


WRAP_LIMIT = 4
"""A cue longer than this many times what the profile's lines hold is not re-wrapped."""


@dataclass(frozen=True)
class Change:
    """One thing ``--fix`` changed: at cue ``cue`` (1-based position in the
    input) starting at file line ``line``; None for the whole file."""

    cue: int | None
    line: int | None
    message: str


@dataclass(frozen=True)
class FixResult:
    cues: tuple[Cue, ...]
    changes: tuple[Change, ...]
    text: str
    """The fixed file's text (UTF-8 when encoded), line ends as the input's."""


def fix_document(
    doc: SubtitleDocument,
    profile: Profile,
    *,
    original: str | None = None,
    language: str | None = "en",
    verify: bool = True,
) -> FixResult:
    """Fix ``doc`` (which must be ``lossless``). ``original`` is the decoded
    file text, to tell whether only blank lines or line ends changed."""
    if not doc.lossless:
        lines = ", ".join(map(str, doc.lost_lines[:5]))
        raise SubtitlerError(f"not fixed: lines {lines} could not be read", path=doc.path)
    rewrite = rewriter(doc)
    changes: list[Change] = []
    items = [_tidy(e, changes) for e in doc.entries]
    order = sorted(range(len(items)), key=lambda k: items[k].cue.start_ms)
    moved = sum(1 for new, old in enumerate(order) if new != old)
    items = [_rewrap(items[k], profile, changes, language) for k in order]
    cues = _fix_timing(items, profile, changes, FORMATS[doc.format].resolution_ms)
    changes.sort(key=lambda c: c.cue or 0)
    numbers = [doc.entries[k].number for k in order]
    head: list[Change] = []
    if moved:
        head.append(Change(None, None, f"sorted the cues by start time ({moved} moved)"))
    if doc.format == "srt" and numbers != list(range(1, len(numbers) + 1)):
        head.append(Change(None, None, f"renumbered the cues 1 to {len(numbers)}"))
    if doc.encoding != "UTF-8":
        head.append(Change(None, None, f"written as UTF-8 without BOM (was {doc.encoding})"))
    text = rewrite(doc, cues, order)
    head += [Change(n.cue, n.line, f"written as the format says: {n.message}")
             for n in doc.notices if n.rule.endswith("-syntax")]  # _verify: none is left
    if not changes and not head and original is not None and text != original:
        head.append(Change(None, None, "tidied blank lines and line ends"))
    if verify:
        _verify(text, cues, doc)
    return FixResult(tuple(cues), tuple(head + changes), text)


def _verify(text: str, cues: Sequence[Cue], doc: SubtitleDocument) -> None:
    path = doc.path
    back = parse_subtitles(text, path, doc.format)
    syntax = cues and any(n.rule.endswith("-syntax") for n in back.notices)
    if back.cues != tuple(cues) or syntax:
        pairs = zip(back.cues, cues, strict=False)
        bad = next((i for i, (a, b) in enumerate(pairs) if a != b), len(cues))
        raise SubtitlerError(
            f"not fixed: the fixed file would not read back the same (cue {bad + 1})", path=path
        )


_SPACES = re.compile(r"[ \t]+")


def _tidy(item: PlacedCue, changes: list[Change]) -> PlacedCue:
    lines = tuple(_SPACES.sub(" ", line).strip(" \t") for line in item.cue.lines)
    lines = tuple(line for line in lines if line.strip())
    if lines == item.cue.lines:
        return item
    changes.append(Change(item.position, item.line, "removed stray whitespace"))
    return replace(item, cue=replace(item.cue, lines=lines))


def layout_problems(lines: Sequence[str], profile: Profile) -> int:
    """Lines over the length limit, plus one when there are too many lines."""
    over = sum(1 for line in lines if len(strip_markup(line).strip()) > profile.max_line_chars)
    return over + (len(lines) > profile.max_lines)


def new_layout(cue: Cue, profile: Profile, language: str | None = "en") -> tuple[str, ...] | None:
    """Better lines for ``cue``, or None when its own are as good as it gets."""
    if not cue.lines or is_dialogue(cue.lines) or any("-->" in line for line in cue.lines):
        return None
    if len(cue.text) > WRAP_LIMIT * profile.max_lines * profile.max_line_chars:
        return None  # no layout fits: re-wrapping would only cost time (linear, but large)
    old = layout_problems(cue.lines, profile)
    if old:
        lines = wrap(cue.text, profile.max_line_chars, profile.max_lines, language)
        return lines if layout_problems(lines, profile) < old else None
    if any(weak_ending(line, language) for line in cue.lines[:-1]):
        return better_wrap(cue, profile, language)
    return None


def _rewrap(
    item: PlacedCue, profile: Profile, changes: list[Change], language: str | None
) -> PlacedCue:
    lines = new_layout(item.cue, profile, language)
    if lines is None:
        return item
    shown = " / ".join(f'"{line}"' for line in lines)
    changes.append(Change(item.position, item.line, f"re-wrapped as {shown}"))
    return replace(item, cue=replace(item.cue, lines=lines))


def _fix_timing(
    items: list[PlacedCue], profile: Profile, changes: list[Change], step: int = 1
) -> list[Cue]:
    """Cues with their ends moved; ``step``: the format's time resolution
    (10 ms in ASS), new ends are multiples of it, rounded the way that keeps
    the rule met (a shortened end down, an extended one up)."""
    cues = [it.cue for it in items]
    idx = [k for k, c in enumerate(cues) if valid(c)]

    def set_end(k: int, end: int, why: str) -> None:
        old = cues[k]
        if end == old.end_ms:
            return
        cues[k] = replace(old, end_ms=end)
        msg = f"end {fmt_ms(old.end_ms)} -> {fmt_ms(end)}: {why}"
        changes.append(Change(items[k].position, items[k].line, msg))

    gap = profile.min_gap_ms
    for a, b in zip(idx, idx[1:], strict=False):
        ca, cb = cues[a], cues[b]
        limit = (cb.start_ms - gap) // step * step  # a time the format holds, early enough
        floor = min(profile.min_duration_ms, ca.duration_ms)
        if ca.end_ms > limit and limit - ca.start_ms >= floor:
            what = "overlapped" if ca.end_ms > cb.start_ms else "was too close to"
            set_end(a, limit, f"{what} cue {items[b].position}; now {gap} ms before it")
    for n, a in enumerate(idx):
        ca = cues[a]
        if not ca.chars:
            continue
        reading = math.ceil(ca.chars * 1000 / profile.max_cps) if profile.max_cps > 0 else 0
        need = min(max(profile.min_duration_ms, reading), profile.max_duration_ms)
        end = -(-(ca.start_ms + need) // step) * step  # a time the format holds, late enough
        limit = cues[idx[n + 1]].start_ms - gap if n + 1 < len(idx) else end
        if ca.end_ms < end <= limit:  # only when it clears the finding: no +3 ms that leaves it
            why = "too fast to read" if reading > profile.min_duration_ms else "too short"
            set_end(a, end, f"{why}; extended into the free time after it")
    return cues
