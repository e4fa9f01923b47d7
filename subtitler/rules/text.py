"""Text rules: line length and count, empty cues, markup, arrows, line
breaks, repeated cues, invented phrases."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..cues.function_words import words_for
from ..cues.linebreak import split_words, wrap
from ..models import Cue, strip_markup
from ..profiles import Profile
from .base import Context, Hit, normalize, visible


def check_line_length(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    most = ctx.profile.max_line_chars
    for i, cue in enumerate(cues):
        for k, line in enumerate(cue.lines, 1):
            n = len(visible(line))
            if n > most:
                yield Hit(
                    i,
                    f"line {k} has {n} characters (max {most})",
                    {"text_line": k, "chars": n, "max_line_chars": most},
                )


def check_line_count(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    most = ctx.profile.max_lines
    for i, cue in enumerate(cues):
        if len(cue.lines) > most:
            n = len(cue.lines)
            yield Hit(i, f"{n} lines (max {most})", {"lines": n, "max_lines": most})


NOT_TRANSLATED = "not translated yet (no text)"


def check_empty_cue(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    """A cue with no text: a translation not finished (a review saves one
    with its empty cues), one finding per cue (``check_cues`` holds back the
    cue's other findings until it has text)."""
    for i, chars in enumerate(ctx.chars):
        if not chars:
            yield Hit(i, NOT_TRANSLATED)


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


def check_unbalanced_markup(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    for i, cue in enumerate(cues):
        problems = markup_problems("\n".join(cue.lines))
        if problems:
            yield Hit(i, "; ".join(problems), {"problems": problems})


def check_arrow_in_text(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    for i, cue in enumerate(cues):
        for k, line in enumerate(cue.lines, 1):
            if "-->" in line:
                yield Hit(i, f'line {k} contains "-->", which SRT readers take for a timing line')


_DIALOGUE = re.compile(r"^\s*(?:<[^>]*>)*\s*[-\u2013\u2014]")
_TRAIL = "\"'\u201d\u2019)]"
_END_PUNCT = (",", ";", ":", ".", "?", "!", "\u2026", "\u2013", "\u2014", "-")
WEAK_LINE_ENDINGS: frozenset[str] = words_for("en").weak_endings
"""English articles, prepositions, conjunctions, auxiliaries and determiners
(``function_words``; pronouns left out: "thank you" may end a line)."""


def is_dialogue(lines: Sequence[str]) -> bool:
    """Two or more lines that each start with a dash: one speaker per line."""
    return len(lines) > 1 and all(_DIALOGUE.match(line) for line in lines)


def weak_ending(line: str, language: str | None = "en") -> str | None:
    """The word ``line`` ends with when a line should not end with it."""
    words = visible(line).rsplit(None, 1)
    if not words or words[-1].rstrip(_TRAIL).endswith(_END_PUNCT):
        return None
    word = words[-1].strip(_TRAIL + "\"'\u201c\u2018([")
    return word if word.lower() in words_for(language).weak_endings else None


def _layout(lines: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(split_words(line)) for line in lines)


def better_wrap(cue: Cue, profile: Profile, language: str | None = "en") -> tuple[str, ...] | None:
    """``linebreak.wrap``'s layout of the cue when it differs from the cue's own,
    fits the profile and ends no line but the last with a weak word."""
    lines = wrap(cue.text, profile.max_line_chars, profile.max_lines, language)
    if _layout(lines) == _layout(cue.lines):
        return None
    fits = all(len(strip_markup(line)) <= profile.max_line_chars for line in lines)
    if not fits or len(lines) > profile.max_lines:
        return None
    if any(weak_ending(line, language) for line in lines[:-1]):
        return None
    return lines


def check_line_break(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    for i, cue in enumerate(cues):
        if len(cue.lines) < 2 or is_dialogue(cue.lines):
            continue
        weak = [
            (k, w)
            for k, line in enumerate(cue.lines[:-1], 1)
            if (w := weak_ending(line, ctx.language))
        ]
        if not weak:
            continue
        better = better_wrap(cue, ctx.profile, ctx.language)
        if better is None:
            continue
        k, word = weak[0]
        yield Hit(
            i,
            f'line {k} ends with "{word}"; better: ' + " / ".join(f'"{b}"' for b in better),
            {"text_line": k, "word": word, "suggestion": list(better)},
        )


def check_repeated_cue(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    prev = ""
    run = 1
    for i, norm in enumerate(ctx.texts):
        run = run + 1 if norm and norm == prev else 1
        if run > 1:
            yield Hit(i, f"same text as cue {ctx.num(i - 1)} ({run} in a row)", {"repeat": run})
        prev = norm


def check_hallucination_phrase(cues: Sequence[Cue], ctx: Context) -> Iterator[Hit]:
    pattern = ctx.phrase_pattern
    if pattern is None:
        return
    originals = {normalize(p): p for p in ctx.phrases}
    for i, text in enumerate(ctx.texts):
        m = pattern.search(text)
        if m:
            phrase = originals[m.group()]
            msg = f'"{phrase}" is text speech recognisers invent over silence or music'
            yield Hit(i, msg, {"phrase": phrase})
