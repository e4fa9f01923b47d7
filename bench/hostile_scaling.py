"""How the costs of hostile inputs grow: linear (x4 for 4x the input) or worse.

    python bench/hostile_scaling.py [--n 20000] [--repeat 3]

For each input kind, times the work on a size-n input and on a size-4n input
(alternately, best of ``--repeat``, CPU time of this process, so other jobs
on a shared machine count less), and prints the ratio: about 4 is linear,
16 quadratic. Kinds: one cue of n lines separated by blank lines (``check``
once took 22 s on 100,000), one line of n words (``check`` and its ``--fix``
count), a glossary of n entries (``glossary lint`` was quadratic), a glossary
of n regex variants. Not a timed test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from common import machine

from subtitler.check import CheckOptions, check_file
from subtitler.glossary.lint import lint_path


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def blank_separated_cue(folder: Path, n: int) -> Path:
    lines = "\n\n".join(f"line {i}" for i in range(n))
    return _write(folder, f"cue{n}.srt", f"1\n00:00:01,000 --> 00:00:09,000\n{lines}\n")


def one_long_line(folder: Path, n: int) -> Path:
    return _write(folder, f"line{n}.srt", "1\n00:00:01,000 --> 00:00:09,000\n" + "word " * n)


def literal_glossary(folder: Path, n: int) -> Path:
    rows = "".join(f"  - term: term{i}\n    source: s\n    variants: [variant{i}, other{i}]\n"
                   for i in range(n))
    return _write(folder, f"lit{n}.yaml", "entries:\n" + rows)


def regex_glossary(folder: Path, n: int) -> Path:
    rows = "".join(f"  - term: term{i}\n    source: s\n    variants: [{{regex: 'vari{i}\\w*'}}]\n"
                   for i in range(n))
    return _write(folder, f"re{n}.yaml", "entries:\n" + rows)


def cpu_s(work: Callable[[], object]) -> float:
    t0 = time.process_time()
    work()
    return time.process_time() - t0


KINDS: list[tuple[str, Callable[[Path, int], Path], Callable[[Path], object], int]] = [
    ("check: one cue, n lines between blank lines", blank_separated_cue,
     lambda p: check_file(p, CheckOptions()), 5),
    ("check: one line of n words", one_long_line, lambda p: check_file(p, CheckOptions()), 20),
    ("glossary lint: n entries, 2 variants each", literal_glossary, lint_path, 1),
    ("glossary lint: n regex variants", regex_glossary, lint_path, 1),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="the smaller size (default 5000)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f} at start")
    print("| input | n | CPU s at n | CPU s at 4n | ratio (4 = linear, 16 = quadratic) |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for label, make, work, scale in KINDS:
            n = args.n * scale
            small, large = make(folder, n), make(folder, 4 * n)
            best = {small: float("inf"), large: float("inf")}
            for _ in range(args.repeat):
                for path in (small, large):  # alternately: load changes hit both
                    best[path] = min(best[path], cpu_s(partial(work, path)))
            ratio = best[large] / best[small] if best[small] > 0 else float("nan")
            print(f"| {label} | {n:,} | {best[small]:.2f} | {best[large]:.2f} | {ratio:.1f} |")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
