"""A write that fails, in a folder that cannot be written to (read-only) or
on a full disk: each command says so in one line naming the file and what
to do instead, exits 1, shows no traceback, and leaves every file there as
it was (``tests/writefail.py`` runs the commands; a parent that is a file
is in ``tests/badinput.py``)."""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from subtitler.errors import EXIT_INPUT
from tests.writefail import COMMANDS, make

ROOT = Path(__file__).resolve().parents[1]
PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE = 1
"""Root writes anywhere through this capability: dropped, a folder's
permissions hold for root too."""


def _without_dac_override() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "cannot drop CAP_DAC_OVERRIDE")


def _run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
                          check=False, stdin=subprocess.DEVNULL,
                          preexec_fn=_without_dac_override if os.geteuid() == 0 else None)


def assert_each_failed_in_one_line(results: list[dict[str, Any]], reason: str) -> None:
    assert [r["args"] for r in results] == [list(c) for c in COMMANDS]
    for r in results:
        said = json.dumps(r, indent=1)
        assert r["code"] == EXIT_INPUT, said
        assert not r["traceback"] and "Traceback" not in r["stderr"], said
        lines = r["stderr"].splitlines()
        errors = [ln for ln in lines if ln.startswith("subtitler: error: ")]
        assert len(errors) == 1, said
        assert reason in errors[0] and "write it to another folder" in errors[0], said
        assert r["unchanged"], said


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux capabilities")
def test_a_read_only_folder(tmp_path: Path, jfk_wav: Path) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir()
    make(folder, jfk_wav)
    folder.chmod(0o555)
    try:
        done = _run([sys.executable, "-m", "tests.writefail", str(folder)])
    except subprocess.SubprocessError as err:  # no CAP_SETPCAP: root cannot give up its rights
        pytest.skip(f"cannot run without the right to write everywhere: {err}")
    finally:
        folder.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert_each_failed_in_one_line(json.loads(done.stdout), "Permission denied")


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare (util-linux)")
def test_a_full_disk(tmp_path: Path, jfk_wav: Path) -> None:
    """A 256 KB tmpfs, filled to the last byte, in a mount namespace of its own."""
    folder = tmp_path / "disk"
    folder.mkdir()
    user = [] if os.geteuid() == 0 else ["--user", "--map-root-user"]
    mount = 'mount -t tmpfs -o size=256k tmpfs "$1" || exit 97; shift; exec "$@"'
    cmd = ["unshare", *user, "--mount", "sh", "-c", mount, "sh", str(folder),
           sys.executable, "-m", "tests.writefail", str(folder), "--make", str(jfk_wav),
           "--fill"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300, check=False, stdin=subprocess.DEVNULL)
    if done.returncode == 97 or (done.returncode != 0 and done.stderr.startswith("unshare:")):
        pytest.skip(f"cannot mount a small file system here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    assert_each_failed_in_one_line(json.loads(done.stdout), "No space left on device")
