"""How long does the page wait for an edit's re-check? ``subtitler review``'s
round trip on a 500-cue file, against the bare check of the same cues.

    python bench/review_recheck.py [--cues 500] [--rounds 60] [--no-media-check]

Builds a 500-cue SRT (the sample statement's sentences, repeated, timed 3 s
a cue) and media as long (the sample's audio looped), starts the real
``subtitler review`` (uvicorn, the glossary, timing against the speech) and
sends edits over HTTP as the page does: a word typed, a one-frame nudge, a
split and the merge that undoes it, spread over the file. Each round trip is
timed from the request to the parsed reply (cues changed, every finding, the
marks, the counter). Alternating with it, in this process: ``check_document``
on the same cues with the same glossary, the check alone.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from common import machine

from subtitler.check.checker import CheckOptions, check_document
from subtitler.cues.linebreak import wrap
from subtitler.formats.srt_read import parse_text
from subtitler.formats.srt_write import compose
from subtitler.glossary.stage import term_checkers
from subtitler.media.audio import ffmpeg_exe
from subtitler.models import Cue
from subtitler.profiles import get_profile

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossaries" / "sex-work-rights.yaml"


def build(folder: Path, n: int, seconds: int | None = None) -> tuple[Path, Path]:
    text = (ROOT / "media" / "statement.txt").read_text("utf-8")
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    cues = []
    for i in range(n):
        s = sentences[i % len(sentences)]
        s = s if len(s) <= 80 else s[:80].rsplit(" ", 1)[0]
        cues.append(Cue(i * 3000 + 200, i * 3000 + 2900, wrap(s, 42, 2)))
    srt = folder / "long.srt"
    srt.write_text(compose(cues), "utf-8")
    media = folder / "long.m4a"
    seconds = n * 3 + 2 if seconds is None else seconds
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-stream_loop", "-1",
                    "-i", str(ROOT / "media" / "statement.mp4"), "-t", str(seconds), "-vn",
                    "-c:a", "aac", "-b:a", "48k", str(media)], check=True)
    return srt, media


def start(media: Path, srt: Path, media_check: bool) -> tuple[subprocess.Popen[str], str, str]:
    cmd = [sys.executable, "-m", "subtitler", "review", str(media), "--srt", str(srt),
           "-g", str(GLOSSARY), "--no-browser", "--no-config",
           *(() if media_check else ("--no-media-check",))]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        m = re.search(r"at (http://\S+)", line)
        if m:
            url = m[1]
            return proc, url.split("/?")[0], url.split("token=")[1]
    raise SystemExit("the review server did not start")


def cpu_s(pid: int) -> float:
    """CPU time (user + system) the process ``pid`` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def ops(ids: list[int], i: int) -> list[dict[str, object]]:
    cue = ids[(i * 37) % len(ids)]
    kind = i % 3
    if kind == 0:
        return [{"op": "text", "id": cue, "text": f"A word typed in round {i}\nand a second line"}]
    if kind == 1:
        return [{"op": "nudge", "id": cue, "edge": "end", "frames": 1}]
    return [{"op": "split", "id": cue, "before": "Split here,", "after": "and merged again"},
            {"op": "merge", "id": cue}]


def count_findings(state: dict[str, Any]) -> int:
    """Findings in the page's state: a list, or lists by cue id (since the
    replies send only what changed)."""
    found = state["findings"]
    if isinstance(found, list):
        return len(found)
    return sum(len(v) for v in found.values()) + len(state.get("file_findings", []))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cues", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=60)
    ap.add_argument("--no-media-check", action="store_true",
                    help="no timing check against the speech (and a 10 s media file): for "
                    "files too long to decode the audio of in a benchmark")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-review-"))
    srt, media = build(folder, args.cues, 10 if args.no_media_check else None)
    proc, base, token = start(media, srt, not args.no_media_check)
    trips: list[float] = []
    sizes: list[int] = []
    kinds: dict[str, list[float]] = {}
    bare: list[float] = []
    try:
        with httpx.Client(base_url=base, headers={"X-Review-Token": token}, timeout=30) as c:
            state = c.get("/api/state").json()
            ids = [cue["id"] for cue in state["cues"]]
            version = state["version"]
            prof = get_profile("netflix")
            options = CheckOptions(profile=prof, extra=term_checkers([GLOSSARY], "en", None))
            server_cpu, edits_cpu = cpu_s(proc.pid), 0.0
            for i in range(args.rounds):
                for op in ops(ids, i):
                    t0, c0 = time.perf_counter(), time.process_time()
                    r = c.post("/api/edit", json={"version": version, "op": op})
                    reply = r.json()
                    trips.append(time.perf_counter() - t0)
                    sizes.append(len(r.content))
                    edits_cpu += time.process_time() - c0
                    kinds.setdefault(str(op["op"]), []).append(trips[-1] * 1000)
                    assert r.status_code == 200, reply
                    version = reply["version"]
                doc = parse_text(srt.read_text("utf-8"))
                t0 = time.perf_counter()
                check_document(doc, options)
                bare.append(time.perf_counter() - t0)
            server_cpu = cpu_s(proc.pid) - server_cpu
            findings = count_findings(c.get("/api/state").json())
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    ms = sorted(t * 1000 for t in trips)
    b = statistics.median(bare) * 1000
    p95 = ms[int(0.95 * (len(ms) - 1))]
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
    print(f"{args.cues} cues, {findings} findings at the end, {len(ms)} edits over HTTP")
    print(f"reply size: median {statistics.median(sizes) / 1000:.1f} kB, "
          f"max {max(sizes) / 1000:.1f} kB")
    print(f"edit round trip: median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, "
          f"max {ms[-1]:.1f} ms")
    for kind, values in kinds.items():
        print(f"  {kind:6} median {statistics.median(values):.1f} ms ({len(values)} edits)")
    print(f"check_document alone (same cues, glossary): median {b:.1f} ms")
    print(f"round trip / bare check: {statistics.median(ms) / b:.2f}x")
    print(f"CPU per edit: server {server_cpu / len(ms) * 1000:.1f} ms, "
          f"client {edits_cpu / len(ms) * 1000:.1f} ms (what a round trip costs on an idle core)")


if __name__ == "__main__":
    main()
