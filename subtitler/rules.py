"""Subtitle rules as data: one ``Rule(id, description, check)`` per rule.

``check_cues`` runs the cue rules over built or parsed cues; the pipeline and
``subtitler check`` share it. Each check yields ``Hit``s (0-based cue index,
message, data); ``check_cues`` turns them into ``Finding``s with the severity
the profile sets and the file line the caller passes. Rules report; they
never drop or change a cue.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .linebreak import BAD_LINE_ENDINGS, PRONOUNS, wrap
from .models import Cue, Finding, strip_markup
from .profiles import DEFAULT_SEVERITY, Profile

DEFAULT_PHRASES: tuple[str, ...] = (
    "thanks for watching",
    "thank you for watching",
    "thanks for watching and see you next time",
    "please subscribe",
    "like and subscribe",
    "subscribe to my channel",
    "see you in the next video",
    "subtitles by",
    "subtitles made by",
    "subtitled by",
    "captions by",
    "captioning by",
    "transcribed by",
    "translated by",
    "amara.org",
)
"""Text Whisper-style models emit over silence or music (openai/whisper
discussion 679, whisperX 820/706). Matched as whole words, ignoring case,
punctuation and markup."""


@dataclass(frozen=True)
class Hit:
    """One violation as a check reports it: 0-based cue index, message, data."""

    index: int
    message: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What a check may look at besides the cues."""

    profile: Profile
    phrases: tuple[str, ...] = DEFAULT_PHRASES


