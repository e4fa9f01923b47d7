"""A translation saved unfinished: each format writes a cue with no text as
an empty cue with its times, our readers and the common ones read it back
so, and ``check`` reports it once, as not translated yet. (Saving one from
the review page, and opening it again: ``test_review_workflows.py``.)"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pysubs2
import pytest
import srt
import webvtt
from click.testing import CliRunner

from subtitler.cli import main
from subtitler.errors import EXIT_FINDINGS, EXIT_OK
from subtitler.formats.content import Subtitles
from subtitler.formats.registry import FORMATS, parse_subtitles
from subtitler.media.audio import ffmpeg_exe
from subtitler.models import Cue

CUES = (Cue(1000, 3000, ("Las trabajadoras sexuales",)), Cue(3200, 3500, ()),
        Cue(4000, 6000, ("exigen derechos.",)), Cue(6500, 8000, ()))
TIMES = [(c.start_ms, c.end_ms) for c in CUES]


@pytest.mark.parametrize("name", ["srt", "vtt", "ass", "ssa", "ttml"])
def test_each_format_writes_and_reads_back_an_empty_cue_with_its_times(name: str) -> None:
    fmt = FORMATS[name]
    text = fmt.write(Subtitles(CUES, language="es"))
    back = parse_subtitles(text, f"t{fmt.extension}", name)
    assert back.cues == CUES and back.notices == ()
    if fmt.rewrite is not None:  # written back into the file (review's Save, --fix)
        assert fmt.rewrite(back, list(CUES), list(range(len(CUES)))) == text


def test_other_readers_and_ffmpeg_keep_the_empty_cues(tmp_path: Path) -> None:
    """SRT and WebVTT write one text line holding a space: the cue survives
    where a block with no text line does not (ffmpeg, webvtt-py)."""
    srt_text = FORMATS["srt"].write(Subtitles(CUES))
    assert "00:00:03,200 --> 00:00:03,500\n \n\n" in srt_text
    assert [(int(s.start.total_seconds() * 1000), s.content.strip()) for s in srt.parse(srt_text)]\
        == [(c.start_ms, c.text) for c in CUES]
    paths = {}
    for name in ("srt", "vtt"):
        paths[name] = tmp_path / f"t.{name}"
        paths[name].write_text(FORMATS[name].write(Subtitles(CUES)), "utf-8")
        events = pysubs2.load(str(paths[name]))
        assert [(e.start, e.end, e.plaintext) for e in events] == \
            [(a, b, c.text) for (a, b), c in zip(TIMES, CUES, strict=True)]
        ass = tmp_path / f"from-{name}.ass"  # ffmpeg converts it, every cue kept
        subprocess.run([ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-i", str(paths[name]),
                        str(ass)], check=True)
        assert [(e.start, e.end) for e in pysubs2.load(str(ass))] == TIMES
    captions = webvtt.read(str(paths["vtt"]))
    assert [c.text.strip() for c in captions.captions] == [c.text for c in CUES]


def test_convert_keeps_the_untranslated_cues(tmp_path: Path) -> None:
    (tmp_path / "t.es.srt").write_text(FORMATS["srt"].write(Subtitles(CUES)), "utf-8")
    result = CliRunner().invoke(main, ["convert", str(tmp_path / "t.es.srt"),
                                       str(tmp_path / "t.es.vtt")])
    assert result.exit_code == EXIT_OK, result.output
    back = parse_subtitles((tmp_path / "t.es.vtt").read_text("utf-8"), "t.es.vtt", "vtt")
    assert back.cues == CUES


def test_check_reports_each_empty_cue_once_as_not_translated_yet(tmp_path: Path) -> None:
    path = tmp_path / "t.es.srt"
    path.write_text(FORMATS["srt"].write(Subtitles(CUES)), "utf-8")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["check", "t.es.srt", "--lang", "es", "--no-config"])
    finally:
        os.chdir(old)
    assert result.exit_code == EXIT_FINDINGS
    cue_lines = [line for line in result.stdout.splitlines() if ": cue " in line]
    # cue 2 lasts 300 ms: no min-duration finding while it has no text
    assert cue_lines == ["t.es.srt:5: cue 2 [empty-cue] not translated yet (no text)",
                         "t.es.srt:13: cue 4 [empty-cue] not translated yet (no text)"]
    assert "t.es.srt: 2 of 4 cues not translated yet" in result.stdout.splitlines()
    # with text, the cue's own findings are back
    path.write_text(FORMATS["srt"].write(Subtitles(
        tuple(c if c.lines else Cue(c.start_ms, c.end_ms, ("Sí.",)) for c in CUES))), "utf-8")
    again = CliRunner().invoke(main, ["check", str(path), "--lang", "es", "--no-config"])
    assert "cue 2 [min-duration]" in again.stdout and "empty-cue" not in again.stdout
