"""Fuzz tests (Hypothesis) over everything that reads a user's file: the SRT
reader, ``--fix``, every glossary loader (YAML, CSV/TSV, TBX) and the batch
manifest reader. Each must either read the input or refuse it with its own
one-line error (never another exception), and ``--fix`` must never change,
add, drop or reorder a word. TTML and ASS keep the text, the italics and the
order of cues both ways: any cues their writers take read back as given, and
any file their readers take writes and reads back the same. Inputs are
bounded in size (``max_size``), so every example runs in bounded time; no
wall-clock assertion."""

from __future__ import annotations

import re
import string
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from subtitler.batch.inputs import read_manifest
from subtitler.check.fix import fix_document
from subtitler.errors import GlossaryError, SubtitleFileError, SubtitlerError, UsageError
from subtitler.formats.markup import OTHER_TAG, TAG
from subtitler.formats.srt_read import parse_bytes, parse_text
from subtitler.glossary.load import read_glossary
from subtitler.models import Cue
from subtitler.profiles import PROFILES

FUZZ = settings(deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


# -- SRT-shaped text: the pieces a reader meets, in any order ----------------

_time = st.builds(
    lambda h, m, s, ms, sep: f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}",
    st.integers(0, 120), st.integers(0, 70), st.integers(0, 70), st.integers(0, 1200),
    st.sampled_from([",", ".", ":", ""]),
)
_arrow = st.sampled_from([" --> ", "-->", " -> ", " ==> ", " ", " - - > ", " --> --> "])
_timing = st.builds(lambda a, arrow, b: a + arrow + b, _time, _arrow, _time)
_words = st.text(alphabet=string.ascii_letters + "éüñ ,.!?'<>/-0123456789", max_size=60)
_line = st.one_of(
    _timing, _words, st.integers(0, 10**12).map(str), st.just(""), st.just("   "),
    st.text(max_size=30), st.just("WEBVTT"), st.just("<i>open"), st.just("-->"),
    st.from_regex(r"\d{1,20}", fullmatch=True), st.just("9" * 5000),
    st.just("9" * 5000 + ":00:01,000 --> 00:00:02,000"),
)
srt_text = st.lists(_line, max_size=60).map(lambda ls: "\n".join(ls))
_eol = st.sampled_from(["\n", "\r\n", "\r"])
_encoding = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])


@FUZZ
@given(st.binary(max_size=2000))
def test_srt_reader_takes_any_bytes(data: bytes) -> None:
    try:
        doc = parse_bytes(data, "fuzz.srt")
    except SubtitleFileError as err:
        assert str(err).startswith("fuzz.srt: ")
        return
    assert all(c.lines is not None for c in doc.cues)


@FUZZ
@given(srt_text, _eol, _encoding)
def test_srt_reader_takes_any_srt_shaped_text(text: str, eol: str, encoding: str) -> None:
    data = text.replace("\n", eol).encode(encoding, "replace")
    try:
        doc = parse_bytes(data, "fuzz.srt")
    except SubtitleFileError:
        return
    for notice in doc.notices:
        assert notice.line is None or notice.line >= 1


def _words_in_time_order(cues: tuple[Cue, ...]) -> list[list[str]]:
    ordered = sorted(enumerate(cues), key=lambda kc: (kc[1].start_ms, kc[0]))
    return [" ".join(c.lines).split() for _, c in ordered]


@FUZZ
@given(srt_text, st.sampled_from(sorted(PROFILES)), st.sampled_from(["en", "fr", None]))
def test_fix_never_changes_a_word(text: str, profile: str, language: str | None) -> None:
    doc = parse_text(text, "fuzz.srt")
    if not doc.lossless:
        with pytest.raises(SubtitlerError):
            fix_document(doc, PROFILES[profile], language=language)
        return
    try:
        fixed = fix_document(doc, PROFILES[profile], original=text, language=language)
    except SubtitlerError as err:  # it refuses rather than write what would not read back
        assert "not fixed" in str(err)
        return
    assert _words_in_time_order(fixed.cues) == _words_in_time_order(doc.cues)
    again = fix_document(parse_text(fixed.text, "fixed.srt"), PROFILES[profile],
                         original=fixed.text, language=language)
    assert again.text == fixed.text  # a second run changes nothing


# -- glossaries ----------------------------------------------------------------