Check = Callable[[Sequence[Cue], Context], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    check: Check | None = None
    """None for rules reported elsewhere (the SRT reader, ``--media``)."""


def fmt_ms(ms: int) -> str:
    """``HH:MM:SS,mmm`` as in SRT (negative times keep a leading minus)."""
    sign, ms = ("-", -ms) if ms < 0 else ("", ms)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, milli = divmod(rest, 1000)
    return f"{sign}{h:02d}:{m:02d}:{s:02d},{milli:03d}"


def _valid(cue: Cue) -> bool:
    return cue.end_ms > cue.start_ms


def _time_order(cues: Sequence[Cue]) -> list[int]:
    """Indices of the well-timed cues, sorted by start (then end, then index)."""
    return sorted(
        (i for i, c in enumerate(cues) if _valid(c)),
        key=lambda i: (cues[i].start_ms, cues[i].end_ms, i),
    )


# -- timing -----------------------------------------------------------------


def _timing_order(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    prev_start: int | None = None
    for i, cue in enumerate(cues):
        if not _valid(cue):
            what = "the same as" if cue.end_ms == cue.start_ms else "before"
            yield Hit(
                i,
                f"ends {fmt_ms(cue.end_ms)}, {what} its start {fmt_ms(cue.start_ms)}",
                {"start_ms": cue.start_ms, "end_ms": cue.end_ms},
            )
        elif prev_start is not None and cue.start_ms < prev_start:
            yield Hit(
                i,
                f"starts {fmt_ms(cue.start_ms)}, before the previous cue ({fmt_ms(prev_start)})",
                {"start_ms": cue.start_ms, "previous_start_ms": prev_start},
            )
        if _valid(cue):
            prev_start = cue.start_ms if prev_start is None else max(prev_start, cue.start_ms)


def _overlap(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    last: int | None = None  # the earlier cue that ends latest
    for i in _time_order(cues):
        cue = cues[i]
        if last is not None and cue.start_ms < cues[last].end_ms:
            ms = min(cues[last].end_ms, cue.end_ms) - cue.start_ms
            yield Hit(
                i,
                f"overlaps cue {last + 1} by {ms} ms (cue {last + 1} ends "
                f"{fmt_ms(cues[last].end_ms)}, this one starts {fmt_ms(cue.start_ms)})",
                {"other": last + 1, "overlap_ms": ms},
            )
        if last is None or cue.end_ms > cues[last].end_ms:
            last = i


def _min_gap(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    need = ctx.profile.min_gap_ms
    last: int | None = None
    for i in _time_order(cues):
        cue = cues[i]
        if last is not None:
            gap = cue.start_ms - cues[last].end_ms
            if 0 <= gap < need:
                yield Hit(
                    i,
                    f"gap after cue {last + 1} is {gap} ms (min {need} ms)",
                    {"other": last + 1, "gap_ms": gap, "min_gap_ms": need},
                )
        if last is None or cue.end_ms > cues[last].end_ms:
            last = i


def _min_duration(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    need = ctx.profile.min_duration_ms
    for i, cue in enumerate(cues):
        if _valid(cue) and cue.duration_ms < need:
            yield Hit(
                i,
                f"shown {cue.duration_ms} ms (min {need} ms)",
                {"duration_ms": cue.duration_ms, "min_duration_ms": need},
            )


def _max_duration(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    most = ctx.profile.max_duration_ms
    for i, cue in enumerate(cues):
        if cue.duration_ms > most:
            yield Hit(
                i,
                f"shown {cue.duration_ms} ms (max {most} ms)",
                {"duration_ms": cue.duration_ms, "max_duration_ms": most},
            )


def _reading_speed(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    most = ctx.profile.max_cps
    for i, cue in enumerate(cues):
        if _valid(cue) and cue.cps > most + 1e-9:
            yield Hit(
                i,
                f"{cue.cps:.1f} characters per second (max {most:g}): "
                f"{cue.chars} characters in {cue.duration_ms / 1000:.3f} s",
                {"cps": round(cue.cps, 2), "max_cps": most, "chars": cue.chars},
            )


# -- text -------------------------------------------------------------------


def _line_length(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    most = ctx.profile.max_line_chars
    for i, cue in enumerate(cues):
        for k, line in enumerate(cue.lines, 1):
            n = len(strip_markup(line).strip())
            if n > most:
                yield Hit(
                    i,
                    f"line {k} has {n} characters (max {most})",
                    {"text_line": k, "chars": n, "max_line_chars": most},
                )


def _line_count(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    most = ctx.profile.max_lines
    for i, cue in enumerate(cues):
        if len(cue.lines) > most:
            n = len(cue.lines)
            yield Hit(i, f"{n} lines (max {most})", {"lines": n, "max_lines": most})


def _empty_cue(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    for i, cue in enumerate(cues):
        if not strip_markup(cue.text).strip():
            yield Hit(i, "has no text")


_TAG = re.compile(r"<\s*(/?)\s*(i|b|u|font)\b[^>]*>", re.IGNORECASE)


def markup_problems(text: str) -> list[str]:
    """What is wrong with the ``<i> <b> <u> <font>`` tags in ``text``."""
    stack: list[str] = []
    problems: list[str] = []
    for m in _TAG.finditer(text):
        closing, name = m.group(1) == "/", m.group(2).lower()
        if not closing:
            stack.append(name)
        elif name in stack:
            while stack[-1] != name:
                problems.append(f"<{stack.pop()}> closed by </{name}>")
            stack.pop()
        else:
            problems.append(f"</{name}> without <{name}>")
    problems.extend(f"<{name}> not closed" for name in reversed(stack))
    return problems


def _unbalanced_markup(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    for i, cue in enumerate(cues):
        problems = markup_problems("\n".join(cue.lines))
        if problems:
            yield Hit(i, "; ".join(problems), {"problems": problems})


def _arrow_in_text(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    for i, cue in enumerate(cues):
        for k, line in enumerate(cue.lines, 1):
            if "-->" in line:
                yield Hit(i, f'line {k} contains "-->", which SRT readers take for a timing line')


_DIALOGUE = re.compile(r"^\s*(?:<[^>]*>)*\s*[-\u2013\u2014]")
_TRAIL = "\"'\u201d\u2019)]"
_END_PUNCT = (",", ";", ":", ".", "?", "!", "\u2026", "\u2013", "\u2014", "-")
WEAK_LINE_ENDINGS: frozenset[str] = BAD_LINE_ENDINGS - PRONOUNS
"""Articles, prepositions, conjunctions, auxiliaries and determiners
(``linebreak``'s lists; pronouns left out: "thank you" may end a line)."""


def is_dialogue(lines: Sequence[str]) -> bool:
    """Two or more lines that each start with a dash: one speaker per line."""
    return len(lines) > 1 and all(_DIALOGUE.match(line) for line in lines)


def weak_ending(line: str) -> str | None:
    """The word ``line`` ends with when a line should not end with it."""
    words = strip_markup(line).split()
    if not words or words[-1].rstrip(_TRAIL).endswith(_END_PUNCT):
        return None
    word = words[-1].strip(_TRAIL + "\"'\u201c\u2018([")
    return word if word.lower() in WEAK_LINE_ENDINGS else None


def better_wrap(cue: Cue, profile: Profile) -> tuple[str, ...] | None:
    """``linebreak.wrap``'s layout of the cue when it differs from the cue's own,
    fits the profile and ends no line but the last with a weak word."""
    lines = wrap(cue.text, profile.max_line_chars, profile.max_lines)
    if tuple(lines) == tuple(line.strip() for line in cue.lines):
        return None
    fits = all(len(strip_markup(line)) <= profile.max_line_chars for line in lines)
    if not fits or len(lines) > profile.max_lines:
        return None
    if any(weak_ending(line) for line in lines[:-1]):
        return None
    return lines


def _line_break(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    for i, cue in enumerate(cues):
        if len(cue.lines) < 2 or is_dialogue(cue.lines):
            continue
        weak = [(k, w) for k, line in enumerate(cue.lines[:-1], 1) if (w := weak_ending(line))]
        if not weak:
            continue
        better = better_wrap(cue, ctx.profile)
        if better is None:
            continue
        k, word = weak[0]
        yield Hit(
            i,
            f'line {k} ends with "{word}"; better: ' + " / ".join(f'"{b}"' for b in better),
            {"text_line": k, "word": word, "suggestion": list(better)},
        )


_NON_WORD = re.compile(r"[^\w]+")
_APOSTROPHE = re.compile(r"[’'`]")


def normalize(text: str) -> str:
    """Text for comparing: no markup, case, apostrophes or punctuation."""
    text = _APOSTROPHE.sub("", strip_markup(text).casefold())
    return _NON_WORD.sub(" ", text).strip()


def _repeated_cue(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    prev = ""
    run = 1
    for i, cue in enumerate(cues):
        norm = normalize(cue.text)
        run = run + 1 if norm and norm == prev else 1
        if run > 1:
            yield Hit(i, f"same text as cue {i} ({run} in a row)", {"repeat": run})
        prev = norm


def _hallucination_phrase(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    phrases = [(p, f" {normalize(p)} ") for p in ctx.phrases if normalize(p)]
    for i, cue in enumerate(cues):
        text = f" {normalize(cue.text)} "
        for phrase, norm in phrases:
            if norm in text:
                yield Hit(
                    i,
                    f'"{phrase}" is text speech recognisers invent over silence or music',
                    {"phrase": phrase},
                )
                break


RULES: tuple[Rule, ...] = (
    Rule("timing-order", "a cue ends at or before its start, or starts before the previous cue",
         _timing_order),
    Rule("overlap", "a cue starts before an earlier cue ends", _overlap),
    Rule("min-gap", "the gap between two cues is shorter than the profile's minimum", _min_gap),
    Rule("min-duration", "a cue is shown for less than the profile's minimum", _min_duration),
    Rule("max-duration", "a cue is shown for longer than the profile's maximum", _max_duration),
    Rule("reading-speed", "more characters per second than the profile allows", _reading_speed),
    Rule("line-length", "a line has more characters than the profile allows", _line_length),
    Rule("line-count", "a cue has more lines than the profile allows", _line_count),
    Rule("empty-cue", "a cue has no text", _empty_cue),
    Rule("unbalanced-markup", "an <i>, <b>, <u> or <font> tag is not closed, or closed twice",
         _unbalanced_markup),
    Rule("arrow-in-text", 'a text line contains "-->"', _arrow_in_text),
    Rule("line-break", "a line ends with an article, preposition, conjunction or auxiliary "
         "where a better break fits", _line_break),
    Rule("repeated-cue", "the same text as the previous cue (a recogniser loop)", _repeated_cue),
    Rule("hallucination-phrase", 'text recognisers invent, such as "Thanks for watching"',
         _hallucination_phrase),
)

FILE_RULES: tuple[Rule, ...] = (
    Rule("srt-syntax", "the file is not valid SRT at this line (the reader recovers)"),
    Rule("encoding", "the file is not UTF-8 (it was decoded as the finding says)"),
    Rule("numbering", "cue numbers are missing, or not 1, 2, 3, ..."),
)

MEDIA_RULES: tuple[Rule, ...] = (
    Rule("text-over-silence", "a cue is shown while no one speaks (voice-activity detection)"),
    Rule("speech-not-covered", "someone speaks and no cue is shown"),
)

RULE_IDS: frozenset[str] = frozenset(
    r.id for r in (*FILE_RULES, *RULES, *MEDIA_RULES)
) | frozenset(DEFAULT_SEVERITY)
"""Every rule id any part of subtitler reports (glossary and script ones too)."""


def wanted(rule: str, select: Collection[str] | None, ignore: Collection[str] | None) -> bool:
    """Whether ``rule`` is reported under ``--select`` / ``--ignore``."""
    return (select is None or rule in select) and not (ignore and rule in ignore)


def make_finding(
    profile: Profile, rule: str, hit: Hit, lines: Sequence[int | None] | None = None
) -> Finding:
    line = lines[hit.index] if lines is not None and hit.index < len(lines) else None
    return Finding(rule, profile.severity_of(rule), hit.index + 1, hit.message, line, hit.data)


def check_cues(
    cues: Sequence[Cue],
    profile: Profile,
    *,
    select: Collection[str] | None = None,
    ignore: Collection[str] | None = None,
    lines: Sequence[int | None] | None = None,
    phrases: Sequence[str] | None = None,
) -> list[Finding]:
    """Findings of every cue rule over ``cues``, sorted by cue then rule order.

    ``Finding.cue`` is the 1-based position in ``cues``; ``Finding.line`` is
    ``lines[i]`` (the file line where cue i starts) when given."""
    ctx = Context(profile, DEFAULT_PHRASES if phrases is None else tuple(phrases))
    found: list[tuple[int, int, Finding]] = []
    for order, rule in enumerate(RULES):
        if rule.check is None or not wanted(rule.id, select, ignore):
            continue
        for hit in rule.check(cues, ctx):
            found.append((hit.index, order, make_finding(profile, rule.id, hit, lines)))
    found.sort(key=lambda t: (t[0], t[1]))
    return [f for _, _, f in found]
