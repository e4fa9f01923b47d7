"""Cue builder: words with timings in, subtitle cues out, under a profile.

Words are grouped at sentence ends first, then split at clause punctuation
and pauses, then by length, until each group fits the profile's lines and
duration. Timing (onsets, reading speed, gaps) is ``timing.py``'s job. No word
is ever lost, duplicated or reordered: each cue's text is its words' text.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ..models import Cue, Word
from ..profiles import Profile
from .linebreak import break_cost, ends_sentence, split_words, wrap

SENTENCE_PAUSE_MS = 1500
"""A pause this long ends a cue even without punctuation."""
SHORT_CUE_CHARS = 16
"""A split leaving fewer characters than this on one side is a last resort."""
SENTENCE_CAP_PAUSE_MS = 150
"""A pause this long before a capitalised word (not "I") ends a sentence:
the recogniser often drops the full stop, the audio keeps the pause."""


@dataclass(frozen=True)
class Group:
    """Consecutive words that become one cue: ``words[first:last]``."""

    first: int
    last: int


def _text(words: Sequence[Word], g: Group) -> str:
    """The group's text with the engine's own spacing: a word whose text has
    no leading space continues the previous one ("anti" + "-trafficking")."""
    return " ".join(split_words("".join(w.text for w in words[g.first : g.last])))


def _starts_word(w: Word) -> bool:
    return w.text[:1].isspace()


def _lower(w: Word) -> bool:
    t = w.text.strip()
    return bool(t) and t[0].islower()


def _starts_sentence(word: str) -> bool:
    return bool(word) and word[0].isupper() and word not in ("I", "I'm", "I've", "I'll", "I'd")


def _sentences(
    words: Sequence[Word], breaks: Collection[int], pauses: Sequence[int]
) -> list[Group]:
    """Groups ending at sentence punctuation, script breaks or pauses that
    end a sentence (a long one, or a short one before a capital)."""
    groups: list[Group] = []
    first = 0
    for i, w in enumerate(words):
        last = i + 1 == len(words)
        pause = not last and (
            pauses[i] >= SENTENCE_PAUSE_MS
            or (pauses[i] >= SENTENCE_CAP_PAUSE_MS and _starts_sentence(words[i + 1].text.strip()))
        )
        glued = not last and not _starts_word(words[i + 1])
        # "!" or "." before a lower-case word ends a name ("Count Me In! consortium")
        # or an abbreviation, not the sentence
        stop = ends_sentence(w.text.strip()) and (last or not _lower(words[i + 1]))
        if last or (not glued and (stop or i in breaks or pause)):
            groups.append(Group(first, i + 1))
            first = i + 1
    return groups


@dataclass(frozen=True)
class _Splitter:
    """Splits sentence groups until each fits one cue."""

    words: Sequence[Word]
    profile: Profile
    pauses: Sequence[int]
    language: str | None

    def fits(self, g: Group) -> bool:
        words, profile = self.words, self.profile
        text = _text(words, g)
        if " " not in text:
            return True
        if len(text) > (profile.max_line_chars + 1) * profile.max_lines:
            return False  # cannot fit, whatever the breaks
        if words[g.last - 1].end_ms - words[g.first].start_ms > profile.max_duration_ms:
            return False
        lines = wrap(text, profile.max_line_chars, profile.max_lines, self.language)
        return len(lines) <= profile.max_lines and all(
            len(line) <= profile.max_line_chars or " " not in line for line in lines
        )

    def cost(self, g: Group, at: int) -> float:
        """Cost of ending a cue after word ``at - 1`` inside group ``g``."""
        words, profile = self.words, self.profile
        left, right = words[at - 1], words[at]
        cost = break_cost(left.text.strip(), right.text.strip(), self.language) * 2.0
        cost -= min(self.pauses[at - 1], 1000) / 100.0
        # balance: prefer halves of similar length, measured in characters
        n_left = sum(len(w.text.strip()) + 1 for w in words[g.first : at])
        n_right = sum(len(w.text.strip()) + 1 for w in words[at : g.last])
        cap = profile.max_line_chars * profile.max_lines
        if n_left > cap or n_right > cap:
            cost += 2.0  # still needs a further split: fine, but less good
        cost += abs(n_left - n_right) / max(1, n_left + n_right) * 4.0
        if min(n_left, n_right) < SHORT_CUE_CHARS:
            cost += 6.0  # a two-word cue flashes by: split elsewhere if anything fits
        return cost

    def split(self, g: Group) -> list[Group]:
        if self.fits(g):
            return [g]
        cuts = [at for at in range(g.first + 1, g.last) if _starts_word(self.words[at])]
        if not cuts:  # one long word in pieces: split anyway rather than overflow forever
            cuts = list(range(g.first + 1, g.last))
        best = min(cuts, key=lambda at: self.cost(g, at))
        return self.split(Group(g.first, best)) + self.split(Group(best, g.last))


def group_words(
    words: Sequence[Word],
    profile: Profile,
    breaks: Collection[int] = frozenset(),
    pauses: Sequence[int] | None = None,
    language: str | None = "en",
) -> list[Group]:
    """Split ``words`` into groups that each fit one cue of ``profile``."""
    if pauses is None:
        pauses = [max(0, b.start_ms - a.end_ms) for a, b in zip(words, words[1:], strict=False)]
    splitter = _Splitter(words, profile, pauses, language)
    return [part for g in _sentences(words, breaks, pauses) for part in splitter.split(g)]


@dataclass(frozen=True)
class Built:
    """A cue with the words' own times, and where its first word ends (the
    onset of its voice lies before that)."""

    cue: Cue
    first_word_end_ms: int


def build(
    words: Sequence[Word],
    profile: Profile,
    breaks: Collection[int] = frozenset(),
    pauses: Sequence[int] | None = None,
    language: str | None = "en",
) -> list[Built]:
    """Cues with the words' own times (timing.py adjusts them afterwards).

    ``breaks`` holds word indices after which a cue should end (script
    sentence and paragraph ends); ``pauses[i]`` the silence in ms between
    words i and i+1 (default: the gaps between the word times); ``language``
    picks the function words that guide breaks."""
    out: list[Built] = []
    for g in group_words(words, profile, breaks, pauses, language):
        text = _text(words, g)
        if not text:  # words that are only whitespace: nothing to show
            continue
        lines = wrap(text, profile.max_line_chars, profile.max_lines, language)
        cue = Cue(words[g.first].start_ms, words[g.last - 1].end_ms, lines)
        out.append(Built(cue, words[g.first].end_ms))
    return out


def build_cues(
    words: Sequence[Word],
    profile: Profile,
    breaks: Collection[int] = frozenset(),
    pauses: Sequence[int] | None = None,
    language: str | None = "en",
) -> list[Cue]:
    """``build`` without the first-word ends."""
    return [b.cue for b in build(words, profile, breaks, pauses, language)]
