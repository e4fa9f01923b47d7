"""Cue builder: words with timings in, subtitle cues out, under a profile.

Sentence ends come from the text (``sentences``: pysbd, which knows
abbreviations) and the audio's pauses (``voice``); ``punctuate`` writes them
into the words (a full stop the recogniser dropped, a capital at every
sentence start); every break of a stretch of speech is then chosen at once
(``plan``: units kept whole, reading speed in the time each cue can have,
lines, fragments, break quality, balance). Cues come out with the voice's
onset and end; ``timing.settle`` applies the profile's timing
numbers afterwards. No word is ever lost, duplicated or reordered: each cue's
text is its words' text.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from ..models import Cue, Finding, Word
from ..profiles import Profile
from . import sentences, units
from .linebreak import split_words
from .options import DEFAULT, CueOptions
from .plan import Planner
from .punctuate import Mark, punctuate
from .units import NO_TERMS, Terms
from .voice import Pauses
from .voice import pauses as word_pauses


@dataclass(frozen=True)
class Run:
    """Words from ``start`` (to the next run's start) spoken in one
    ``language``, cut under ``profile`` (the profile's numbers for that
    language) with ``terms`` (a glossary's, in that language) as units."""

    start: int
    language: str | None
    profile: Profile
    terms: Terms = NO_TERMS


@dataclass(frozen=True)
class Built:
    """A cue with the voice's own times (onset of its first word, end of its
    last word's voice), and, where no split of its speech meets the
    profile's reading speed, why (``explain`` adds it to the finding)."""

    cue: Cue
    first: int
    last: int
    """The cue's words: ``words[first:last]``."""
    note: str | None = None
    wide: tuple[str, ...] = ()
    """Units in this cue too wide for a line, which its lines had to split."""


@dataclass(frozen=True)
class CuePlan:
    """What the cue builder made of a transcript."""

    words: tuple[Word, ...]
    """The words with the sentence marks (``punctuate``): the cues' text."""
    built: list[Built]
    marks: tuple[Mark, ...]
    """Every full stop and capital added."""


def plan_cues(
    words: Sequence[Word],
    profile: Profile,
    breaks: Collection[int] = frozenset(),
    pauses: Pauses | None = None,
    language: str | None = "en",
    options: CueOptions = DEFAULT,
    terms: Terms = NO_TERMS,
    *,
    full_stops: bool = True,
) -> CuePlan:
    """``build``, and the words with their sentence marks. ``full_stops``:
    add the full stops the text lacks (off for a script: its punctuation is
    its author's); sentence case applies either way."""
    if not words:
        return CuePlan((), [], ())
    found = pauses if pauses is not None else word_pauses(words)
    ends = sentences.find([w.text for w in words], found.ms, options, language, breaks, terms)
    marked, marks = punctuate(words, ends, language, full_stops=full_stops)
    planner = Planner(marked, profile, ends, found, options, language, breaks, terms)
    out: list[Built] = []
    for p in planner.plan():
        if not p.lines:  # words that are only whitespace: nothing to show
            continue
        end = max(p.speech_end_ms, p.start_ms + 1)
        wide = split_wide(p.lines, profile.max_line_chars, language, terms)
        out.append(Built(Cue(p.start_ms, end, p.lines), p.first, p.last, p.note, wide))
    return CuePlan(marked, out, marks)


def plan_runs(
    words: Sequence[Word],
    runs: Sequence[Run],
    breaks: Collection[int] = frozenset(),
    pauses: Pauses | None = None,
    options: CueOptions = DEFAULT,
    *,
    full_stops: bool = True,
) -> CuePlan:
    """``plan_cues`` for a transcript in several languages (an English
    introduction, then Spanish): each run of one language gets its own
    sentence rules, function words, units and reading speed, and a
    sentence (so a cue) ends where the language changes. ``runs`` are in
    order and the first starts at word 0."""
    if len(runs) == 1:
        r = runs[0]
        return plan_cues(words, r.profile, breaks, pauses, r.language, options, r.terms,
                         full_stops=full_stops)  # fmt: skip
    found = pauses if pauses is not None else word_pauses(words)
    marked: list[Word] = []
    built: list[Built] = []
    marks: list[Mark] = []
    bounds = [r.start for r in runs[1:]] + [len(words)]
    for r, a, b in zip(runs, [0, *bounds[:-1]], bounds, strict=True):
        if a >= b:
            continue
        lead = found.lead if a == 0 else found.quiet[a - 1]
        own = Pauses(lead, found.quiet[a:b], found.ms[a:b])
        made = plan_cues(words[a:b], r.profile, {k - a for k in breaks if a <= k < b}, own,
                         r.language, options, r.terms, full_stops=full_stops)  # fmt: skip
        marked += made.words
        built += [replace(x, first=x.first + a, last=x.last + a) for x in made.built]
        marks += [replace(m, word=m.word + a) for m in made.marks]
    return CuePlan(tuple(marked), built, tuple(marks))


def split_wide(
    lines: Sequence[str], max_chars: int, language: str | None, terms: Terms
) -> tuple[str, ...]:
    """The units of a cue wider than ``max_chars`` that its ``lines`` split."""
    tokens = [t for line in lines for t in split_words(line)]
    cuts, at = set(), -1
    for line in lines[:-1]:
        at += len(split_words(line))
        cuts.add(at)
    found = (
        " ".join(tokens[u.start : u.end])
        for u in units.find(tokens, language, terms)
        if units.width(tokens[u.start : u.end]) > max_chars and cuts & set(u.inner)
    )
    return tuple(dict.fromkeys(found))


def build(
    words: Sequence[Word],
    profile: Profile,
    breaks: Collection[int] = frozenset(),
    pauses: Pauses | None = None,
    language: str | None = "en",
    options: CueOptions = DEFAULT,
    terms: Terms = NO_TERMS,
) -> list[Built]:
    """Cues with the voice's times (``timing.settle`` adjusts them afterwards).

    ``breaks`` holds word indices after which a cue must end (script
    sentence and paragraph ends); ``pauses`` the quiet around each word
    (``voice.pauses``; default: the gaps between the word times);
    ``language`` picks the sentence rules, the function words and the
    units; ``terms`` (a glossary's) are units too."""
    return plan_cues(words, profile, breaks, pauses, language, options, terms).built


def cue_of_word(built: Sequence[Built]) -> list[int]:
    """The 1-based cue that shows each word (the cues cover the words in order)."""
    return [n for n, b in enumerate(built, start=1) for _ in range(b.first, b.last)]


def wide_units(built: Sequence[Built], profile: Profile) -> list[Finding]:
    """A ``line-break`` finding for each cue whose lines had to split a unit
    wider than a line ("... (43 characters) is wider than a line (37)")."""
    out: list[Finding] = []
    for n, b in enumerate(built, start=1):
        for text in b.wide:
            message = (f'"{text}" ({len(text)} characters) is wider than a line '
                       f"({profile.max_line_chars}): its lines split it")  # fmt: skip
            out.append(profile.finding("line-break", n, message, data={"unit": text}))
    return out


def explain(findings: Sequence[Finding], built: Sequence[Built]) -> list[Finding]:
    """``findings`` with each ``reading-speed`` finding of a cue that no split
    could make readable saying so ("speech at 22.0 characters per second over
    12.0 s: no split fits 20"). ``Finding.cue`` is the 1-based cue number."""
    out: list[Finding] = []
    for f in findings:
        k = (f.cue or 0) - 1
        if f.rule == "reading-speed" and 0 <= k < len(built) and (note := built[k].note):
            f = Finding(f.rule, f.severity, f.cue, f"{f.message}; {note}", f.line,
                        {**f.data, "note": note})  # fmt: skip
        out.append(f)
    return out
