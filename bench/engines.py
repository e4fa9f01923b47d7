"""Engine benchmark: one command, alternating runs, medians.

    python bench/engines.py [--media media/statement.mp4] [--text media/statement.txt]
                            [--runs 3] [--beam-size 5] [--threads 2] [--out table.md]
                            [--passive-omp]

Times four ways of subtitling the same media, each a separate process, in
rotating order within each round (so load drifts hit all alike):

  (a) ``subtitler run --engine faster-whisper``  (our pipeline, int8)
  (b) ``subtitler run --engine openai-whisper``  (our pipeline, PyTorch fp32)
  (c) openai-whisper's own CLI: ``whisper MEDIA --model <converted tiny.en .pt>
      --word_timestamps True --output_format srt`` (its defaults otherwise)
  (d) a bare faster-whisper transcription (VAD + word timestamps), no pipeline

All use the bundled tiny.en weights, the same beam size and all the cores:
(c) and (d) get ``--threads`` (default: the cores), subtitler shares them out
its own way (one chunk worker per core,
docs/engines.md#speed-one-file-on-every-core); the transcript cache is off.
Reports the median wall time (min-max), real-time factor, peak memory
(``wait4`` rusage of the process tree), ratios to (c),
the word error rate against the known text (normaliser:
``whisper.normalizers.EnglishTextNormalizer``, then word-level Levenshtein),
and how many cues of each SRT break the default profile (``rules.check_cues``,
cues with at least one error finding).

(b) sets ``OMP_WAIT_POLICY=PASSIVE`` itself (the adapter does, unless set);
(c) runs with OpenMP's default spin-waiting, which costs it much more on a
loaded machine. ``--passive-omp`` sets PASSIVE for every variant, for a
like-for-like comparison of the engines.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from common import machine, timed, versions, word_errors

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ("a", "b", "c", "d")
LABELS = {
    "a": "(a) subtitler run, faster-whisper",
    "b": "(b) subtitler run, openai-whisper",
    "c": "(c) whisper CLI (openai-whisper)",
    "d": "(d) bare faster-whisper",
}


@dataclass(frozen=True)
class Sample:
    wall_s: float
    peak_mib: float
    out: Path


def _argv(v: str, a: argparse.Namespace, out: Path, pt: Path) -> list[str]:
    py, media = sys.executable, str(a.media)
    # subtitler shares the cores out its own way (one chunk worker per core)
    common = ["-o", str(out), "--no-cache", "-q", "--beam-size", str(a.beam_size)]
    if v in ("a", "b"):
        engine = "faster-whisper" if v == "a" else "openai-whisper"
        return [py, "-m", "subtitler", "run", media, "--engine", engine, *common]
    if v == "c":
        return [py, "-m", "whisper", media, "--model", str(pt), "--word_timestamps", "True",
                "--output_format", "srt", "--output_dir", str(out), "--beam_size",
                str(a.beam_size), "--threads", str(a.threads), "--fp16", "False",
                "--verbose", "False"]
    return [py, __file__, "--bare", media, str(out / "bare.txt"), str(a.beam_size),
            str(a.threads)]


def _measure(argv: list[str], out: Path, env: dict[str, str]) -> Sample:
    out.mkdir(parents=True, exist_ok=True)
    run = timed(argv, env, log=out / "stderr.txt", cwd=ROOT)
    return Sample(run.wall_s, run.peak_mib, out)


def _srt(out: Path) -> Path | None:
    found = sorted(out.glob("*.srt"))
    return found[0] if found else None


def _text(out: Path) -> str:
    srt_path = _srt(out)
    if srt_path is None:
        return (out / "bare.txt").read_text("utf-8")
    from subtitler.formats.srt_read import read_srt

    return " ".join(c.text for c in read_srt(srt_path).cues)


def _cue_check(out: Path) -> tuple[int, int]:
    """(cues, cues with an error finding under the default profile)."""
    srt_path = _srt(out)
    if srt_path is None:
        return 0, 0
    from subtitler import rules
    from subtitler.formats.srt_read import read_srt
    from subtitler.models import Severity
    from subtitler.profiles import get_profile

    cues = read_srt(srt_path).cues
    findings = rules.check_cues(cues, get_profile("netflix"))
    bad = {f.cue for f in findings if f.severity is Severity.ERROR and f.cue is not None}
    return len(cues), len(bad)


def _env(tmp: Path, passive_omp: bool) -> dict[str, str]:
    """PATH with an ``ffmpeg`` (whisper's CLI runs ``ffmpeg`` from PATH)."""
    from subtitler.media.audio import ffmpeg_exe

    bindir = tmp / "bin"
    bindir.mkdir(exist_ok=True)
    if not (bindir / "ffmpeg").exists():
        (bindir / "ffmpeg").symlink_to(ffmpeg_exe())
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}
    if passive_omp:
        env["OMP_WAIT_POLICY"] = "PASSIVE"
    return env


