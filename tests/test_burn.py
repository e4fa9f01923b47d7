"""``subtitler burn`` with the real ffmpeg and libass, on a machine with no
system fonts (fontconfig is given an empty configuration in every test):
the output decodes, keeps the source's duration and audio, changes the
picture only where the subtitles are and only while they are shown, renders
Spanish accents and Cyrillic with the shipped font, keeps ``vertical`` text
in the safe area, and never writes over the source or a person's file."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from subtitler.cli import main
from subtitler.formats.ass_style import Look
from subtitler.formats.srt_write import compose
from subtitler.fsutil import sha256_file
from subtitler.media.burn import Encoding
from subtitler.media.video import FONTS_DIR, video_info
from subtitler.models import Cue
from subtitler.pipeline.burn import BurnOptions, burn
from tests import mediafactory
from tests.kept import last_kept
from tests.mediafactory import run_ffmpeg

LOSSLESS = Encoding(crf=0, preset="ultrafast")
"""Lossless H.264: outside the subtitles every decoded pixel is the source's."""

SAMPLE_CUES = (
    Cue(2_000, 4_000, ("My name is Vera Rodriguez", "and I speak for Red Umbrella Fund")),
    Cue(6_000, 8_000, ("the first global fund", "led by and for sex workers")),
)
WORLD_CUES = (
    Cue(1_000, 2_800, ("¿Qué pasó, señora Núñez?", "Ça coûte très cher")),
    Cue(3_200, 5_200, ("Привет, секс-работники!", "Защита прав")),
)


@pytest.fixture(autouse=True)
def no_system_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """fontconfig finds no font at all: only the fonts subtitler ships."""
    conf = tmp_path / "empty-fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', "utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    monkeypatch.setenv("FONTCONFIG_PATH", str(tmp_path))
    yield


def frame(path: Path, t: float) -> np.ndarray:
    info = video_info(path)
    out = run_ffmpeg("-ss", f"{t:.3f}", "-i", f"file:{path}", "-frames:v", "1", "-f",
                     "rawvideo", "-pix_fmt", "rgb24", "pipe:").stdout
    return np.frombuffer(out, dtype=np.uint8).reshape(info.height, info.width, 3)


def pcm_sha(path: Path) -> str:
    out = run_ffmpeg("-i", f"file:{path}", "-map", "0:a:0", "-f", "s16le", "pipe:").stdout
    assert len(out) > 1000
    return hashlib.sha256(out).hexdigest()


def changed_box(a: np.ndarray, b: np.ndarray) -> tuple[int, int, int, int] | None:
    """``(top, bottom, left, right)`` of the pixels that differ, None if none."""
    mask = np.any(a != b, axis=2)
    if not mask.any():
        return None
    rows, cols = np.nonzero(mask.any(axis=1))[0], np.nonzero(mask.any(axis=0))[0]
    return int(rows[0]), int(rows[-1]), int(cols[0]), int(cols[-1])


def top_level_boxes(path: Path) -> list[str]:
    """The MP4 file's top-level box types, in order."""
    names, data, pos = [], path.read_bytes(), 0
    while pos + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        size = struct.unpack(">Q", data[pos + 8:pos + 16])[0] if size == 1 else size
        names.append(kind.decode("latin-1"))
        pos += size if size else len(data)
    return names


