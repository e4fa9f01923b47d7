"""Decoding options chosen by measurement: word error rate and text over
silence for each candidate setting, on the same recordings, one run.

    python bench/decoding.py [--only GLOB ...] [--json FILE]

The bundled tiny.en through faster-whisper (int8, beam 5, word timestamps,
as ``subtitler run`` decodes), with: today's settings (voice-activity
filter on, ``condition_on_previous_text`` off); conditioning on; the filter
off (with and without conditioning); the filter's threshold, minimum silence
and padding changed; ``hallucination_silence_threshold``; and
``BatchedInferencePipeline``. WER is over normalised words (``metrics.py``
of the evaluation corpus when it is importable: numbers spelled out, UK and
US spelling folded). Text over silence counts words whose time lies wholly
more than 0.3 s outside the known speech (sentence onsets and offsets of the
synthetic recordings, word timings of the real ones, the hand-timed
reference of the sample; for jfk.wav, the voice-activity regions).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from common import machine

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SLACK_MS = 300
CONFIGS: dict[str, dict[str, Any]] = {
    "today: VAD on, conditioning off": {},
    "conditioning on": {"condition_on_previous_text": True},
    "VAD off": {"vad_filter": False},
    "VAD off, conditioning on": {"vad_filter": False, "condition_on_previous_text": True},
    "VAD threshold 0.35": {"vad_parameters": {"threshold": 0.35}},
    "VAD threshold 0.65": {"vad_parameters": {"threshold": 0.65}},
    "VAD min silence 500 ms": {"vad_parameters": {"min_silence_duration_ms": 500}},
    "VAD padding 100 ms": {"vad_parameters": {"speech_pad_ms": 100}},
    "hallucination_silence_threshold 2 s": {"hallucination_silence_threshold": 2.0},
    "BatchedInferencePipeline (8)": {"batched": True},
}
CORPUS_PICK = ("hlm-joe-normal-clean-longsil", "funders-joe-normal-clean-music",
               "palermo-espeak-gb-normal-white20", "real-librivox-all", "real-sonnet")  # fmt: skip
"""Measured by default: long silences, tones, noise, and the real recordings."""
MORE = (
    "hlm-joe-normal-clean", "funders-espeak-us-normal-pink10", "hlm-espeak-us-fast-clean",
    "funders-joe-fast-white10", "palermo-joe-normal-clean", "hlm-flite-slt-normal-clean",
)  # fmt: skip
"""``--more``: six more synthetic statements (voices, speeds, noise)..."""
LONG = ("long-mix", "long-sample")
"""...and two long ones (about 10 minutes each: where conditioning can loop)."""


_MS = timedelta(milliseconds=1)


@dataclass(frozen=True)
class Recording:
    name: str
    path: Path
    text: str
    speech: list[tuple[int, int]] | None
    """Known speech spans (ms); None: take the voice-activity regions."""


def _reference_spans() -> list[tuple[int, int]]:
    import srt

    ref = (HERE / "reference" / "statement.netflix.srt").read_text(encoding="utf-8")
    return [(s.start // _MS, s.end // _MS) for s in srt.parse(ref)]


def recordings(only: Sequence[str] | None, more: bool = False) -> list[Recording]:
    sample = (ROOT / "media" / "statement.txt").read_text(encoding="utf-8")
    jfk = (ROOT / "tests" / "data" / "jfk.txt").read_text(encoding="utf-8")
    out = [
        Recording("sample", ROOT / "media" / "statement.mp4", sample, _reference_spans()),
        Recording("jfk (real)", ROOT / "tests" / "data" / "jfk.wav", jfk, None),
    ]
    try:
        sys.path.insert(0, str(HERE))
        import corpus

        for rec in corpus.load():
            if rec.name in CORPUS_PICK or (more and rec.name in MORE + LONG):
                spans = [(w.start_ms, w.end_ms) for w in rec.words] or [
                    (s.start_ms, s.end_ms) for s in rec.sentences
                    if s.start_ms is not None and s.end_ms is not None
                ]
                name = f"{rec.name} (real)" if rec.real else rec.name
                out.append(Recording(name, rec.path, rec.text, spans or None))
    except (ImportError, FileNotFoundError) as err:
        print(f"(corpus not used: {err})", file=sys.stderr)
    return [r for r in out if any(fnmatch.fnmatch(r.name, p) for p in (only or ["*"]))]


def _normalize(text: str) -> list[str]:
    try:
        from metrics import normalize

        return list(normalize(text))
    except ImportError:
        return re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split()


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate: the minimum edit distance over the reference length."""
    ref, hyp = _normalize(reference), _normalize(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1] / max(1, len(ref))


def over_silence(words: Sequence[tuple[int, int]], speech: Sequence[tuple[int, int]]) -> int:
    return sum(
        not any(a < e + SLACK_MS and b > s - SLACK_MS for s, e in speech) for a, b in words
    )


def transcribe(model: Any, audio: Any, config: dict[str, Any]) -> list[tuple[int, int, str]]:
    from faster_whisper import BatchedInferencePipeline

    options: dict[str, Any] = {"beam_size": 5, "word_timestamps": True, "vad_filter": True,
                               "condition_on_previous_text": False}  # fmt: skip
    options.update({k: v for k, v in config.items() if k != "batched"})
    runner = BatchedInferencePipeline(model) if config.get("batched") else model
    segments, _ = runner.transcribe(audio, **options)
    return [(round(w.start * 1000), round(w.end * 1000), w.word)
            for seg in segments for w in seg.words or ()]  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--only", nargs="*", help="recording names or globs")
    ap.add_argument("--more", action="store_true", help="six more corpus statements")
    ap.add_argument("--configs", nargs="*", help="settings to run (globs over the names)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    configs = {k: v for k, v in CONFIGS.items()
               if any(fnmatch.fnmatch(k, p) for p in args.configs or ["*"])}  # fmt: skip
    from faster_whisper import WhisperModel

    from subtitler.engines.bundled import tiny_en_path
    from subtitler.media.audio import load_audio
    from subtitler.media.vad import speech_regions

    model = WhisperModel(str(tiny_en_path()), device="cpu", compute_type="int8", cpu_threads=2)
    recs = recordings(args.only, args.more)
    rows: dict[str, dict[str, tuple[float, int]]] = {c: {} for c in configs}
    t0 = time.perf_counter()
    for rec in recs:
        audio = load_audio(rec.path)
        speech = rec.speech or [(r.start_ms, r.end_ms) for r in speech_regions(audio)]
        for name, config in configs.items():
            words = transcribe(model, audio, config)
            text = "".join(w for _, _, w in words)
            spans = [(a, b) for a, b, _ in words]
            rows[name][rec.name] = (wer(rec.text, text), over_silence(spans, speech))
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f}; "
          f"{time.perf_counter() - t0:.0f} s")  # fmt: skip
    names = [r.name for r in recs]
    print("| setting | " + " | ".join(names) + " | mean WER | words over silence |")
    print("|---|" + "---|" * (len(names) + 2))
    for setting, by_rec in rows.items():
        cells = [f"{by_rec[n][0] * 100:.1f}% ({by_rec[n][1]})" for n in names]
        mean = sum(by_rec[n][0] for n in names) / len(names) * 100
        silent = sum(by_rec[n][1] for n in names)
        print(f"| {setting} | " + " | ".join(cells) + f" | {mean:.1f}% | {silent} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
