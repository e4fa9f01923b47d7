"""Reading TTML (IMSC, EBU-TT-D, DFXP) into the cues it states: one cue per
``<p>``, its times as the file gives them (``begin``, ``end``, ``dur``,
nested in ``<div>`` and ``<body>``, in ``par`` or ``seq`` containers), each
with its line in the file; a ``<p>`` whose spans have times of their own is
one cue per stretch in which its text stays the same.

Time expressions are read by ``ttconv`` (clock times, frames, ticks, SMPTE
time bases), after a check of their syntax: a value that is not a TTML time
is a ``ttml-syntax`` notice at its element's line, and that element is
skipped (its lines are in no cue, so nothing converts it silently). The
cues are not read through ``ttconv``'s document model and time slices: its
model keeps no element's line, and its slices cut overlapping cues into
pieces with their text repeated.

Styles: ``tts:fontStyle`` (italic, oblique), ``tts:fontWeight`` (bold) and
``tts:textDecoration`` (underline), specified, referenced (``style``, chains
of styles), inherited, and from the region, become ``<i> <b> <u>``, closed at
the end of each line.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as et
import xml.parsers.expat
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..errors import SubtitleFileError
from ..models import Cue, Notice, PlacedCue
from ..timefmt import fmt_ms
from .document import SubtitleDocument
from .srt_read import newline_of

TT = "http://www.w3.org/ns/ttml"
TTS = f"{TT}#styling"
TTP = f"{TT}#parameter"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_OLD = ("http://www.w3.org/2006/10/ttaf1", "http://www.w3.org/2006/04/ttaf1")
"""DFXP's namespaces before TTML 1.0: read as TTML's."""

_TIME = re.compile(r"\d{2,}:\d\d:\d\d(?:\.\d+|:\d{2,})?|\d+(?:\.\d+)?(?:h|m|s|ms|f|t)")
_SPACE = re.compile(r"[ \t\r\n]+")
_STYLES = {"fontStyle": "i", "fontWeight": "b", "textDecoration": "u"}
_ORDER = "ibu"
_SKIPPED = ("rt", "rtc", "rp", "set", "metadata")
"""Elements in a ``<p>`` whose text is not shown as the line's text."""

logging.getLogger("ttconv").setLevel(logging.CRITICAL)  # what it would log is a notice here


@dataclass
class _Node:
    """An element's time interval, absolute, in seconds (``end`` None: indefinite)."""

    begin: Fraction
    end: Fraction | None


@dataclass
class _Reader:
    path: str
    root: et.Element
    lines: dict[int, tuple[int, int]]
    """``id(element)`` -> its first and last line in the file."""
    styles: dict[str, et.Element] = field(default_factory=dict)
    regions: dict[str, et.Element] = field(default_factory=dict)
    parent: dict[int, et.Element] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    lost: list[int] = field(default_factory=list)
    entries: list[PlacedCue] = field(default_factory=list)
    position: int = 0
    open_ended: list[int] = field(default_factory=list)
    """Indices in ``entries`` of cues with no end in the file."""
    context: Any = None

    def line(self, el: et.Element) -> int:
        return self.lines[id(el)][0]

    def syntax(self, message: str, el: et.Element, cue: int | None = None) -> None:
        self.notices.append(Notice("ttml-syntax", message, self.line(el), cue))

    def skip(self, el: et.Element) -> None:
        first, last = self.lines[id(el)]
        self.lost.extend(range(first, last + 1))


def parse_ttml(
    text: str, path: str = "<text>", *, encoding: str = "UTF-8",
    notices: list[Notice] | None = None,
) -> SubtitleDocument:
    """Read TTML text: one cue per ``<p>`` (see the module's notes)."""
    data = text.removeprefix("\ufeff").encode("utf-8")
    root = _parse(data, path)
    _rename_old_namespaces(root)
    if root.tag != f"{{{TT}}}tt":
        raise SubtitleFileError("not a TTML file (no <tt> element)", path=path)
    elements = list(root.iter())
    spans = _element_lines(data)
    reader = _Reader(path, root, {id(e): s for e, s in zip(elements, spans, strict=True)})
    reader.context = _temporal_context(root, path)
    _index(reader)
    body = root.find(f"{{{TT}}}body")
    if body is not None:
        _container(reader, body, _Node(Fraction(0), None))
    _close_open_ends(reader)
    found = [*(notices or []), *reader.notices]
    found.sort(key=lambda n: n.line or 0)
    return SubtitleDocument(
        path=path, entries=tuple(reader.entries), notices=tuple(found), encoding=encoding,
        lost_lines=tuple(sorted(set(reader.lost))), newline=newline_of(text), format="ttml",
        text=text,
    )


