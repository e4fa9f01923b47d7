"""Subtitle rules as data: one ``Rule(id, description, severity, check)`` per
rule (``catalog``, the one list).

``check_cues`` runs the cue rules over built or parsed cues; the pipeline and
``subtitler check`` share it. ``media_findings`` compares cues with the
speech regions of their media. Rules report; they never drop or change a cue.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ..models import Cue, Finding, PlacedCue, placed
from ..profiles import Profile
from .base import DEFAULT_PHRASES, Check, Context, Hit, make_finding, normalize, wanted
from .catalog import (
    ALL_RULES,
    DEFAULT_SEVERITY,
    FILE_RULES,
    MEDIA_RULES,
    OTHER_RULES,
    RULE_IDS,
    RULES,
    Rule,
)
from .media import media_findings
from .text import markup_problems

__all__ = [
    "ALL_RULES",
    "DEFAULT_PHRASES",
    "DEFAULT_SEVERITY",
    "FILE_RULES",
    "MEDIA_RULES",
    "OTHER_RULES",
    "RULES",
    "RULE_IDS",
    "Context",
    "Hit",
    "Rule",
    "check_cues",
    "markup_problems",
    "media_findings",
    "normalize",
    "wanted",
]

CHECKS: tuple[tuple[str, Check], ...] = tuple(
    (r.id, r.check) for r in RULES if r.check is not None
)
"""Each cue rule's id and check, in ``RULES``' order."""


def check_cues(
    cues: Sequence[Cue] | Sequence[PlacedCue],
    profile: Profile,
    *,
    select: Collection[str] | None = None,
    ignore: Collection[str] | None = None,
    phrases: Sequence[str] | None = None,
    language: str | None = "en",
) -> list[Finding]:
    """Findings of every cue rule over ``cues``, sorted by cue, then rule.

    ``Finding.cue`` is the cue's 1-based position and ``Finding.line`` the
    file line it starts on, for cues read from a file (``PlacedCue``); plain
    cues are numbered 1, 2, 3... ``phrases`` replaces ``DEFAULT_PHRASES`` for
    ``hallucination-phrase``; ``language`` picks the function words of
    ``line-break``. Severities come from ``profile``."""
    chosen = DEFAULT_PHRASES if phrases is None else tuple(phrases)
    entries = placed(cues)
    ctx = Context(profile, chosen, entries, language)
    plain = ctx.cues
    found: list[tuple[int, int, Finding]] = []
    for order, (rule, check) in enumerate(CHECKS):
        if not wanted(rule, select, ignore):
            continue
        for hit in check(plain, ctx):
            finding = make_finding(profile, rule, hit, entries)
            found.append((hit.index, order, finding))
    found.sort(key=lambda t: (t[0], t[1]))
    return [f for _, _, f in found]
