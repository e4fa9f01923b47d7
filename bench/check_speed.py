"""How long ``subtitler check`` takes on a 10,000-cue SRT file.

    python bench/check_speed.py [--cues 10000] [--repeat 5]

Builds a realistic file (two-line cues, 1-4 s each, some overlaps, fast cues,
bad line breaks, markup and repeated text), then times reading + all rules
(``check_file``), and ``--fix`` (``fix_document``), best of ``--repeat`` runs.
Not a timed test: the figure depends on the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from subtitler.check import CheckOptions, check_file
from subtitler.check.fix import fix_document
from subtitler.cues.linebreak import wrap
from subtitler.formats.srt_read import read_srt
from subtitler.formats.srt_write import compose
from subtitler.models import Cue

WORDS = (
    "the budget committee has approved a new plan for schools and hospitals in every "
    "region while members of the council asked about the costs of energy and the future "
    "of public transport we will publish the report next week"
).split()


def make_cues(n: int, seed: int = 7) -> list[Cue]:
    """Cues as a subtitle tool writes them (wrapped lines, about 15 cps, gaps),
    with about 2% of cues given each kind of defect."""
    rng = random.Random(seed)
    cues: list[Cue] = []
    t = 0
    for _ in range(n):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 13)))
        lines = list(wrap(text.capitalize() + ".", 42, 2))
        chars = sum(len(x) for x in lines)
        length = max(900, int(chars * 1000 / rng.uniform(11, 17)))
        t += rng.randint(90, 900)
        kind = rng.randrange(50)
        if kind == 0 and cues:  # overlap
            t -= rng.randint(100, 400)
        elif kind == 1:  # too fast
            length = max(300, length // 3)
        elif kind == 2 and len(lines) == 1 and " the " in lines[0]:  # bad break
            left, right = lines[0].split(" the ", 1)
            lines = [left + " the", right]
        elif kind == 3 and cues:  # a loop
            lines = list(cues[-1].lines)
        elif kind == 4:
            lines[0] = "<i>" + lines[0]
        cues.append(Cue(t, t + length, tuple(lines)))
        t += length
    return cues


def stress_cues(n: int, seed: int = 7) -> list[Cue]:
    """Random words, random timing: about every second cue breaks a rule."""
    rng = random.Random(seed)
    cues: list[Cue] = []
    t = 0
    for _ in range(n):
        t += rng.randint(50, 600)
        length = rng.randint(700, 4000)
        text = rng.sample(WORDS, rng.randint(3, 14))
        cut = len(text) // 2
        lines = tuple(x for x in (" ".join(text[:cut]), " ".join(text[cut:])) if x)
        cues.append(Cue(t, t + length, lines))
        t += length - rng.randint(0, 300)
    return cues


def best_of(repeat: int, fn: Callable[[], object]) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of ``repeat`` runs (CPU time is
    what this process used: less affected by other jobs on a shared machine)."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def ms(t: tuple[float, float]) -> str:
    return f"{t[0] * 1000:.0f} ms wall / {t[1] * 1000:.0f} ms CPU"


def measure(label: str, cues: list[Cue], repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.srt"
        path.write_text(compose(cues, validate=False), encoding="utf-8")
        options = CheckOptions()
        report = check_file(path, options)
        doc = read_srt(path)
        check_s = best_of(repeat, lambda: check_file(path, options))
        read_s = best_of(repeat, lambda: read_srt(path))
        fix_s = best_of(max(1, repeat // 2), lambda: fix_document(doc, options.profile))
        size = path.stat().st_size
    print(f"{label}: {len(cues)} cues, {size / 1e6:.2f} MB, {len(report.findings)} findings")
    print(f"  check (read + all rules): {ms(check_s)} (best of {repeat})")
    print(f"    of which reading: {ms(read_s)}")
    print(f"  fix: {ms(fix_s)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--cues", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, load average {load:.1f}")
    measure("realistic file", make_cues(args.cues), args.repeat)
    measure("stress file", stress_cues(args.cues), args.repeat)


if __name__ == "__main__":
    main()
