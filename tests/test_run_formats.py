"""``run --format`` and ``batch --format``: every file from the same cues,
each in the report with its SHA-256, each guarded like the SRT; the batch
up-to-date check considers the formats asked for."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from subtitler.cli import main
from subtitler.files import Writes
from subtitler.formats.registry import read_subtitles
from subtitler.fsutil import sha256_bytes, sha256_file
from subtitler.models import Cue
from subtitler.pipeline import RunResult
from subtitler.pipeline.outputs import OutputState, file_state, targets_for
from subtitler.pipeline.report import Report, write_report
from tests.kept import last_kept


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def report_of(folder: Path, stem: str = "statement") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / f"{stem}.report.json").read_text("utf-8"))
    return data


def fake_report(path: Path, outputs: dict[str, Any], earlier: dict[str, Any] | None = None
                ) -> None:
    write_report(path, Report(
        input="a.mp4", output="a.srt", media_sha256="m", subtitles_sha256=None,
        previous_subtitles_sha256=None, duration_ms=1000, language="en", engine="e", model="m",
        options={}, profile="netflix", cache_hit=False, timings_s={}, cue_count=0,
        word_count=0, findings=(), outputs=outputs, earlier_outputs=earlier or {},
    ))


def test_each_format_file_has_its_own_state(tmp_path: Path) -> None:
    t = targets_for(tmp_path / "a.mp4", formats=("srt", "vtt", "txt"))
    assert t.path("txt") == tmp_path / "a.transcript.txt"  # never the script beside the video
    t.path("srt").write_bytes(b"srt")
    Writes("run").claim(t.path("vtt")).write(b"vtt, as stopped")  # the ledger knows it
    (tmp_path / "a.ass").write_bytes(b"ass of an earlier run")
    (tmp_path / "a.words.json").write_bytes(b"a person's, replaced by a forced run")
    fake_report(t.report, {
        "srt": {"path": "a.srt", "sha256": sha256_bytes(b"srt"), "previous_sha256": None},
        "vtt": {"path": "a.vtt", "sha256": sha256_bytes(b"new vtt"),
                "previous_sha256": sha256_bytes(b"vtt, as stopped")},
        "json": {"path": "a.words.json", "sha256": sha256_bytes(b"new json"),
                 "previous_sha256": sha256_bytes(b"a person's, replaced by a forced run")},
    }, {"ass": {"path": "a.ass", "sha256": sha256_bytes(b"ass of an earlier run")}})
    assert file_state(t, "srt") is OutputState.CURRENT
    assert file_state(t, "vtt") is OutputState.OURS  # the run stopped before replacing it
    assert file_state(t, "txt") is OutputState.MISSING
    assert file_state(t, "ass") is OutputState.OURS  # an earlier run's
    # what a report says a run replaced is not subtitler's for that (issue 20, item 2)
    assert file_state(t, "json") is OutputState.EDITED
    t.path("srt").write_bytes(b"srt, corrected")
    assert file_state(t, "srt") is OutputState.EDITED


def test_a_report_from_before_other_formats_still_guards_its_srt(tmp_path: Path) -> None:
    t = targets_for(tmp_path / "a.mp4")
    t.srt.write_bytes(b"A")
    t.report.write_text(json.dumps({"srt_sha256": sha256_bytes(b"A")}), "utf-8")
    assert file_state(t, "srt") is OutputState.CURRENT


@pytest.fixture
def sample_copy(sample_video: Path, sample_run: RunResult, tmp_path: Path) -> Path:
    """The sample in a fresh folder (its words from the session's transcript)."""
    copy = tmp_path / "statement.mp4"
    copy.write_bytes(sample_video.read_bytes())
    return copy


@pytest.mark.slow
def test_run_writes_every_format_from_the_same_cues_and_guards_each(
    sample_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run("run", str(sample_copy), "-o", str(out), "--format", "srt,vtt,txt,ass", "-q")
    assert result.exit_code == 0, result.output
    data = report_of(out)
    assert list(data["outputs"]) == ["srt", "vtt", "txt", "ass"]
    for record in data["outputs"].values():
        assert sha256_file(record["path"]) == record["sha256"]
    assert data["subtitles_sha256"] == sha256_file(out / "statement.srt")
    srt, vtt = read_subtitles(out / "statement.srt"), read_subtitles(out / "statement.vtt")
    assert vtt.cues == srt.cues and vtt.notices == ()
    ass = read_subtitles(out / "statement.ass").cues
    assert [c.lines for c in ass] == [c.lines for c in srt.cues]
    assert all(abs(a.start_ms - c.start_ms) <= 5 for a, c in zip(ass, srt.cues, strict=True))
    text = (out / "statement.transcript.txt").read_text("utf-8")
    assert "-->" not in text and " ".join(text.split()) == " ".join(
        " ".join(c.text for c in srt.cues).split())

    # a person edits the WebVTT: the next run refuses, touching nothing
    vtt_path = out / "statement.vtt"
    vtt_path.write_text(vtt_path.read_text("utf-8").replace("My name", "Our name"), "utf-8")
    mine = vtt_path.read_bytes()
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    result = run("run", str(sample_copy), "-o", str(out), "--format", "srt,vtt", "-q")
    assert result.exit_code == 1
    assert "statement.vtt: is not the version subtitler wrote there" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    # --force replaces it, keeping the person's version
    result = run("run", str(sample_copy), "-o", str(out), "--format", "srt,vtt", "-q", "--force")
    assert result.exit_code == 0, result.output
    assert last_kept(out / "statement.vtt") == mine
    # the .txt and .ass this run did not write are still known as subtitler's
    assert set(report_of(out)["earlier_outputs"]) == {"txt", "ass"}
    result = run("run", str(sample_copy), "-o", str(out), "--format", "srt,txt", "-q")
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_batch_up_to_date_considers_the_formats_asked_for(
    sample_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "subs"

    def batch(*formats: str) -> dict[str, str]:
        result = run("batch", str(sample_copy.parent), "-o", str(out), "-q",
                     *(("--format", ",".join(formats)) if formats else ()))
        assert result.exit_code == 0, result.output
        rows = json.loads((out / "summary.json").read_text("utf-8"))["files"]
        return {Path(r["media"]).name: r["status"] for r in rows}

    assert batch() == {"statement.mp4": "done"}
    assert batch() == {"statement.mp4": "up-to-date"}
    assert batch("srt", "vtt") == {"statement.mp4": "done"}  # the .vtt was missing
    assert (out / "statement.vtt").is_file()
    assert batch("vtt", "srt") == {"statement.mp4": "up-to-date"}
    (out / "statement.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nmine\n", "utf-8")
    assert batch("srt", "vtt") == {"statement.mp4": "edited"}
    assert batch("srt") == {"statement.mp4": "up-to-date"}


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = run("run", str(tmp_path / "x.mp4"), "--format", "srt,docx")
    assert result.exit_code == 2
    assert "unknown format 'docx'" in result.output


def test_convert_round_trips_and_refuses_to_overwrite(tmp_path: Path) -> None:
    srt = tmp_path / "talk.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:02,500\n<i>Hola</i> & adiós\n\n"
                   "2\n00:00:03,000 --> 00:00:04,000\nПривет\n\n", "utf-8")
    assert run("convert", str(srt), str(tmp_path / "talk.vtt")).exit_code == 0
    assert run("convert", str(tmp_path / "talk.vtt"), str(tmp_path / "back.srt")).exit_code == 0
    assert (tmp_path / "back.srt").read_bytes() == srt.read_bytes()
    vtt = tmp_path / "talk.vtt"
    assert run("convert", str(srt), str(vtt)).exit_code == 0  # its own output: replaced
    vtt.write_text(vtt.read_text("utf-8").replace("Hola", "Hola, editado"), "utf-8")
    mine = vtt.read_bytes()
    again = run("convert", str(srt), str(vtt))
    assert again.exit_code == 2 and "--force" in again.output
    assert vtt.read_bytes() == mine
    assert run("convert", str(srt), str(vtt), "--force").exit_code == 0
    assert last_kept(vtt) == mine
    assert run("convert", str(srt), str(srt)).exit_code == 2
    txt = run("convert", str(srt), str(tmp_path / "talk.txt"))
    assert txt.exit_code == 0
    assert (tmp_path / "talk.txt").read_text("utf-8") == "Hola & adiós Привет\n"
    back = run("convert", str(tmp_path / "talk.txt"), str(tmp_path / "x.srt"))
    assert back.exit_code == 1 and "has no timings" in back.output
    bad = tmp_path / "bad.srt"
    bad.write_text("1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\nbanana\nlost text\n", "utf-8")
    lost = run("convert", str(bad), str(tmp_path / "bad.vtt"))
    assert lost.exit_code == 1 and "converting would lose them" in lost.output
    assert not (tmp_path / "bad.vtt").exists()


def test_convert_keeps_times_to_the_millisecond_in_every_readable_format(tmp_path: Path) -> None:
    cues = (Cue(1, 999, ("a",)), Cue(3_599_999, 3_600_001, ("b & <b>c</b>",)))
    src = tmp_path / "a.srt"
    from subtitler.formats.srt_write import compose

    src.write_text(compose(cues), "utf-8")
    for ext in (".vtt", ".ttml", ".words.json"):
        out = tmp_path / f"a{ext}"
        assert run("convert", str(src), str(out)).exit_code == 0
        assert read_subtitles(out).cues == cues, ext
