"""The edits a person makes on the page, as pure functions of a ``State``.

An operation is a JSON object with an ``op`` name and its arguments; cues are
named by their ids. Text keeps the line breaks as typed; ``rewrap`` uses the
project's line breaker. Times stay whole milliseconds; an edit that would
make a cue end before it starts is refused with a message, not made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..cues.linebreak import split_words, wrap
from ..models import Cue
from ..profiles import Profile
from ..timefmt import clock
from .state import Entry, State

INSERT_MS = 2000
"""Length of an inserted cue, where the gap allows."""
MIN_INSERT_MS = 200
"""An inserted cue needs at least this much room."""
MAX_TEXT = 2000
"""Characters a cue's text may have (anything longer is a paste gone wrong)."""


class EditError(ValueError):
    """An edit that cannot be made; the message says why, for the page."""


@dataclass(frozen=True)
class EditContext:
    profile: Profile
    language: str | None = "en"
    fps: float = 25.0
    """Frames per second for one-frame nudges."""


def lines_of(text: str) -> tuple[str, ...]:
    """A cue's lines from typed text: line breaks kept, blank lines and outer
    spaces dropped (an SRT cue cannot hold a blank line)."""
    if len(text) > MAX_TEXT:
        raise EditError(f"a cue's text is limited to {MAX_TEXT} characters")
    return tuple(s for s in (line.strip() for line in text.replace("\r", "").split("\n")) if s)


def _arg(op: Mapping[str, Any], name: str, kind: type) -> Any:
    value = op.get(name)
    if kind is int and isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise EditError(f"'{op.get('op')}' needs {name} ({kind.__name__})")
    return value


def _opt_ms(op: Mapping[str, Any], name: str) -> int | None:
    value = op.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise EditError(f"{name} must be a time in ms")
    return max(0, round(value))


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
    if end <= start:
        raise EditError(f"the cue would end ({clock(end)}) before it starts ({clock(start)})")
    return Cue(start, end, cue.lines)


def text(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    i = _find(state, op)
    cue = state.entries[i].cue
    return _set(state, i, Cue(cue.start_ms, cue.end_ms, lines_of(_arg(op, "text", str))))


def rewrap(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    i = _find(state, op)
    cue, p = state.entries[i].cue, ctx.profile
    lines = wrap(cue.text, p.max_line_chars, p.max_lines, ctx.language)
    return _set(state, i, Cue(cue.start_ms, cue.end_ms, lines))


def nudge(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    i = _find(state, op)
    frames = _arg(op, "frames", int)
    if not -250 <= frames <= 250:
        raise EditError("nudge by at most 250 frames")
    cue = state.entries[i].cue
    shift = round(frames * 1000 / ctx.fps)
    if _arg(op, "edge", str) == "start":
        return _set(state, i, _timed(cue, max(0, cue.start_ms + shift), cue.end_ms))
    return _set(state, i, _timed(cue, cue.start_ms, cue.end_ms + shift))


def set_time(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    """Set the cue's start or end to ``ms`` (the playhead)."""
    i = _find(state, op)
    ms = _opt_ms(op, "ms")
    if ms is None:
        raise EditError("'time' needs ms")
    cue = state.entries[i].cue
    if _arg(op, "edge", str) == "start":
        return _set(state, i, _timed(cue, ms, cue.end_ms))
    return _set(state, i, _timed(cue, cue.start_ms, ms))


def _split_text(cue: Cue, op: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The two halves' lines: as the page sent them (the text on either side
    of the cursor), else at the word boundary nearest ``fraction``."""
    before, after = op.get("before"), op.get("after")
    if isinstance(before, str) and isinstance(after, str):
        return lines_of(before), lines_of(after)
    words = split_words(cue.text)
    if len(words) < 2:
        raise EditError("a cue of one word cannot be split")
    fraction = op.get("fraction")
    f = float(fraction) if isinstance(fraction, (int, float)) else 0.5
    total = len(" ".join(words))
    cuts = range(1, len(words))
    k = min(cuts, key=lambda c: abs(len(" ".join(words[:c])) / total - f))
    return (" ".join(words[:k]),), (" ".join(words[k:]),)


def split(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    """Two cues from one: the text at the cursor, the time at the playhead
    (``at_ms``, when inside the cue) or in proportion to the text."""
    i = _find(state, op)
    cue = state.entries[i].cue
    left, right = _split_text(cue, op)
    if not left or not right:
        raise EditError("put the cursor between two words to split the cue")
    at = _opt_ms(op, "at_ms")
    if at is None or not cue.start_ms < at < cue.end_ms:
        share = len(" ".join(left)) / max(1, len(" ".join(left)) + len(" ".join(right)))
        at = cue.start_ms + round(cue.duration_ms * share)
    if not cue.start_ms < at < cue.end_ms:
        raise EditError("the cue is too short to split")
    gap = ctx.profile.min_gap_ms if at + ctx.profile.min_gap_ms < cue.end_ms else 0
    first = Entry(state.entries[i].id, Cue(cue.start_ms, at, left))
    second = Entry(state.next_id, Cue(at + gap, cue.end_ms, right))
    entries = state.entries[:i] + (first, second) + state.entries[i + 1 :]
    return State(entries, state.checked, state.next_id + 1)


def merge(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    """The cue and the next one become one (lines of both, as they were)."""
    i = _find(state, op)
    if i + 1 >= len(state.entries):
        raise EditError("the last cue has no next cue to merge with")
    a, b = state.entries[i].cue, state.entries[i + 1].cue
    merged = Entry(state.entries[i].id, Cue(a.start_ms, max(a.end_ms, b.end_ms), a.lines + b.lines))
    return replace(state, entries=state.entries[:i] + (merged,) + state.entries[i + 2 :])


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
    end = min(start + INSERT_MS, limit)
    if end - start < MIN_INSERT_MS:
        where = f"after cue {pos}" if pos else "before the first cue"
        raise EditError(f"no room for a new cue {where}: move the next cue first, or move "
                        "the playhead to a gap")
    return pos, start, end


def insert(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    pos, start, end = _insert_span(state, op, ctx.profile.min_gap_ms)
    new = Entry(state.next_id, Cue(start, end, ()))
    entries = state.entries[:pos] + (new,) + state.entries[pos:]
    return State(entries, state.checked, state.next_id + 1)


def delete(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    i = _find(state, op)
    return replace(state, entries=state.entries[:i] + state.entries[i + 1 :])


def check(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    """Mark an unsure word as checked by a person (or unmark it)."""
    key = _arg(op, "key", str)
    return replace(state, checked=state.checked ^ {key})


OPS: dict[str, Callable[[State, Mapping[str, Any], EditContext], State]] = {
    "text": text, "rewrap": rewrap, "nudge": nudge, "time": set_time, "split": split,
    "merge": merge, "insert": insert, "delete": delete, "check": check,
}


def apply(state: State, op: Mapping[str, Any], ctx: EditContext) -> State:
    """``state`` after the operation ``op``; ``EditError`` if it cannot be made."""
    fn = OPS.get(str(op.get("op")))
    if fn is None:
        raise EditError(f"unknown edit {op.get('op')!r}")
    return fn(state, op, ctx)
