"""Batch vs separate runs: ten copies of the sample, subtitled by ten
`subtitler run` processes one after another, by one `subtitler batch`
(in-process, the model loaded once), and by `subtitler batch --jobs 2`,
in one run.

    python bench/batch.py [MEDIA] [--copies 10] [--seconds S]

Every command runs with --no-cache, so each file is really transcribed;
wall times are of whole processes (imports, model loads, decoding included).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from common import Sample, machine, python, timed

ROOT = Path(__file__).resolve().parent.parent


def make_copies(media: Path, folder: Path, copies: int, seconds: float | None) -> list[Path]:
    folder.mkdir(parents=True)
    first = folder / f"statement00{media.suffix}"
    if seconds is None:
        shutil.copyfile(media, first)
    else:
        from subtitler.media.audio import ffmpeg_exe

        cmd = [ffmpeg_exe(), "-nostdin", "-y", "-loglevel", "error", "-i", str(media),
               "-t", str(seconds), "-c", "copy", str(first)]
        subprocess.run(cmd, check=True)
    paths = [first]
    for i in range(1, copies):
        paths.append(folder / f"statement{i:02d}{media.suffix}")
        shutil.copyfile(first, paths[-1])
    return paths


def separate_runs(paths: list[Path], out: Path) -> Sample:
    walls, peak = 0.0, 0.0
    for path in paths:
        s = timed([python(), "-m", "subtitler", "run", str(path), "-o", str(out), "-q",
                   "--no-cache", "--force"])
        walls += s.wall_s
        peak = max(peak, s.peak_mib)
    return Sample(walls, peak)


def batch(folder: Path, out: Path, jobs: int) -> Sample:
    return timed([python(), "-m", "subtitler", "batch", str(folder), "-o", str(out), "-q",
                  "--no-cache", "--force", "--jobs", str(jobs)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("media", nargs="?", default=str(ROOT / "media" / "statement.mp4"))
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--seconds", type=float, help="cut each copy to this length first")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        paths = make_copies(Path(args.media), work / "videos", args.copies, args.seconds)
        timed([python(), "-m", "subtitler", "run", str(paths[0]), "-o", str(work / "warm"),
               "-q", "--no-cache"])  # warm the file cache and the model file once
        results = {
            f"{args.copies} x subtitler run": separate_runs(paths, work / "runs"),
            "subtitler batch": batch(work / "videos", work / "batch1", 1),
            "subtitler batch --jobs 2": batch(work / "videos", work / "batch2", 2),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = next(iter(results.values())).wall_s
    length = f"{args.seconds:g} s cuts of " if args.seconds else ""
    print(f"machine: {machine()}; media: {args.copies} copies of {length}{args.media}")
    print(f"{'':26} {'wall s':>8} {'peak MiB':>9} {'speed-up':>9}")
    for name, s in results.items():
        print(f"{name:26} {s.wall_s:8.1f} {s.peak_mib:9.0f} {base / s.wall_s:8.2f}x")


if __name__ == "__main__":
    main()
