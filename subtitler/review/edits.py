"""The edits a person makes on the page, as pure functions of a ``State``.

An operation is a JSON object with an ``op`` name and its arguments; cues are
named by their ids. Text keeps the line breaks as typed; ``rewrap`` uses the
project's line breaker. Times stay whole milliseconds within
``MAX_MS``; an edit that would make a cue end before it starts is refused
with a message, not made. Every argument is checked before anything
changes, so a refused edit is never journalled.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..cues.linebreak import split_words, wrap
from ..formats.markup import joined_markup, split_markup
from ..models import Cue, strip_markup
from ..pipeline.unsure import HeardWord, bare, whole_words
from ..profiles import Profile
from ..timefmt import clock, parse_time
from .answers import MAX_REASON, VERDICTS, Answer, merged
from .state import Entry, State

INSERT_MS = 2000
"""Length of an inserted cue, where the gap allows."""
MIN_INSERT_MS = 200
"""An inserted cue needs at least this much room."""
MAX_TEXT = 2000
"""Characters a cue's text may have (anything longer is a paste gone wrong)."""
MAX_MS = 100 * 3_600_000 - 1
"""The latest time a cue may have: 99:59:59.999, the most an SRT file holds."""
WORD_SLACK_MS = 250
"""A word heard this far outside a cue's times may still be one of its words."""


class EditError(ValueError):
    """An edit that cannot be made; the message says why, for the page."""


def _nobody(key: str) -> str | None:
    return None


@dataclass(frozen=True)
class EditContext:
    profile: Profile
    language: str | None = "en"
    fps: float = 25.0
    """Frames per second for one-frame nudges."""
    words: tuple[HeardWord, ...] = ()
    """The words the recogniser heard, in time order (the run report's):
    a split at the playhead cuts between two of them."""
    describe: Callable[[str], str | None] = _nobody
    """What the item with an answer key is, in words (None: no such item now)."""


def lines_of(text: str) -> tuple[str, ...]:
    """A cue's lines from typed text: line breaks kept, blank lines and outer
    spaces dropped (an SRT cue cannot hold a blank line)."""
    if len(text) > MAX_TEXT:
        raise EditError(f"a cue's text is limited to {MAX_TEXT} characters")
    return tuple(s for s in (line.strip() for line in text.replace("\r", "").split("\n")) if s)


def _arg(op: Mapping[str, Any], name: str, kind: type) -> Any:
    value = op.get(name)
    if kind is int and isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise EditError(f"'{op.get('op')}' needs {name} ({kind.__name__})")
    return value


