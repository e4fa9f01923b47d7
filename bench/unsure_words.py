"""Which word probability should ``subtitler review`` mark as "unsure"?

    python bench/unsure_words.py [--kinds real,synthetic] [--max-false 0.10]

Each recording with known text is subtitled by ``subtitler run``'s pipeline
(bundled tiny.en, no glossary, no script); the report's words are aligned to
the known text with the benchmarks' shared metrics (``metrics.py``: its
normaliser, British spelling as American, and its Levenshtein alignment), so
each recognised word is either right (all its tokens equal the text's) or a
recognition error (a wrong or invented word). Words the recogniser dropped
cannot carry a mark; they are counted apart.

For each threshold it prints the share of errors marked (probability below
the threshold) and of right words marked, and picks the threshold with the
largest difference between the two (Youden's J) among those marking at most
``--max-false`` of the right words, so that marks stay worth reading.

Recordings: the sample (media/statement.mp4, media/statement.txt), the JFK
recording (tests/data/jfk.wav), each also degraded the ways real recordings
are (white noise at 10 dB and 3 dB signal-to-noise, and sped up 1.3 times
with ffmpeg's ``atempo``: the clean sample gives the model too few errors to
judge by), and the evaluation corpus's recordings of the given kinds, when it
is built (``python bench/corpus.py build``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import wave
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from common import machine
from metrics import align, normalize, tokens_of_words

from subtitler.media.audio import SAMPLE_RATE, ffmpeg_exe, load_audio
from subtitler.pipeline import Pipeline, RunOptions

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


@dataclass(frozen=True)
class Recording:
    name: str
    media: Path
    text: str
    real: bool


@dataclass(frozen=True)
class Scored:
    """One recognised word: its probability and whether it is a recognition error."""

    text: str
    probability: float
    error: bool


def score(words: Sequence[tuple[str, float]], text: str) -> tuple[list[Scored], int]:
    """Each recognised word scored against ``text``, and the number of the
    text's tokens no recognised word stands for (dropped words)."""
    ref = normalize(text)
    hyp, owner = tokens_of_words([w for w, _ in words])
    right = [True] * len(words)
    dropped = 0
    for i, j in align(ref, hyp):
        if j is None:
            dropped += 1
        elif i is None or ref[i] != hyp[j]:
            right[owner[j]] = False
    scored = [Scored(w, p, not ok) for (w, p), ok in zip(words, right, strict=True)]
    return scored, dropped


def _write_wav(path: Path, samples: np.ndarray) -> Path:
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(pcm.tobytes())
    return path


def noisy(src: Path, snr_db: float, out: Path) -> Path:
    """``src`` with white noise ``snr_db`` below the speech's level (seeded)."""
    x = load_audio(src)
    loud = x[np.abs(x) > 0.02]
    level = float(np.sqrt(np.mean(loud**2))) if loud.size else 0.1
    noise = np.random.default_rng(7).standard_normal(x.size).astype(np.float32)
    return _write_wav(out, x + noise * level / (10 ** (snr_db / 20)))


def faster(src: Path, tempo: float, out: Path) -> Path:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-i", str(src),
                    "-vn", "-af", f"atempo={tempo}", "-ac", "1", "-ar", str(SAMPLE_RATE),
                    str(out)], check=True)
    return out


def degraded(rec: Recording, folder: Path) -> list[Recording]:
    stem = folder / rec.media.stem
    return [
        Recording(f"{rec.name}, noise 10 dB", noisy(rec.media, 10, Path(f"{stem}.n10.wav")),
                  rec.text, rec.real),
        Recording(f"{rec.name}, noise 3 dB", noisy(rec.media, 3, Path(f"{stem}.n3.wav")),
                  rec.text, rec.real),
        Recording(f"{rec.name}, 1.3x faster", faster(rec.media, 1.3, Path(f"{stem}.x13.wav")),
                  rec.text, rec.real),
    ]


