"""Choosing every cue break of a stretch of speech at once.

Dynamic programming over the word boundaries: the best split of words
``[a, j)`` is the best split of some ``[a, i)`` plus one cue ``[i, j)``. A
cue's cost is a tuple, compared in order:

1. characters over the profile's lines (only a word wider than a line can
   force any);
2. characters over the reading speed in the time the cue can really have
   (from its onset to ``timing.latest_end``: on into the pause after it as
   far as the profile's gap rule allows), and time short of the minimum or
   over the maximum duration;
3. units split across lines or cues (``units``: "sex / workers", "25 /
   minutes"): a cost no plan pays while another keeps the profile's limits;
4. how good a cue it is (fragments, the break it ends on, sentences it
   spans, its line layout, how full and how fast it reads).

So wherever any split keeps every limit, the best such split wins. Where
none does (a strict profile, a fast speaker), the stretch is planned again
for the most readable split: units first, then lines and cues that end on a
function word and sentence ends inside a cue, then the time short of the
minimum or over the maximum duration, then the soft costs with the
characters over the reading speed among them (``strict_speed_weight``); its
note says how far it is from the limit.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ..models import Word
from ..profiles import Profile
from .function_words import words_for
from .linebreak import break_cost, ends_clause, layout, split_words
from .options import CueOptions
from .sentences import Sentences
from .timing import SYNC_TOLERANCE_MS, latest_end
from .units import NO_TERMS, Terms, after_words
from .voice import Pauses

BEST_BREAK = -3.0
"""``linebreak.break_cost`` at a sentence end: a cue break there costs nothing."""


@dataclass(frozen=True)
class Planned:
    """One cue: ``words[first:last]``, its lines, its start (the voice's
    onset, or 2 frames after it when the cue before needs the time), the
    voice's end, and (where no split meets the reading speed) why."""

    first: int
    last: int
    lines: tuple[str, ...]
    start_ms: int
    speech_end_ms: int
    note: str | None = None


Key = tuple[float, float, float, float, float]
State = tuple[int, int]
ZERO: Key = (0.0, 0.0, 0.0, 0.0, 0.0)


@dataclass(frozen=True)
class _Text:
    """What a cue's text costs, whenever it starts."""

    lines: tuple[str, ...]
    chars: int
    lines_over: float
    units: int
    structure: int
    soft: float


@dataclass(frozen=True)
class _Cost:
    lines_over: float
    """Characters over the profile's lines (only a word wider than a line
    can force any)."""
    units: int
    """Units this cue splits: across its lines, or with the next cue."""
    structure: int
    """Lines and the cue's end on a function word, sentence ends inside it
    (counted only where no split keeps the reading speed)."""
    time_over: float
    """Characters over the reading speed, and the shortest and longest
    durations' shortfall and excess in characters at the profile's speed."""
    soft: float
    lines: tuple[str, ...]
    start: int
    show_end: int
    chars: int

    def key(self, strict: bool) -> Key:
        """Compared in order (see the module's docstring): where a split
        keeps the reading speed, it comes before units; where none does,
        units and structure come before what is left of the timing."""
        over = round(self.time_over, 6)
        if strict:
            return (round(self.lines_over, 6), float(self.units), float(self.structure), over,
                    self.soft)  # fmt: skip
        return (round(self.lines_over, 6), over, float(self.units), 0.0, self.soft)


