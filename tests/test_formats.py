"""Every format: written from the same cues, read back by our reader, by the
library that format is written with, and by a real client (ffmpeg reads SRT,
WebVTT and ASS); SRT -> WebVTT -> SRT is identical, as a property."""

from __future__ import annotations

import html
import io
import json
import xml.etree.ElementTree as et
from pathlib import Path

import pysubs2
import pytest
import webvtt
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.formats.content import Subtitles
from subtitler.formats.registry import FORMATS, parse_subtitles, read_subtitles
from subtitler.formats.srt_read import parse_text
from subtitler.formats.srt_write import compose
from subtitler.formats.transcript import compose_text, pause_paragraphs
from subtitler.formats.vtt_write import compose_vtt
from subtitler.models import Cue, Word, strip_markup
from tests.mediafactory import run_ffmpeg

CUES = (
    Cue(1_001, 3_250, ("¿Dónde está la <i>niña</i>?", "Ça coûte 5 € & plus < 10")),
    Cue(3_400, 6_999, ("Привет, мир — «секс-работники»",)),
    Cue(61_010, 63_500, ("<b>Count Me In!</b> consortium",)),
    Cue(3_600_000 + 2_345, 3_600_000 + 4_567, ("an hour in", "two lines")),
)
READABLE = [n for n, f in FORMATS.items() if f.parse is not None]


