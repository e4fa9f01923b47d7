"""WebVTT without silent damage: text holding the cue arrow is written
escaped and reads back as written; cue settings out of their range are
findings (players ignore them)."""

from __future__ import annotations

import html
from pathlib import Path

import webvtt
from click.testing import CliRunner

from subtitler.cli import main
from subtitler.errors import EXIT_OK
from subtitler.formats.registry import parse_subtitles, read_subtitles
from subtitler.models import Cue


def test_a_cue_holding_the_arrow_converts_and_reads_back(tmp_path: Path) -> None:
    src = tmp_path / "arrow.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:03,000\nInput --> output\n<i>a --> b</i>\n", "utf-8")
    out = tmp_path / "arrow.vtt"
    result = CliRunner().invoke(main, ["convert", str(src), str(out)], catch_exceptions=False)
    assert result.exit_code == EXIT_OK, result.stderr
    assert "Input --&gt; output\n<i>a --&gt; b</i>" in out.read_text("utf-8")
    doc = read_subtitles(out)
    assert doc.cues == (Cue(1_000, 3_000, ("Input --> output", "<i>a --> b</i>")),)
    assert doc.notices == ()
    # another reader: one caption, the arrow a character reference in it
    captions = webvtt.read(str(out)).captions
    assert [html.unescape(c.text) for c in captions] == ["Input --> output\na --> b"]


def _setting_notices(settings: str) -> list[str]:
    text = f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000 {settings}\nHello\n"
    return [n.message for n in parse_subtitles(text, "s.vtt").notices]


def test_cue_settings_out_of_their_range_are_findings() -> None:
    for bad in ("size:200%", "position:150%", "position:100.5%,center", "line:101%"):
        (message,) = _setting_notices(bad)
        assert message == (f'cue setting "{bad}" is out of range (a percentage is 0-100%); '
                           "players ignore it")
    assert _setting_notices("size:100% position:0%,line-left line:-1 line:100%,end") == []
