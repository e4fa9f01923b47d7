"""Issue 13: never lose a person's work, never subtitle the wrong thing
silently. The bad-input corpus (``test_badinput.py``) covers the one-line
errors; these tests cover what a command line case cannot show: an edit made
while a run works, which audio track is used, batch state across runs, what
``--fix`` claims, and what ffmpeg is given."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from subtitler.batch.jobs import BatchResult, FileResult, Job, Status
from subtitler.batch.runner import plan, run_batch
from subtitler.check.checker import CheckOptions, FixTarget, check_paths
from subtitler.cli.check import summary
from subtitler.errors import EXIT_INTERRUPTED, EditedOutputError
from subtitler.files import Writes
from subtitler.formats.srt_read import parse_bytes
from subtitler.media import audio
from subtitler.pipeline import Pipeline, RunOptions
from tests import mediafactory
from tests.badinput import MIXED
from tests.kept import kept, last_kept
from tests.test_badinput import run_cli

# -- item 1: an edit made while subtitler works is never lost ---------------


class Editor:
    """A person editing the SRT in another thread, while the run transcribes:
    the run's progress callback lets the editor in once transcription is
    under way and waits until the edit is saved (so the order is certain)."""

    def __init__(self, srt: Path) -> None:
        self.srt = srt
        self.go = threading.Event()
        self.saved = threading.Event()
        self.edited: bytes = b""
        self.thread = threading.Thread(target=self._edit, daemon=True)
        self.thread.start()

    def _edit(self) -> None:
        self.go.wait(300)
        text = self.srt.read_text("utf-8")
        assert "country" in text
        self.edited = text.replace("country", "COUNTRY").encode("utf-8")
        tmp = self.srt.with_name("sed-tmp")  # as sed -i does: a new file, renamed
        tmp.write_bytes(self.edited)
        tmp.replace(self.srt)
        self.saved.set()

    def during_transcription(self, *_args: object) -> None:
        if not self.go.is_set():
            self.go.set()
            assert self.saved.wait(300)


AGAIN_WHILE_EDITED = pytest.mark.transcribes_again(
    reason="the run must be transcribing when the person edits (use_cache=False)")


@pytest.fixture()
def subtitled(tmp_path: Path, jfk_wav: Path) -> Path:
    media = tmp_path / "v.wav"
    shutil.copy(jfk_wav, media)
    Pipeline(RunOptions()).process(media)
    return media


@pytest.mark.slow
@AGAIN_WHILE_EDITED
def test_edit_during_a_run_is_kept_and_the_run_refuses(subtitled: Path) -> None:
    srt = subtitled.with_suffix(".srt")
    editor = Editor(srt)
    before = kept(srt)
    with pytest.raises(EditedOutputError, match=r"v\.srt: was changed .*not replacing"):
        Pipeline(RunOptions(use_cache=False)).process(
            subtitled, progress=editor.during_transcription
        )
    assert editor.edited and srt.read_bytes() == editor.edited
    assert kept(srt) == before


@pytest.mark.slow
@AGAIN_WHILE_EDITED
def test_edit_during_a_forced_run_is_kept(subtitled: Path) -> None:
    srt = subtitled.with_suffix(".srt")
    editor = Editor(srt)
    result = Pipeline(RunOptions(use_cache=False, force=True)).process(
        subtitled, progress=editor.during_transcription
    )
    assert last_kept(srt) == editor.edited
    assert "country" in srt.read_text("utf-8") and result.cues


@pytest.mark.slow
@AGAIN_WHILE_EDITED
def test_edit_during_a_batch_is_kept(subtitled: Path, tmp_path: Path) -> None:
    srt = subtitled.with_suffix(".srt")
    editor = Editor(srt)
    # other settings than the first run's: the batch redoes the file
    result = run_batch(plan([subtitled]), RunOptions(use_cache=False, refine_onsets=False),
                       summary_dir=tmp_path, progress=editor.during_transcription)
    # not redone, so failed (exit 1), with the reason; the person's file is kept
    assert result.results[0].status is Status.FAILED, result.results[0]
    assert "was changed" in result.results[0].reason
    assert srt.read_bytes() == editor.edited


def test_every_writer_checks_again_right_before_writing(tmp_path: Path) -> None:
    """The one check every writer goes through (``files``): a file changed
    after it was claimed is not replaced, or with ``force`` is kept first."""
    srt = tmp_path / "talk.srt"
    Writes("run").claim(srt).write(b"1\n00:00:01,000 --> 00:00:02,000\nHello\n")
    claim = Writes("run").claim(srt)
    forced = Writes("run --force").claim(srt, force=True)
    srt.write_text("1\n00:00:01,000 --> 00:00:02,000\nHello, edited\n", encoding="utf-8")
    with pytest.raises(EditedOutputError, match="talk.srt: was changed while"):
        claim.write(b"new")
    assert "edited" in srt.read_text("utf-8")
    forced.write(b"new")
    assert srt.read_bytes() == b"new"
    assert b"edited" in last_kept(srt)
    fresh = tmp_path / "new.srt"
    claim_missing = Writes("run").claim(fresh)
    fresh.write_text("a person's new file", encoding="utf-8")
    with pytest.raises(EditedOutputError):
        claim_missing.write(b"ours")
    assert fresh.read_text("utf-8") == "a person's new file"


def test_glossary_apply_over_its_input_keeps_its_version(tmp_path: Path) -> None:
    srt, glossary = tmp_path / "t.srt", tmp_path / "g.yaml"
    original = "1\n00:00:01,000 --> 00:00:04,000\nthe criminalization\n"
    srt.write_text(original, encoding="utf-8")
    glossary.write_text("entries:\n  - term: criminalisation\n    variants: [criminalization]\n",
                        encoding="utf-8")
    done = run_cli(["glossary", "apply", "t.srt", "-g", "g.yaml", "-o", "t.srt"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "criminalisation" in srt.read_text("utf-8")
    assert last_kept(srt).decode("utf-8") == original


# -- item 3: one bad byte in a UTF-8 file -------------------------------------


def test_utf8_file_with_one_bad_byte_keeps_its_utf8_text() -> None:
    doc = parse_bytes(MIXED, "mixed.srt")
    assert [c.text for c in doc.cues] == ["Café ouvert", "Menú du jour"]
    (notice,) = [n for n in doc.notices if n.rule == "encoding"]
    assert notice.line == 7 and "0xFA" in notice.message


def test_fix_leaves_a_file_with_a_bad_byte_alone(tmp_path: Path) -> None:
    path = tmp_path / "mixed.srt"
    path.write_bytes(MIXED)
    (report,) = check_paths([str(path)], CheckOptions(), fix=FixTarget(in_place=True))
    assert report.not_fixed and "line 7" in report.not_fixed
    assert path.read_bytes() == MIXED


# -- item 4: ffmpeg reads the file named, nothing else -------------------------


@pytest.mark.parametrize("name", ["concat:one.wav|two.wav", "pipe:0.wav", "-", "file:one.wav",
                                  "-i.wav", "subfile,,start,0,end,0,,:one.wav"])
def test_ffmpeg_reads_the_file_so_named(
    name: str, tmp_path: Path, jfk_wav: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(jfk_wav, "one.wav")
    shutil.copy(jfk_wav, "two.wav")
    mediafactory.tone(tmp_path / "own.wav", 1.5)
    (tmp_path / "own.wav").rename(tmp_path / name)
    samples = audio.load_audio(Path(name))
    assert abs(samples.size / audio.SAMPLE_RATE - 1.5) < 0.05
    assert audio.probe(Path(name)).duration_s == pytest.approx(1.5, abs=0.05)


# -- item 5: the audio track with the speech ---------------------------------


@pytest.fixture(scope="module")
def two_tracks(tmp_path_factory: pytest.TempPathFactory, jfk_wav: Path) -> Path:
    folder = tmp_path_factory.mktemp("tracks")
    mediafactory.silence(folder / "quiet.wav", 11.0)
    return mediafactory.two_audio_tracks(folder / "quiet.wav", jfk_wav, folder / "two.mov",
                                         ("eng", "fra"))


def test_audio_tracks_are_read_from_ffmpeg(two_tracks: Path) -> None:
    tracks = audio.audio_tracks(two_tracks)
    assert [(t.number, t.language, t.default) for t in tracks] == [
        (1, "eng", True), (2, "fra", False)]


@pytest.mark.slow
def test_the_track_with_speech_is_used_and_said(two_tracks: Path, tmp_path: Path) -> None:
    result = Pipeline(RunOptions(output_dir=tmp_path)).process(two_tracks)
    assert "country" in " ".join(c.text for c in result.cues)
    track = result.report.extras["audio_track"]
    assert track["number"] == 2 and track["of"] == 2
    assert "speech" in track["why"]
    written = json.loads(result.report_path.read_text("utf-8"))
    assert written["audio_track"]["number"] == 2


@pytest.mark.slow
def test_audio_track_option_picks_the_track(two_tracks: Path, tmp_path: Path) -> None:
    done = run_cli(["run", str(two_tracks), "-o", str(tmp_path), "--audio-track", "1"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "audio track 1 of 2" in done.stdout
    assert ": 0 cues" in done.stdout and "no-speech" in done.stdout  # track 1 is silent
    bad = run_cli(["run", str(two_tracks), "-o", str(tmp_path), "--audio-track", "3"], tmp_path)
    assert bad.returncode == 1
    assert "has 2 audio tracks" in bad.stderr and "Traceback" not in bad.stderr


# -- item 7: batch state does not depend on how many times it ran ----------


@pytest.mark.slow
def test_a_file_without_speech_stays_empty_on_every_run(tmp_path: Path) -> None:
    mediafactory.silence(tmp_path / "quiet.wav", 2.0)
    for _ in range(2):
        done = run_cli(["batch", "quiet.wav", "-q"], tmp_path)
        assert done.returncode == 3, done.stderr
        data = json.loads((tmp_path / "summary.json").read_text("utf-8"))
        assert data["files"][0]["status"] == "empty" and data["exit_code"] == 3


def test_an_interrupted_batch_summary_says_130(tmp_path: Path) -> None:
    job = Job(tmp_path / "a.wav", tmp_path / "a.srt", "a.wav")
    result = BatchResult((FileResult(job, Status.NOT_RUN),), tmp_path / "s.json",
                         tmp_path / "s.csv", 0.0, interrupted=True)
    assert result.exit_code == EXIT_INTERRUPTED


# -- item 8: --fix claims only what it does ----------------------------------

TOO_FAST_NO_ROOM = (
    "1\n00:00:01,000 --> 00:00:01,500\nThis cue has far too many\ncharacters to read.\n\n"
    "2\n00:00:01,600 --> 00:00:04,000\nNext.\n"
)


def _claimed(lines: list[str]) -> int:
    found = [int(line.split()[0]) for line in lines if "--fix would clear" in line]
    return found[0] if found else 0


def _fix(tmp_path: Path, text: str) -> tuple[int, int, list[str]]:
    """What check claims --fix would clear, how many findings it did clear, its changes."""
    src, out = tmp_path / "in.srt", tmp_path / "out.srt"
    src.write_text(text, encoding="utf-8")
    (before,) = check_paths([str(src)], CheckOptions())
    (fixed,) = check_paths([str(src)], CheckOptions(), fix=FixTarget(out))
    cleared = len(before.findings) - len(fixed.findings)
    return _claimed(summary([before])), cleared, [c.message for c in fixed.changes]


def test_fix_makes_no_change_that_leaves_its_finding(tmp_path: Path) -> None:
    claimed, cleared, changes = _fix(tmp_path, TOO_FAST_NO_ROOM)
    assert not any("extended" in c for c in changes), changes
    assert claimed == cleared == 0


def test_check_counts_the_findings_fix_clears(tmp_path: Path) -> None:
    text = TOO_FAST_NO_ROOM + (
        "\n3\n00:00:05,000 --> 00:00:05,400\nToo short.\n\n"
        "4\n00:00:09,000 --> 00:00:10,000\nA line far too long to be shown on one line at all, "
        "it has to wrap.\n"
    )
    claimed, cleared, changes = _fix(tmp_path, text)
    assert claimed == cleared >= 2, (claimed, cleared, changes)
    assert not any("01,5" in c for c in changes), changes  # cue 1 has no room: left alone


def test_an_empty_srt_passes_check(tmp_path: Path) -> None:
    from subtitler.formats.srt_write import compose

    path = tmp_path / "silent.srt"
    path.write_text(compose([]), encoding="utf-8")
    (report,) = check_paths([str(path)], CheckOptions())
    assert report.findings == () and report.error is None


# -- item 15: stale temp files a kill left -------------------------------------


def test_stale_temps_of_dead_writers_are_removed_live_ones_kept(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from subtitler.fsutil import remove_stale_temps, temp_prefix

    target = tmp_path / "summary.csv"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    stale = tmp_path / f"{temp_prefix(target, int(dead.stdout))}abc.tmp"
    live = tmp_path / f"{temp_prefix(target, os.getpid())}def.tmp"
    other = tmp_path / ".other.csv.1.x.tmp"
    for p in (stale, live, other):
        p.write_text("partial")
    remove_stale_temps(target)
    assert not stale.exists() and live.exists() and other.exists()



def test_a_script_that_cannot_be_read_is_not_the_same_as_none(tmp_path: Path) -> None:
    """Found trying it as a hostile user: a batch whose script was a FIFO was
    'up to date' with the outputs of a run without a script."""
    from subtitler.pipeline.settings import effective_settings

    options = RunOptions()
    fifo = tmp_path / "script.txt"
    os.mkfifo(fifo)
    assert effective_settings(options, script=fifo).sha256() != effective_settings(options).sha256()
