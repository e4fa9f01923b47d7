"""TTML read into the cues it states and written without losing a style:
one cue per ``<p>`` with its own times (overlaps kept, never cut into time
slices), italics across a line break kept, a time that is not TTML's a
finding at its line that ``convert`` refuses, and the timing and styling a
hand-written file uses (nested times, ``seq``, frames, referenced and region
styles, timed spans, DFXP's old namespace) read as players show them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as et
from pathlib import Path

from click.testing import CliRunner, Result

from subtitler.cli import main
from subtitler.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK
from subtitler.formats.registry import parse_subtitles, read_subtitles
from subtitler.formats.ttml import compose_ttml
from subtitler.models import Cue

TTS = "{http://www.w3.org/ns/ttml#styling}"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--no-config"] if args[0] == "check" else list(args),
                              catch_exceptions=False)


def tt(body: str, head: str = "", attrs: str = "") -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling"'
            ' xmlns:ttp="http://www.w3.org/ns/ttml#parameter"' + attrs + ' xml:lang="en">\n'
            f"<head>{head}</head>\n<body>\n{body}\n</body>\n</tt>\n")


def test_italics_across_a_line_break_stay_italic(tmp_path: Path) -> None:
    src = tmp_path / "talk.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:04,000\n<i>Hello there,\nsecond line</i> plain\n",
                   "utf-8")
    out = tmp_path / "talk.ttml"
    assert run("convert", str(src), str(out)).exit_code == EXIT_OK
    spans = et.fromstring(out.read_bytes()).iter("{http://www.w3.org/ns/ttml}span")
    assert [(s.text, s.get(f"{TTS}fontStyle")) for s in spans] == [
        ("Hello there,", "italic"), ("second line", "italic"), (" plain", None)]
    assert read_subtitles(out).cues == (
        Cue(1_000, 4_000, ("<i>Hello there,</i>", "<i>second line</i> plain")),)


def test_overlapping_cues_read_back_as_written(tmp_path: Path) -> None:
    cues = (Cue(1_000, 4_000, ("First speaker",)), Cue(3_000, 6_000, ("Second speaker",)))
    path = tmp_path / "both.ttml"
    path.write_text(compose_ttml(cues), "utf-8")
    assert read_subtitles(path).cues == cues
    srt = tmp_path / "both.srt"
    assert run("convert", str(path), str(srt)).exit_code == EXIT_OK

    def rules(p: Path) -> list[tuple[str, int]]:
        data = json.loads(run("check", str(p), "--format", "json").stdout)
        return [(f["rule"], f["cue"]) for f in data["files"][0]["findings"]]

    assert rules(path) == rules(srt) == [("overlap", 2)]


def test_a_time_that_is_not_ttml_is_a_finding_and_blocks_convert(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttml"
    path.write_text(tt('<div>\n<p begin="00:00:0x" end="00:00:02.000">One</p>\n'
                       '<p begin="00:00:03.000" end="00:00:04.000">Two</p>\n</div>'), "utf-8")
    result = run("check", str(path), "--format", "json")
    assert result.exit_code == EXIT_FINDINGS
    (found,) = json.loads(result.stdout)["files"][0]["findings"]
    assert (found["rule"], found["severity"], found["line"]) == ("ttml-syntax", "error", 6)
    assert found["message"].startswith('<p> begin="00:00:0x" is not a TTML time')
    assert [c.text for c in read_subtitles(path).cues] == ["Two"]
    result = run("convert", str(path), str(tmp_path / "bad.srt"))
    assert result.exit_code == EXIT_INPUT
    assert result.stderr.startswith(f"subtitler: error: {path}:6: lines 6 are in no cue")
    assert not (tmp_path / "bad.srt").exists()


def test_frames_past_the_frame_rate_are_not_clamped_silently() -> None:
    doc = parse_subtitles(tt('<div><p begin="00:00:01:40" end="00:00:03:00">x</p></div>',
                             attrs=' ttp:frameRate="25"'), "f.ttml")
    assert doc.cues == ()
    assert "frame count exceeds frame rate" in doc.notices[0].message


def test_a_hand_written_file_reads_as_players_show_it() -> None:
    head = ('<styling><style xml:id="base" tts:color="white"/>'
            '<style xml:id="em" style="base" tts:fontStyle="italic"/></styling>'
            '<layout><region xml:id="top" tts:fontWeight="bold"/></layout>')
    body = """<div begin="00:00:10.000">
  <p begin="1s" end="3s">Hello
    <span style="em">dear</span>   world</p>
  <p begin="00:00:02:10" dur="2s" region="top">Loud<br/>and
    <span tts:fontStyle="italic">clear</span></p>
