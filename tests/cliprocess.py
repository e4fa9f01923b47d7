"""``python -m subtitler ARGS`` in a process of its own, without paying for
the interpreter and subtitler's imports each time.

Each command runs in a new process forked from one server process that
imported subtitler once (multiprocessing's ``forkserver``, which forks from a
single-threaded process): its own exit code, its own standard output and
error (files, read back), no standard input, the caller's current
environment, and a time limit after which it is killed. What runs is
``subtitler/__main__.py``, as ``python -m subtitler`` runs it.
"""

from __future__ import annotations

import atexit
import locale
import multiprocessing
import multiprocessing.forkserver
import os
import runpy
import subprocess
import sys
import tempfile
from pathlib import Path

PRELOAD = ["subtitler.cli.main", "subtitler.pipeline", "subtitler.batch", "subtitler.check",
           "subtitler.glossary", "subtitler.review"]
"""What every command needs imported (no module that starts threads)."""

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(PRELOAD)


@atexit.register
def _stop_server() -> None:
    """Stop the server and wait for it, so that the CPU time of every command
    counts in this process's children (``time``, ``getrusage``)."""
    stop = getattr(multiprocessing.forkserver._forkserver, "_stop", None)
    if callable(stop):
        stop()


def _main(args: list[str], cwd: str, env: dict[str, str], out: str, err: str) -> None:
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    for fd, path, flags in ((0, os.devnull, os.O_RDONLY),
                            (1, out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                            (2, err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
        target = os.open(path, flags, 0o600)
        os.dup2(target, fd)
        os.close(target)
    sys.argv = ["subtitler", *args]
    runpy.run_module("subtitler", run_name="__main__", alter_sys=True)


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None,
        limit_s: float = 120.0) -> subprocess.CompletedProcess[str]:
    """``python -m subtitler ARGS`` in ``cwd`` with ``env`` added to the
    current environment; raises ``subprocess.TimeoutExpired`` (the process
    killed) after ``limit_s``."""
    with tempfile.TemporaryDirectory(prefix="subtitler-cli-") as folder:
        out, err = Path(folder, "stdout"), Path(folder, "stderr")
        full_env = {**os.environ, **(env or {})}
        proc = _CONTEXT.Process(target=_main, args=(args, str(cwd), full_env, str(out), str(err)))
        proc.start()
        proc.join(limit_s)
        if proc.exitcode is None:
            proc.kill()
            proc.join()
            raise subprocess.TimeoutExpired(["subtitler", *args], limit_s)
        encoding = locale.getpreferredencoding(False)
        return subprocess.CompletedProcess(
            ["subtitler", *args], proc.exitcode,
            out.read_text(encoding, errors="replace"), err.read_text(encoding, errors="replace"),
        )
