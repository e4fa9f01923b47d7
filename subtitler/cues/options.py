"""Every weight and threshold of the cue builder, in one record.

``CueOptions`` travels in ``RunOptions.cues``; the report records it and the
settings fingerprint includes it, so a batch redoes files when it changes.
The profile's numbers (line length, reading speed, durations, gaps) are the
hard limits; these are how the builder trades the rest off.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
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
    """...unless pauses at least this long stand before and after it."""

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
    """Bonus per 100 ms of pause (up to 1 s) where a cue ends."""
    abbreviation_cost: float = 40.0
    """Ending a cue after an abbreviation or initial ("Mr.", "U.N.", "No.")."""
    sentence_inside_cost: float = 12.0
    """Each sentence end inside a cue (a cue spanning two sentences)."""
    layout_weight: float = 0.25
    """Weight of the line layout's own cost (``linebreak.layout``)."""

    # timing
    min_pause_ms: int = 100
    """Quiet at least this long between words is a pause: the next voice
    starts where it ends (a cue's onset), the last one stops where it starts."""
    onset_lookback_ms: int = 1000
    """How far before a word's recognised start its voice onset is looked for
    (recognisers often start a word late, most of all after voice-activity
    filtering)."""
    vad_pad_ms: int = 60
    """Voice-activity regions, widened by this much, count as voice even
    where the energy is low; outside them is quiet even where it is loud
    (music, noise)."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


DEFAULT = CueOptions()
"""The defaults, chosen on the recordings in ``bench/cues.py``."""
