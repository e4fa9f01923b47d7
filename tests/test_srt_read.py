"""The tolerant SRT reader: encodings, line ends, recovery with line numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.errors import SubtitleFileError
from subtitler.formats.srt_read import (
    SubtitleDocument,
    parse_bytes,
    parse_text,
    parse_timing,
    read_srt,
)
from subtitler.formats.srt_write import compose
from subtitler.models import Cue, Notice
from subtitler.profiles import get_profile
from subtitler.rules import check_cues

CLEAN = """1
00:00:01,000 --> 00:00:03,500
Grüße aus Köln,
<i>señor Müller!</i>

2
00:00:04,000 --> 00:00:06,000
Ça va très bien.
"""
CLEAN_CUES = (
    Cue(1000, 3500, ("Grüße aus Köln,", "<i>señor Müller!</i>")),
    Cue(4000, 6000, ("Ça va très bien.",)),
)


def rules(notices: tuple[Notice, ...]) -> list[tuple[str, int | None, int | None]]:
    return [(n.rule, n.line, n.cue) for n in notices]


def lines_of(doc: SubtitleDocument) -> tuple[int | None, ...]:
    return tuple(e.line for e in doc.entries)


def positions_of(doc: SubtitleDocument) -> tuple[int, ...]:
    return tuple(e.position for e in doc.entries)


def numbers_of(doc: SubtitleDocument) -> tuple[int | None, ...]:
    return tuple(e.number for e in doc.entries)


def test_clean_utf8() -> None:
    doc = parse_bytes(CLEAN.encode("utf-8"))
    assert doc.cues == CLEAN_CUES
    assert lines_of(doc) == (1, 6)
    assert positions_of(doc) == (1, 2)
    assert numbers_of(doc) == (1, 2)
    assert doc.notices == ()
    assert doc.encoding == "UTF-8"
    assert doc.lossless and doc.newline == "\n"


@pytest.mark.parametrize(
    ("data", "encoding", "finding"),
    [
        (b"\xef\xbb\xbf" + CLEAN.encode("utf-8"), "UTF-8 with BOM", False),
        (CLEAN.encode("utf-16"), "UTF-16 LE", True),
        (b"\xfe\xff" + CLEAN.encode("utf-16-be"), "UTF-16 BE", True),
        (CLEAN.encode("utf-16-le"), "UTF-16 LE (no BOM)", True),
        (CLEAN.encode("cp1252"), "cp1252 (Windows Western)", True),
        (CLEAN.replace("\n", "\r\n").encode("utf-8"), "UTF-8", False),
    ],
)
def test_encodings_decode_to_the_same_cues(data: bytes, encoding: str, finding: bool) -> None:
    doc = parse_bytes(data)
    assert doc.cues == CLEAN_CUES
    assert doc.encoding == encoding
    assert [f.rule for f in doc.notices] == (["encoding"] if finding else [])


def test_cp1252_finding_names_the_first_bad_line() -> None:
    doc = parse_bytes(CLEAN.replace("\n", "\r\n").encode("cp1252"))
    (f,) = doc.notices
    assert (f.rule, f.line, f.cue) == ("encoding", 3, None)
    assert "read as cp1252" in f.message
    assert doc.newline == "\r\n"


def test_latin1_bytes_undefined_in_cp1252() -> None:
    data = "1\n00:00:01,000 --> 00:00:02,000\nx\x81y\n".encode("latin-1")
    doc = parse_bytes(data)
    assert doc.encoding.startswith("latin-1")
    assert doc.cues[0].lines == ("x\x81y",)


def test_old_mac_line_ends_trailing_space_and_no_final_newline() -> None:
    text = "1  \r00:00:01,000 --> 00:00:02,000   \rHello   \r\r"
    text += "2\r00:00:03,000 --> 00:00:04,000\rBye"
    doc = parse_text(text)
    assert [c.text for c in doc.cues] == ["Hello", "Bye"]
    assert doc.notices == ()


def test_many_blank_lines_and_whitespace_lines_between_cues() -> None:
    text = "\n\n1\n00:00:01,000 --> 00:00:02,000\nA\n \n\t\n\n"
    text += "2\n00:00:03,000 --> 00:00:04,000\nB\n\n\n"
    doc = parse_text(text)
    assert [c.text for c in doc.cues] == ["A", "B"]
    assert lines_of(doc) == (3, 9)
    assert doc.notices == ()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("00:00:01,000 --> 00:00:02,500", (1000, 2500, None)),
        ("00:00:01,000 --> 00:00:02,500 X1:100 X2:200 Y1:10 Y2:20", (1000, 2500, None)),
        ("01:02:03,004 --> 01:02:04,005", (3723004, 3724005, None)),
    ],
)
def test_parse_timing_valid(line: str, expected: tuple[int, int, None]) -> None:
    assert parse_timing(line) == expected


@pytest.mark.parametrize(
    ("line", "start", "end", "problem"),
    [
        ("00:00:01,000 -> 00:00:02,000", 1000, 2000, 'broken arrow "->"'),
        ("00:00:01,000 --> 00:00:02,000".replace("-->", "==>"), 1000, 2000, 'broken arrow "==>"'),
        ("00:00:01,000 - - > 00:00:02,000", 1000, 2000, 'broken arrow "- - >"'),
        ("00:00:01,000 00:00:02,000", 1000, 2000, 'no "-->"'),
        ("00:00:01.000 --> 00:00:02.000", 1000, 2000, "not in the form"),
        ("00:00:01,000-->00:00:02,000", 1000, 2000, "not in the form"),
        ("00:01,500 --> 00:02,250", 1500, 2250, "not in the form"),
        ("0:0:1,5 --> 0:0:2", 1500, 2000, "not in the form"),
    ],
)
def test_parse_timing_recovers(line: str, start: int, end: int, problem: str) -> None:
    got = parse_timing(line)
    assert got is not None
    assert got[:2] == (start, end)
    assert got[2] is not None and problem in got[2]


@pytest.mark.parametrize(
    "line", ["00:00:01,000 --> 00:00:0x,000", "Hello 10:00:00 - 11:00:00", "12", "--> -->", ""]
)
def test_parse_timing_rejects(line: str) -> None:
    assert parse_timing(line) is None


BROKEN = """1
00:00:01,000 --> 00:00:02,000
One.