</div>
<div timeContainer="seq" begin="20s">
  <p dur="1s">First</p>
  <p dur="1.5s">Second</p>
</div>
<div begin="30s" end="40s">
  <p><span begin="0s" end="2s">One</span><span begin="2s" end="4s">Two</span></p>
  <p begin="5s"><span xml:space="preserve">Till the end
of the div</span></p>
</div>"""
    doc = parse_subtitles(tt(body, head, ' ttp:frameRate="25"'), "hand.ttml")
    assert [(e.line, e.cue) for e in doc.entries] == [
        (6, Cue(11_000, 13_000, ("Hello <i>dear</i> world",))),
        (8, Cue(12_400, 14_400, ("<b>Loud</b>", "<b>and <i>clear</i></b>"))),
        (12, Cue(20_000, 21_000, ("First",))),
        (13, Cue(21_000, 22_500, ("Second",))),
        (16, Cue(30_000, 32_000, ("One",))),
        (16, Cue(32_000, 34_000, ("Two",))),
        (17, Cue(35_000, 40_000, ("Till the end", "of the div"))),
    ]
    assert doc.notices == ()


def test_dfxp_in_the_old_namespace_reads_too() -> None:
    text = ('<tt xmlns="http://www.w3.org/2006/10/ttaf1" '
            'xmlns:tts="http://www.w3.org/2006/10/ttaf1#styling"><body><div>'
            '<p begin="1s" end="2s" tts:fontStyle="italic">Old</p></div></body></tt>')
    assert parse_subtitles(text, "old.dfxp").cues == (Cue(1_000, 2_000, ("<i>Old</i>",)),)


def test_a_cue_with_no_end_ends_at_the_last_time_with_a_notice() -> None:
    doc = parse_subtitles(tt('<div><p begin="1s" end="5s">A</p>\n<p begin="2s">B</p></div>'),
                          "open.ttml")
    assert doc.cues == (Cue(1_000, 5_000, ("A",)), Cue(2_000, 5_000, ("B",)))
    (notice,) = doc.notices
    assert (notice.rule, notice.line, notice.cue) == ("ttml-syntax", 6, 2)
    assert "no end time" in notice.message


def test_text_outside_any_paragraph_is_not_lost_silently() -> None:
    doc = parse_subtitles(tt('<div>Stray words<p begin="1s" end="2s">A</p></div>'), "s.ttml")
    assert doc.cues == (Cue(1_000, 2_000, ("A",)),)
    assert doc.lost_lines == (5,)
    assert 'text outside any <p>: "Stray words"' in doc.notices[0].message


def test_a_paragraph_players_never_show_is_not_converted_silently() -> None:
    doc = parse_subtitles(tt('<div end="5s">\n<p begin="6s" end="7s">Too late</p>\n'
                             '<p begin="1s" end="9s">Cut at 5 s</p>\n</div>'), "late.ttml")
    assert doc.cues == (Cue(1_000, 5_000, ("Cut at 5 s",)),)
    assert doc.lost_lines == (6,)
    assert doc.notices[0].message == ("<p> begins (00:00:06,000) when what holds it has ended: "
                                      "players never show it")