def _machine(a: argparse.Namespace, loads: list[float]) -> str:
    pkgs = versions("faster-whisper", "ctranslate2", "openai-whisper", "torch")
    return (f"Machine: {machine()}; {pkgs}. Runs: {a.runs} per variant, "
            f"alternating; beam {a.beam_size}; {a.threads} threads for (c) and (d); "
            f"OMP_WAIT_POLICY for (c): "
            f"{'PASSIVE' if a.passive_omp else os.environ.get('OMP_WAIT_POLICY', 'default')}; "
            f"load average during "
            f"the runs {min(loads):.1f}-{max(loads):.1f}.")


def _table(a: argparse.Namespace, results: dict[str, list[Sample]], audio_s: float) -> str:
    reference = a.text.read_text("utf-8")
    med = {v: statistics.median(s.wall_s for s in results[v]) for v in VARIANTS}
    mem = {v: statistics.median(s.peak_mib for s in results[v]) for v in VARIANTS}
    rows = ["| | wall s, median (min-max) | RTF | peak MiB | wall vs (c) | memory vs (c) "
            "| WER | cues | cues breaking default profile |", "|---" * 9 + "|"]
    for v in VARIANTS:
        walls = [s.wall_s for s in results[v]]
        last = results[v][-1].out
        cues, bad = _cue_check(last)
        cue_cells = f"{cues} | {bad}" if cues else "- | -"
        wer = word_errors(reference, _text(last))[0]
        rows.append(
            f"| {LABELS[v]} | {med[v]:.1f} ({min(walls):.1f}-{max(walls):.1f}) "
            f"| {med[v] / audio_s:.3f} | {mem[v]:.0f} | {med[v] / med['c']:.2f}x "
            f"| {mem[v] / mem['c']:.2f}x | {wer:.1%} | {cue_cells} |"
        )
    return "\n".join(rows)


def _bare(media: str, out: str, beam: int, threads: int) -> None:
    from faster_whisper import WhisperModel

    from subtitler.engines.bundled import tiny_en_path

    model = WhisperModel(str(tiny_en_path()), device="cpu", compute_type="int8",
                         cpu_threads=threads)
    segments, _ = model.transcribe(media, beam_size=beam, word_timestamps=True, vad_filter=True)
    Path(out).write_text("".join(s.text for s in segments), "utf-8")


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--bare":
        _bare(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
        return
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--media", type=Path, default=ROOT / "media" / "statement.mp4")
    p.add_argument("--text", type=Path, default=ROOT / "media" / "statement.txt")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--beam-size", type=int, default=5)
    p.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    p.add_argument("--out", type=Path, help="also write the table (markdown) here")
    p.add_argument("--passive-omp", action="store_true",
                   help="OMP_WAIT_POLICY=PASSIVE for every variant, (c) included")
    a = p.parse_args()
    from subtitler.engines.bundled import tiny_en_path
    from subtitler.engines.convert import converted_checkpoint
    from subtitler.media.audio import load_audio

    audio_s = load_audio(a.media).size / 16000
    pt = converted_checkpoint(Path(str(tiny_en_path())))  # convert once, outside timing
    results: dict[str, list[Sample]] = {v: [] for v in VARIANTS}
    loads: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-engines-") as tmp:
        env = _env(Path(tmp), a.passive_omp)
        for r in range(a.runs):
            for v in VARIANTS[r % 4:] + VARIANTS[: r % 4]:
                loads.append(os.getloadavg()[0])
                s = _measure(_argv(v, a, Path(tmp) / f"{v}{r}", pt), Path(tmp) / f"{v}{r}", env)
                results[v].append(s)
                print(f"round {r + 1} {LABELS[v]}: {s.wall_s:.1f} s, {s.peak_mib:.0f} MiB",
                      file=sys.stderr, flush=True)
        text = (f"Media: {a.media.name}, {audio_s:.1f} s.\n\n{_table(a, results, audio_s)}\n\n"
                f"{_machine(a, loads)}\n")
    print(text)
    if a.out:
        a.out.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
