"""Shared helpers for the benchmarks: timing whole processes, medians, machine."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sample:
    wall_s: float
    peak_mib: float
    cpu_s: float = 0.0
    """User + system time of the process."""


def timed(
    cmd: list[str],
    env: dict[str, str] | None = None,
    *,
    log: Path | None = None,
    cwd: Path | None = None,
) -> Sample:
    """Run ``cmd`` to completion: its wall time, peak resident memory and CPU
    time. Its stderr goes to ``log`` (default: a temporary file); a failure
    (any exit code but 0, or 3: subtitles written with error findings) ends
    the benchmark with the command and the end of its stderr."""
    with open(log, "w+b") if log is not None else tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 3):
            err.seek(0)
            tail = err.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"failed ({code}): {' '.join(cmd)}\n{tail}")
    return Sample(wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    """The CPU, its cores, memory and Python: every benchmark names its machine."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            names = [ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0))
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{cores} cores ({cpu}), {mem:.0f} GiB, no GPU, Python {platform.python_version()}, "
            f"{platform.system()}")


def versions(*packages: str) -> str:
    """``faster-whisper 1.2.1, torch 2.13.0+cpu``: the installed versions."""
    import importlib.metadata as md

    return ", ".join(f"{p} {md.version(p)}" for p in packages)


def python() -> str:
    return sys.executable


def word_errors(reference: str, hypothesis: str) -> tuple[float, int]:
    """Word error rate after Whisper's English normaliser, and the longest run
    of reference words the hypothesis misses (speech skipped): a word-level
    Levenshtein alignment (difflib misaligns repeated text)."""
    from whisper.normalizers import EnglishTextNormalizer

    norm = EnglishTextNormalizer()
    ref, hyp = norm(reference).split(), norm(hypothesis).split()
    n, m = len(ref), len(hyp)
    cost = [list(range(m + 1))]
    for i in range(1, n + 1):
        prev, row = cost[-1], [i] + [0] * m
        for j in range(1, m + 1):
            row[j] = min(prev[j - 1] + (ref[i - 1] != hyp[j - 1]), prev[j] + 1, row[j - 1] + 1)
        cost.append(row)
    i, j, run, longest = n, m, 0, 0
    while i > 0 or j > 0:
        if i and j and cost[i][j] == cost[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            i, j, run = i - 1, j - 1, 0
        elif i and cost[i][j] == cost[i - 1][j] + 1:
            i, run = i - 1, run + 1
            longest = max(longest, run)
        else:
            j -= 1
    return cost[n][m] / max(1, n), longest