_scalar = st.one_of(
    st.text(max_size=20), st.integers(-10**6, 10**6), st.booleans(), st.none(),
    st.sampled_from(["replace", "flag", "protect", "en", "es", "(a+)+$", "\\bx\\b", "[",
                     "*anchor", "&a x", "<<"]),
)
_yaml_value = st.recursive(
    _scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["term", "id", "policy", "variants", "forms", "regex",
                                         "text", "to", "context", "window", "translations",
                                         "es", "source", "note", "in_quotes", "fix_case",
                                         "hotword", "language", "case_sensitive", "x"]),
                        inner, max_size=5),
    ),
    max_leaves=25,
)


def _yaml_dump(value: object) -> str:
    import yaml

    return str(yaml.safe_dump({"name": "fuzz", "entries": value}, allow_unicode=True))


def _read(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.write_bytes(data)
    try:
        read_glossary(path)
    except GlossaryError as err:
        assert str(err).startswith(str(path))


@FUZZ
@given(st.lists(_yaml_value, max_size=6))
def test_yaml_glossary_loader_takes_any_structure(folder: Path, entries: list[object]) -> None:
    _read(folder, "g.yaml", _yaml_dump(entries).encode())


_yaml_line = st.one_of(
    st.sampled_from([
        "entries:", "  - term: x", "  - &a {term: y, source: s}", "  - <<: *a", "    <<: *a",
        "    term: z", "    window: " + "9" * 5000, "    variants: [a, {regex: '(a|aa)+$'}]",
        "    translations: {es: [uno], fr: {term: un, forbidden: [deux]}}", "name: n",
        "version: 2", "language: xx_YY", "  - !!python/object:os.system x", "  - [[[[",
        "    policy: flag", "    id: 'bad id'", "base: &b {term: q}", "  - *b", "---",
    ]),
    st.text(max_size=30),
)


@FUZZ
@given(st.lists(_yaml_line, max_size=20))
def test_yaml_glossary_loader_takes_any_text(folder: Path, lines: list[str]) -> None:
    _read(folder, "t.yaml", "\n".join(lines).encode("utf-8", "replace"))


_cell = st.one_of(st.text(alphabet=string.printable + "éñ", max_size=15),
                  st.sampled_from(["en", "es", "term", "variants", "re:(a+)+$", "re:[", "pos",
                                   "forbidden:es", "policy", "flag", '"', '""']))
_rows = st.lists(st.lists(_cell, max_size=6), max_size=12)


@FUZZ
@given(_rows, st.sampled_from([",", ";", "\t"]), _eol,
       st.sampled_from(["g.csv", "g.tsv", "g.en-es.csv", "g.en-en.tsv"]))
def test_table_glossary_loader_takes_any_table(
    folder: Path, rows: list[list[str]], sep: str, eol: str, name: str
) -> None:
    text = eol.join(sep.join(r) for r in rows)
    _read(folder, name, text.encode("utf-8"))


_tag = st.sampled_from(["martif", "tbx", "text", "body", "termEntry", "conceptEntry",
                        "langSet", "langSec", "tig", "ntig", "termSec", "term", "termNote",
                        "note", "descrip", "admin", "x"])


@st.composite
def _xml(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(_tag)
    attrs = draw(st.sampled_from(["", ' xml:lang="en"', ' xml:lang="es"', ' type="source"',
                                  ' type="administrativeStatus"', ' id="a"', " lang=''"]))
    if depth > 4:
        body = draw(st.text(alphabet=string.ascii_letters + " &<>;", max_size=12))
    else:
        body = "".join(draw(st.lists(_xml(depth + 1), max_size=3)))
        body += draw(st.sampled_from(["", "preferredTerm-admn-sts", "deprecatedTerm", "x"]))
    return f"<{tag}{attrs}>{body}</{tag}>"


@FUZZ
@given(_xml(), st.sampled_from(["", '<?xml version="1.0"?>', "<!DOCTYPE martif SYSTEM 'x'>",
                                 '<!DOCTYPE x [<!ENTITY a "b">]>']))
def test_tbx_glossary_loader_takes_any_tree(folder: Path, body: str, head: str) -> None:
    _read(folder, "g.tbx", (head + body).encode("utf-8"))


@FUZZ
@given(st.binary(max_size=600))
def test_every_glossary_loader_takes_any_bytes(folder: Path, data: bytes) -> None:
    for name in ("b.yaml", "b.csv", "b.tsv", "b.tbx"):
        _read(folder, name, data)


# -- the batch manifest ----------------------------------------------------------

_manifest_cell = st.one_of(
    st.text(alphabet=string.printable, max_size=20),
    st.sampled_from(["media", "script", "language", "output", "en", "pt-BR", "x.mp4",
                     "../../x.srt", "/tmp/x.srt", "#", "out", "a.srt", '"', ""]),
)


@FUZZ
@given(st.lists(st.lists(_manifest_cell, max_size=5), max_size=10),
       st.sampled_from([",", ";", "\t"]), _eol)
def test_manifest_reader_takes_any_table(
    folder: Path, rows: list[list[str]], sep: str, eol: str
) -> None:
    path = folder / "m.csv"
    path.write_text(eol.join(sep.join(r) for r in rows), encoding="utf-8", newline="")
    try:
        items = read_manifest(path)
    except UsageError as err:
        assert re.match(rf"{re.escape(str(path))}(:\d+)?: ", str(err)), str(err)
        return
    for item in items:  # outputs never leave the manifest's folder
        assert item.srt is None or item.srt.resolve().is_relative_to(folder.resolve())


# -- the other subtitle formats (WebVTT, ASS/SSA, TTML, words JSON) ----------

_vtt_line = st.one_of(
    _line,
    st.builds(lambda a, b, s: f"{a} --> {b}{s}", _time.map(lambda t: t.replace(",", ".")),
              _time.map(lambda t: t.replace(",", ".")),
              st.sampled_from(["", " line:85%", " align:center size:80%", " bogus:1"])),
    st.sampled_from(["WEBVTT", "WEBVTT Kind: captions", "NOTE a note", "STYLE", "::cue { x }",
                     "REGION", "id:low", "<v Vera>hi</v>", "&amp; &lt; &bogus;", "<c.x>t</c>",
                     "<00:00:01.500>", "X-TIMESTAMP-MAP=LOCAL:00:00:00.000,MPEGTS:0"]),
)
_ass_line = st.one_of(
    _words,
    st.sampled_from(["[Script Info]", "ScriptType: v4.00+", "[V4+ Styles]", "[Events]",
                     "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect,"
                     " Text", "Style: Default,Arial,20", "PlayResX: 640"]),
    st.builds(lambda a, b, t: f"Dialogue: 0,{a},{b},Default,,0,0,0,,{t}",
              st.from_regex(r"\d{1,2}:\d\d:\d\d\.\d\d", fullmatch=True),
              st.from_regex(r"\d{1,2}:\d\d:\d\d\.\d\d", fullmatch=True),
              st.sampled_from(["hi", "{\\i1}it{\\i0}", "a\\Nb", "{\\pos(1,2)}x", "{", ""])),
)
_ttml = st.builds(
    lambda body: '<tt xmlns="http://www.w3.org/ns/ttml"><body><div>' + body + "</div></body></tt>",
    st.lists(st.builds(lambda b, e, t: f'<p begin="{b}" end="{e}">{t}</p>',
                       st.sampled_from(["00:00:01.000", "1s", "x", "00:00:02:10", "10t", ""]),
                       st.sampled_from(["00:00:03.000", "2.5s", "", "-1s"]),
                       st.sampled_from(["hi", "a<br/>b", "<span>x</span>", "&amp;", "<p>"])),
             max_size=8).map("".join),
)


@FUZZ
@given(st.one_of(
    st.tuples(st.just("vtt"), st.lists(_vtt_line, max_size=40).map("\n".join)),
    st.tuples(st.sampled_from(["ass", "ssa"]), st.lists(_ass_line, max_size=30).map("\n".join)),
    st.tuples(st.just("ttml"), _ttml),
    st.tuples(st.sampled_from(["vtt", "ass", "ssa", "ttml", "json"]), st.text(max_size=300)),
))
def test_every_subtitle_reader_takes_any_text(case: tuple[str, str]) -> None:
    from subtitler.formats.registry import parse_subtitles

    fmt, text = case
    try:
        doc = parse_subtitles(text, f"fuzz.{fmt}", fmt)
    except SubtitleFileError as err:
        assert str(err).startswith(f"fuzz.{fmt}")
        return
    for notice in doc.notices:
        assert notice.line is None or notice.line >= 1


@FUZZ
@given(st.lists(_vtt_line, max_size=40).map(lambda ls: "WEBVTT\n\n" + "\n".join(ls)))
def test_fix_never_changes_a_word_of_a_webvtt_file(text: str) -> None:
    from subtitler.formats.registry import parse_subtitles

    doc = parse_subtitles(text, "fuzz.vtt", "vtt")
    if not doc.lossless:
        return
    try:
        fixed = fix_document(doc, PROFILES["netflix"], original=text)
    except SubtitlerError as err:
        assert "not fixed" in str(err)
        return
    assert _words_in_time_order(fixed.cues) == _words_in_time_order(doc.cues)


# -- round trips: TTML and ASS keep text, italics and the order of cues ----------

ROUND_TRIP = settings(FUZZ, max_examples=100)
"""Fewer examples: each writes and reads a file two or three times (2,000 of
each passed once, at the time of writing)."""

_plain = st.text(alphabet=string.ascii_letters + "  éñЖ中😀\u00a0\t<>&{}\\/-\"'’.,!?:;=0123456789",
                 max_size=14)
_token = st.one_of(_plain, st.sampled_from(["<i>", "</i>", "<I>", "</I>", "<b>", "</b>", "<u>",
                                            "</u>", '<font color="red">', "</font>", "<s>",
                                            "-->", "{\\i1}", "\\N", "&amp;", "<br/>", " "]))
_cue_line = st.lists(_token, max_size=6).map("".join)
_TAG_OR_DROPPED = re.compile(f"{TAG.pattern}|{OTHER_TAG.pattern}", re.IGNORECASE)


@st.composite
def _cues(draw: st.DrawFn) -> list[Cue]:
    cues, t = [], draw(st.integers(0, 4 * 3_600_000))
    for _ in range(draw(st.integers(0, 6))):
        t += draw(st.integers(-2_000, 5_000))  # cues may overlap and come out of order
        start = max(0, t)
        cues.append(Cue(start, start + draw(st.integers(10, 9_000)),
                        tuple(draw(st.lists(_cue_line, max_size=3)))))
    return cues


def _seen(cue: Cue) -> tuple[tuple[tuple[str, bool], ...], ...]:
    """What a viewer reads of a cue: its lines, each as characters with
    whether they are italic (an ``<i>`` holds across a line break, as in
    SRT), white space as one space, empty lines left out."""
    lines, italic = [], False
    for line in cue.lines:
        chars: list[tuple[str, bool]] = []
        pos = 0
        for m in [*_TAG_OR_DROPPED.finditer(line), None]:
            end = m.start() if m else len(line)
            chars += [(ch, italic) for ch in line[pos:end]]
            if m is not None:
                if m.group(2) and m.group(2).lower() == "i":
                    italic = not m.group(1)
                pos = m.end()
        text: list[tuple[str, bool]] = []
        for ch, it in chars:
            if ch.isspace() and ch != "\u00a0":
                if text and text[-1][0] != " ":
                    text.append((" ", it))
            else:
                text.append((ch, it))
        while text and text[0][0].isspace():
            text.pop(0)
        while text and text[-1][0].isspace():
            text.pop()
        if text:
            lines.append(tuple((ch, it) for ch, it in text))
    return tuple(lines)


def _same_cues(got: tuple[Cue, ...], want: tuple[Cue, ...] | list[Cue], step: int) -> None:
    assert [_seen(c) for c in got] == [_seen(c) for c in want]
    for a, b in zip(got, want, strict=True):
        assert abs(a.start_ms - b.start_ms) < step and abs(a.end_ms - b.end_ms) < step


@ROUND_TRIP
@given(_cues(), st.sampled_from(["ass", "ssa", "ttml"]))
def test_ass_and_ttml_keep_what_they_are_given(cues: list[Cue], fmt: str) -> None:
    from subtitler.errors import FormatLimitError
    from subtitler.formats.content import Subtitles
    from subtitler.formats.registry import FORMATS, parse_subtitles

    try:
        text = FORMATS[fmt].write(Subtitles(tuple(cues)))
    except FormatLimitError:  # a character XML cannot hold: refused, never written wrong
        assert fmt == "ttml"
        return
    doc = parse_subtitles(text, f"fuzz.{fmt}", fmt)
    assert doc.notices == () and doc.lossless
    _same_cues(doc.cues, cues, FORMATS[fmt].resolution_ms // 2 + 1)


_xml_plain = st.text(alphabet=string.ascii_letters + "  éñЖ中😀\u00a0\t\n{}\\/-\"'’.,!?",
                     max_size=14)
_ttml_text = st.one_of(_xml_plain, st.sampled_from([
    "<br/>", "<span>x</span>", "&amp;", "&lt;", '<span tts:fontStyle="italic">it</span>',
    '<span style="it">ref</span>', '<span begin="1s" end="2s">timed</span>',
    '<span tts:fontStyle="italic">a<br/>b <span tts:fontStyle="normal">n</span></span>',
    '<span xml:space="preserve">  kept\n  lines </span>', "<metadata>hidden</metadata>",
    '<span tts:fontWeight="bold" tts:textDecoration="underline">bu</span>',
]))
_ttml_p = st.builds(
    lambda b, e, body: f"<p{b}{e}>{body}</p>",
    st.sampled_from(['', ' begin="1s"', ' begin="00:00:02.500"', ' begin="3.25s"', ' begin="x"',
                     ' begin="00:00:01:10"']),
    st.sampled_from(['', ' end="4s"', ' dur="1s"', ' end="00:00:00.500"', ' end="10h"']),
    st.lists(_ttml_text, max_size=5).map("".join),
)
_ttml_doc = st.builds(
    lambda style, divs: (
        '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling">'
        f'<head><styling><style xml:id="it" tts:fontStyle="{style}"/></styling></head><body>'
        + divs + "</body></tt>"),
    st.sampled_from(["italic", "normal"]),
    st.lists(st.builds(lambda a, ps: f"<div{a}>{ps}</div>",
                       st.sampled_from(["", ' begin="5s"', ' timeContainer="seq"',
                                        ' tts:fontStyle="italic"']),
                       st.lists(_ttml_p, max_size=4).map("".join)), max_size=3).map("".join),
)


_ass_time = st.one_of(
    st.from_regex(r"\d:[0-5]\d:[0-5]\d\.\d\d", fullmatch=True),
    st.sampled_from(["-0:00:01.00", "0:00:01.5", "0:00:02.123", "10:00:05.00", "100:00:00.00",
                     "0:00:03", "00:00:04,50", "x", "0:99:00.00"]),
)
_ass_text = st.lists(st.one_of(_plain, st.sampled_from([
    "{\\i1}", "{\\i0}", "{\\i}", "{\\b1}", "{\\b700}", "{\\b0}", "{\\u1}", "{\\an8}",
    "{\\pos(10,20)\\i1}", "\\N", "\\n", "\\h", "\\{", "\\}", "{", "}", "{comment}", ",",
])), max_size=8).map("".join)
_ass_event = st.builds(
    lambda kind, a, b, style, text: f"{kind}: 0,{a},{b},{style},,0,0,0,,{text}",
    st.sampled_from(["Dialogue", "Dialogue", "Comment"]), _ass_time, _ass_time,
    st.sampled_from(["Default", "Sign", ""]), _ass_text,
)
_ass_file = st.builds(
    lambda head, events, tail: "\n".join([*head, *events, *tail]),
    st.sampled_from([["[Script Info]", "ScriptType: v4.00+", "", "[V4+ Styles]",
                      "Style: Default,Arial,20", "", "[Events]",
                      "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect,"
                      " Text"],
                     ["[Script Info]", "[Events]"], ["[Events]"], []]),
    st.lists(st.one_of(_ass_event, _ass_line, st.just("; a comment"), st.just("")),
             max_size=12),
    st.sampled_from([[], ["", "[Aegisub Extradata]", "Data: 1,x,e1"], ["[Fonts]", "fontname: a"]]),
)


@ROUND_TRIP
@given(st.one_of(st.tuples(st.just("ttml"), _ttml_doc),
                 st.tuples(st.sampled_from(["ass", "ssa"]), _ass_file)))
def test_what_the_ass_and_ttml_readers_accept_writes_and_reads_back_the_same(
    case: tuple[str, str],
) -> None:
    from subtitler.errors import FormatLimitError
    from subtitler.formats.content import Subtitles
    from subtitler.formats.registry import FORMATS, parse_subtitles, rewriter

    fmt, text = case
    try:
        doc = parse_subtitles(text, f"fuzz.{fmt}", fmt)
    except SubtitleFileError:
        return
    step = FORMATS[fmt].resolution_ms // 2 + 1
    try:
        again = FORMATS[fmt].write(Subtitles(doc.cues))
    except FormatLimitError:  # a time past what the format holds: refused
        return
    _same_cues(parse_subtitles(again, f"again.{fmt}", fmt).cues, doc.cues, step)
    if FORMATS[fmt].rewrite is not None and doc.lossless:  # written back into its own file
        back = rewriter(doc)(doc, doc.cues, list(range(len(doc.cues))))
        _same_cues(parse_subtitles(back, f"back.{fmt}", fmt).cues, doc.cues, step)
