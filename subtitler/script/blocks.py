"""Reading an alignment word by word: anchors, and the blocks between them.

A script word paired with a recognised word of similar spelling is an anchor.
Between two anchors lies a block of unpaired words, read as one of:
- a misrecognition (both sides, similar, or too short to call a deviation):
  the script words keep their place and take the block's audio;
- script words not spoken: skipped (left out of the subtitles); a short run,
  or one with time enough in the audio to have been said, is kept instead;
- speech not in the script: added (subtitled from recognition); a stray word
  or two lengthen a misheard neighbour whose missing letters they supply, or
  are dropped when too few to be added speech;
- spoken number words beside a written number ("two thousand" + "twenty
  one" for "2021") join that number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from statistics import median

from ..models import Transcript, Word
from .normalize import NUMBER_TOKENS, normalize_word
from .read import Script
from .timing import Item
from .tokenalign import AlignLimits, align_tokens

_PUNCT = "\"'([{$€£\u201c\u2018"


@dataclass(frozen=True)
class AlignOptions:
    min_share: float = 0.3
    """Below this share of confidently matched words (on the script's side and
    on the speech's side alike) the script does not match: ScriptError."""
    min_skipped_words: int = 3
    """Shorter runs of unspoken script words are kept, with interpolated
    times, unless they are whole sentences."""
    min_added_words: int = 2
    """Shorter runs of speech not in the script are absorbed, not subtitled."""
    strong_sim: float = 0.5
    """Spelling similarity from which a paired word is an anchor (words
    shorter than 4 letters must be equal)."""
    similar_block: float = 0.6
    """A block whose two sides are this similar is a misrecognition."""
    limits: AlignLimits = field(default_factory=AlignLimits)


@dataclass
class _Side:
    """One side's tokens, the word each token belongs to, each word's tokens."""

    tokens: list[str] = field(default_factory=list)
    owner: list[int] = field(default_factory=list)
    word_tokens: list[tuple[str, ...]] = field(default_factory=list)

    @classmethod
    def of(cls, texts: Sequence[str], language: str) -> _Side:
        side = cls()
        for i, text in enumerate(texts):
            toks = normalize_word(text.strip(), language)
            side.word_tokens.append(toks)
            side.tokens.extend(toks)
            side.owner.extend([i] * len(toks))
        return side

    def joined(self, words: Sequence[int]) -> str:
        return "".join(t for w in words for t in self.word_tokens[w])


def _sim(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a[:400], b[:400], autojunk=False).ratio()


def _covered(target: str, text: str) -> float:
    """Share of ``target``'s letters found, in order, in ``text``."""
    if not target:
        return 0.0
    blocks = SequenceMatcher(None, target, text, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks) / len(target)


def _ms_per_word(words: Sequence[Word]) -> int:
    steps = [b.start_ms - a.start_ms for a, b in zip(words, words[1:], strict=False)]
    return int(min(1000, max(150, median(steps)))) if steps else 350


class BlockBuilder:
    """Walks anchors and blocks, producing subtitle items and deviations."""

    def __init__(self, script: Script, transcript: Transcript, opts: AlignOptions) -> None:
        self.script, self.rec, self.opts = script, transcript.words, opts
        lang = transcript.language or "en"
        self.s = _Side.of([w.text for w in script.words], lang)
        self.r = _Side.of([w.text for w in self.rec], lang)
        self.ms_per_word = _ms_per_word(self.rec)
        self.items: list[Item] = []
        self.skips: list[tuple[int, list[int], list[int]]] = []  # (item pos, script, rec)
        self.added_groups: list[list[int]] = []  # item positions
        n = len(script.words)
        self.strong: list[list[int]] = [[] for _ in range(n)]
        self.weak: list[list[int]] = [[] for _ in range(n)]
        self.inexact = [False] * n
        self.exact_s = [False] * len(self.s.tokens)
        self.exact_r = [False] * len(self.r.tokens)

    def link(self) -> None:
        """Pair tokens; note anchors, weak links, and the tokens matched
        exactly in runs of two or more (the confident matches)."""
        pairs = align_tokens(self.s.tokens, self.r.tokens, self.opts.limits)
        single = min(len(self.s.tokens), len(self.r.tokens)) == 1
        prev = None
        for p in pairs:
            sw, rw = self.s.owner[p.s], self.r.owner[p.r]
            short = min(len(self.s.tokens[p.s]), len(self.r.tokens[p.r])) < 4
            strong = p.sim == 1.0 or (p.sim >= self.opts.strong_sim and not short)
            target = self.strong if strong else self.weak
            if rw not in target[sw]:
                target[sw].append(rw)
            self.inexact[sw] |= p.sim < 1.0
            if p.sim == 1.0 and (
                single or (prev is not None and (p.s - prev.s, p.r - prev.r) == (1, 1))
            ):
                self.exact_s[p.s] = self.exact_r[p.r] = True
                if prev is not None:
                    self.exact_s[prev.s] = self.exact_r[prev.r] = True
            prev = p if p.sim == 1.0 else None

    def build(self) -> None:
        anchors = [i for i, links in enumerate(self.strong) if links]
        prev_s, prev_r = -1, -1
        prev_item: Item | None = None
        for i in anchors:
            lo, hi = min(self.strong[i]), max(self.strong[i])
            item = Item(i, sorted(self.strong[i]))
            self._block(range(prev_s + 1, i), range(prev_r + 1, lo), prev_item, item)
            self.items.append(item)
            prev_s, prev_r, prev_item = i, hi, item
        self._block(range(prev_s + 1, len(self.script.words)),
                    range(prev_r + 1, len(self.rec)), prev_item, None)

    def _block(self, sw: range, rw: range, before: Item | None, after: Item | None) -> None:
        rw = self._number_reading(rw, before, after)
        if not any(self.r.word_tokens[j] for j in rw):
            rw = range(0)  # nothing sayable ("♪", "..."): ignored
        a, b, o = len(sw), len(rw), self.opts
        if a == 0 and b == 0:
            return
        if a == 0:
            if not self._absorb(rw, before, after) and b >= o.min_added_words:
                self._add(rw)
            return
        if b == 0:
            if self._skippable(sw) and not self._time_enough(a, before, after):
                self.skips.append((len(self.items), list(sw), []))
            else:
                self.items.extend(Item(i, []) for i in sw)
            return
        sim = _sim(self.s.joined(sw), self.r.joined(rw))
        local = a <= 3 and b <= 3 and sim >= 0.3
        small = a < o.min_skipped_words and b < o.min_added_words
        if sim >= o.similar_block or local or small:
            self._misrecognised(sw, rw)
            return
        self.skips.append((len(self.items), list(sw), list(rw)))
        if b >= o.min_added_words:
            self._add(rw)

    def _skippable(self, sw: range) -> bool:
        """Long enough, or whole sentences (a heading, "Thank you."), to be
        reported as not spoken rather than kept."""
        words = self.script.words
        whole = (sw.start == 0 or words[sw.start - 1].sentence_end) and words[
            sw.stop - 1
        ].sentence_end
        return len(sw) >= self.opts.min_skipped_words or whole

    def _time_enough(self, a: int, before: Item | None, after: Item | None) -> bool:
        """Whether the audio between two anchors leaves time to have said
        ``a`` words that the recognition missed (never at the edges)."""
        if before is None or after is None:
            return False
        gap = self.rec[after.rec[0]].start_ms - self.rec[before.rec[-1]].end_ms
        return gap >= 0.5 * a * self.ms_per_word

    def _add(self, rw: range) -> None:
        start = len(self.items)
        self.items.extend(Item(None, [j]) for j in rw)
        self.added_groups.append(list(range(start, len(self.items))))

    def _absorb(self, rw: range, before: Item | None, after: Item | None) -> bool:
        """Lengthen a misheard neighbour whose missing letters a few stray
        words supply ("criminal" + "nation" for "criminalisation", "you and"
        + "aids" for "UNAIDS"). Stray words that no neighbour wants are
        dropped when there are too few to be added speech. True if absorbed."""
        if len(rw) > 3:
            return False
        best, gain = None, 0.0
        for item, rec in ((before, [*(before.rec if before else []), *rw]),
                          (after, [*rw, *(after.rec if after else [])])):
            if item is None or item.script is None or not self.inexact[item.script]:
                continue
            target = self.s.joined([item.script])
            g = _covered(target, self.r.joined(rec)) - _covered(target, self.r.joined(item.rec))
            if g > gain:
                best, gain = item, g
        if best is None or gain < 0.15:
            return False
        best.rec = sorted({*best.rec, *rw})
        return True

    def _is_number(self, item: Item | None) -> bool:
        return (
            item is not None and item.script is not None
            and self.script.words[item.script].text.lstrip(_PUNCT)[:1].isdigit()
        )

    def _number_reading(self, rw: range, before: Item | None, after: Item | None) -> range:
        """Spoken number words next to a written number read another way
        ("two thousand" + "twenty one" for "2021") join that number; the
        rest of ``rw`` is returned."""

        def spoken_number(j: int) -> bool:
            return all(t in NUMBER_TOKENS for t in self.r.word_tokens[j])

        lo, hi = rw.start, rw.stop
        if after is not None and self._is_number(after):
            while hi > lo and spoken_number(hi - 1):
                hi -= 1
            after.rec = sorted({*after.rec, *range(hi, rw.stop)})
        if before is not None and self._is_number(before):
            while lo < hi and spoken_number(lo):
                lo += 1
            before.rec = sorted({*before.rec, *range(rw.start, lo)})
        return range(lo, hi)

    def _misrecognised(self, sw: range, rw: range) -> None:
        """Script words take the recognised words paired with them; unpaired
        recognised words go to the script word before them."""
        items = {i: Item(i, []) for i in sw}
        owner = {j: i for i in sw for j in self.weak[i] if j in rw}
        current = sw[0]
        for j in rw:
            current = owner.get(j, current)
            items[current].rec.append(j)
        self.items.extend(items[i] for i in sw)

    def shares(self) -> tuple[float, float, float]:
        """(aligned share, speech share, confident share)."""
        n = len(self.script.words)
        aligned = sum(1 for it in self.items if it.script is not None and it.rec)
        used = {j for it in self.items if it.script is not None for j in it.rec}
        speech = len(used) / len(self.rec) if self.rec else 0.0
        conf_s = sum(self.exact_s) / max(1, len(self.exact_s))
        conf_r = sum(self.exact_r) / max(1, len(self.exact_r))
        return aligned / n, speech, max(conf_s, conf_r)


