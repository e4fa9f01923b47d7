"""Every weight and threshold of the cue builder, in one record.

``CueOptions`` travels in ``RunOptions.cues``; the report records it and the
settings fingerprint includes it, so a batch redoes files when it changes.
The profile's numbers (line length, reading speed, durations, gaps) are the
hard limits; these are how the builder trades the rest off. A settings
file's ``[tool.subtitler.cues]`` table sets them (``config``); a value that
would break the builder (a negative time or cost, a ratio of 0, NaN) is a
``ValueError`` here, whoever builds the record.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class CueOptions:
    """How words become cues (sentences, breaks, timing), beyond the profile."""

    # sentences
    sentence_pause_ms: int = 1500
    """A pause this long ends a sentence (and a cue) even without punctuation."""
    capital_pause_ms: int = 150
    """A pause this long before a capitalised word (not "I") ends a sentence:
    the recogniser often drops the full stop, the audio keeps the pause."""

    # short cues
    fragment_words: int = 3
    """A cue of this many words or fewer is a fragment..."""
    fragment_ms: int = 1000
    """...and so is one whose speech lasts less than this..."""
    isolating_pause_ms: int = 400
    """...unless pauses at least this long stand before and after it..."""
    sentence_isolating_pause_ms: int = 250
    """...or, for a whole short sentence ("Thank you."), this long."""

    # the cost of one cue (lower is better)
    cue_cost: float = 4.0
    """Every cue costs this: fewer, fuller cues when nothing else decides."""
    fill_cost: float = 4.0
    """Times (characters / the profile's most characters per cue) squared:
    spreads text evenly over the cues of a sentence."""
    comfort_cps_ratio: float = 0.85
    """Reading speed, as a share of the profile's maximum, above which a cue
    starts to cost..."""
    reading_cost: float = 0.5
    """...this much per (character per second over it) squared."""
    fragment_cost: float = 30.0
    """A fragment that pauses do not isolate."""
    break_weight: float = 3.0
    """Weight of the break's quality (``linebreak.break_cost``: clause ends
    good, function words and names bad) where a cue ends."""
    pause_bonus: float = 1.0
    """Taken off a break's cost per 100 ms of pause there (up to 1 s)."""
    abbreviation_cost: float = 40.0
    """Ending a cue after an abbreviation or initial ("Mr.", "U.N.", "No.")."""
    sentence_inside_cost: float = 12.0
    """Each sentence end inside a cue (a cue spanning two sentences)."""
    pause_inside_cost: float = 20.0
    """Per second of pause over ``isolating_pause_ms`` inside a cue (its text
    stays up while no one speaks)."""
    delay_cost: float = 1.0
    """A cue that starts 2 frames after its voice so that the one before can
    be read (the planner decides where; Netflix allows 2 frames)."""
    layout_weight: float = 0.25
    """Weight of the line layout's own cost (``linebreak.layout``: balance)."""
    strict_speed_weight: float = 10.0
    """Where no split of a stretch of speech keeps the profile's reading
    speed: the cost of each character over it, weighed with the others (a
    fragment is worth ``fragment_cost`` / this many characters), once the
    sentences are kept apart and no line ends on a function word."""
    line_break_weight: float = 1.5
    """Weight of a bad line break inside a cue (a line ending in an article,
    a preposition or inside a name: ``linebreak.break_cost`` above 0): a cue
    break elsewhere that lets every line end well is worth this much."""

    # timing
    min_pause_ms: int = 100
    """Quiet at least this long between words is a pause: the next voice
    starts where it ends (a cue's onset), the last one stops where it starts."""
    onset_lookback_ms: int = 1000
    """How far before a word's recognised start its voice onset is looked for
    (recognisers often start a word late, most of all after voice-activity
    filtering)."""
    noisy_range_db: float = 14.0
    """A recording whose loud frames (95th percentile) are less than this
    above its quiet ones (10th) is so noisy that soft speech sinks to the
    noise: only the voice-activity regions say where pauses are. (The
    noisiest statements of the evaluation corpus, 10 dB SNR, spread 17 dB.)"""
    vad_pad_ms: int = 60
    """Voice-activity regions, widened by this much, count as voice even
    where the energy is low; outside them is quiet even where it is loud
    (music, noise)..."""
    vad_grow_ms: int = 400
    """...except loud frames right next to a region, up to this far: the
    detector often starts a region late in noise."""

    def __post_init__(self) -> None:
        for name in KINDS:
            value = getattr(self, name)
            problem = field_problem(name, value)
            if problem:
                raise ValueError(f"{name} {problem}")
            if KINDS[name] is float:  # 4 and 4.0 are one setting (and one fingerprint)
                object.__setattr__(self, name, float(value))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


KINDS: dict[str, type] = {f.name: {"int": int, "float": float}[str(f.type)]
                          for f in fields(CueOptions)}
"""Each field's type: ``int`` fields take whole numbers, ``float`` fields any
number (never true/false)."""
_MORE_THAN_ZERO = frozenset({"comfort_cps_ratio"})
_AT_LEAST_ONE = frozenset({"sentence_pause_ms", "capital_pause_ms"})
"""A pause of 0 ms is no pause: it would end a sentence between any two words."""


def field_problem(name: str, value: Any) -> str | None:
    """What is wrong with ``value`` for the field ``name`` ("must be ...,
    not ..."); None when nothing is."""
    kind = KINDS[name]
    if isinstance(value, bool) or not isinstance(value, kind if kind is int else (int, float)):
        return f"must be {'a whole number' if kind is int else 'a number'}, not {value!r}"
    if not _finite(value):
        return f"must be a finite number, not {value!r}"
    if kind is float and isinstance(value, int) and float(value) != value:
        # a float would silently take another value (beyond 2**53)
        return f"must be a number a float holds exactly, not {value!r}"
    if name in _MORE_THAN_ZERO and value <= 0:
        return f"must be more than 0, not {value!r}"
    least = 1 if name in _AT_LEAST_ONE else 0
    if value < least:
        return f"must be at least {least}, not {value!r}"
    return None


def range_text(name: str) -> str:
    """The values the field ``name`` takes, as the docs say them."""
    if name in _MORE_THAN_ZERO:
        return "more than 0"
    return f"at least {1 if name in _AT_LEAST_ONE else 0}"


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # a whole number too large for a float (TOML allows them)
        return False


DEFAULT = CueOptions()
"""The defaults, chosen on the recordings in ``bench/cues.py``."""
