"""ASS/SSA without silent damage: times past 9:59:59.99 written as players
read them (libass in ffmpeg renders them, pysubs2 reads them), times past
what the format holds refused, odd times read with a notice, ``--fix``
rounding so the rule is met, and every line that is not a cue's event kept
where it was."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pysubs2
from click.testing import CliRunner, Result

from subtitler.cli import main
from subtitler.errors import EXIT_INPUT, EXIT_OK, FormatLimitError
from subtitler.formats.ass import compose_ass
from subtitler.formats.ass_style import Look
from subtitler.formats.registry import parse_subtitles, read_subtitles
from subtitler.media.video import FONTS_DIR
from subtitler.models import Cue
from tests.mediafactory import ffmpeg_exe

TEN_H = 10 * 3_600_000
STYLES = """[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, \
Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, \
Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,\
10,10,10,1
"""
FORMAT = "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text"


def ass(*events: str, extra: str = "") -> str:
    body = "\n".join(f"Dialogue: 0,{e}" if e[:1].isdigit() or e[:1] == "-" else e
                     for e in events)
    return (f"[Script Info]\n; made by hand\nScriptType: v4.00+\nPlayResX: 640\n\n{STYLES}\n"
            f"[Events]\n{FORMAT}\n{body}\n{extra}")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--no-config"] if args[0] == "check" else list(args),
                              catch_exceptions=False)


def test_a_cue_past_ten_hours_keeps_its_time() -> None:
    text = compose_ass([Cue(TEN_H + 5_000, TEN_H + 7_000, ("Ten hours in",))])
    assert "Dialogue: 0,10:00:05.00,10:00:07.00,Default,,0,0,0,,Ten hours in" in text
    assert parse_subtitles(text, "long.ass").cues == (Cue(TEN_H + 5_000, TEN_H + 7_000,
                                                          ("Ten hours in",)),)
    event = pysubs2.SSAFile.from_string(text).events[0]
    assert (event.start, event.end) == (TEN_H + 5_000, TEN_H + 7_000)


def _lit_pixels(folder: Path, at_s: float) -> int:
    """Bright pixels libass draws on a black frame shown at ``at_s``."""
    args = [ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i",
            "color=black:s=160x90:r=100:d=0.01",
            "-vf", f"setpts=PTS+{at_s}/TB,subtitles=filename=subs.ass:fontsdir={FONTS_DIR}",
            "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"]
    raw = subprocess.run(args, cwd=folder, capture_output=True, check=True).stdout
    return int((np.frombuffer(raw, dtype=np.uint8) > 128).sum())


def test_libass_shows_a_cue_written_past_ten_hours(tmp_path: Path) -> None:
    cue = Cue(TEN_H + 5_000, TEN_H + 7_000, ("XX",))
    (tmp_path / "subs.ass").write_text(compose_ass([cue], Look(width=160, height=90)), "utf-8")
    assert _lit_pixels(tmp_path, 36_006) > 10
    assert _lit_pixels(tmp_path, 36_004) == 0  # before it starts: nothing drawn


def test_convert_refuses_a_time_ass_cannot_hold(tmp_path: Path) -> None:
    src = tmp_path / "week.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:02,000\nEarly\n\n"
                   "2\n100:00:01,000 --> 100:00:02,000\nA hundred hours in\n", "utf-8")
    result = run("convert", str(src), str(tmp_path / "week.ass"))
    assert result.exit_code == EXIT_INPUT
    assert result.stderr == (f"subtitler: error: {tmp_path / 'week.ass'}: cue 2 starts at "
                             "100:00:01,000: ASS times stop at 99:59:59.99 here (two hour digits,"
                             " what most tools read); nothing written: write SRT, WebVTT or TTML "
                             "instead, or split the recording\n")
    assert not (tmp_path / "week.ass").exists()
    assert run("convert", str(src), str(tmp_path / "week.vtt")).exit_code == EXIT_OK


def test_a_negative_time_can_be_neither_written_nor_clamped_silently() -> None:
    try:
        compose_ass([Cue(-1_000, 2_000, ("Before the start",))])
    except FormatLimitError as err:
        assert "cue 1 starts at -00:00:01,000, before 0" in str(err)
    else:
        raise AssertionError("a negative time was written")


def test_a_negative_start_is_a_finding_and_converts_from_zero(tmp_path: Path) -> None:
    src = tmp_path / "neg.ass"
    src.write_text(ass("-0:00:01.00,0:00:02.00,Default,,0,0,0,,Before the start",
                       "0:00:03.00,0:00:05.00,Default,,0,0,0,,Then this"), "utf-8")
    result = run("check", str(src), "--format", "json")
    found = json.loads(result.stdout)["files"][0]["findings"]
    assert [(f["rule"], f["severity"], f["line"]) for f in found] == [("ass-syntax", "error", 12)]
    assert "negative" in found[0]["message"] and "read as 0:00:00.00" in found[0]["message"]
    for ext in (".vtt", ".ttml", ".srt"):
        out = tmp_path / f"neg{ext}"
        result = run("convert", str(src), str(out))
        assert result.exit_code == EXIT_OK, result.stderr
        assert "1 syntax problem read past" in result.stderr
        assert read_subtitles(out).cues[0] == Cue(0, 2_000, ("Before the start",))


def test_a_fraction_players_read_differently_is_a_notice() -> None:
    doc = parse_subtitles(ass("0:00:01.5,0:00:03.00,Default,,0,0,0,,Half"), "odd.ass")
    assert doc.cues == (Cue(1_500, 3_000, ("Half",)),)
    (notice,) = doc.notices
    assert (notice.rule, notice.line) == ("ass-syntax", 12)
    assert "libass reads 0:00:01.05, Aegisub 0:00:01.50" in notice.message


def test_fix_rounds_an_extended_end_up_to_meet_the_minimum(tmp_path: Path) -> None:
    src = tmp_path / "short.ass"
    src.write_text(ass("0:00:03.00,0:00:03.50,Default,,0,0,0,,Short one"), "utf-8")
    result = run("check", str(src), "--fix", "--in-place")
    assert result.exit_code == EXIT_OK, result.output
    (cue,) = read_subtitles(src).cues
    assert (cue.start_ms, cue.end_ms) == (3_000, 3_840)  # 833 ms, rounded up to whole cs
    assert "min-duration" not in run("check", str(src)).output


def test_fix_keeps_every_other_line_in_place(tmp_path: Path) -> None:
    extradata = "\n[Aegisub Extradata]\nData: 1,_aegi_perspective_ambient_plane,e1;2;3\n"
    original = ass(
        "Comment: 0,0:00:00.50,0:00:01.00,Default,,0,0,0,,a note for the translator",
        "0:00:01.00,0:00:01.20,Default,Vera,0,0,0,,{\\an8}Far too short",
        "0:00:05.00,0:00:07.00,Default,,0,0,0,,Fine",
        extra=extradata + "\n[Custom Section]\nkey: value\n",
    )
    src = tmp_path / "talk.ass"
    src.write_text(original, "utf-8")
    result = run("check", str(src), "--fix", "--in-place")
    assert result.exit_code == EXIT_OK, result.output
    fixed = src.read_text("utf-8")
    changed = [(a, b) for a, b in zip(original.splitlines(), fixed.splitlines(), strict=True)
               if a != b]
    event = "Dialogue: 0,0:00:01.00,{},Default,Vera,0,0,0,,{{\\an8}}Far too short"
    assert changed == [(event.format("0:00:01.20"), event.format("0:00:01.84"))]


def test_the_format_line_says_which_field_is_which() -> None:
    text = ass("").replace(FORMAT, "Format: Layer, Style, Name, Start, End, MarginL, MarginR, "
                                   "MarginV, Effect, Text")
    text += "Dialogue: 0,Default,Vera,0:00:01.00,0:00:02.00,0,0,0,,Hello\n"
    doc = parse_subtitles(text, "order.ass")
    assert doc.cues == (Cue(1_000, 2_000, ("Hello",)),)


def test_an_event_players_skip_is_not_a_cue_and_not_lost_silently(tmp_path: Path) -> None:
    src = tmp_path / "skip.ass"
    src.write_text(ass("0:00:01.00,0:00:02.00,Default,,0,0,0,,Kept",
                       "0:00:0x.00,0:00:04.00,Default,,0,0,0,,Unreadable time")
                   + "[Other]\nDialogue: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,Outside\n",
                   "utf-8")
    doc = read_subtitles(src)
    assert doc.cues == (Cue(1_000, 2_000, ("Kept",)),)
    assert doc.lost_lines == (13, 15)
    result = run("convert", str(src), str(tmp_path / "skip.srt"))
    assert result.exit_code == EXIT_INPUT
    assert "lines 13, 15 are in no cue" in result.stderr