def _parse(data: bytes, path: str) -> et.Element:
    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    try:
        root: et.Element = safe_et.fromstring(data)
    except et.ParseError as err:
        line = err.position[0] if err.position else None
        raise SubtitleFileError(f"cannot read this TTML file: {err.msg}", path=path,
                                line=line) from None
    except DefusedXmlException as err:
        raise SubtitleFileError(f"cannot read this TTML file: {err}", path=path) from None
    return root


def _element_lines(data: bytes) -> list[tuple[int, int]]:
    """The first and last line of every element, in document order (the
    order ``Element.iter`` gives). The text was parsed safely before."""
    parser = xml.parsers.expat.ParserCreate()
    spans: list[list[int]] = []
    stack: list[int] = []

    def start(name: str, attrs: object) -> None:
        stack.append(len(spans))
        spans.append([parser.CurrentLineNumber, parser.CurrentLineNumber])

    def end(name: str) -> None:
        spans[stack.pop()][1] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(data, True)
    return [(a, b) for a, b in spans]


def _rename_old_namespaces(root: et.Element) -> None:
    def new(name: str) -> str:
        for old in _OLD:
            if name.startswith("{" + old):
                rest = name[len(old) + 1:]
                return "{" + TT + rest.replace("#style}", "#styling}")
        return name

    for el in root.iter():
        el.tag = new(el.tag)
        for key in [k for k in el.attrib if k.startswith("{")]:
            renamed = new(key)
            if renamed != key:
                el.attrib[renamed] = el.attrib.pop(key)


def _temporal_context(root: et.Element, path: str) -> Any:
    from ttconv.imsc import attributes as attrs

    try:
        return attrs.TemporalAttributeParsingContext(
            frame_rate=attrs.FrameRateAttribute.extract(root),
            tick_rate=attrs.TickRateAttribute.extract(root),
            time_base=attrs.TimeBaseAttribute.extract(root),
            drop_mode=attrs.DropModeAttribute.extract(root),
        )
    except ValueError as err:  # a clock time base, PAL drop frames
        raise SubtitleFileError(f"cannot read this TTML file: {err}", path=path) from None


def _index(r: _Reader) -> None:
    for el in r.root.iter():
        for child in el:
            r.parent[id(child)] = el
        ident = el.get(f"{{{XML_NS}}}id")
        if ident is not None and el.tag == f"{{{TT}}}style":
            r.styles.setdefault(ident, el)
        elif ident is not None and el.tag == f"{{{TT}}}region":
            r.regions.setdefault(ident, el)


def _local(el: et.Element) -> str | None:
    """The element's name when it is TTML's, else None."""
    return el.tag[len(TT) + 2:] if el.tag.startswith(f"{{{TT}}}") else None


def _time(r: _Reader, el: et.Element, name: str) -> Fraction | None:
    from ttconv.imsc.attributes import parse_time_expression

    raw = el.get(name)
    if raw is None:
        return None
    value = raw.strip()
    why = ""
    try:
        if _TIME.fullmatch(value):
            return Fraction(parse_time_expression(r.context, value, True))
    except (ValueError, ZeroDivisionError, OverflowError) as err:
        why = f": {str(err).lower()}"
    raise _BadTime(f'<{_local(el)}> {name}="{raw[:40]}" is not a TTML time{why} (write '
                   'such as "00:00:01.500" or "1.5s")')


class _BadTime(Exception):
    pass


def _interval(r: _Reader, el: et.Element, base: Fraction, parent: _Node) -> _Node:
    """``el``'s interval, its times counted from ``base`` (the parent's begin;
    in a ``seq`` container, the previous sibling's end)."""
    begin, end, dur = _time(r, el, "begin"), _time(r, el, "end"), _time(r, el, "dur")
    start = base + (begin or 0)
    stop: Fraction | None = None
    if end is not None:
        stop = base + end
    if dur is not None:
        stop = start + dur if stop is None else min(stop, start + dur)
    if stop is None or (parent.end is not None and stop > parent.end):
        stop = parent.end
    return _Node(start, stop)


