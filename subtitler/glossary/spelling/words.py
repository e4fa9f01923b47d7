"""breame's American/British spelling pairs, as breame has them (no
filtering: ``lists`` decides which are safe)."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def american_to_british_all() -> dict[str, str]:
    """Lower-case American form -> British form (-ise), 1,700 pairs."""
    from breame.data.spelling_constants import AMERICAN_ENGLISH_SPELLINGS

    return dict(AMERICAN_ENGLISH_SPELLINGS)


@functools.lru_cache(maxsize=1)
def british_to_american_all() -> dict[str, str]:
    """Lower-case British form -> American form: the pairs above reversed,
    breame's own British table on top."""
    from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS

    out = {gb: us for us, gb in american_to_british_all().items()}
    out.update(BRITISH_ENGLISH_SPELLINGS)
    return out