class Planner:
    """Plans the cues of one transcript."""

    def __init__(
        self,
        words: Sequence[Word],
        profile: Profile,
        sentences: Sentences,
        pauses: Pauses,
        options: CueOptions,
        language: str | None,
        breaks: Collection[int] = frozenset(),
        terms: Terms = NO_TERMS,
    ) -> None:
        self.words, self.profile, self.options, self.language = words, profile, options, language
        self.sentences, self.pauses, self.terms = sentences, pauses, terms
        n = len(words)
        self.cap = profile.max_lines * (profile.max_line_chars + 1) - 1
        self.onset = [pauses.onset(words, i) for i in range(n)]
        self.end = [pauses.speech_end(words, j) for j in range(n)]
        self.glued = [k + 1 < n and not words[k + 1].text[:1].isspace() for k in range(n)]
        self.forced = [
            k + 1 == n
            or (not self.glued[k] and (k in breaks or self._long_pause(k)))
            for k in range(n)
        ]
        self.quality = [self._break_quality(k) for k in range(n)]
        texts = [w.text for w in words]
        self.in_unit = [kind is not None for kind in after_words(texts, language, terms, self.cap)]
        """A cue that ends after word k splits a unit (one a cue can hold)."""
        self.weak = words_for(language).bad_endings
        self.weak_end = [self._weak(w.text) and not sentences.ends[k] for k, w in enumerate(words)]
        self.strict = False
        """Set for a stretch where no split keeps the reading speed (``_stretch``)."""
        self._texts: dict[tuple[int, int, int], _Text] = {}

    def _weak(self, token: str) -> bool:
        """Whether a line or cue ending with ``token`` ends on a function word."""
        bare = token.strip()
        word = bare.strip("\"'\u201c\u201d\u2018\u2019()[]").lower()
        return not ends_clause(bare) and word in self.weak

    def _long_pause(self, k: int) -> bool:
        return (
            self.pauses.ms[k] >= self.options.sentence_pause_ms
            and not self.sentences.abbreviation[k]
        )

    def _break_quality(self, k: int) -> float:
        """What ending a cue after word ``k`` costs: nothing at a sentence
        end, more at a clause end, more again mid-clause, most after a
        function word, inside a name or after an abbreviation; a pause
        after the word takes some of it off."""
        o, w = self.options, self.words
        if k + 1 >= len(w) or self.sentences.ends[k]:
            return 0.0
        if self.sentences.abbreviation[k]:
            return o.abbreviation_cost
        cost = break_cost(w[k].text.strip(), w[k + 1].text.strip(), self.language) - BEST_BREAK
        cost = max(0.0, cost) * o.break_weight
        return max(0.0, cost - o.pause_bonus * min(self.pauses.ms[k], 1000) / 100)

    def plan(self) -> list[Planned]:
        out: list[Planned] = []
        first = 0
        for k, forced in enumerate(self.forced):
            if forced:
                out += self._stretch(first, k + 1)
                first = k + 1
        return out

    def _stretch(self, a: int, b: int) -> list[Planned]:
        """The cues of words ``[a, b)``: the best split; where none keeps the
        reading speed, the best split that keeps the sentences apart and ends
        no line on a function word, reading as fast as it must."""
        self.strict = False
        spans = self._run(a, b)
        if any(c.time_over > 0 for _, _, c in spans):
            self.strict = True
            spans = self._run(a, b)
        self._texts.clear()
        return self._planned(spans)

    def _run(self, a: int, b: int) -> list[tuple[int, int, _Cost]]:
        """The best cues for words ``[a, b)``. A state is a word ``j`` where a
        cue starts and whether that cue starts ``SYNC_TOLERANCE_MS`` after
        its voice (``timing.settle`` allows it when the cue before needs the
        time to be read)."""
        start: State = (a, 0)
        best: dict[State, tuple[Key, State, _Cost | None]] = {start: (ZERO, start, None)}
        for j in range(a + 1, b + 1):
            if j < b and self.glued[j - 1]:
                continue
            choice: dict[int, tuple[Key, State, _Cost]] = {}
            for i in self._starts(a, j):
                text = self._text_cost(i, j, b)
                for di in (0, 1):
                    if (i, di) not in best:
                        continue
                    prev = best[(i, di)][0]
                    for dj in (0, 1) if j < b else (0,):
                        cost = self._cost(i, j, text, di, dj)
                        key = cost.key(self.strict)
                        total = (prev[0] + key[0], prev[1] + key[1], prev[2] + key[2],
                                 prev[3] + key[3], prev[4] + key[4])  # fmt: skip
                        if dj not in choice or total < choice[dj][0]:
                            choice[dj] = (total, (i, di), cost)
            for dj, chosen in choice.items():
                best[(j, dj)] = chosen
        spans: list[tuple[int, int, _Cost]] = []
        state: State = (b, 0)
        while state[0] > a:
            _, prev_state, found = best[state]
            assert found is not None
            spans.append((prev_state[0], state[0], found))
            state = prev_state
        spans.reverse()
        return spans

    def _starts(self, a: int, j: int) -> list[int]:
        """Where a cue ending at ``j`` may start: back while its text can fit
        (at least one start, however long the unbreakable text)."""
        out: list[int] = []
        chars = -1
        for i in range(j - 1, a - 1, -1):
            chars += len(self.words[i].text.strip()) + (1 if not self.glued[i] else 0)
            if i == a or not self.glued[i - 1]:
                if out and chars > self.cap:
                    break
                out.append(i)
        return out

    def _text(self, i: int, j: int) -> str:
        return " ".join(split_words("".join(w.text for w in self.words[i:j])))

    def _text_cost(self, i: int, j: int, b: int) -> _Text:
        """A cue's lines, characters, and costs that do not depend on when it
        starts (worked out once: a strict stretch is planned twice)."""
        found = self._texts.get((i, j, b))
        if found is None:
            found = self._texts[(i, j, b)] = self._new_text_cost(i, j, b)
        return found

    def _new_text_cost(self, i: int, j: int, b: int) -> _Text:
        p, o = self.profile, self.options
        text = self._text(i, j)
        tokens = len(split_words(text))
        lines, line_cost, broken = layout(text, p.max_line_chars, p.max_lines, self.language,
                                          self.terms)  # fmt: skip
        chars = sum(len(line) for line in lines)
        lines_over = 0.0
        if tokens > 1:
            lines_over = sum(max(0, len(line) - p.max_line_chars) for line in lines)
            lines_over += max(0, len(lines) - p.max_lines) * p.max_line_chars
        soft = o.cue_cost + o.fill_cost * (chars / self.cap) ** 2
        soft += o.layout_weight * min(line_cost, 100.0)
        structure = 0
        for upper, lower in zip(lines, lines[1:], strict=False):  # a line ending "an", "of"
            last = upper.rsplit(None, 1)[-1]
            bad = break_cost(last, lower.split(None, 1)[0], self.language)
            soft += o.line_break_weight * max(0.0, bad)
            structure += self._weak(last)
        if self._fragment(i, j, tokens):
            soft += o.fragment_cost
        held = sum(max(0, ms - o.isolating_pause_ms) for ms in self.pauses.ms[i : j - 1])
        soft += o.pause_inside_cost * held / 1000
        inside = sum(self.sentences.ends[i : j - 1])
        structure += inside
        if inside:
            soft += o.sentence_inside_cost * (inside + (not self.sentences.ends[j - 1]))
        if j < b:
            soft += self.quality[j - 1]
            structure += self.weak_end[j - 1]
            broken += self.in_unit[j - 1]
        return _Text(lines, chars, lines_over, broken, structure, soft)

    def _cost(self, i: int, j: int, text: _Text, delayed: int, next_delayed: int) -> _Cost:
        """Cue ``[i, j)`` with ``text`` (``_text_cost``): its own start
        ``delayed`` or not, and the next cue's."""
        p, o = self.profile, self.options
        lines, chars, soft = text.lines, text.chars, text.soft
        start, speech_end = self.onset[i] + delayed * SYNC_TOLERANCE_MS, self.end[j - 1]
        nxt = self.onset[j] + next_delayed * SYNC_TOLERANCE_MS if j < len(self.words) else None
        show_end = min(
            latest_end(speech_end, start, nxt, p), max(speech_end, start + p.max_duration_ms)
        )
        show_s = max(show_end - start, 1) / 1000
        over = max(0.0, chars - p.max_cps * show_s)
        if self.strict:  # one cost among the others: a fragment is worth a few characters
            soft += o.strict_speed_weight * over
            over = 0.0
        over += max(0.0, (p.min_duration_ms / 1000 - show_s) * p.max_cps)
        over += max(0.0, (speech_end - start - p.max_duration_ms) / 1000 * p.max_cps)
        cps = chars / show_s
        soft += o.reading_cost * max(0.0, cps - o.comfort_cps_ratio * p.max_cps) ** 2
        soft += o.delay_cost * delayed
        structure = text.structure if self.strict else 0
        return _Cost(text.lines_over, text.units, structure, over, soft, lines, start, show_end,
                     chars)  # fmt: skip

    def _fragment(self, i: int, j: int, tokens: int) -> bool:
        """A cue of few words or a short time that pauses do not isolate
        (a whole sentence, "Thank you.", needs shorter pauses than a piece)."""
        o, ms, ends = self.options, self.pauses.ms, self.sentences.ends
        short = tokens <= o.fragment_words or self.end[j - 1] - self.onset[i] < o.fragment_ms
        if not short:
            return False
        whole = (i == 0 or ends[i - 1]) and ends[j - 1]
        need = o.sentence_isolating_pause_ms if whole else o.isolating_pause_ms
        before = i == 0 or ms[i - 1] >= need or self.forced[i - 1]
        after = j == len(self.words) or ms[j - 1] >= need
        return not (before and after)

    def _planned(self, spans: Sequence[tuple[int, int, _Cost]]) -> list[Planned]:
        out: list[Planned] = []
        speeds = [c.chars * 1000 / max(c.show_end - c.start, 1) for _, _, c in spans]
        worst = max(speeds, default=0.0) - self.profile.max_cps
        for k, (i, j, cost) in enumerate(spans):
            note = None
            if speeds[k] > self.profile.max_cps:
                note = self._why(spans, k)
                if self.strict:
                    note += f"; the most readable split is up to {worst:.1f} over it"
            out.append(Planned(i, j, cost.lines, cost.start, self.end[j - 1], note))
        return out

    def _why(self, spans: Sequence[tuple[int, int, _Cost]], k: int) -> str:
        """The densest stretch of cues around cue ``k``: its speech rate."""
        rate, secs = 0.0, 0.0
        for p in range(max(0, k - 8), k + 1):
            for q in range(k, min(len(spans), k + 9)):
                chars = sum(c.chars for _, _, c in spans[p : q + 1])
                span_s = max(spans[q][2].show_end - spans[p][2].start, 1) / 1000
                if chars / span_s > rate:
                    rate, secs = chars / span_s, span_s
        most = self.profile.max_cps
        return (
            f"speech at {rate:.1f} characters per second over {secs:.1f} s: "
            f"no split fits {most:g}"
        )
