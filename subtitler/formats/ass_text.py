"""ASS/SSA event text and the cue text the rules read, both ways.

An event's text has ``\\N`` line breaks, ``\\h`` hard spaces and override
blocks (``{\\i1}``, ``{\\an8\\fs40}``...). As cue text: one line per ``\\N``,
``\\i`` ``\\b`` ``\\u`` as ``<i>`` ``<b>`` ``<u>`` tags, other overrides left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .markup import OTHER_TAG, TAG, text_lines

_BLOCK = re.compile(r"\{([^}]*)\}")
_SWITCH = re.compile(r"\\([ibu])(\d*)(?=\\|$|[^\d])")
_LEADING = re.compile(r"^(?:\{[^}]*\})+")
_LITERAL = "\\\u2060"
"""A backslash of the text: a word joiner after it, so that libass never
reads it with the next character as ``\\N``, ``\\h`` or ``\\{``."""


def _switches(block: str, state: dict[str, bool]) -> str:
    """Tags for the ``\\i`` ``\\b`` ``\\u`` switches in one override block."""
    out = []
    for name, value in _SWITCH.findall(block):
        on = value not in ("", "0") and not (name == "b" and value.isdigit() and int(value) < 600
                                              and value != "1")
        if on != state.get(name, False):
            out.append(f"<{'' if on else '/'}{name}>")
            state[name] = on
    return "".join(out)


def to_lines(text: str) -> tuple[str, ...]:
    """The cue lines of an event's text; tags left open at the end are closed."""
    state: dict[str, bool] = {}
    text = text.replace("\\{", "\x01").replace("\\}", "\x02")  # escaped braces (libass)
    converted = _BLOCK.sub(lambda m: _switches(m.group(1), state), text)
    converted = converted.replace("\x01", "{").replace("\x02", "}")
    converted += "".join(f"</{name}>" for name, on in reversed(state.items()) if on)
    converted = converted.replace("\\h", "\u00a0").replace("\\n", " ")
    lines = [line.strip().replace(_LITERAL, "\\") for line in converted.split("\\N")]
    return tuple(_close_across(lines))


def _close_across(lines: list[str]) -> list[str]:
    """A tag open at a line break is closed there and opened again on the next
    line, as SRT files write it (``<i>one</i>`` / ``<i>two</i>``)."""
    out: list[str] = []
    carried: list[str] = []
    for line in lines:
        line = "".join(f"<{n}>" for n in carried) + line
        open_: list[str] = []
        for closing, name in TAG.findall(line):
            if closing and name in open_:
                open_.remove(name)
            elif not closing:
                open_.append(name)
        out.append(line + "".join(f"</{n}>" for n in reversed(open_)))
        carried = open_
    return [_drop_empty_pairs(line) for line in out]


def _drop_empty_pairs(line: str) -> str:
    previous = None
    while previous != line:
        previous, line = line, re.sub(r"<([ibu])></\1>", "", line)
    return line


def to_event_text(lines: Sequence[str]) -> str:
    """ASS text for cue lines: ``<i>`` etc. as override tags, ``\\N`` between lines."""
    out = []
    for line in text_lines(lines):
        line = OTHER_TAG.sub("", line).replace("\\", _LITERAL)
        line = line.replace("{", "\\{").replace("}", "\\}")
        line = TAG.sub(lambda m: "{\\" + m.group(2).lower() + ("0" if m.group(1) else "1") + "}",
                       line)
        out.append(line.replace("\u00a0", "\\h"))
    return "\\N".join(line for line in out if line)


def rewritten(original: str, lines: Sequence[str]) -> str:
    """New text for an event, keeping the override blocks it started with
    (position, alignment, font)."""
    lead = _LEADING.match(original)
    return (lead.group(0) if lead else "") + to_event_text(lines)
