"""Quality of chunked transcription against the whole file, on every
recording we have: word error rate, sentence onset error, skipped speech.

    python bench/chunk_quality.py [--variants today,chunks30] [--kind KIND]
                                  [--only GLOB] [--out table.md]

Recordings: ``media/statement.mp4`` and ``tests/data/jfk.wav`` (text
known), and, when the evaluation corpus is built (``python bench/corpus.py
build``; its loader is ``bench/corpus.py``), every corpus recording, with
the known onset of each sentence.

Variants (engine only, the bundled tiny.en, language en, beam 5 unless
said, the transcript cache not involved):

- ``today``: faster-whisper's own whole-file transcription with its VAD
  (``vad_filter=True``), as subtitler transcribed before chunking;
- ``whole``: subtitler's engine with ``chunk_s=0`` (one chunk);
- ``chunksN``: subtitler's engine with ``chunk_s=N`` (the default is 30);
- ``beamB``: 30 s chunks with beam size B.

Words do not depend on the number of workers (tests/test_parallel.py), so
every subtitler variant runs with one worker per core.

Reported per variant: pooled WER (all errors / all reference words, after
the corpus normaliser), the median of the recordings' WERs, the recordings
whose WER is more than 2 points worse than ``today``'s, the median and 90th
percentile of |first word start - sentence onset| over the sentences whose
first word was heard right, the longest run of reference words missing,
and the CPU time.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from common import machine  # noqa: E402

from subtitler.engines import DecodeOptions, get_engine  # noqa: E402
from subtitler.engines.bundled import tiny_en_path  # noqa: E402
from subtitler.media.audio import load_audio  # noqa: E402

TimedWords = list[tuple[str, float]]
"""(word, start seconds)."""


@dataclass(frozen=True)
class Rec:
    name: str
    path: Path
    text: str
    corpus: Any = None
    """The corpus ``Recording`` (sentence onsets), if from the corpus."""


@dataclass
class Result:
    wer: dict[str, float] = field(default_factory=dict)
    errors: int = 0
    ref_words: int = 0
    onsets: list[float] = field(default_factory=list)
    skip: dict[str, int] = field(default_factory=dict)
    cpu_s: float = 0.0


def recordings(kinds: str | None, only: str | None) -> list[Rec]:
    out = [
        Rec("statement", ROOT / "media" / "statement.mp4",
            (ROOT / "media" / "statement.txt").read_text("utf-8")),
        Rec("jfk", ROOT / "tests" / "data" / "jfk.wav",
            (ROOT / "tests" / "data" / "jfk.txt").read_text("utf-8")),
    ]
    try:
        import corpus
    except ImportError:
        print("no bench/corpus.py: the sample and jfk only", file=sys.stderr)
    else:
        try:
            wanted = set(kinds.split(",")) if kinds else None
            out += [Rec(r.name, r.path, r.text, r) for r in corpus.load()
                    if wanted is None or r.kind in wanted]
        except FileNotFoundError as err:
            print(f"{err}: the sample and jfk only", file=sys.stderr)
    return [r for r in out if only is None or fnmatch.fnmatch(r.name, only)]


def _today() -> Callable[[np.ndarray], TimedWords]:
    from faster_whisper import WhisperModel

    model = WhisperModel(str(tiny_en_path()), device="cpu", compute_type="int8",
                         cpu_threads=len(os.sched_getaffinity(0)))

    def run(samples: np.ndarray) -> TimedWords:
        segments, _ = model.transcribe(samples, language="en", beam_size=5, word_timestamps=True,
                                       vad_filter=True, condition_on_previous_text=False)
        return [(w.word, float(w.start)) for s in segments for w in s.words or ()]

    return run


def _ours(chunk_s: int, beam: int = 5) -> Callable[[np.ndarray], TimedWords]:
    engine = get_engine("faster-whisper", "tiny.en", 1, len(os.sched_getaffinity(0)))
    options = DecodeOptions(language="en", beam_size=beam, chunk_s=chunk_s, detect=False)

    def run(samples: np.ndarray) -> TimedWords:
        return [(w.text, w.start_ms / 1000) for w in engine.transcribe(samples, options).words]

    return run


def variant(name: str) -> Callable[[np.ndarray], TimedWords]:
    if name == "today":
        return _today()
    if name == "whole":
        return _ours(0)
    if name.startswith("chunks"):
        return _ours(int(name.removeprefix("chunks")))
    if name.startswith("beam"):
        return _ours(30, int(name.removeprefix("beam")))
    raise SystemExit(f"unknown variant {name!r}")


Pairs = list[tuple[int | None, int | None]]


def _tokens_and_pairs(reference: str, hypothesis: str) -> tuple[list[str], list[str], Pairs]:
    """Normalised tokens and their alignment: the corpus's own normaliser and
    Levenshtein alignment (bench/metrics.py) where present, else Whisper's
    English normaliser and difflib."""
    try:
        from metrics import align, normalize
    except ImportError:
        import difflib

        from whisper.normalizers import EnglishTextNormalizer

        norm = EnglishTextNormalizer()
        ref, hyp = norm(reference).split(), norm(hypothesis).split()
        pairs: Pairs = []
        for _op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=ref, b=hyp,
                                                          autojunk=False).get_opcodes():
            for k in range(max(i2 - i1, j2 - j1)):
                pairs.append((i1 + k if i1 + k < i2 else None, j1 + k if j1 + k < j2 else None))
        return ref, hyp, pairs
    ref, hyp = normalize(reference), normalize(hypothesis)
    return ref, hyp, align(ref, hyp)


def score(rec: Rec, words: TimedWords, res: Result) -> None:
    ref, hyp, pairs = _tokens_and_pairs(rec.text, "".join(w for w, _ in words))
    errors = sum(1 for i, j in pairs if i is None or j is None or ref[i] != hyp[j])
    res.errors += errors
    res.ref_words += len(ref)
    res.wer[rec.name] = errors / max(1, len(ref))
    run = longest = 0
    for i, j in pairs:
        if i is not None and j is None:
            run += 1
            longest = max(longest, run)
        elif i is not None:
            run = 0
    res.skip[rec.name] = longest
    if rec.corpus is not None:
        import corpus

        res.onsets += corpus.onset_errors(rec.corpus, words)


def table(names: list[str], results: dict[str, Result], recs: int, minutes: float) -> str:
    rows = ["| variant | pooled WER | median WER | worse than today by > 2 points "
            "| onset error median / p90 ms (sentences) | longest skip (words) | CPU s |",
            "|---" * 7 + "|"]
    base = results.get("today")
    for n in names:
        r = results[n]
        worse = [k for k, v in r.wer.items() if base and v > base.wer[k] + 0.02]
        onset = (f"{statistics.median(r.onsets):.0f} / {np.percentile(r.onsets, 90):.0f} "
                 f"({len(r.onsets)})" if r.onsets else "-")
        worst = max(r.skip.values(), default=0)
        worse_cell = f"{len(worse)}: {', '.join(worse[:4])}" if worse else "0"
        rows.append(f"| {n} | {r.errors / max(1, r.ref_words):.2%} "
                    f"| {statistics.median(r.wer.values()):.2%} | {worse_cell} | {onset} "
                    f"| {worst} | {r.cpu_s:.0f} |")
    load = os.getloadavg()[0]
    return ("\n".join(rows) + f"\n\n{recs} recordings, {minutes:.1f} min. Machine: "
            f"{machine()}; load average at the end {load:.1f}.\n")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--variants", default="today,whole,chunks30")
    p.add_argument("--kind", help="only these corpus kinds, comma-separated (synthetic, real, "
                   "terms, control, long)")
    p.add_argument("--only", help="only recordings whose name matches this pattern")
    p.add_argument("--out", type=Path)
    a = p.parse_args()
    names = a.variants.split(",")
    recs = recordings(a.kind, a.only)
    results = {n: Result() for n in names}
    runs = {n: variant(n) for n in names}
    total_s = 0.0
    for i, rec in enumerate(recs):
        samples = load_audio(rec.path)
        total_s += samples.size / 16000
        for n in names[i % len(names):] + names[: i % len(names)]:
            c0 = time.process_time()
            words = runs[n](samples)
            results[n].cpu_s += time.process_time() - c0
            score(rec, words, results[n])
        cells = ", ".join(f"{n} {results[n].wer[rec.name]:.1%}" for n in names)
        print(f"[{i + 1}/{len(recs)}] {rec.name}: {cells}", file=sys.stderr, flush=True)
    out = table(names, results, len(recs), total_s / 60)
    print(out)
    if a.out:
        a.out.write_text(out, "utf-8")


if __name__ == "__main__":
    main()
