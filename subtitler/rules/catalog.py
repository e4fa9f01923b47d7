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


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    severity: Severity = W
    """The default severity."""
    check_name: str | None = None
    """``module.function`` in this package that checks a cue rule; None for
    rules reported elsewhere (the readers, ``--media``, glossary, script)."""

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
         "timing.check_min_gap"),
    Rule("min-duration", "a cue is shown for less than the profile's minimum", W,
         "timing.check_min_duration"),
    Rule("max-duration", "a cue is shown for longer than the profile's maximum", E,
         "timing.check_max_duration"),
    Rule("reading-speed", "more characters per second than the profile allows", E,
         "timing.check_reading_speed"),
    Rule("line-length", "a line has more characters than the profile allows", E,
         "text.check_line_length"),
    Rule("line-count", "a cue has more lines than the profile allows", E,
         "text.check_line_count"),
    Rule("empty-cue", "a cue has no text", E, "text.check_empty_cue"),
    Rule("unbalanced-markup", "an <i>, <b>, <u> or <font> tag is not closed, or not opened", E,
         "text.check_unbalanced_markup"),
    Rule("arrow-in-text", 'a text line contains "-->"', E, "text.check_arrow_in_text"),
    Rule("line-break", "a line ends with an article, preposition, conjunction or auxiliary "
         "where a better break fits", W, "text.check_line_break"),
    Rule("repeated-cue", "the same text as the cue before (a recogniser loop)", W,
         "text.check_repeated_cue"),
    Rule("hallucination-phrase", 'text recognisers invent, such as "Thanks for watching"', W,
         "text.check_hallucination_phrase"),
)
"""The cue rules, in the order their findings are listed for one cue."""

FILE_RULES: tuple[Rule, ...] = (
    Rule("srt-syntax", "the file is not valid SRT at this line (the reader recovers)", E),
    Rule("vtt-syntax", "the file is not valid WebVTT at this line (the reader recovers)", E),
    Rule("ass-syntax", "the file is not valid ASS/SSA at this line (the reader recovers)", E),
    Rule("encoding", "the file is not UTF-8 (the finding says how it was read)", W),
    Rule("numbering", "a cue number is not the one after the number before it", W),
)
"""Rules the subtitle readers report (``formats``)."""

MEDIA_RULES: tuple[Rule, ...] = (
    Rule("text-over-silence", "a cue is shown while no one speaks (voice-activity detection)",
         W),
    Rule("speech-not-covered", "someone speaks and no cue is shown", W),
)
"""Rules ``media_findings`` reports (``--media``)."""

OTHER_RULES: tuple[Rule, ...] = (
    Rule("term-variant", "a glossary term written in a variant the glossary corrects (-g)", W),
    Rule("term-discouraged", "wording the glossary discourages (-g)", W),
    Rule("term-near-miss", "a word that may be a glossary term misheard or misspelt (-g)", W),
    Rule("term-spelling", "a word not in the house spelling (--spelling, or the glossary's)",
         W),
    Rule("term-translation", "a source cue's glossary term without its translation in the "
         "cue (--source, -g)", E),
    Rule("script-skipped", "a passage of the script the speaker did not say (run --script)", W),
    Rule("script-added", "speech the script does not have (run --script)", W),
    Rule("no-speech", "the media has no speech to subtitle (run)", W),
)
"""Rules the glossary, the script and ``run`` report."""

ALL_RULES: tuple[Rule, ...] = (*FILE_RULES, *RULES, *MEDIA_RULES, *OTHER_RULES)
"""Every rule, in the order ``check --list-rules`` lists them."""

DEFAULT_SEVERITY: Mapping[str, Severity] = MappingProxyType(
    {r.id: r.severity for r in ALL_RULES}
)
"""Each rule's default severity (``Profile.severity_of`` decides)."""

RULE_IDS: frozenset[str] = frozenset(DEFAULT_SEVERITY)
"""Every rule id any part of subtitler reports."""
