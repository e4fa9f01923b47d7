"""How counts read in messages: "1 cue", "2 cues", "1 near miss"."""

from __future__ import annotations


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun that goes with it (``many``: an irregular plural)."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