@pytest.fixture(scope="module")
def vertical_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 9:16 clip, 6 s, a moving test picture and a tone."""
    path = tmp_path_factory.mktemp("vertical") / "reel.mp4"
    run_ffmpeg("-f", "lavfi", "-i", "testsrc2=size=360x640:rate=10:duration=6",
               "-f", "lavfi", "-i", "sine=frequency=330:duration=6",
               "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
               "-c:a", "aac", "-shortest", f"file:{path}")
    return path


def subtitles(folder: Path, cues: tuple[Cue, ...], name: str = "subs.srt") -> Path:
    path = folder / name
    path.write_text(compose(cues), "utf-8")
    return path


@pytest.mark.slow
def test_burn_on_the_sample_changes_only_the_subtitle_area(
    sample_video: Path, tmp_path: Path
) -> None:
    before = sha256_file(sample_video)
    out = tmp_path / "statement.captioned.mp4"
    seen: list[tuple[float, float | None]] = []
    result = burn(sample_video, subtitles(tmp_path, SAMPLE_CUES), out,
                  BurnOptions(encoding=LOSSLESS), lambda done, total: seen.append((done, total)))
    assert sha256_file(sample_video) == before  # the source is never written
    assert result.log.missing_glyphs == ()
    src, got = video_info(sample_video), video_info(out)
    assert got.codec == "h264" and (got.width, got.height) == (src.width, src.height)
    assert got.duration_s is not None and src.duration_s is not None
    assert abs(got.duration_s - src.duration_s) <= 0.05
    # progress over video time: rising to the end of the video
    done = [d for d, _ in seen]
    assert len(done) >= 2 and done == sorted(done) and all(t == src.duration_s for _, t in seen)
    assert src.duration_s - 1.0 <= done[-1] <= src.duration_s + 0.5
    assert pcm_sha(out) == pcm_sha(sample_video)
    assert top_level_boxes(out).index("moov") < top_level_boxes(out).index("mdat")  # faststart
    assert "yuv420p" in mediafactory.describe(out)

    look = Look("default", src.width, src.height)
    side, bottom, _ = look.margins()
    box = changed_box(frame(sample_video, 3.0), frame(out, 3.0))
    assert box is not None
    top, low, left, right = box
    assert low <= src.height - bottom + 2  # above the bottom margin
    assert top >= src.height // 2  # in the lower half
    assert left >= side - 2 and right <= src.width - side + 2  # inside the title-safe area
    assert changed_box(frame(sample_video, 5.0), frame(out, 5.0)) is None  # between cues
    assert changed_box(frame(sample_video, 9.0), frame(out, 9.0)) is None  # after the last


def subset_fonts(folder: Path) -> Path:
    """The shipped fonts cut down to ASCII: a font known to lack accents and Cyrillic."""
    from fontTools import subset

    folder.mkdir()
    for font_file in FONTS_DIR.glob("*.ttf"):
        options = subset.Options()
        font = subset.load_font(str(font_file), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=range(0x20, 0x7F))
        subsetter.subset(font)
        subset.save_font(font, str(folder / font_file.name), options)
    return folder


@pytest.mark.slow
def test_vertical_accents_and_cyrillic_render_inside_the_safe_area(
    vertical_clip: Path, tmp_path: Path
) -> None:
    subs = subtitles(tmp_path, WORLD_CUES)
    out = tmp_path / "reel.captioned.mp4"
    result = burn(vertical_clip, subs, out, BurnOptions(style="vertical", encoding=LOSSLESS))
    assert result.log.missing_glyphs == ()
    ascii_only = tmp_path / "ascii.mp4"
    poor = burn(vertical_clip, subs, ascii_only, BurnOptions(
        style="vertical", encoding=LOSSLESS, fonts_dir=subset_fonts(tmp_path / "ascii-font")))
    # the ASCII font lacks them, libass says so: the check can tell
    assert {"ñ", "ú", "Ç", "П", "р", "щ"} <= set(poor.log.missing_glyphs)

    w, h = 360, 640
    look = Look("vertical", w, h)
    side, bottom, top_margin = look.margins()
    for t in (1.9, 4.2):
        source, shown, boxes = frame(vertical_clip, t), frame(out, t), frame(ascii_only, t)
        box = changed_box(source, shown)
        assert box is not None
        top, low, left, right = box
        assert top >= top_margin and low <= h - bottom + 2  # above the platforms' buttons
        assert left >= side - 2 and right <= w - side + 2
        # the real glyphs are not the ASCII font's boxes
        assert changed_box(shown, boxes) is not None
    assert changed_box(frame(vertical_clip, 3.0), frame(out, 3.0)) is None
    assert pcm_sha(out) == pcm_sha(vertical_clip)


@pytest.mark.slow
def test_burn_cli_default_names_progress_and_guards(sample_video: Path, tmp_path: Path) -> None:
    video = tmp_path / "talk.mp4"
    run_ffmpeg("-i", f"file:{sample_video}", "-t", "10", "-c", "copy", f"file:{video}")
    subtitles(tmp_path, SAMPLE_CUES, "talk.srt")
    runner = CliRunner()
    result = runner.invoke(main, ["burn", str(video), "--crf", "35", "--style", "box"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "talk.captioned.mp4"
    assert out.is_file() and (tmp_path / "talk.captioned.burn.json").is_file()
    assert "talk.srt (2 cues, style box) -> " in result.output
    # burning again replaces subtitler's own output
    assert runner.invoke(main, ["burn", str(video), "--crf", "35"]).exit_code == 0
    # a person's edit is not replaced without --force, which keeps it
    out.write_bytes(out.read_bytes() + b"edited")
    mine = out.read_bytes()
    refused = runner.invoke(main, ["burn", str(video), "--crf", "35"])
    assert refused.exit_code == 1 and "--force" in refused.output
    assert out.read_bytes() == mine
    forced = runner.invoke(main, ["burn", str(video), "--crf", "35", "--force"])
    assert forced.exit_code == 0
    assert last_kept(out) == mine


def test_burn_usage_and_input_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    wav = mediafactory.tone(tmp_path / "voice.wav", 1.0)
    subs = subtitles(tmp_path, SAMPLE_CUES)
    result = runner.invoke(main, ["burn", str(wav), "--srt", str(subs),
                                  "-o", str(tmp_path / "x.mp4")])
    assert result.exit_code == 1
    assert result.output.strip() == (f"subtitler: error: {wav}: has no video stream to burn "
                                     "subtitles into: it is audio")
    video = mediafactory.video_without_audio(tmp_path / "talk.mp4", 1.0)
    same = runner.invoke(main, ["burn", str(video), "--srt", str(subs), "-o", str(video)])
    assert same.exit_code == 2 and "the output is the source video" in same.output
    mkv = runner.invoke(main, ["burn", str(video), "--srt", str(subs), "-o",
                               str(tmp_path / "x.mkv")])
    assert mkv.exit_code == 2 and ".mp4, .m4v or .mov" in mkv.output
    missing = runner.invoke(main, ["burn", str(video)])
    assert missing.exit_code == 1 and "no subtitles beside the video (talk.srt)" in missing.output
    # an output folder that cannot be: one line, no traceback
    under_a_file = tmp_path / "notes.txt" / "x.mp4"
    (tmp_path / "notes.txt").write_text("a person's notes", "utf-8")
    nowhere = runner.invoke(main, ["burn", str(video), "--srt", str(subs), "-o",
                                   str(under_a_file)])
    assert nowhere.exit_code == 1, nowhere.output
    assert nowhere.output == (f"subtitler: error: {under_a_file}: cannot write: a parent of it "
                              "is a file, not a folder; move that file away or name another "
                              "folder\n")
    assert not (tmp_path / "talk.captioned.mp4").exists()
