"""``subtitler batch``: inputs, manifests, resumability, isolation, summary,
exit codes. The slow tests run real ffmpeg and the bundled model on short
cuts of the sample video, with the transcript cache in a temp folder."""

from __future__ import annotations

import json
import os
import pickle
import select
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from subtitler.batch import runner as batch
from subtitler.batch.runner import (
    BatchInterrupted,
    BatchResult,
    FileResult,
    Job,
    ManifestError,
    Status,
    plan,
    read_manifest,
    run_batch,
)
from subtitler.batch.summary import SummaryWriter, to_csv
from subtitler.cli import main
from subtitler.errors import UsageError
from subtitler.fsutil import temp_prefix
from subtitler.pipeline import RunOptions
from subtitler.profiles import get_profile
from tests import mediafactory
from tests.expect import batch_code
from tests.kept import last_kept

# -- media: cuts of the sample (conftest's sample_clips), broken ones by tests/mediafactory


def summary(folder: Path) -> dict[str, Any]:
    data = json.loads((folder / "summary.json").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def statuses(folder: Path) -> dict[str, str]:
    files = summary(folder)["files"]
    assert isinstance(files, list)
    return {Path(f["media"]).name: f["status"] for f in files}


def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.rglob("*.srt")}


# -- fast: manifests, planning, exit codes, summary -------------------------


def test_manifest_rows_resolve_relative_to_the_manifest(tmp_path: Path) -> None:
    (tmp_path / "m").mkdir()
    manifest = tmp_path / "m" / "list.csv"
    manifest.write_text(
        "\ufeffMedia;Script;Language;Output\n"
        "videos/a.mp4;scripts/a.txt;en;subs/a-final.srt\n"
        "\n"
        "# a comment row\n"
        "/abs/b.mov;;pt-BR;out\n",
        "utf-8",
    )
    a, b = read_manifest(manifest)
    here = tmp_path / "m"
    assert (a.media, a.script, a.language, a.srt) == (
        here / "videos/a.mp4", here / "scripts/a.txt", "en", here / "subs/a-final.srt"
    )
    assert a.source == f"{manifest}:2"
    assert (b.media, b.script, b.language, b.srt) == (Path("/abs/b.mov"), None, "pt-BR",
                                                      here / "out" / "b.srt")
    assert b.source == f"{manifest}:5"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("file,language\na.mp4,en\n", 1, "'media' is required"),
        ("media,lang\na.mp4,en\n", 1, "unknown column 'lang'"),
        ("media,language\na.mp4,en\n,fr\n", 3, "media column is empty"),
        ("media,language\na.mp4,english please\n", 2, "not a language code"),
        ("media\n", None, "lists no media files"),
    ],
)
def test_manifest_errors_name_the_file_and_line(
    tmp_path: Path, text: str, line: int | None, message: str
) -> None:
    manifest = tmp_path / "jobs.csv"
    manifest.write_text(text, "utf-8")
    with pytest.raises(ManifestError) as info:
        read_manifest(manifest)
    assert info.value.line == line
    assert info.value.path == str(manifest)
    assert message in str(info.value)
    assert str(info.value).startswith(f"{manifest}:{line}:" if line else f"{manifest}:")


