"""Every write to a person's folder, and the rule that nothing a person
wrote is lost.

- ``guard``: ``Writes`` (one per command: its inputs, never written over)
  and ``Claim`` (a file about to be written: refused if it is a person's,
  unless ``--force``; checked again right before the rename).
- ``ledger``: whose each version of a file is, by SHA-256.
- ``history``: numbered earlier versions (``subtitler restore``).
- ``locks``: which process holds a file (a review, a batch).
- ``store``: the ``.subtitler`` folder they live in.
"""

from __future__ import annotations

from . import history, ledger
from .guard import Claim, Writes, owner
from .ledger import Owner

__all__ = ["Claim", "Owner", "Writes", "history", "ledger", "owner"]
