"""Netflix's numbers that differ by language: reading speed (characters per
second) and characters per line.

Netflix publishes one Timed Text Style Guide per language (Partner Help
Center: English (USA) 217350977, French 217351577, German 217351587,
Brazilian Portuguese 215600497, and the others); each sets its "Reading
Speed Limits". The figures below are those guides' as Subtitle Edit's
Netflix quality check encodes them per language code
(``src/libse/NetflixQualityCheck/NetflixQualityController.cs``,
``CharactersPerSecond`` and ``SingleLineMaxLength``): adults 17 characters
per second in every language but English and Arabic (20), Hindi (22),
Korean (12), Chinese (9) and Japanese (4); children 13 but English and
Arabic (17), Hindi (18), Korean (9), Chinese (7), Japanese (4); 42
characters per line but Japanese (23), Thai (35), Korean and Chinese (16).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

OTHERS = "*"
"""Key for every language a table does not name."""

SOURCE = ("Netflix Timed Text Style Guide of the language (Partner Help Center), as Subtitle "
          "Edit's Netflix quality check encodes it")

_LINE = {"ja": 23, "th": 35, "ko": 16, "zh": 16}
_ADULT = {OTHERS: 17.0, "en": 20.0, "ar": 20.0, "hi": 22.0, "ko": 12.0, "zh": 9.0, "ja": 4.0}
_CHILDREN = {OTHERS: 13.0, "en": 17.0, "ar": 17.0, "hi": 18.0, "ko": 9.0, "zh": 7.0, "ja": 4.0}


def _table(cps: Mapping[str, float]) -> Mapping[str, Mapping[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for code in sorted({*cps, *_LINE}):
        numbers: dict[str, Any] = {"max_cps": cps.get(code, cps[OTHERS])}
        if code in _LINE:
            numbers["max_line_chars"] = _LINE[code]
        out[code] = numbers
    return MappingProxyType({k: MappingProxyType(v) for k, v in out.items()})


NETFLIX_ADULT = _table(_ADULT)
"""Per language code (``OTHERS``: the rest): the numbers Netflix sets for adults."""
NETFLIX_CHILDREN = _table(_CHILDREN)
"""The same for children's programmes."""