def _ms(value: Any, name: str) -> int:
    """A time in whole ms from a number: finite, 0 to ``MAX_MS``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise EditError(f"{name} must be a time in ms")
    if not math.isfinite(value) or not -1 < value <= MAX_MS:
        raise EditError(f"{name} must be a time from 0 to {clock(MAX_MS)} (in ms)")
    return max(0, round(value))


def _opt_ms(op: Mapping[str, Any], name: str) -> int | None:
    value = op.get(name)
    return None if value is None else _ms(value, name)


def _find(state: State, op: Mapping[str, Any]) -> int:
    try:
        return state.index(_arg(op, "id", int))
    except KeyError:
        raise EditError("that cue no longer exists (reload the page)") from None


def _set(state: State, i: int, cue: Cue) -> State:
    entries = list(state.entries)
    entries[i] = Entry(entries[i].id, cue)
    return replace(state, entries=tuple(entries))


def _timed(cue: Cue, start: int, end: int) -> Cue:
    if start < 0:
        raise EditError("a cue cannot start before 0:00")
    if end > MAX_MS:
        raise EditError(f"a cue cannot end after {clock(MAX_MS)}")
    if end <= start:
        raise EditError(f"the cue would end ({clock(end)}) before it starts ({clock(start)})")
    return Cue(start, end, cue.lines)


def _edge(op: Mapping[str, Any]) -> str:
    edge = _arg(op, "edge", str)
    if edge not in ("start", "end"):
        raise EditError("edge must be start or end")
    return str(edge)


def text(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    i = _find(state, op)
    cue = state.entries[i].cue
    return _set(state, i, Cue(cue.start_ms, cue.end_ms, lines_of(_arg(op, "text", str))))


def _wrapped(lines: Sequence[str], ctx: EditContext) -> tuple[str, ...]:
    p = ctx.profile
    text = joined_markup(" ".join(lines))
    return wrap(text, p.max_line_chars, p.max_lines, ctx.language) if lines else ()


def rewrap(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    i = _find(state, op)
    cue = state.entries[i].cue
    return _set(state, i, Cue(cue.start_ms, cue.end_ms, _wrapped(cue.lines, ctx)))


def nudge(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    i = _find(state, op)
    frames = _arg(op, "frames", int)
    if not -250 <= frames <= 250:
        raise EditError("nudge by at most 250 frames")
    cue = state.entries[i].cue
    shift = round(frames * 1000 / ctx.fps)
    if _edge(op) == "start":
        return _set(state, i, _timed(cue, max(0, cue.start_ms + shift), cue.end_ms))
    return _set(state, i, _timed(cue, cue.start_ms, cue.end_ms + shift))


def set_time(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    """Set the cue's start or end to ``ms`` (the playhead, a dragged edge) or
    to the time typed in ``text`` (``1.5``, ``00:00:01.500``)."""
    i = _find(state, op)
    edge = _edge(op)
    typed = op.get("text")
    if isinstance(typed, str):
        ms = parse_time(typed)
        if ms is None:
            raise EditError(f"\"{typed[:40]}\" is not a time: type seconds (1.5) or "
                            "00:00:01.500")
        ms = _ms(ms, "the time")
    else:
        ms = _opt_ms(op, "ms")
        if ms is None:
            raise EditError("'time' needs ms or text")
    cue = state.entries[i].cue
    if edge == "start":
        return _set(state, i, _timed(cue, ms, cue.end_ms))
    return _set(state, i, _timed(cue, cue.start_ms, ms))


def _key(word: str) -> str:
    return bare(word).casefold()


def heard_in(cue: Cue, words: Sequence[HeardWord]) -> list[HeardWord | None]:
    """The heard word of each word of the cue's text (``split_words``), where
    the text and what was heard in the cue's time agree (None elsewhere)."""
    heard = [w for w in whole_words(words)
             if cue.start_ms - WORD_SLACK_MS <= w.start_ms < cue.end_ms + WORD_SLACK_MS]
    typed = split_words(cue.text)
    out: list[HeardWord | None] = [None] * len(typed)
    matcher = difflib.SequenceMatcher(None, [_key(w) for w in typed],
                                      [_key(w.text) for w in heard], autojunk=False)
    for a, b, n in matcher.get_matching_blocks():
        for k in range(n):
            out[a + k] = heard[b + k]
    return out


def _between(heard: Sequence[HeardWord | None], k: int, cue: Cue,
             gap: int) -> tuple[int, int] | None:
    """(end of the first part, start of the second) for a cut before word
    ``k``, by the times of the words either side of it (None: not known)."""
    a, b = heard[k - 1], heard[k]
    if a is None or b is None:
        return None
    second = max(b.start_ms, cue.start_ms + 1)
    first = min(a.end_ms, second - gap) if second - a.end_ms < gap else a.end_ms
    first = max(first, cue.start_ms + 1)
    return (first, second) if first <= second < cue.end_ms else None


def _cut_at_playhead(cue: Cue, at: int | None, ctx: EditContext) -> tuple[int, int, int]:
    """(words before the cut, end of the first part, start of the second)
    for a split at the playhead ``at``: between the two heard words nearest
    it, each part timed by its words; without word times, at the word
    boundary nearest the playhead's share of the cue."""
    words = split_words(cue.text)
    if len(words) < 2:
        raise EditError("a cue of one word cannot be split")
    heard = heard_in(cue, ctx.words)
    gap = ctx.profile.min_gap_ms
    if at is None or not cue.start_ms < at < cue.end_ms:
        at = (cue.start_ms + cue.end_ms) // 2
    options = []
    for k in range(1, len(words)):
        times = _between(heard, k, cue, gap)
        if times is not None:
            lo, hi = min(times), max(times)
            options.append((max(0, lo - at, at - hi), k, times))
    if options:
        _, k, (first, second) = min(options)
        return k, first, second
    share = (at - cue.start_ms) / max(1, cue.duration_ms)
    total = len(" ".join(words))
    k = min(range(1, len(words)), key=lambda c: abs(len(" ".join(words[:c])) / total - share))
    first = cue.start_ms + round(cue.duration_ms * len(" ".join(words[:k])) / total)
    return k, first, first + gap if first + gap < cue.end_ms else first