def _container(r: _Reader, el: et.Element, node: _Node) -> None:
    """The ``<p>`` of a ``<body>`` or ``<div>`` whose interval is ``node``."""
    seq = el.get("timeContainer") == "seq"
    base = node.begin
    _stray_text(r, el, el.text)
    for child in el:
        name = _local(child)
        _stray_text(r, el, child.tail)
        if name not in ("div", "p"):
            if name is not None and name not in _SKIPPED:
                _stray_text(r, child, "".join(child.itertext()))
            continue
        try:
            inner = _interval(r, child, base, node)
        except _BadTime as err:
            r.position += 1
            r.syntax(f"{err}; players skip it and what it holds", child, r.position)
            r.skip(child)
            continue
        never = None
        if inner.begin < 0:
            never = 'follows one with no end in a sequence (timeContainer="seq")'
        elif node.end is not None and inner.begin >= node.end:
            never = f"begins ({_clock(inner.begin)}) when what holds it has ended"
        if never is not None:
            r.position += name == "p"
            r.syntax(f"<{name}> {never}: players never show it", child,
                     r.position if name == "p" else None)
            r.skip(child)
            continue
        if seq:
            base = Fraction(-1) if inner.end is None else inner.end  # -1: never begins
        if name == "div":
            _container(r, child, inner)
        else:
            _paragraph(r, child, inner)


def _stray_text(r: _Reader, el: et.Element, text: str | None) -> None:
    if text and text.strip():
        shown = _SPACE.sub(" ", text.strip())
        shown = f"{shown[:37]}..." if len(shown) > 40 else shown
        r.syntax(f'text outside any <p>: "{shown}"; players ignore it', el)
        r.lost.append(r.line(el))


def _paragraph(r: _Reader, p: et.Element, node: _Node) -> None:
    r.position += 1
    try:
        timed = list(_inline_times(r, p, node))
    except _BadTime as err:
        r.syntax(f"{err}; players skip this <p>", p, r.position)
        r.skip(p)
        return
    if node.end is not None and node.end <= node.begin:  # as written: check says what is wrong
        _add(r, p, Cue(_ms(node.begin), _ms(node.end), _lines(r, p, node.begin, node.end, node)))
        return
    cuts = sorted({node.begin, *(t for t in timed if node.begin < t and
                                 (node.end is None or t < node.end))})
    previous: tuple[str, ...] | None = None
    made = 0
    for a, b in zip(cuts, [*cuts[1:], node.end], strict=True):
        lines = _lines(r, p, a, b, node)
        if timed and not lines:  # nothing shown for a while
            previous = None
        elif lines == previous:  # the same text on: one cue
            last = r.entries.pop()
            _add(r, p, Cue(last.cue.start_ms, _ms(b), lines), last.position)
        else:
            _add(r, p, Cue(_ms(a), _ms(b), lines), r.position + 1 if made else None)
            made += 1
            previous = lines


def _add(r: _Reader, p: et.Element, cue: Cue, position: int | None = None) -> None:
    """Add a cue of ``p`` (``position``: a new one for a second cue of it)."""
    r.position = position or r.position
    if cue.end_ms < 0:
        r.open_ended.append(len(r.entries))
    r.entries.append(PlacedCue(cue, r.position, r.line(p)))


def _inline_times(r: _Reader, el: et.Element, node: _Node) -> Iterator[Fraction]:
    """The begin and end of every timed element inside ``el`` (absolute);
    reads (and checks) every time attribute in it."""
    for child in el:
        if _local(child) is None or _local(child) in _SKIPPED:
            continue
        has_time = any(child.get(k) is not None for k in ("begin", "end", "dur"))
        inner = _interval(r, child, node.begin, node)
        if has_time:
            yield inner.begin
            if inner.end is not None:
                yield inner.end
        yield from _inline_times(r, child, inner)


def _lines(r: _Reader, p: et.Element, a: Fraction, b: Fraction | None,
           node: _Node) -> tuple[str, ...]:
    """The text ``p`` shows from ``a`` to ``b``, as tagged lines."""
    chars: list[list[tuple[str, frozenset[str]]]] = [[]]
    _collect(r, p, a, b, node, chars, _look(r, p), p.get(f"{{{XML_NS}}}space") == "preserve")
    return tuple(line for line in (_render(_collapse(cs)) for cs in chars) if line)


