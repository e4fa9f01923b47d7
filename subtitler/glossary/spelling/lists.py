"""Which American/British pairs are converted, which flagged, which left.

The pairs are breame's (``words``). A pair is converted only when the other
spelling is not also a correct word of the house spelling with another
meaning or use:

- en-GB: an American form British English writes too (SCOWL's British list,
  ``scowl.BRITISH_ACCEPTS``: "judgment", "program", "license", "filter") is
  never converted; those that are right in one sense and wrong in another
  ("practice" the noun, "practise" the verb) are flagged (``MEANING_GB``).
- en-US: British forms that are standard American too ("dialogue", "gauge",
  "analyses" the plural of analysis, "tonne" another unit) are never
  converted (``KEEP_US``); a few are flagged (``MEANING_US``).
- Pairs whose target is in no word list of its spelling (``scowl``) or that
  are wrong (``WRONG``: breame's "snowplow" -> "snowploughs") are dropped.

Words the pairs do not know ("check"/"cheque", "curb"/"kerb", "story"/
"storey") are never touched: their British forms mean one sense only.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .scowl import BRITISH_ACCEPTS, NOT_AMERICAN, NOT_BRITISH
from .words import american_to_british_all, british_to_american_all

MEANING_GB: dict[str, tuple[str, str]] = {
    "practice": ("practise", "a noun in British English too; the verb is 'practise'"),
    "practices": ("practises", "a noun in British English too; the verb is 'practises'"),
    "license": ("licence", "the British noun is 'licence'; the verb is 'license'"),
    "licenses": ("licences", "the British noun is 'licences'; the verb is 'licenses'"),
    "meter": ("metre", "the unit is 'metre'; a measuring device is a 'meter'"),
    "meters": ("metres", "the unit is 'metres'; measuring devices are 'meters'"),
    "tire": ("tyre", "on a wheel 'tyre'; the verb 'to tire' is British too"),
    "tires": ("tyres", "on wheels 'tyres'; the verb 'tires' is British too"),
    "draft": ("draught", "a first version is a 'draft' in British too; air, drink: 'draught'"),
    "drafts": ("draughts", "versions are 'drafts' in British English too; air, drink: 'draughts'"),
    "disk": ("disc", "British English writes 'disc', except a computer 'disk'"),
    "disks": ("discs", "British English writes 'discs', except computer 'disks'"),
    "program": ("programme", "British English writes 'programme', except a computer 'program'"),
    "programs": ("programmes", "British 'programmes', except computer 'programs'"),
    "ton": ("tonne", "'ton' (imperial) and 'tonne' (metric) are different units"),
    "tons": ("tonnes", "'tons' (imperial) and 'tonnes' (metric) are different units"),
    "analog": ("analogue", "British English writes 'analogue'; 'analog' in electronics"),
    "dialog": ("dialogue", "British English writes 'dialogue'; 'dialog' for a computer's box"),
}
"""American forms British English writes in one sense only: (suggestion, why)."""

NOUN_RIGHT: frozenset[str] = frozenset({"practice", "practices"})
"""Flagged only where they may be verbs: after a determiner or a preposition
("in practice", "the practices of") they are right in British English too."""

MEANING_US: dict[str, tuple[str, str]] = {
    "disc": ("disk", "American English writes 'disk' in computing, 'disc' for CDs, brakes"),
    "discs": ("disks", "American 'disks' in computing, 'discs' for CDs, brakes"),
    "draughts": ("drafts", "'draughts' is also the board game (American 'checkers')"),
}
"""British forms American English writes in one sense only: (suggestion, why)."""

KEEP_US: frozenset[str] = frozenset(
    """
    analyses paralyses tonne tonnes gauge gauged gauges gauging fillet fillets filleted
    filleting buses busing gases bevvy bevvies philtre philtres tranquilly pummelled
    pummelling snowploughs exorcise exorcised exorcises exorcising dialogue dialogues
    prologue prologues epilogue epilogues monologue monologues travelogue travelogues
    analogue analogues aesthete aesthetes aesthetic aesthetically aesthetics archaeological
    archaeologically archaeologist archaeologists archaeology glamour woolly
    """.split()
)
"""British forms that are standard American English too (or whose breame
pair is wrong): never converted to en-US."""

WRONG_GB: frozenset[str] = frozenset({"snowplow", "pummeled"})
"""American forms whose breame pair is wrong ("snowploughs", "pummelling")."""


@dataclass(frozen=True)
class Respelling:
    """What house spelling does with one word."""

    to: str
    """The house form (for a flag: the suggestion)."""
    note: str = ""
    """Why the word is only flagged; "" for a conversion."""

    @property
    def flag(self) -> bool:
        return bool(self.note)


@functools.lru_cache(maxsize=1)
def to_british() -> dict[str, Respelling]:
    """Lower-case American forms and what en-GB does with them."""
    out = {
        us: Respelling(gb)
        for us, gb in american_to_british_all().items()
        if us not in BRITISH_ACCEPTS and us not in WRONG_GB and gb not in NOT_BRITISH
    }
    out.update({us: Respelling(gb, why) for us, (gb, why) in MEANING_GB.items()})
    return out


@functools.lru_cache(maxsize=1)
def to_american() -> dict[str, Respelling]:
    """Lower-case British forms and what en-US does with them."""
    out = {
        gb: Respelling(us)
        for gb, us in british_to_american_all().items()
        if gb not in KEEP_US and us not in NOT_AMERICAN
    }
    out.update({gb: Respelling(us, why) for gb, (us, why) in MEANING_US.items()})
    return out


SPELLINGS = ("en-GB", "en-US")


def table(spelling: str) -> dict[str, Respelling]:
    """The respellings for ``spelling`` ("en-GB" or "en-US", any case)."""
    key = spelling.replace("_", "-").lower()
    if key == "en-gb":
        return to_british()
    if key == "en-us":
        return to_american()
    raise ValueError(f"unknown spelling {spelling!r}: use one of {', '.join(SPELLINGS)}")