def centiseconds(cues: tuple[Cue, ...]) -> tuple[Cue, ...]:
    """``cues`` as ASS stores them (times to the nearest 10 ms)."""
    return tuple(Cue((c.start_ms + 5) // 10 * 10, (c.end_ms + 5) // 10 * 10, c.lines) for c in cues)


def written(tmp_path: Path, name: str, cues: tuple[Cue, ...] = CUES) -> Path:
    fmt = FORMATS[name]
    path = tmp_path / f"talk{fmt.extension}"
    path.write_text(fmt.write(Subtitles(cues, language="es")), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", READABLE)
def test_every_format_reads_back_the_same_cues(tmp_path: Path, name: str) -> None:
    doc = read_subtitles(written(tmp_path, name))
    expected = centiseconds(CUES) if FORMATS[name].resolution_ms == 10 else CUES
    assert doc.cues == expected
    assert doc.notices == ()
    assert doc.format == name


@pytest.mark.parametrize("name", ["srt", "vtt", "ass", "ssa", "ttml"])
def test_pysubs2_reads_what_we_write(tmp_path: Path, name: str) -> None:
    subs = pysubs2.load(str(written(tmp_path, name)), encoding="utf-8")
    assert [(e.start, e.end) for e in subs] == [
        (c.start_ms, c.end_ms) for c in (centiseconds(CUES) if name in ("ass", "ssa") else CUES)
    ]
    assert [e.plaintext.split("\n")[0] for e in subs] == [
        strip_markup(c.lines[0]) for c in CUES
    ]


def test_webvtt_py_reads_what_we_write(tmp_path: Path) -> None:
    captions = webvtt.read(str(written(tmp_path, "vtt"))).captions
    assert [(c.start_time.in_milliseconds(), c.end_time.in_milliseconds())
            for c in captions] == [(c.start_ms, c.end_ms) for c in CUES]
    # webvtt-py leaves out the tags and keeps the character references
    assert [html.unescape(c.text).splitlines() for c in captions] == [
        [strip_markup(line) for line in c.lines] for c in CUES
    ]


def test_ttconv_reads_the_ttml(tmp_path: Path) -> None:
    from ttconv.imsc import reader

    path = written(tmp_path, "ttml")
    root = et.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/ns/ttml}tt"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
    model = reader.to_model(et.parse(path))
    assert model is not None and model.get_body() is not None
    paragraphs = [p for p in root.iter("{http://www.w3.org/ns/ttml}p")]
    assert [p.get("begin") for p in paragraphs][:2] == ["00:00:01.001", "00:00:03.400"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["srt", "vtt", "ass"])
def test_ffmpeg_reads_what_we_write(tmp_path: Path, name: str) -> None:
    """ffmpeg (a real player's demuxers) reads each file: converted by it to
    SRT, the cues have our times and text."""
    src = written(tmp_path, name)
    out = tmp_path / "by-ffmpeg.srt"
    run_ffmpeg("-i", f"file:{src}", "-c:s", "srt", f"file:{out}")
    got = parse_text(out.read_text("utf-8")).cues
    expected = centiseconds(CUES) if name == "ass" else CUES
    assert [(c.start_ms, c.end_ms) for c in got] == [(c.start_ms, c.end_ms) for c in expected]
    plain = [[strip_markup(x) for x in c.lines] for c in got]
    assert plain == [[strip_markup(x) for x in c.lines] for c in CUES]


@pytest.mark.slow
def test_a_webvtt_file_ffmpeg_made_reads_without_a_notice(tmp_path: Path) -> None:
    srt = written(tmp_path, "srt")
    vtt = tmp_path / "by-ffmpeg.vtt"
    run_ffmpeg("-i", f"file:{srt}", f"file:{vtt}")
    doc = read_subtitles(vtt)
    assert doc.notices == () and doc.lossless
    assert [(c.start_ms, c.end_ms) for c in doc.cues] == [(c.start_ms, c.end_ms) for c in CUES]
    assert [c.text for c in doc.cues] == [c.text for c in CUES]


_text_line = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\n\r"),
    min_size=1, max_size=30,
).map(str.strip).filter(lambda s: bool(s) and "-->" not in s and not s.isdigit())


@st.composite
def cue_lists(draw: st.DrawFn) -> tuple[Cue, ...]:
    n = draw(st.integers(1, 6))
    t, cues = 0, []
    for _ in range(n):
        t += draw(st.integers(0, 5000))
        length = draw(st.integers(1, 8000))
        lines = tuple(draw(st.lists(_text_line, min_size=1, max_size=3)))
        if draw(st.booleans()):
            lines = (f"<i>{lines[0]}</i>", *lines[1:])
        cues.append(Cue(t, t + length, lines))
        t += length
    return tuple(cues)


@settings(deadline=None)
@given(cue_lists())
def test_srt_to_webvtt_to_srt_is_identical(cues: tuple[Cue, ...]) -> None:
    srt = compose(cues)
    vtt = compose_vtt(parse_subtitles(srt, "a.srt").cues)
    back = compose(parse_subtitles(vtt, "a.vtt").cues)
    assert back == srt
    assert parse_subtitles(vtt, "a.vtt").notices == ()


@settings(max_examples=60, deadline=None)
@given(cue_lists())
def test_every_format_keeps_times_and_text(cues: tuple[Cue, ...]) -> None:
    for name in READABLE:
        text = FORMATS[name].write(Subtitles(cues))
        got = parse_subtitles(text, f"a{FORMATS[name].extension}").cues
        expected = centiseconds(cues) if FORMATS[name].resolution_ms == 10 else cues
        assert got == expected, name


def test_the_transcript_breaks_paragraphs_at_pauses_between_sentences() -> None:
    words = (Word(0, 400, " We"), Word(450, 900, " welcome it."), Word(2500, 2900, " But"),
             Word(2950, 3300, " not this"), Word(4800, 5000, " way."))
    ends = pause_paragraphs(words)
    # 1.6 s after a full stop; the 1.5 s before "way." follows no sentence end
    assert ends == frozenset({1})
    text = compose_text(Subtitles((), words, ends))
    assert text == "We welcome it.\n\nBut not this way.\n"
    # where the recogniser dropped the full stop, a capital after the pause still counts
    assert pause_paragraphs((Word(0, 400, " consortium"), Word(1500, 1900, " This"))) == {0}


def test_the_transcript_of_cues_has_no_markup_and_no_times() -> None:
    text = FORMATS["txt"].write(Subtitles(CUES))
    assert "<i>" not in text and "-->" not in text and "00:" not in text
    paragraphs = text.strip().split("\n\n")
    # 54 s of silence, then a capital: a new paragraph; an hour's, then "an": not
    assert len(paragraphs) == 2 and paragraphs[0].startswith("¿Dónde está la niña?")
    assert paragraphs[1] == "Count Me In! consortium an hour in two lines"


def test_the_words_json_has_each_word_and_cue() -> None:
    words = (Word(1001, 1500, " ¿Dónde", 0.9), Word(1500, 2000, " está?", 0.8))
    data = json.loads(FORMATS["json"].write(Subtitles(CUES[:1], words, language="es")))
    assert data["language"] == "es"
    assert data["words"][0] == {"text": "¿Dónde", "start_ms": 1001, "end_ms": 1500,
                                "probability": 0.9}
    assert data["cues"][0]["lines"] == list(CUES[0].lines)


def test_ttconv_srt_reader_agrees_with_ours(tmp_path: Path) -> None:
    """The TTML writer starts from our SRT text: ttconv must read all of it."""
    from ttconv.srt import reader

    doc = reader.to_model(io.StringIO(compose(CUES)))
    assert doc is not None
    assert sum(1 for _ in doc.get_body().dfs_iterator()) > len(CUES)


def test_every_writer_reads_markup_alike() -> None:
    """``<I>`` is italic in every writer; ``<s`` that opens no tag is text
    (it once swallowed the text up to the next tag); a line break inside a
    line is a line break, never a blank line that ends a WebVTT cue."""
    cue = Cue(1_000, 2_000, ("<I>Loud</I> a <s and <i>b</i>", "one\n\ntwo"))
    want = (Cue(1_000, 2_000, ("<i>Loud</i> a <s and <i>b</i>", "one", "two")),)
    for name in ("vtt", "ass", "ttml"):
        text = FORMATS[name].write(Subtitles((cue,)))
        doc = parse_subtitles(text, f"a{FORMATS[name].extension}")
        assert (doc.cues, doc.notices) == (want, ()), name


def test_what_a_format_cannot_hold_is_refused_not_written() -> None:
    from subtitler.errors import FormatLimitError

    cases = {"ttml": Cue(0, 1_000, ("a\x01b",)), "srt": Cue(1_000 * 3_600_000, 1, ("late",)),
             "ass": Cue(-10, 1_000, ("early",))}
    for name, cue in cases.items():
        with pytest.raises(FormatLimitError, match="^cue 1 "):
            FORMATS[name].write(Subtitles((cue,)))


@pytest.mark.parametrize(("cue", "why"), [
    ('{"start_ms": 1.7, "end_ms": 2000, "lines": ["a"]}', "whole milliseconds"),
    ('{"start_ms": -5, "end_ms": 2000, "lines": ["a"]}', "not negative"),
    ('{"start_ms": true, "end_ms": 2000, "lines": ["a"]}', "whole milliseconds"),
    ('{"start_ms": 1, "end_ms": 2000, "lines": "abc"}', "a list of strings"),
])
def test_the_words_json_reader_takes_no_cue_for_another(cue: str, why: str) -> None:
    from subtitler.errors import SubtitleFileError

    text = '{"format": "subtitler-words", "version": 1, "cues": [' + cue + "]}"
    with pytest.raises(SubtitleFileError, match=f"^w.json: cannot read this JSON file: cue 1: "
                                                f".*{why}"):
        parse_subtitles(text, "w.json")


def test_an_ass_file_with_no_events_is_valid() -> None:
    doc = parse_subtitles(FORMATS["ass"].write(Subtitles(())), "empty.ass")
    assert (doc.cues, doc.notices) == ((), ())


def test_srt_refuses_text_that_would_read_as_another_cue(tmp_path: Path) -> None:
    """SRT has no escapes: a text line that reads as a cue number and timing
    line would split the cue. WebVTT holds it."""
    from click.testing import CliRunner

    from subtitler.cli import main

    src = tmp_path / "log.vtt"
    src.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nThe log said\n2\n"
                   "00:00:05,000 --&gt; 00:00:06,000\n", "utf-8")
    result = CliRunner().invoke(main, ["convert", str(src), str(tmp_path / "log.srt")],
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"subtitler: error: {tmp_path / 'log.srt'}: cue 1 would "
                                    "read back as another cue in an SRT file")
    assert not (tmp_path / "log.srt").exists()
