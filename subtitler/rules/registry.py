"""Subtitle rules as data: one ``Rule(id, description, check)`` per rule.

``check_cues`` runs the cue rules over built or parsed cues; the pipeline and
``subtitler check`` share it. ``media_findings`` compares cues with the
speech regions of their media. Rules report; they never drop or change a cue.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ..models import Cue, Finding, PlacedCue, placed
from ..profiles import DEFAULT_SEVERITY, Profile
from .base import DEFAULT_PHRASES, Context, Hit, Rule, make_finding, normalize, wanted
from .media import EARLY_MS, MIN_UNCOVERED_MS, media_findings
from .text import (
    check_arrow_in_text,
    check_empty_cue,
    check_hallucination_phrase,
    check_line_break,
    check_line_count,
    check_line_length,
    check_repeated_cue,
    check_unbalanced_markup,
    markup_problems,
)
from .timing import (
    check_max_duration,
    check_min_duration,
    check_min_gap,
    check_overlap,
    check_reading_speed,
    check_timing_order,
)

__all__ = [
    "DEFAULT_PHRASES",
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

RULES: tuple[Rule, ...] = (
    Rule("timing-order", "a cue ends at or before its start, or starts before the cue above it",
         check_timing_order),
    Rule("overlap", "a cue starts before an earlier cue ends", check_overlap),
    Rule("min-gap", "the gap between two cues is shorter than the profile's minimum",
         check_min_gap, uses=("min_gap_ms",)),
    Rule("min-duration", "a cue is shown for less than the profile's minimum",
         check_min_duration, uses=("min_duration_ms",), per_cue=True),
    Rule("max-duration", "a cue is shown for longer than the profile's maximum",
         check_max_duration, uses=("max_duration_ms",), per_cue=True),
    Rule("reading-speed", "more characters per second than the profile allows",
         check_reading_speed, uses=("max_cps",), per_cue=True),
    Rule("line-length", "a line has more characters than the profile allows (markup not "
         "counted)", check_line_length, uses=("max_line_chars",), per_cue=True),
    Rule("line-count", "a cue has more lines than the profile allows", check_line_count,
         uses=("max_lines",), per_cue=True),
    Rule("empty-cue", "a cue has no text (markup alone counts as none)", check_empty_cue,
         per_cue=True),
    Rule("unbalanced-markup", "an <i>, <b>, <u> or <font> tag is not closed, closed without "
         "being opened, or crossed", check_unbalanced_markup, per_cue=True),
    Rule("arrow-in-text", 'a text line contains "-->"', check_arrow_in_text, per_cue=True),
    Rule("line-break", "a line ends with an article, preposition, conjunction, auxiliary or "
         "determiner of the file's language where a better break fits (the finding shows it)",
         check_line_break, uses=("max_line_chars", "max_lines"), per_cue=True),
    Rule("repeated-cue", "the same text as the cue before (a recogniser loop)",
         check_repeated_cue),
    Rule("hallucination-phrase", 'text recognisers invent over silence: "thanks for watching", '
         '"subtitles by", "amara.org"... (whole words, any case; the list is a setting)',
         check_hallucination_phrase, per_cue=True),
)
"""The cue rules, in the order their findings are listed for one cue."""

FILE_RULES: tuple[Rule, ...] = (
    Rule("srt-syntax", "the file is not valid SRT at this line (the reader recovers)"),
    Rule("vtt-syntax", "the file is not valid WebVTT at this line (the reader recovers)"),
    Rule("ass-syntax", "the file is not valid ASS/SSA at this line, players read it otherwise "
         "than it reads (a negative time), or it has no [Script Info] (the reader recovers)"),
    Rule("ttml-syntax", "the file is not valid TTML at this line, or players show it otherwise "
         "than it reads (the reader says how it read it)"),
    Rule("encoding", "the file is not UTF-8 (the finding says how it was read)"),
    Rule("numbering", "a cue number is not the one after the number before it"),
)
"""Rules the subtitle readers report (``formats``)."""

MEDIA_RULES: tuple[Rule, ...] = (
    Rule("text-over-silence", "a cue is shown while no one speaks (voice-activity detection): "
         f"more than {EARLY_MS / 1000:g} s before the speech, or longer after it than the "
         "profile's linger or reading needs", uses=("max_linger_ms",)),
    Rule("speech-not-covered",
         f"{MIN_UNCOVERED_MS / 1000:g} s or more of speech with no cue shown"),
)
"""Rules ``media_findings`` reports (``--media``)."""

OTHER_RULES: tuple[Rule, ...] = (
    Rule("term-variant", "a glossary variant that should be the term (-g)"),
    Rule("term-discouraged", "wording the glossary flags, with its suggestion (-g)"),
    Rule("term-near-miss", "a near miss of a glossary name, for a person to decide (-g)"),
    Rule("term-spelling", "the other spelling of the house spelling, or a word whose "
         "spelling depends on its meaning"),
    Rule("term-translation", "a translated cue without the glossary's approved rendering, or "
         "with a forbidden one (--source, --lang)"),
    Rule("script-skipped", "a passage of the script the speaker did not read (--script)"),
    Rule("script-added", "speech that is not in the script (--script)"),
    Rule("no-speech", "the media has no speech: the subtitles are empty (run)"),
    Rule("language-mismatch", "speech heard (p >= 0.8) as another language than --language or "
         "an English-only --model says: its subtitles are not what was said (run)"),
    Rule("language-uncertain", "language detection unsure, or fairly sure of another language "
         "than the one asked for (run)"),
    Rule("machine-translated", "the subtitles are Whisper's machine translation into English: "
         "a draft for a translator (run --translate)"),
)
"""Rules the glossary, the script and the pipeline report."""

RULE_IDS: frozenset[str] = frozenset(
    r.id for r in (*FILE_RULES, *RULES, *MEDIA_RULES, *OTHER_RULES)
) | frozenset(DEFAULT_SEVERITY)
"""Every rule id any part of subtitler reports (glossary and script ones too)."""


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
    for order, rule in enumerate(RULES):
        if rule.check is None or not wanted(rule.id, select, ignore):
            continue
        for hit in rule.check(plain, ctx):
            finding = make_finding(profile, rule.id, hit, entries)
            found.append((hit.index, order, finding))
    found.sort(key=lambda t: (t[0], t[1]))
    return [f for _, _, f in found]
