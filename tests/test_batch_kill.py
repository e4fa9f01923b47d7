"""Issue 20, item 16: a batch killed with ``kill -9`` (or by the OOM killer).

Its worker processes die with it (they never go on writing files, nor sit
idle holding the model), and the next batch in the folder says the earlier
run was interrupted. A real batch, a real ``kill -9``; every wait is on an
event (a line of output, a process's exit through its pidfd), never a
clock."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from subtitler.errors import EXIT_OK, EXIT_USAGE
from subtitler.files.locks import Lock
from subtitler.files.store import state_dir
from tests.test_badinput import run_cli

ROOT = Path(__file__).resolve().parents[1]
LIMIT_S = 120
"""Far beyond what a worker's death takes; only a worker that never dies reaches it."""

pytestmark = pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="needs Linux pidfds")


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def is_worker(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"spawn_main" in cmdline and b"resource_tracker" not in cmdline


def wait_exit(pid: int) -> bool:
    """True when process ``pid`` (not a child of ours) has ended within LIMIT_S."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        readable, _, _ = select.select([fd], [], [], LIMIT_S)
        return bool(readable)
    finally:
        os.close(fd)


@pytest.mark.slow
@pytest.mark.transcribes_again(reason="the workers must be transcribing when the batch is killed")
def test_workers_die_with_a_killed_batch_and_the_next_batch_says_so(
        tmp_path: Path, jfk_wav: Path) -> None:
    folder = tmp_path / "videos"
    folder.mkdir()
    for i in range(4):
        shutil.copy(jfk_wav, folder / f"talk{i}.wav")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    batch = subprocess.Popen(
        [sys.executable, "-m", "subtitler", "batch", str(folder), "--jobs", "2", "--no-cache"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        stdin=subprocess.DEVNULL)
    assert batch.stdout is not None
    first = batch.stdout.readline()  # an event: the first file is done, the others under way
    assert first.startswith("[1/4] "), (first, batch.stderr.read() if batch.stderr else "")
    workers = [p for p in children(batch.pid) if is_worker(p)]
    assert len(workers) == 2, workers
    batch.send_signal(signal.SIGKILL)
    batch.wait(LIMIT_S)
    written = sorted(p.name for p in folder.glob("*.srt"))
    for pid in workers:
        assert wait_exit(pid), f"worker {pid} outlived its batch"
    assert sorted(p.name for p in folder.glob("*.srt")) == written  # nothing after the kill
    assert len(written) < 4
    summary = json.loads((folder / "summary.json").read_text("utf-8"))
    assert summary["state"] == "running"  # what the killed batch left
    again = run_cli(["batch", str(folder), "-q"], tmp_path)
    assert again.returncode == EXIT_OK, again.stderr
    assert (f"the batch before this one here (started {summary['started']}, pid {batch.pid}) "
            "was stopped without finishing (killed?)") in again.stderr
    after = json.loads((folder / "summary.json").read_text("utf-8"))
    assert after["state"] == "finished" and after["totals"]["files"] == 4
    assert after["previous_run"]["state"] == "interrupted"
    assert after["previous_run"]["pid"] == batch.pid
    assert len(list(folder.glob("*.srt"))) == 4


def test_a_second_batch_on_a_running_ones_summary_is_refused(tmp_path: Path,
                                                             jfk_wav: Path) -> None:
    shutil.copy(jfk_wav, tmp_path / "talk.wav")
    held = Lock.take(state_dir(tmp_path) / "batch.lock", command="batch")
    assert isinstance(held, Lock)
    try:
        done = run_cli(["batch", str(tmp_path), "-q"], tmp_path)
    finally:
        held.release()
    assert done.returncode == EXIT_USAGE
    assert done.stderr.startswith(f"subtitler: error: {tmp_path}: another subtitler batch is "
                                  f"writing its summary here (pid {os.getpid()}")
    assert not (tmp_path / "talk.srt").exists()