def recordings(kinds: Iterable[str], folder: Path) -> list[Recording]:
    out = [
        Recording("sample (synthetic)", ROOT / "media" / "statement.mp4",
                  (ROOT / "media" / "statement.txt").read_text("utf-8"), real=False),
        Recording("jfk (real)", ROOT / "tests" / "data" / "jfk.wav",
                  (ROOT / "tests" / "data" / "jfk.txt").read_text("utf-8"), real=True),
    ]
    out += [d for rec in out for d in degraded(rec, folder)]
    from corpus import load  # bench/corpus.py: the evaluation corpus

    seen = {" ".join(normalize(r.text)) for r in out}
    for kind in kinds:
        texts: list[str] = []
        try:
            found = load(kind)
        except FileNotFoundError as err:
            print(f"(no corpus recordings: {err})")
            return out
        for rec in found:
            text = " ".join(normalize(rec.text))
            if text in seen or (len(texts) > 1 and text == " ".join(texts)):
                continue  # jfk.wav again, or earlier recordings joined: counted already
            texts.append(text)
            out.append(Recording(f"{rec.name} ({kind})", Path(rec.path), rec.text,
                                 real=kind == "real"))
    return out


def transcribe(rec: Recording, pipeline: Pipeline, out: Path) -> list[tuple[str, float]]:
    result = pipeline.process(rec.media, subtitles=out / f"{rec.media.stem}.srt")
    return [(r.word.bare, r.word.probability) for r in result.report.words]


def table(scored: Sequence[Scored], max_false: float) -> float:
    errors = [s for s in scored if s.error]
    right = [s for s in scored if not s.error]
    best, best_j = THRESHOLDS[0], -1.0
    print(f"{'below':>6} {'errors marked':>16} {'right words marked':>20}")
    for t in THRESHOLDS:
        caught = sum(s.probability < t for s in errors)
        false = sum(s.probability < t for s in right)
        tpr = caught / len(errors) if errors else 0.0
        fpr = false / len(right) if right else 0.0
        print(f"{t:6.2f} {caught:5}/{len(errors):<4} {tpr:5.0%} "
              f"{false:7}/{len(right):<5} {fpr:5.1%}")
        if fpr <= max_false and tpr - fpr > best_j:
            best, best_j = t, tpr - fpr
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kinds", default="real,synthetic",
                    help="corpus kinds to use (empty: none)")
    ap.add_argument("--max-false", type=float, default=0.10,
                    help="largest share of right words a threshold may mark")
    args = ap.parse_args()
    os.environ.setdefault("SUBTITLER_CACHE_DIR", tempfile.mkdtemp(prefix="bench-unsure-"))
    out = Path(tempfile.mkdtemp(prefix="bench-unsure-out-"))
    pipeline = Pipeline(RunOptions())
    print(f"machine: {machine()}; model: bundled tiny.en (faster-whisper, int8, beam 5)")
    every: list[Scored] = []
    real: list[Scored] = []
    synthetic: list[Scored] = []
    for rec in recordings([k for k in args.kinds.split(",") if k], out):
        scored, dropped = score(transcribe(rec, pipeline, out), rec.text)
        n_err = sum(s.error for s in scored)
        print(f"{rec.name}: {len(scored)} words, {n_err} recognition errors, {dropped} dropped")
        every += scored
        if rec.real:
            real += scored
        else:
            synthetic += scored
    for name, group in (("real recordings (JFK and its degraded copies, corpus 'real')", real),
                        ("synthetic recordings", synthetic)):
        if group:
            print(f"\n{name}:")
            table(group, args.max_false)
    print("\nall recordings:")
    best = table(every, args.max_false)
    print(f"\nchosen threshold (largest caught - marked, at most {args.max_false:.0%} of right "
          f"words marked): {best}")
    for name, group in (("real recordings", real), ("synthetic recordings", synthetic),
                        ("all recordings", every)):
        errors = [s for s in group if s.error]
        right = [s for s in group if not s.error]
        caught = sum(s.probability < best for s in errors)
        false = sum(s.probability < best for s in right)
        print(f"  {name}: {caught} of {len(errors)} errors marked, "
              f"{false} of {len(right)} right words marked")


if __name__ == "__main__":
    main()