def test_cli_reports_a_bad_manifest_in_one_line_with_exit_2(tmp_path: Path) -> None:
    manifest = tmp_path / "jobs.csv"
    manifest.write_text("media,langauge\na.mp4,en\n", "utf-8")
    result = CliRunner().invoke(main, ["batch", str(manifest)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"subtitler: error: {manifest}:1: unknown column 'langauge' "
        "(columns: media, script, language, output)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere/"], "nowhere: no such file or folder"),
        (["{tmp}/*.mkv"], "matches no media files"),
        (["{tmp}", "--jobs", "2", "--dask", "tcp://127.0.0.1:1"], "--jobs and --dask"),
    ],
)
def test_cli_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "a.mp4").write_bytes(b"x")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = CliRunner().invoke(main, ["batch", *args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_plan_mirrors_subfolders_and_refuses_two_media_for_one_srt(tmp_path: Path) -> None:
    videos = tmp_path / "videos"
    for name in ("day1/intro.mp4", "day2/intro.mp4", "notes.txt", ".hidden.mp4"):
        (videos / name).parent.mkdir(parents=True, exist_ok=True)
        (videos / name).write_bytes(b"not really media")
    out = tmp_path / "subs"
    jobs = plan([videos], out)
    assert [j.subtitles for j in jobs] == [out / "day1/intro.srt", out / "day2/intro.srt"]
    assert all(j.media.is_absolute() and j.source == str(videos) for j in jobs)
    with pytest.raises(UsageError, match="would both write"):
        plan([videos / "day1/intro.mp4", videos / "day2/intro.mp4"], out)
    # the same file named twice is one job
    assert len(plan([videos, videos / "day1/intro.mp4"], out)) == 2


def test_globs_mirror_below_their_fixed_part_and_skip_non_media(tmp_path: Path) -> None:
    for name in ("a/x.mp4", "a/b/y.MOV", "a/b/y.srt", "a/b/y.report.json", "c/z.mp4"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"media, by its name")
    jobs = plan([f"{tmp_path}/a/**/*"], tmp_path / "out")
    assert [j.subtitles for j in jobs] == [tmp_path / "out/b/y.srt", tmp_path / "out/x.srt"]
    assert {j.source for j in jobs} == {f"{tmp_path}/a/**/*"}


def _result(status: Status, errors: int | None = 0) -> FileResult:
    job = Job(Path("/v/a.mp4"), Path("/v/a.srt"), "v")
    return FileResult(job, status, errors=errors)


@pytest.mark.parametrize(
    ("statuses_", "errors", "code"),
    [
        ([Status.DONE, Status.UP_TO_DATE, Status.EDITED], 0, 0),
        ([Status.DONE, Status.UP_TO_DATE], 2, 3),
        ([Status.DONE, Status.EMPTY], 0, 3),
        ([Status.DONE, Status.FAILED], 2, 1),
        ([Status.DONE, Status.NOT_RUN], 0, 1),
    ],
)
def test_exit_code(statuses_: list[Status], errors: int, code: int) -> None:
    results = tuple(_result(s, errors if i == 0 else 0) for i, s in enumerate(statuses_))
    assert BatchResult(results, Path("s.json"), Path("s.csv"), 0.0).exit_code == code


def test_summary_is_written_after_every_file(tmp_path: Path) -> None:
    jobs = [Job(Path(f"/v/{n}.mp4"), Path(f"/o/{n}.srt"), "v") for n in ("a", "b")]
    writer = SummaryWriter(tmp_path, jobs, RunOptions())
    writer.update(FileResult(jobs[1], Status.FAILED, "has no audio stream"))
    data = summary(tmp_path)
    assert data["state"] == "running"
    assert [f["status"] for f in data["files"]] == ["not-run", "failed"]
    result = writer.finish(interrupted=True)
    assert summary(tmp_path)["state"] == "interrupted"
    assert result.exit_code == 130 == summary(tmp_path)["exit_code"]
    csv_lines = (tmp_path / "summary.csv").read_text("utf-8").splitlines()
    assert csv_lines[0].startswith("media,status,reason,duration_s,cues,errors,warnings")
    assert csv_lines[2].startswith("/v/b.mp4,failed,has no audio stream,")
    assert to_csv(result.results).splitlines() == csv_lines


def crash_on_some(job: Job) -> FileResult:
    """Runs in a worker process: dies outright on files named crash*. The
    first time, ``a`` waits (reading a pipe) until ``crash`` runs, which dies
    holding the pipe's other end: a file is in flight in the other worker when
    one dies. A file tried again does not wait."""
    first_time = not job.media.with_suffix(".tried").exists()
    job.media.with_suffix(".tried").touch()
    handshake = job.media.parent / "handshake"
    if job.media.name.startswith("crash"):
        if first_time:
            os.open(handshake, os.O_WRONLY)  # returns once `a` has it open
        os._exit(70)
    if job.media.stem == "a" and first_time:
        fd = os.open(handshake, os.O_RDONLY)  # returns once `crash` has it open
        os.read(fd, 1)  # end of file: `crash` died
        os.close(fd)
    return FileResult(job, Status.DONE, "worked")


@pytest.mark.slow  # real worker processes
def test_a_file_that_kills_its_worker_fails_alone(tmp_path: Path) -> None:
    names = ("a", "crash", "b", "c", "d")
    jobs = [Job(tmp_path / f"{n}.mp4", tmp_path / f"{n}.srt", "t") for n in names]
    os.mkfifo(tmp_path / "handshake")
    got: list[FileResult] = []
    batch._in_pool(jobs, RunOptions(), 2, got.append, work=crash_on_some)
    by_name = {r.job.media.stem: r for r in got}
    assert sorted(by_name) == sorted(names) and len(got) == len(names)
    assert by_name["crash"].status is Status.FAILED
    assert by_name["crash"].reason == batch.CRASHED
    assert all(by_name[n].status is Status.DONE for n in names if n != "crash")


def test_run_options_travel_to_worker_processes() -> None:
    options = RunOptions(profile=get_profile("bbc").with_overrides({"max-cps": 15}))
    assert pickle.loads(pickle.dumps(options)) == options


# -- slow: the night before the event ---------------------------------------


@pytest.fixture(scope="module")
def clips(sample_clips: list[Path]) -> list[Path]:
    """Eight different short statements (cuts of the sample)."""
    return sample_clips


@pytest.fixture(scope="module")
def ten_videos(clips: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten videos, two of them broken, one in a subfolder, one with an odd extension."""
    videos = tmp_path_factory.mktemp("videos")
    for i, src in enumerate(clips):
        name = f"day{i % 2}/statement{i}.mp4" if i < 7 else "statement7.video"
        (videos / name).parent.mkdir(exist_ok=True)
        (videos / name).write_bytes(src.read_bytes())
    mediafactory.truncated_copy(clips[0], videos / "broken-truncated.mp4")
    mediafactory.video_without_audio(videos / "broken-no-audio.mp4")
    (videos / "notes.txt").write_text("not a video", "utf-8")
    return videos


@pytest.fixture(scope="module")
def first_run(ten_videos: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("subs")
    result = CliRunner().invoke(main, ["batch", str(ten_videos), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 1, result.output
    (out / "first-run.txt").write_text(result.output, "utf-8")
    return out


@pytest.mark.slow
def test_ten_videos_two_broken_give_eight_srts_and_a_summary(
    ten_videos: Path, first_run: Path
) -> None:
    srts = sorted(p.relative_to(first_run).as_posix() for p in first_run.rglob("*.srt"))
    assert srts == sorted(
        [f"day{i % 2}/statement{i}.srt" for i in range(7)] + ["statement7.srt"]
    )
    for path in first_run.rglob("*.srt"):
        assert path.read_text("utf-8").startswith("1\n")
    data = summary(first_run)
    assert data["state"] == "finished" and data["exit_code"] == 1
    totals = data["totals"]
    assert isinstance(totals, dict)
    assert (totals["files"], totals["done"], totals["failed"]) == (10, 8, 2)
    failed = {Path(f["media"]).name: f["reason"] for f in data["files"]
              if f["status"] == "failed"}
    assert set(failed) == {"broken-truncated.mp4", "broken-no-audio.mp4"}
    assert failed["broken-no-audio.mp4"] == "has no audio stream"
    assert failed["broken-truncated.mp4"]
    csv_text = (first_run / "summary.csv").read_text("utf-8")
    assert csv_text.count(",failed,") == 2 and csv_text.count(",done,") == 8
    table = (first_run / "first-run.txt").read_text("utf-8")
    assert "file" in table and "status" in table and "Needs a person:" in table
    assert "broken-no-audio.mp4: failed: has no audio stream" in table


@pytest.mark.slow
def test_second_run_transcribes_nothing_and_touches_nothing(
    ten_videos: Path, first_run: Path
) -> None:
    before = mtimes(first_run)
    reports = {p: p.read_bytes() for p in first_run.rglob("*.report.json")}
    result = CliRunner().invoke(main, ["batch", str(ten_videos), "-o", str(first_run), "-q"])
    assert result.exit_code == 1  # the two broken files still fail
    assert mtimes(first_run) == before
    assert all(p.read_bytes() == data for p, data in reports.items())
    got = statuses(first_run)
    assert sorted(got.values()) == ["failed"] * 2 + ["up-to-date"] * 8


@pytest.mark.slow
def test_settings_change_redoes_files_and_edited_ones_are_kept(
    clips: list[Path], tmp_path: Path
) -> None:
    videos = tmp_path / "v"
    videos.mkdir()
    for src in clips[:2]:
        (videos / src.name).write_bytes(src.read_bytes())
    out = tmp_path / "out"
    run = CliRunner().invoke
    assert run(main, ["batch", str(videos), "-o", str(out), "-q"]).exit_code == batch_code(out)
    edited = out / "clip0.srt"
    lines = edited.read_text("utf-8").split("\n")
    lines[2] = "Corrected by a person"  # the first cue's first line
    edited.write_text("\n".join(lines), "utf-8")
    human = edited.read_bytes()
    assert run(main, ["batch", str(videos), "-o", str(out), "-q"]).exit_code == batch_code(out)
    assert statuses(out) == {"clip0.mp4": "edited", "clip1.mp4": "up-to-date"}
    # another profile: clip1 is redone (transcript from the cache); clip0 is not overwritten
    result = run(main, ["batch", str(videos), "-o", str(out), "-q", "--profile", "bbc"])
    assert result.exit_code == 1
    assert statuses(out) == {"clip0.mp4": "failed", "clip1.mp4": "done"}
    assert edited.read_bytes() == human
    files = summary(out)["files"]
    assert isinstance(files, list) and "--force" in files[0]["reason"]
    assert files[1]["cache_hit"] is True
    result = run(main, ["batch", str(videos), "-o", str(out), "-q", "--profile", "bbc", "--force"])
    assert result.exit_code == batch_code(out)
    assert last_kept(edited) == human


@pytest.mark.slow
def test_manifest_run_with_a_missing_file_and_a_silent_one(
    clips: list[Path], tmp_path: Path
) -> None:
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "a.mp4").write_bytes(clips[2].read_bytes())
    mediafactory.silence(tmp_path / "media" / "quiet.m4a", seconds=4)
    manifest = tmp_path / "jobs.csv"
    manifest.write_text(
        "media,language,output\n"
        "media/a.mp4,en,final/a-en.srt\n"
        "media/missing.mp4,,\n"
        "media/quiet.m4a,,\n",
        "utf-8",
    )
    result = CliRunner().invoke(main, ["batch", str(manifest), "-q"])
    assert result.exit_code == 1  # the missing file
    report = json.loads((tmp_path / "final/a-en.report.json").read_text("utf-8"))
    assert report["options"]["decode"]["language"] == "en"
    files = summary(tmp_path)["files"]  # the manifest's folder holds the summary
    assert isinstance(files, list)
    assert [f["status"] for f in files] == ["done", "failed", "empty"]
    assert files[1]["reason"] == "no such file" and files[1]["source"] == f"{manifest}:3"
    assert files[2]["reason"] == "no speech found"
    assert (tmp_path / "media" / "quiet.srt").exists()


@pytest.mark.slow
def test_manifest_script_and_glossary_are_used_and_part_of_up_to_date(
    clips: list[Path], tmp_path: Path
) -> None:
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "vera.mp4").write_bytes(clips[0].read_bytes())
    script = tmp_path / "vera.txt"
    script.write_text("My name is Vera Rodriguez, and I speak for Red Umbrella Fund, "
                      "the first global fund led by and for sex workers.\n", "utf-8")
    (tmp_path / "jobs.csv").write_text("media,script\nmedia/vera.mp4,vera.txt\n", "utf-8")
    glossary = Path(__file__).resolve().parent.parent / "glossaries" / "sex-work-rights.yaml"
    args = ["batch", str(tmp_path / "jobs.csv"), "-g", str(glossary), "-q"]
    assert CliRunner().invoke(main, args).exit_code == batch_code(tmp_path)
    srt_text = (tmp_path / "media" / "vera.srt").read_text("utf-8")
    assert "Red Umbrella Fund" in srt_text  # the script's words, not the recogniser's
    report = json.loads((tmp_path / "media" / "vera.report.json").read_text("utf-8"))
    assert report["options"]["script"] == str(script)
    assert report["options"]["glossary"] == [str(glossary)]
    assert CliRunner().invoke(main, args).exit_code == batch_code(tmp_path)
    assert statuses(tmp_path) == {"vera.mp4": "up-to-date"}
    script.write_text(script.read_text("utf-8") + "We are hosted by Mama Cash.\n", "utf-8")
    assert CliRunner().invoke(main, args).exit_code == batch_code(tmp_path)
    assert statuses(tmp_path) == {"vera.mp4": "done"}  # the script changed
    assert summary(tmp_path)["files"][0]["cache_hit"] is True  # but not the audio


@pytest.mark.slow
def test_interrupt_writes_the_summary_and_the_next_run_finishes(
    clips: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    jobs = plan(clips[:3], out)

    def stop_after_first(result: FileResult) -> None:
        raise KeyboardInterrupt

    with pytest.raises(BatchInterrupted) as info:
        run_batch(jobs, RunOptions(), summary_dir=out, on_result=stop_after_first)
    assert [r.status for r in info.value.result.results] == [
        Status.DONE, Status.NOT_RUN, Status.NOT_RUN
    ]
    assert summary(out)["state"] == "interrupted"
    again = run_batch(jobs, RunOptions(), summary_dir=out)
    assert [r.status for r in again.results] == [Status.UP_TO_DATE, Status.DONE, Status.DONE]


def _first_line(proc: subprocess.Popen[str], within_s: float) -> str:
    """The first line ``proc`` prints, waited for (not polled) up to ``within_s``."""
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], within_s)
    assert ready, f"nothing printed in {within_s} s"
    return proc.stdout.readline()


@pytest.mark.slow
@pytest.mark.transcribes_again(reason="the batch must be transcribing when it is killed")
def test_killed_half_way_the_next_run_completes_only_the_rest(
    clips: list[Path], tmp_path: Path
) -> None:
    videos = tmp_path / "videos"
    videos.mkdir()
    for src in clips[:3]:
        (videos / src.name).write_bytes(src.read_bytes())
    out = tmp_path / "out"
    env = {**os.environ, "SUBTITLER_CACHE_DIR": str(tmp_path / "cache")}  # really transcribing
    cmd = [sys.executable, "-m", "subtitler", "batch", str(videos), "-o", str(out)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    # a file's line is printed once its report, then its SRT, are written
    assert _first_line(proc, within_s=300).startswith("[1/3] ")
    proc.send_signal(signal.SIGKILL)  # no clean-up at all: a crash, a lid closed
    proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()
    finished = {p.name: p.stat().st_mtime_ns for p in out.glob("*.srt")
                if p.with_suffix(".report.json").exists()}
    assert 1 <= len(finished) < 3
    assert summary(out)["state"] == "running"  # the last account before the kill
    # a kill -9 may land mid-write and leave a temp file (nothing can prevent
    # that): leave some as it would, so their clean-up is tested every time
    for name in ("summary.csv", "summary.json", "clip2.srt", "clip2.report.json"):
        (out / f"{temp_prefix(out / name, proc.pid)}killed.tmp").write_text("half")

    # the next run may take the words from the session's cache (the clips are
    # the sample's cuts): what is under test is which files it redoes
    again = subprocess.run([*cmd, "-q"], capture_output=True, text=True, check=False)
    assert again.returncode == batch_code(out), again.stderr
    got = {name.replace(".mp4", ".srt"): s for name, s in statuses(out).items()}
    assert {n for n, s in got.items() if s == "up-to-date"} == set(finished)
    assert {n for n, s in got.items() if s == "done"} == {
        f"clip{i}.srt" for i in range(3)
    } - set(finished)
    assert {n: ns for n, ns in mtimes(out).items() if n in finished} == finished
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
