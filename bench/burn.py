"""Burn-in speed: `subtitler burn` as a ratio of the video's duration, against
a bare ffmpeg re-encode with the same x264 settings and no subtitles (the
peer), alternating, in one run.

    python bench/burn.py [--reps 3] [--seconds 20]

Videos: the sample (640x360, 5 fps) and a 1080p 25 fps test picture with a
tone (made with ffmpeg), each with subtitles on screen most of the time.
Both sides are timed as whole processes (Python start-up and imports in
`subtitler burn`'s case).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import machine, median, python, timed

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from subtitler.formats.srt_write import compose  # noqa: E402
from subtitler.media.audio import ffmpeg_exe  # noqa: E402
from subtitler.media.video import video_info  # noqa: E402
from subtitler.models import Cue  # noqa: E402


def hd_clip(folder: Path, seconds: int) -> Path:
    path = folder / "hd.mp4"
    subprocess.run([ffmpeg_exe(), "-nostdin", "-y", "-loglevel", "error",
                    "-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=25:duration={seconds}",
                    "-f", "lavfi", "-i", f"sine=frequency=300:duration={seconds}",
                    "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-shortest", str(path)], check=True)
    return path


def cues_for(duration_s: float) -> str:
    """A two-line cue every 3 s, shown 2.5 s of each 3."""
    cues = [Cue(t * 1000, t * 1000 + 2500, ("Sex workers' rights are human rights,",
                                             "and we will not be silenced."))
            for t in range(0, int(duration_s) - 3, 3)]
    return compose(cues)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=20, help="length of the 1080p clip")
    ap.add_argument("--preset", default="veryfast", help="x264 preset for both sides")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-burn-"))
    videos = {"sample 640x360 5 fps": ROOT / "media" / "statement.mp4",
              "1080p 25 fps": hd_clip(work, args.seconds)}
    print(f"machine: {machine()}; x264 preset {args.preset}; "
          f"load average before: {os.getloadavg()}")
    print("| video | duration | subtitler burn, median s | x of duration | bare ffmpeg "
          "re-encode, median s | x of duration | burn / re-encode |")
    print("|---|---|---|---|---|---|---|")
    for label, video in videos.items():
        duration = video_info(video).duration_s or 1.0
        subs = work / f"{video.stem}.srt"
        subs.write_text(cues_for(duration), "utf-8")
        burn = [python(), "-m", "subtitler", "burn", str(video), "--srt", str(subs),
                "-o", str(work / "burned.mp4"), "--force", "-q", "--preset", args.preset]
        bare = [ffmpeg_exe(), "-nostdin", "-y", "-loglevel", "error", "-i", str(video),
                "-map", "0:v:0", "-map", "0:a?", "-c:v", "libx264", "-preset", args.preset,
                "-crf", "20", "-pix_fmt", "yuv420p", "-c:a", "copy", "-movflags", "+faststart",
                str(work / "bare.mp4")]
        times: dict[str, list[float]] = {"burn": [], "bare": []}
        for i in range(args.reps):
            for name, cmd in (("burn", burn), ("bare", bare))[:: 1 if i % 2 == 0 else -1]:
                times[name].append(timed(cmd).wall_s)
        b, r = median(times["burn"]), median(times["bare"])
        print(f"| {label} | {duration:.1f} s | {b:.2f} ({min(times['burn']):.2f}-"
              f"{max(times['burn']):.2f}) | {b / duration:.3f} | {r:.2f} | {r / duration:.3f} "
              f"| {b / r:.2f} |")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
