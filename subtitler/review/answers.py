"""A person's answers to what a review asks them to look at: an unsure word
is right (or was corrected), a glossary change is right (or undone), a
finding is accepted with a reason. An item with an answer no longer counts
as left to check.

Answers are part of the review's state (so undo, the journal and a restart
keep them) and are saved into the run report's ``review`` section with the
file, so the next review of the file starts from them. Keys name an item
the same way in every session: a mark by its kind, time and text, a finding
by its rule and the text of its cue (``finding_key``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

VERDICTS = {
    "right": "it is right",
    "corrected": "corrected",
    "undone": "change undone",
    "accepted": "accepted",
}
"""Each verdict and how the page and the report say it."""
MAX_REASON = 300
"""Characters a reason may have."""


@dataclass(frozen=True)
class Answer:
    key: str
    verdict: str
    reason: str = ""
    what: str = ""
    """What was answered, in words ("unsure word \\"few\\" at 00:36.620"), for the report."""

    def to_json(self) -> list[str]:
        return [self.key, self.verdict, self.reason, self.what]

    @classmethod
    def from_json(cls, data: Any) -> Answer:
        key, verdict, reason, what = (list(data) + ["", ""])[:4]
        return cls(str(key), str(verdict), str(reason), str(what))

    def to_report(self) -> dict[str, str]:
        out = {"key": self.key, "verdict": self.verdict, "what": self.what}
        if self.reason:
            out["reason"] = self.reason
        return out


Answers = tuple[Answer, ...]
"""A state's answers, one per key, in key order."""


def merged(answers: Iterable[Answer], new: Iterable[Answer] = (),
           drop: Iterable[str] = ()) -> Answers:
    """``answers`` with ``new`` in place of the same keys, ``drop``'s keys removed."""
    by_key = {a.key: a for a in answers}
    for a in new:
        by_key[a.key] = a
    for k in drop:
        by_key.pop(k, None)
    return tuple(by_key[k] for k in sorted(by_key))


def by_key(answers: Answers) -> Mapping[str, Answer]:
    return {a.key: a for a in answers}


def finding_key(rule: str, cue_text: str | None, nth: int, message: str = "") -> str:
    """The key of a finding: its rule and the text of its cue (the ``nth``
    of that rule on the cue), or for a finding about the whole file, its
    message. A finding stays answered while its cue's text is the same."""
    where = f"cue\x00{cue_text}\x00{nth}" if cue_text is not None else f"file\x00{message}"
    digest = hashlib.blake2b(f"{rule}\x00{where}".encode(), digest_size=8).hexdigest()
    return f"finding:{rule}:{digest}"


def read_answers(report: Mapping[str, Any]) -> Answers:
    """The answers an earlier review saved in the run report ``report``."""
    section = report.get("review")
    items = section.get("answers") if isinstance(section, dict) else None
    if not isinstance(items, list):
        return ()
    out = [Answer(str(i["key"]), str(i["verdict"]), str(i.get("reason", "")),
                  str(i.get("what", "")))
           for i in items if isinstance(i, dict) and isinstance(i.get("key"), str)
           and i.get("verdict") in VERDICTS]
    return merged(out)
