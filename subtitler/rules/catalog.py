"""Every rule subtitler reports, as data: the one list of rule ids, what
each finds, its default severity (a profile or the settings file may change
it) and, for a cue rule, the function that checks it.

A check is named, not imported (``text.check_line_length``), and imported
when first run: ``profiles`` reads the default severities from here, and the
checks import ``profiles``."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..models import Severity

E, W = Severity.ERROR, Severity.WARNING


EARLY_MS = 1500
"""A cue may start this long before the speech (BBC: never more than 1.5 s early)."""
MIN_UNCOVERED_MS = 600
"""Speech without a cue is reported when it lasts at least this long."""


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    severity: Severity = W
    """The default severity."""
    check_name: str | None = None
    """``module.function`` in this package that checks a cue rule; None for
    rules reported elsewhere (the readers, ``--media``, glossary, script)."""
    uses: tuple[str, ...] = ()
    """The profile numbers (``Profile`` fields) the rule judges by."""
    per_cue: bool = False
    """Its findings on a cue depend on that cue alone (not on the cues
    around it), so a cue's findings can be kept while the cue is unchanged."""

    @property
    def check(self) -> Callable[[Any, Any], Iterator[Any]] | None:
        """The check (``base.Check``), imported on first use."""
        if self.check_name is None:
            return None
        module, name = self.check_name.rsplit(".", 1)
        found: Callable[[Any, Any], Iterator[Any]] = getattr(
            importlib.import_module(f".{module}", __package__), name)
        return found


RULES: tuple[Rule, ...] = (
    Rule("timing-order", "a cue ends at or before its start, or starts before the cue above it",
         E, "timing.check_timing_order"),
    Rule("overlap", "a cue starts before an earlier cue ends", E, "timing.check_overlap"),
    Rule("min-gap", "the gap between two cues is shorter than the profile's minimum", W,
         "timing.check_min_gap", uses=("min_gap_ms",)),
    Rule("min-duration", "a cue is shown for less than the profile's minimum", W,
         "timing.check_min_duration", uses=("min_duration_ms",), per_cue=True),
    Rule("max-duration", "a cue is shown for longer than the profile's maximum", E,
         "timing.check_max_duration", uses=("max_duration_ms",), per_cue=True),
    Rule("reading-speed", "more characters per second than the profile allows", E,
         "timing.check_reading_speed", uses=("max_cps",), per_cue=True),
    Rule("line-length", "a line has more characters than the profile allows (markup not "
         "counted)", E, "text.check_line_length", uses=("max_line_chars",), per_cue=True),
    Rule("line-count", "a cue has more lines than the profile allows", E,
         "text.check_line_count", uses=("max_lines",), per_cue=True),
    Rule("empty-cue", "a cue has no text (markup alone counts as none): not translated yet; "
         "its other findings wait until it has text", E,
         "text.check_empty_cue", per_cue=True),
    Rule("unbalanced-markup", "an <i>, <b>, <u> or <font> tag is not closed, closed without "
         "being opened, or crossed", E, "text.check_unbalanced_markup", per_cue=True),
    Rule("arrow-in-text", 'a text line contains "-->"', E, "text.check_arrow_in_text",
         per_cue=True),
    Rule("line-break", "a line ends with an article, preposition, conjunction, auxiliary or "
         "determiner of the file's language where a better break fits (the finding shows it)",
         W, "text.check_line_break", uses=("max_line_chars", "max_lines"), per_cue=True),
    Rule("repeated-cue", "the same text as the cue before (a recogniser loop)", W,
         "text.check_repeated_cue"),
    Rule("hallucination-phrase", 'text recognisers invent over silence: "thanks for watching", '
         '"subtitles by", "amara.org"... (whole words, any case; the list is a setting)', W,
         "text.check_hallucination_phrase", per_cue=True),
)
"""The cue rules, in the order their findings are listed for one cue."""

FILE_RULES: tuple[Rule, ...] = (
    Rule("srt-syntax", "the file is not valid SRT at this line (the reader recovers)", E),
    Rule("vtt-syntax", "the file is not valid WebVTT at this line (the reader recovers)", E),
    Rule("ass-syntax", "the file is not valid ASS/SSA at this line, players read it otherwise "
         "than it reads (a negative time), or it has no [Script Info] (the reader recovers)", E),
    Rule("ttml-syntax", "the file is not valid TTML at this line, or players show it otherwise "
         "than it reads (the reader says how it read it)", E),
    Rule("encoding", "the file is not UTF-8 (the finding says how it was read)", W),
    Rule("numbering", "a cue number is not the one after the number before it", W),
)
"""Rules the subtitle readers report (``formats``)."""

MEDIA_RULES: tuple[Rule, ...] = (
    Rule("text-over-silence", "a cue is shown while no one speaks (voice-activity detection): "
         f"more than {EARLY_MS / 1000:g} s before the speech, or longer after it than the "
         "profile's linger or reading needs", W, uses=("max_linger_ms",)),
    Rule("speech-not-covered",
         f"{MIN_UNCOVERED_MS / 1000:g} s or more of speech with no cue shown", W),
)
"""Rules ``media_findings`` reports (``--media``)."""

OTHER_RULES: tuple[Rule, ...] = (
    Rule("term-variant", "a glossary variant that should be the term (-g)", W),
    Rule("term-discouraged", "wording the glossary flags, with its suggestion (-g)", W),
    Rule("term-near-miss", "a near miss of a glossary name, for a person to decide (-g)", W),
    Rule("term-spelling", "the other spelling of the house spelling, or a word whose "
         "spelling depends on its meaning", W),
    Rule("term-translation", "a translated cue without the glossary's approved rendering, or "
         "with a forbidden one (--source, --lang)", E),
    Rule("script-skipped", "a passage of the script the speaker did not read (--script)", W),
    Rule("script-added", "speech that is not in the script (--script)", W),
    Rule("no-speech", "the media has no speech: the subtitles are empty (run)", W),
    Rule("language-mismatch", "speech heard (p >= 0.8) as another language than --language or "
         "an English-only --model says: its subtitles are not what was said (run)", E),
    Rule("language-uncertain", "language detection unsure, or fairly sure of another language "
         "than the one asked for (run)", W),
    Rule("language-unknown", "speech in which the model heard almost no words, in the "
         "language detected and in its next guesses, or whose language detection cannot "
         "tell (p < 0.5): subtitles missing or not in the language spoken (run)", E),
    Rule("machine-translated", "the subtitles are Whisper's machine translation into English: "
         "a draft for a translator (run --translate)", W),
)
"""Rules the glossary, the script and the pipeline report."""

ALL_RULES: tuple[Rule, ...] = (*FILE_RULES, *RULES, *MEDIA_RULES, *OTHER_RULES)
"""Every rule, in the order ``check --list-rules`` lists them."""

DEFAULT_SEVERITY: Mapping[str, Severity] = MappingProxyType(
    {r.id: r.severity for r in ALL_RULES}
)
"""Each rule's default severity (``Profile.severity_of`` decides)."""

RULE_IDS: frozenset[str] = frozenset(DEFAULT_SEVERITY)
"""Every rule id any part of subtitler reports."""