def _collect(r: _Reader, el: et.Element, a: Fraction, b: Fraction | None, node: _Node,
             out: list[list[tuple[str, frozenset[str]]]], look: frozenset[str],
             preserve: bool) -> None:
    def add(text: str | None, style: frozenset[str]) -> None:
        for k, part in enumerate((text or "").split("\n") if preserve else [text or ""]):
            if k:
                out.append([])
            out[-1].extend((ch, style) for ch in part)

    add(el.text, look)
    for child in el:
        name = _local(child)
        if name is not None and name not in _SKIPPED:
            inner = _interval(r, child, node.begin, node)
            shown = inner.begin <= a and (inner.end is None or (b is not None and inner.end >= b))
            if name == "br" and shown:
                out.append([])
            elif shown:
                space = child.get(f"{{{XML_NS}}}space")
                _collect(r, child, a, b, inner, out, _look(r, child),
                         preserve if space is None else space == "preserve")
        add(child.tail, look)


def _look(r: _Reader, el: et.Element) -> frozenset[str]:
    """Which of ``<i> <b> <u>`` apply to ``el``'s own text."""
    return frozenset(tag for prop, tag in _STYLES.items() if _on(tag, _inherited(r, el, prop)))


def _on(tag: str, value: str | None) -> bool:
    value = (value or "").strip()
    if tag == "i":
        return value in ("italic", "oblique")
    if tag == "b":
        return value == "bold"
    return "underline" in value.split()


def _inherited(r: _Reader, el: et.Element, prop: str) -> str | None:
    """``prop``'s value for ``el``: its own, else its nearest ancestor's,
    else its region's."""
    region: str | None = None
    node: et.Element | None = el
    while node is not None and _local(node) in ("span", "p", "div", "body", "ruby", "rb", "rbc"):
        value = _specified(r, node, prop, set())
        if value is not None:
            return value
        region = region or node.get("region")
        node = r.parent.get(id(node))
    found = r.regions.get(region) if region else None
    return _specified(r, found, prop, set()) if found is not None else None


def _specified(r: _Reader, el: et.Element, prop: str, seen: set[str]) -> str | None:
    """``prop`` on ``el`` itself: its attribute, else the styles it refers to
    (the last one named first), else (a region) its nested styles."""
    value = el.get(f"{{{TTS}}}{prop}")
    if value is not None:
        return value
    for ref in reversed((el.get("style") or "").split()):
        if ref in r.styles and ref not in seen:
            seen.add(ref)
            value = _specified(r, r.styles[ref], prop, seen)
            if value is not None:
                return value
    if _local(el) == "region":
        for nested in el.findall(f"{{{TT}}}style"):
            value = _specified(r, nested, prop, seen)
            if value is not None:
                return value
    return None


def _collapse(chars: list[tuple[str, frozenset[str]]]) -> list[tuple[str, frozenset[str]]]:
    """XML white space as TTML shows it: each run one space, none at either end."""
    out: list[tuple[str, frozenset[str]]] = []
    for ch, style in chars:
        if ch in " \t\r\n":
            if out and out[-1][0] != " ":
                out.append((" ", style))
        else:
            out.append((ch, style))
    while out and out[-1][0].isspace():  # and a hard space at either end, as every reader strips
        out.pop()
    while out and out[0][0].isspace():
        out.pop(0)
    return out


def _render(chars: list[tuple[str, frozenset[str]]]) -> str:
    """Styled characters as a line with ``<i> <b> <u>`` tags, each closed
    before the line ends."""
    out: list[str] = []
    stack: list[str] = []
    for ch, style in chars:
        keep = 0
        while keep < len(stack) and stack[keep] in style:
            keep += 1
        while len(stack) > keep:
            out.append(f"</{stack.pop()}>")
        for tag in _ORDER:
            if tag in style and tag not in stack:
                stack.append(tag)
                out.append(f"<{tag}>")
        out.append(ch)
    out += [f"</{tag}>" for tag in reversed(stack)]
    return "".join(out)


def _close_open_ends(r: _Reader) -> None:
    """A cue with no end in the file (shown until the media ends) ends at
    the latest time the file names, with a notice."""
    if not r.open_ended:
        return
    latest = max((e.cue.end_ms for e in r.entries if e.cue.end_ms >= 0), default=0)
    for k in r.open_ended:
        e = r.entries[k]
        end = max(latest, e.cue.start_ms)
        r.entries[k] = PlacedCue(Cue(e.cue.start_ms, end, e.cue.lines), e.position, e.line)
        r.notices.append(Notice("ttml-syntax", "this <p> has no end time (players show it "
                                f"until the media ends); read as ending {fmt_ms(end)}",
                                e.line, e.position))


def _ms(t: Fraction | None) -> int:
    return -1 if t is None else round(t * 1000)


def _clock(t: Fraction) -> str:
    return fmt_ms(round(t * 1000))
