"""Cue builder: words with timings in, subtitle cues out, under a profile.

Words are grouped at sentence ends first, then split at clause punctuation
and pauses, then by length, until each group fits the profile's lines and
duration. Timing (onsets, reading speed, gaps) is ``timing.py``'s job. No word
is ever lost, duplicated or reordered: each cue's text is its words' text.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from .linebreak import break_cost, ends_sentence, wrap
from .models import Cue, Word
from .profiles import Profile

SENTENCE_PAUSE_MS = 1500
"""A pause this long ends a cue even without punctuation."""


@dataclass(frozen=True)
class Group:
    """Consecutive words that become one cue: ``words[first:last]``."""

    first: int
    last: int


def _texts(words: Sequence[Word], g: Group) -> list[str]:
    return [t for w in words[g.first : g.last] if (t := w.text.strip())]


def _fits(words: Sequence[Word], g: Group, profile: Profile) -> bool:
    texts = _texts(words, g)
    if len(texts) <= 1:
        return True
    if words[g.last - 1].end_ms - words[g.first].start_ms > profile.max_duration_ms:
        return False
    lines = wrap(" ".join(texts), profile.max_line_chars, profile.max_lines)
    return len(lines) <= profile.max_lines and all(
        len(line) <= profile.max_line_chars or " " not in line for line in lines
    )


def _sentences(words: Sequence[Word], breaks: Collection[int]) -> list[Group]:
    """Groups ending at sentence punctuation, script breaks or long pauses."""
    groups: list[Group] = []
    first = 0
    for i, w in enumerate(words):
        last = i + 1 == len(words)
        pause = not last and words[i + 1].start_ms - w.end_ms >= SENTENCE_PAUSE_MS
        if last or ends_sentence(w.text.strip()) or i in breaks or pause:
            groups.append(Group(first, i + 1))
            first = i + 1
    return groups


def _split_cost(words: Sequence[Word], g: Group, at: int, profile: Profile) -> float:
    """Cost of ending a cue after word ``at - 1`` inside group ``g``."""
    left, right = words[at - 1], words[at]
    cost = break_cost(left.text.strip(), right.text.strip()) * 2.0
    pause = max(0, right.start_ms - left.end_ms)
    cost -= min(pause, 1000) / 150.0
    # balance: prefer halves of similar length, measured in characters
    n_left = sum(len(w.text.strip()) + 1 for w in words[g.first : at])
    n_right = sum(len(w.text.strip()) + 1 for w in words[at : g.last])
    cap = profile.max_line_chars * profile.max_lines
    if n_left > cap or n_right > cap:
        cost += 2.0  # still needs a further split: fine, but less good
    cost += abs(n_left - n_right) / max(1, n_left + n_right) * 4.0
    return cost


def _split(words: Sequence[Word], g: Group, profile: Profile) -> list[Group]:
    if _fits(words, g, profile):
        return [g]
    best = min(range(g.first + 1, g.last), key=lambda at: _split_cost(words, g, at, profile))
    return _split(words, Group(g.first, best), profile) + _split(
        words, Group(best, g.last), profile
    )


def group_words(
    words: Sequence[Word], profile: Profile, breaks: Collection[int] = frozenset()
) -> list[Group]:
    """Split ``words`` into groups that each fit one cue of ``profile``."""
    out: list[Group] = []
    for g in _sentences(words, breaks):
        out.extend(_split(words, g, profile))
    return out


def build_cues(
    words: Sequence[Word], profile: Profile, breaks: Collection[int] = frozenset()
) -> list[Cue]:
    """Cues with the words' own times (timing.py adjusts them afterwards).

    ``breaks`` holds word indices after which a cue should end (script
    sentence and paragraph ends)."""
    cues: list[Cue] = []
    for g in group_words(words, profile, breaks):
        texts = _texts(words, g)
        if not texts:  # words that are only whitespace: nothing to show
            continue
        lines = wrap(" ".join(texts), profile.max_line_chars, profile.max_lines)
        cues.append(Cue(words[g.first].start_ms, words[g.last - 1].end_ms, lines))
    return cues
