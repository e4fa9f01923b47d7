"""Reading scripts: plain text and Markdown, boundaries, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from subtitler.errors import EXIT_INPUT, ScriptError
from subtitler.script import Script, parse_script, read_script


def texts(script: Script) -> list[str]:
    return [w.text for w in script.words]


def ends(script: Script) -> list[str]:
    """Words after which a sentence ends; paragraph ends marked with ¶."""
    return [w.text + ("¶" if w.paragraph_end else "") for w in script.words if w.sentence_end]


def test_plain_text_keeps_words_as_written_and_boundaries(tmp_path: Path) -> None:
    p = tmp_path / "s.txt"
    p.write_text("Thank you, Chair. We welcome\nthe report!\n\nSecond “paragraph” here.\n",
                 encoding="utf-8")
    s = read_script(p)
    assert texts(s) == ["Thank", "you,", "Chair.", "We", "welcome", "the", "report!",
                        "Second", "“paragraph”", "here."]
    assert ends(s) == ["Chair.", "report!¶", "here.¶"]
    assert [w.line for w in s.words] == [1, 1, 1, 1, 1, 2, 2, 4, 4, 4]
    assert s.path == str(p)
    assert s.text == "Thank you, Chair. We welcome the report!\n\nSecond “paragraph” here."


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n", "\u2029"])
def test_any_line_break_and_bom(tmp_path: Path, newline: str) -> None:
    p = tmp_path / "s.txt"
    body = newline.join(["One two.", "Three.", "", "Four five."])
    p.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    s = read_script(p)
    assert texts(s) == ["One", "two.", "Three.", "Four", "five."]
    assert ends(s) == ["two.", "Three.¶", "five.¶"]
    assert s.words[0].text == "One"  # no BOM left on the first word


def test_markdown_markup_is_dropped_and_text_kept() -> None:
    md = """---
title: Statement
date: 2024-06-01
---
# Statement by *H.E.* Ms. Amina Diallo

Thank you, **Chair**. We welcome the [report](https://un.org/r) of the
__Secretary-General__ and `A/78/123`.<!-- not read --> ![logo](logo.png)

- Protect _human rights_ defenders
* Fund ~~them~~ women-led groups
1. First point
2. Second point

> Quoted line.

Setext heading
--------------

Keep snake_case_name and 5 * 3 as they are.[^1]

[^1]: https://example.org/note
"""
    s = parse_script(md)
    assert " ".join(texts(s)) == (
        "Statement by H.E. Ms. Amina Diallo Thank you, Chair. We welcome the report of the "
        "Secretary-General and A/78/123. Protect human rights defenders Fund them women-led "
        "groups First point Second point Quoted line. Setext heading Keep snake_case_name and "
        "5 * 3 as they are."
    )
    paragraphs = [w.text for w in s.words if w.paragraph_end]
    assert paragraphs == ["Diallo", "A/78/123.", "defenders", "groups", "point", "point",
                          "line.", "heading", "are."]


def test_code_fence_content_is_text_and_comments_keep_line_numbers() -> None:
    s = parse_script("<!-- a\ncomment -->\nIntro.\n```\nread this\n```\nEnd.")
    assert texts(s) == ["Intro.", "read", "this", "End."]
    assert [w.line for w in s.words] == [3, 5, 5, 7]
    assert all(w.paragraph_end for w in (s.words[0], s.words[2], s.words[3]))


def test_backslash_escapes_are_kept_literally() -> None:
    s = parse_script(r"A \*starred\* word and 2\. point.")
    assert texts(s) == ["A", "*starred*", "word", "and", "2.", "point."]


def test_abbreviations_initials_and_numbers_do_not_end_sentences() -> None:
    s = parse_script(
        "H.E. Mr. J. Smith met Dr. Lee, e.g. at para. 5 and No. 7 of the U.N. report. "
        "The answer was No. Then we left… And so on"
    )
    assert ends(s) == ["report.", "No.", "left…", "on¶"]


def test_punctuation_only_words_join_a_neighbour() -> None:
    s = parse_script("Peace — and security ( in brackets ) “ quoted ” end ...")
    assert texts(s) == ["Peace —", "and", "security", "( in", "brackets )", "“ quoted ”",
                        "end ..."]


def test_ordered_list_needs_a_block_start_inside_paragraph() -> None:
    s = parse_script("Since then we have waited until\n2021. That was too long.")
    assert texts(s)[6] == "2021."
    assert s.words[6].sentence_end and not s.words[6].paragraph_end


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (b"", "script has no words", None),
        (b"# \n\n---\n<!-- only -->\n", "script has no words", None),
        (b"ok\nline two \xff\xfe here\n", "script is not UTF-8 text (byte 0xff)", 2),
        (b"text\x00more", "script is not a text file (it holds NUL bytes)", 1),
    ],
)
def test_bad_scripts_raise_script_error_with_path(
    tmp_path: Path, content: bytes, message: str, line: int | None
) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(ScriptError) as info:
        read_script(p)
    err = info.value
    assert err.path == str(p) and err.line == line
    assert message in str(err)
    assert str(err).startswith(f"{p}:")
    assert err.exit_code == EXIT_INPUT


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ScriptError, match="none.txt: no such file"):
        read_script(tmp_path / "none.txt")
    with pytest.raises(ScriptError, match="folder"):
        read_script(tmp_path)


def test_sample_statement_reads_into_six_paragraphs() -> None:
    s = read_script(Path(__file__).resolve().parents[1] / "media" / "statement.txt")
    assert sum(w.paragraph_end for w in s.words) == 6
    assert s.words[-1].text == "you." and s.words[-1].paragraph_end
    assert "In!" in texts(s)  # "Count Me In!" keeps its punctuation