def _cut_at_cursor(cue: Cue, left: tuple[str, ...], right: tuple[str, ...], at: int | None,
                   ctx: EditContext) -> tuple[int, int]:
    """(end of the first part, start of the second) for a split at the
    cursor: by the times of the words either side of it when the cue's
    words were heard, else at the playhead inside the cue, else in
    proportion to the text."""
    gap = ctx.profile.min_gap_ms
    before, after = split_words(" ".join(left)), split_words(" ".join(right))
    if before + after == split_words(cue.text):
        times = _between(heard_in(cue, ctx.words), len(before), cue, gap)
        if times is not None:
            return times
    if at is None or not cue.start_ms < at < cue.end_ms:
        share = len(" ".join(left)) / max(1, len(" ".join(left)) + len(" ".join(right)))
        at = cue.start_ms + round(cue.duration_ms * share)
    return at, at + gap if at + gap < cue.end_ms else at


def split(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    """Two cues from one, each re-wrapped within the profile: at the cursor
    (``before`` and ``after``: the text on either side of it), or at the
    playhead (``at_ms``) between the two words nearest it. Times come from
    the words' times where the recogniser heard them."""
    i = _find(state, op)
    cue = state.entries[i].cue
    before, after = op.get("before"), op.get("after")
    at = _opt_ms(op, "at_ms")
    if isinstance(before, str) and isinstance(after, str):
        left, right = lines_of(before), lines_of(after)
        if not strip_markup(" ".join(left)).strip() or not strip_markup(" ".join(right)).strip():
            raise EditError("put the cursor between two words to split the cue")
        first_end, second_start = _cut_at_cursor(cue, left, right, at, ctx)
    else:
        words = split_words(cue.text)
        k, first_end, second_start = _cut_at_playhead(cue, at, ctx)
        left, right = (" ".join(words[:k]),), (" ".join(words[k:]),)
    if not cue.start_ms < first_end <= second_start < cue.end_ms:
        raise EditError("the cue is too short to split")
    left, right = (lines_of(part) for part in split_markup("\n".join(left), "\n".join(right)))
    first = Entry(state.entries[i].id, Cue(cue.start_ms, first_end, _wrapped(left, ctx)))
    second = Entry(state.next_id, Cue(second_start, cue.end_ms, _wrapped(right, ctx)))
    entries = state.entries[:i] + (first, second) + state.entries[i + 1 :]
    return State(entries, state.answers, state.next_id + 1)


def merge(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    """The cue and the next one become one (lines of both, as they were)."""
    i = _find(state, op)
    if i + 1 >= len(state.entries):
        raise EditError("the last cue has no next cue to merge with")
    a, b = state.entries[i].cue, state.entries[i + 1].cue
    merged_cue = Cue(a.start_ms, max(a.end_ms, b.end_ms), a.lines + b.lines)
    return replace(state, entries=state.entries[:i] + (Entry(state.entries[i].id, merged_cue),)
                   + state.entries[i + 2 :])


def _insert_span(state: State, op: Mapping[str, Any], gap: int) -> tuple[int, int, int]:
    """(position, start, end) for a new cue: at the playhead when it is
    between cues, else after the cue ``after`` (or at 0:00)."""
    cues = state.cues
    at = _opt_ms(op, "at_ms")
    if at is not None and not any(c.start_ms <= at < c.end_ms for c in cues):
        pos = sum(1 for c in cues if c.start_ms < at)
        start = max(at, cues[pos - 1].end_ms + gap) if pos else at
    else:
        after = op.get("after")
        pos = 0 if after is None else _find(state, {"op": "insert", "id": after}) + 1
        start = cues[pos - 1].end_ms + gap if pos else 0
    limit = cues[pos].start_ms - gap if pos < len(cues) else start + INSERT_MS
    end = min(start + INSERT_MS, limit, MAX_MS)
    if end - start < MIN_INSERT_MS:
        where = f"after cue {pos}" if pos else "before the first cue"
        raise EditError(f"no room for a new cue {where}: move the next cue first, or move "
                        "the playhead to a gap")
    return pos, start, end


def insert(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    pos, start, end = _insert_span(state, op, ctx.profile.min_gap_ms)
    new = Entry(state.next_id, Cue(start, end, ()))
    entries = state.entries[:pos] + (new,) + state.entries[pos:]
    return State(entries, state.answers, state.next_id + 1)


def delete(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    i = _find(state, op)
    return replace(state, entries=state.entries[:i] + state.entries[i + 1 :])


def _answered(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    """``state`` with the answer ``op["answer"]`` ({key, verdict, reason}),
    if the op carries one (verdict None: the answer taken back)."""
    given = op.get("answer")
    if given is None:
        return state
    if not isinstance(given, Mapping):
        raise EditError("an answer is {key, verdict, reason}")
    key = given.get("key")
    if not isinstance(key, str):
        raise EditError("an answer needs the key of an item")
    verdict = given.get("verdict")
    if verdict is None:
        return replace(state, answers=merged(state.answers, drop=(key,)))
    if verdict not in VERDICTS:
        raise EditError(f"an answer is one of: {', '.join(VERDICTS)}")
    what = ctx.describe(key)
    if what is None:
        raise EditError("there is nothing to answer with that key any more (reload the page)")
    reason = given.get("reason") or ""
    if not isinstance(reason, str) or len(reason) > MAX_REASON:
        raise EditError(f"a reason is text of at most {MAX_REASON} characters")
    reason = " ".join(reason.split())
    if verdict == "accepted" and not reason:
        raise EditError("say why the finding is acceptable here (a reason is needed)")
    return replace(state, answers=merged(state.answers, (Answer(key, verdict, reason, what),)))


def answer(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    """Record (or take back) a person's answer to one item."""
    if op.get("answer") is None:
        raise EditError("'answer' needs an answer")
    return _answered(state, op, ctx)


def check(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    """An unsure word is right (or, again, not checked): the answer "right"."""
    key = _arg(op, "key", str)
    was = next((a for a in state.answers if a.key == key), None)
    verdict = None if was is not None and was.verdict == "right" else "right"
    return _answered(state, {"answer": {"key": key, "verdict": verdict}}, ctx)


def substitute(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    """Replace ``old`` with ``new`` in the cue's text (the first place, or
    the one on ``line`` from ``column``), with the answer the op carries
    (a glossary change undone, a rendering the glossary approves used)."""
    i = _find(state, op)
    old, new = _arg(op, "old", str), _arg(op, "new", str)
    if not old or len(new) > MAX_TEXT:
        raise EditError("'replace' needs the text to replace")
    cue = state.entries[i].cue
    lines = list(cue.lines)
    line, column = op.get("line"), op.get("column")
    places = [(n, line_text.find(old)) for n, line_text in enumerate(lines)]
    if isinstance(line, int) and isinstance(column, int) and 0 <= line < len(lines) \
            and lines[line][column : column + len(old)] == old:
        n, at = line, column
    else:
        n, at = next(((n, at) for n, at in places if at >= 0), (-1, -1))
    if n < 0:
        low = [(k, t.casefold().find(old.casefold())) for k, t in enumerate(lines)]
        n, at = next(((k, a) for k, a in low if a >= 0), (-1, -1))
    if n < 0:
        raise EditError(f"\"{old}\" is no longer in the cue's text")
    lines[n] = lines[n][:at] + new + lines[n][at + len(old) :]
    changed = _set(state, i, Cue(cue.start_ms, cue.end_ms, lines_of("\n".join(lines))))
    return _answered(changed, op, ctx)


OPS: dict[str, Callable[[State, Mapping[str, Any], EditContext], State]] = {
    "text": text, "rewrap": rewrap, "nudge": nudge, "time": set_time, "split": split,
    "merge": merge, "insert": insert, "delete": delete, "check": check, "answer": answer,
    "replace": substitute,
}


def apply(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    """``state`` after the operation ``op``; ``EditError`` if it cannot be made."""
    fn = OPS.get(str(op.get("op")))
    if fn is None:
        raise EditError(f"unknown edit {op.get('op')!r}")
    return fn(state, op, ctx)