00:00:03,000 --> 00:00:04,000
No number.

three
00:00:05,000 --> 00:00:06,000
Text where the number belongs.

4
00:00:07,000 -> 00:00:08,000
Broken arrow.
5
00:00:09,000 --> 00:00:10,000
No blank line before me.

7
banana
Skipped text.

8
00:00:11,000 --> 00:00:1x,000
Unreadable timing.

9
00:00:13,000 --> 00:00:14,000
Before a blank line

after a blank line.
"""


def test_recovery_reports_each_problem_at_its_line() -> None:
    doc = parse_text(BROKEN, "broken.srt")
    assert [c.text for c in doc.cues] == [
        "One.",
        "No number.",
        "Text where the number belongs.",
        "Broken arrow.",
        "No blank line before me.",
        "Before a blank line after a blank line.",
    ]
    assert lines_of(doc) == (1, 5, 8, 12, 15, 27)
    assert positions_of(doc) == (1, 2, 3, 4, 5, 8)
    assert numbers_of(doc) == (1, None, None, 4, 5, 9)
    assert rules(doc.notices) == [
        ("srt-syntax", 5, 2),  # no number
        ("srt-syntax", 8, 3),  # "three"
        ("srt-syntax", 13, 4),  # broken arrow
        ("srt-syntax", 15, 5),  # no blank line
        ("numbering", 19, 6),  # 7 after 5
        ("srt-syntax", 20, 6),  # banana
        ("srt-syntax", 24, 7),  # unreadable timing
        ("srt-syntax", 31, 8),  # text after a blank line inside the cue
    ]
    assert doc.lost_lines == (8, 20, 21, 25)
    assert not doc.lossless


def test_text_before_the_first_cue_is_reported_and_lost() -> None:
    doc = parse_text("WEBVTT\n\n1\n00:00:01,000 --> 00:00:02,000\nHi\n")
    assert rules(doc.notices) == [("srt-syntax", 1, None)]
    assert "text outside any cue" in doc.notices[0].message
    assert doc.lost_lines == (1,)
    assert doc.cues == (Cue(1000, 2000, ("Hi",)),)


def test_numbering_findings() -> None:
    text = "".join(
        f"{n}\n00:00:0{i},000 --> 00:00:0{i},500\nx\n\n" for i, n in enumerate([2, 3, 3, 4])
    )
    doc = parse_text(text)
    assert rules(doc.notices) == [("numbering", 1, 1), ("numbering", 9, 3)]
    assert doc.notices[0].message == "numbered 2, expected 1"


def test_empty_cue_keeps_its_place() -> None:
    doc = parse_text("1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\nB\n")
    assert doc.cues == (Cue(1000, 2000, ()), Cue(3000, 4000, ("B",)))
    assert doc.notices == ()


def test_empty_file_is_a_valid_srt_without_cues() -> None:
    # what run writes for a file without speech: its own outputs pass check (issue 13)
    for data in (b"", b"\n\n", b"  \r\n"):
        doc = parse_bytes(data)
        assert doc.cues == () and rules(doc.notices) == []


def test_unreadable_files_raise(tmp_path: Path) -> None:
    binary = tmp_path / "video.srt"
    binary.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(SubtitleFileError, match="binary"):
        read_srt(binary)
    with pytest.raises(SubtitleFileError, match="no such file") as err:
        read_srt(tmp_path / "missing.srt")
    assert err.value.path == str(tmp_path / "missing.srt")
    with pytest.raises(SubtitleFileError, match="folder"):
        read_srt(tmp_path)


texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30
).map(lambda s: " ".join(s.split())).filter(lambda s: s and "-->" not in s and not s.isdigit())


@st.composite
def cue_lists(draw: st.DrawFn) -> list[Cue]:
    n = draw(st.integers(0, 12))
    t = 0
    cues = []
    for _ in range(n):
        t += draw(st.integers(0, 5000))
        length = draw(st.integers(1, 8000))
        lines = tuple(draw(st.lists(texts, min_size=1, max_size=3)))
        cues.append(Cue(t, t + length, lines))
    return cues


@given(cue_lists(), st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]), st.booleans())
def test_round_trip(cues: list[Cue], codec: str, crlf: bool) -> None:
    text = compose(cues, eol="\r\n" if crlf else "\n", validate=False)
    doc = parse_bytes(text.encode(codec))
    assert list(doc.cues) == cues
    assert [f for f in doc.notices if f.rule != "encoding"] == [] or not cues


srtish = st.lists(
    st.one_of(
        st.sampled_from(["", " ", "1", "2", "12", "-->", "00:00:01,000 --> 00:00:02,000",
                         "00:00:03,000 -> 00:00:04,000", "00:00:0x,000 --> 00:00:05,000",
                         "<i>text", "text</i>", "Hello there."]),
        st.text(max_size=20),
    ),
    max_size=40,
)


@settings(deadline=None)
@given(srtish, st.sampled_from(["\n", "\r\n", "\r"]))
def test_any_text_parses_without_crashing(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    doc = parse_text(text)
    n_lines = len(re.split(r"\r\n|\r|\n", text))
    assert all(1 <= f.line <= n_lines for f in doc.notices if f.line is not None)
    assert list(positions_of(doc)) == sorted(set(positions_of(doc)))
    check_cues(doc.entries, get_profile("netflix"))


@given(st.binary(max_size=300))
def test_any_bytes_parse_or_raise_a_file_error(data: bytes) -> None:
    try:
        parse_bytes(data)
    except SubtitleFileError as err:
        assert err.message
