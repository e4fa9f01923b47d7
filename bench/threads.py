"""Engine only: how to spend the cores on one file. The measurements behind
the defaults (workers, threads, chunk length, beam).

    python bench/threads.py [--what threads|chunks|beams|openai|all] [--rounds 3]
                            [--media media/statement.mp4 --text media/statement.txt]
                            [--repeat 7] [--out table.md]

The model is loaded once per configuration, outside the timing; the audio
is decoded once. Each round runs every configuration once, in rotating
order (so load drifts hit all alike); the table gives the median wall time
(min-max), the median CPU time of the process (worker processes included),
the words and the word error rate against the known text. ``--repeat N``
adds the media repeated N times (the 10-minute file of bench/speed.py).

Configurations (``n`` = this machine's cores):

- threads: ``today`` (faster-whisper's own whole-file transcription with
  VAD, ``cpu_threads=n``); whole file with 1 thread; chunks of 30 s with
  1 worker x n threads, n workers x 1 thread (the default), n workers x n
  threads (oversubscribed); n worker *processes* x 1 thread, each with its
  own model; ``BatchedInferencePipeline`` (batch 8) with n threads.
- chunks: n workers x 1 thread with chunks of 10, 15, 20, 25, 30 and 45 s.
- beams: n workers x 1 thread, 30 s chunks, beam 1, 2, 3 and 5; with the
  longest run of reference words missing (speech skipped).
- openai: the openai-whisper engine (chunks one after another: its model
  cannot decode two at once) with 1 and n torch threads.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORES = len(os.sched_getaffinity(0))

from common import machine, word_errors  # noqa: E402

from subtitler.engines import DecodeOptions, chunks, get_engine  # noqa: E402
from subtitler.engines.bundled import tiny_en_path  # noqa: E402
from subtitler.media.audio import SAMPLE_RATE, Samples, ffmpeg_exe, load_audio  # noqa: E402

Run = Callable[[Samples], list[str]]
"""Transcribes; returns the words."""


@dataclass
class Config:
    label: str
    make: Callable[[], Run]
    run: Run | None = None
    walls: dict[str, list[float]] = field(default_factory=dict)
    cpus: dict[str, list[float]] = field(default_factory=dict)
    words: dict[str, list[str]] = field(default_factory=dict)


def _model(threads: int, workers: int = 1) -> Any:
    from faster_whisper import WhisperModel

    return WhisperModel(str(tiny_en_path()), device="cpu", compute_type="int8",
                        cpu_threads=threads, num_workers=workers)


def today(threads: int) -> Run:
    model = _model(threads)

    def run(samples: Samples) -> list[str]:
        segments, _ = model.transcribe(samples, language="en", beam_size=5, word_timestamps=True,
                                       vad_filter=True, condition_on_previous_text=False)
        return [w.word for s in segments for w in s.words or ()]

    return run


def ours(workers: int, threads: int, chunk_s: int = 30, beam: int = 5) -> Run:
    engine = get_engine("faster-whisper", "tiny.en", threads, workers)
    engine.load()
    options = DecodeOptions(language="en", beam_size=beam, chunk_s=chunk_s, detect=False)
    return lambda samples: [w.text for w in engine.transcribe(samples, options).words]


def openai(threads: int) -> Run:
    engine = get_engine("openai-whisper", "tiny.en", threads, 1)
    options = DecodeOptions(language="en", detect=False)
    return lambda samples: [w.text for w in engine.transcribe(samples, options).words]


def batched(threads: int, batch_size: int = 8) -> Run:
    from faster_whisper import BatchedInferencePipeline

    pipe = BatchedInferencePipeline(_model(threads))

    def run(samples: Samples) -> list[str]:
        segments, _ = pipe.transcribe(samples, language="en", beam_size=5, word_timestamps=True,
                                      vad_filter=True, condition_on_previous_text=False,
                                      batch_size=batch_size)
        return [w.word for s in segments for w in s.words or ()]

    return run


_PROC_MODEL: Any = None


def _proc_init() -> None:
    global _PROC_MODEL
    _PROC_MODEL = _model(1)


def _proc_chunk(audio: Samples, parts: tuple[tuple[int, int], ...]) -> list[tuple[str, int]]:
    segments, _ = _PROC_MODEL.transcribe(audio, language="en", beam_size=5,
                                         word_timestamps=True, vad_filter=False,
                                         condition_on_previous_text=False)
    return [(w.word, round(w.start * 1000)) for s in segments for w in s.words or ()]


def processes(n: int) -> Run:
    """n processes, each with its own model (n copies in memory)."""
    pool = ProcessPoolExecutor(n, mp_context=get_context("spawn"), initializer=_proc_init)
    list(pool.map(time.sleep, [0.5] * n))  # start and load every worker

    def run(samples: Samples) -> list[str]:
        plan = chunks.plan(samples, vad=True, chunk_ms=30_000)
        order = sorted(range(len(plan)), key=lambda i: -plan[i].speech_ms)
        futures = {i: pool.submit(_proc_chunk, chunks.join(samples, plan[i]),
                                  tuple((p.start_ms, p.end_ms) for p in plan[i].parts))
                   for i in order}
        return [w for i in range(len(plan)) for w, _ in futures[i].result()]

    run.pool = pool  # type: ignore[attr-defined]
    return run


def configs(what: str) -> list[Config]:
    n = CORES
    out: list[Config] = []
    if what in ("threads", "all"):
        out += [
            Config(f"today: whole file, faster-whisper VAD, {n} threads", lambda: today(n)),
            Config("whole file, 1 thread", lambda: today(1)),
            Config(f"30 s chunks, 1 worker x {n} threads", lambda: ours(1, n)),
            Config(f"30 s chunks, {n} workers x 1 thread", lambda: ours(n, 1)),
            Config(f"30 s chunks, {n} workers x {n} threads", lambda: ours(n, n)),
            Config(f"30 s chunks, {n} processes x 1 thread", lambda: processes(n)),
            Config(f"BatchedInferencePipeline, batch 8, {n} threads", lambda: batched(n)),
        ]
    if what in ("chunks", "all"):
        out += [Config(f"{s} s chunks, {n} workers x 1 thread", partial(ours, n, 1, s))
                for s in (10, 15, 20, 25, 30, 45)]
    if what in ("openai", "all"):
        out += [Config(f"openai-whisper, 30 s chunks, {t} torch threads", partial(openai, t))
                for t in sorted({1, n})]
    if what in ("beams", "all"):
        out += [Config(f"beam {b}, 30 s chunks, {n} workers x 1 thread",
                       partial(ours, n, 1, 30, b)) for b in (1, 2, 3, 5)]
    return out


def _children_cpu(config: Config) -> float:
    pool = getattr(config.run, "pool", None)
    if pool is None:
        return 0.0
    total = 0.0
    for pid in list(getattr(pool, "_processes", {})):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def measure(config: Config, name: str, samples: Samples) -> None:
    if config.run is None:
        config.run = config.make()
    c0, k0 = time.process_time(), _children_cpu(config)
    t0 = time.perf_counter()
    words = config.run(samples)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0 + _children_cpu(config) - k0
    config.walls.setdefault(name, []).append(wall)
    config.cpus.setdefault(name, []).append(cpu)
    config.words[name] = words
    print(f"  {config.label} on {name}: {wall:.2f} s wall, {cpu:.2f} s CPU, {len(words)} words",
          file=sys.stderr, flush=True)


def table(cfgs: list[Config], media: dict[str, tuple[Samples, str]], base: str) -> str:
    rows = ["| configuration | media | wall s, median (min-max) | CPU s | wall vs today "
            "| words | WER | longest skip (words) |", "|---" * 8 + "|"]
    for name, (_, text) in media.items():
        ref_wall = statistics.median(cfgs[0].walls[name]) if base == "today" else None
        for c in cfgs:
            walls = c.walls[name]
            med = statistics.median(walls)
            wer, gap = word_errors(text, "".join(c.words[name]))
            ratio = f"{med / ref_wall:.2f}x" if ref_wall else "-"
            rows.append(f"| {c.label} | {name} | {med:.2f} ({min(walls):.2f}-{max(walls):.2f}) "
                        f"| {statistics.median(c.cpus[name]):.2f} | {ratio} | {len(c.words[name])} "
                        f"| {wer:.1%} | {gap} |")
    return "\n".join(rows)


def repeated(media: Path, times: int, folder: Path) -> Path:
    import subprocess

    out = folder / f"repeated{times}{media.suffix}"
    subprocess.run([ffmpeg_exe(), "-nostdin", "-y", "-loglevel", "error", "-stream_loop",
                    str(times - 1), "-i", str(media), "-c", "copy", str(out)], check=True)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--what", choices=("threads", "chunks", "beams", "openai", "all"),
                   default="threads")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--media", type=Path, default=ROOT / "media" / "statement.mp4")
    p.add_argument("--text", type=Path, default=ROOT / "media" / "statement.txt")
    p.add_argument("--repeat", type=int, default=0, help="also the media repeated N times")
    p.add_argument("--out", type=Path)
    a = p.parse_args()
    text = a.text.read_text("utf-8")
    media = {a.media.name: (load_audio(a.media), text)}
    with tempfile.TemporaryDirectory() as tmp:
        if a.repeat > 1:
            long = repeated(a.media, a.repeat, Path(tmp))
            media[f"{a.media.stem} x{a.repeat}"] = (load_audio(long), (text + " ") * a.repeat)
    cfgs = configs(a.what)
    loads = [os.getloadavg()[0]]
    for r in range(a.rounds):
        for c in cfgs[r % len(cfgs):] + cfgs[: r % len(cfgs)]:
            for name, (samples, _) in media.items():
                measure(c, name, samples)
        loads.append(os.getloadavg()[0])
    for c in cfgs:
        pool = getattr(c.run, "pool", None)
        if pool is not None:
            pool.shutdown()
    seconds = ", ".join(f"{k}: {v[0].size / SAMPLE_RATE:.0f} s" for k, v in media.items())
    out = (f"{table(cfgs, media, 'today' if a.what in ('threads', 'all') else '')}\n\n"
           f"Machine: {machine()}. Media: {seconds}. {a.rounds} rounds, rotating order; "
           f"load average (1 min) {min(loads):.1f}-{max(loads):.1f} during the runs.\n")
    print(out)
    if a.out:
        a.out.write_text(out, "utf-8")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
