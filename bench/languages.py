"""Languages benchmark: detection, multilingual words, the cost of detection
on English, Whisper's translation.

    python bench/languages.py [--runs 2] [--english media/statement.mp4] [--out table.md]

Four tables, all in this process, on the espeak-ng statements of
tests/statements.py (every voice) and the English sample:

1. Detection and words per language and voice: detected language and
   probability, word error rate against the text (the project's normaliser
   for that language, word-level Levenshtein) and time, for the bundled base
   (faster-whisper int8, what ``subtitler run`` uses for these languages) and,
   for contrast, tiny.en forced to English (the old behaviour).
2. Detection cost on English: the English sample transcribed by tiny.en with
   detection (``subtitler run``'s default) and without (the engine alone),
   alternating, ``--runs`` rounds; the median extra time and share.
3. English introduction then Spanish: stretches found and words per stretch.
4. ``--translate`` quality: Whisper base's translate task on one voice per
   language against the reference translation (tests/statements.py):
   word overlap (F1 of the normalised words) and BLEU (sacrebleu, bench extra).

Every figure is from one run on a shared, loaded machine: compare within a
table (same run), not across machines.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from common import machine, versions

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from subtitler.engines import DecodeOptions, get_engine  # noqa: E402
from subtitler.engines.route import Router  # noqa: E402
from subtitler.media.audio import load_audio  # noqa: E402
from subtitler.models import Transcript  # noqa: E402
from subtitler.script.normalize import normalize_text  # noqa: E402
from tests.compare import word_error_rate  # noqa: E402
from tests.statements import STATEMENTS, join, speak  # noqa: E402

LANGUAGES = ("es", "fr", "pt")


def overlap(reference: str, hypothesis: str) -> float:
    """F1 of the normalised words (bag of words)."""
    ref, hyp = Counter(normalize_text(reference)), Counter(normalize_text(hypothesis))
    common = sum((ref & hyp).values())
    if not common:
        return 0.0
    p, r = common / sum(hyp.values()), common / sum(ref.values())
    return 2 * p * r / (p + r)


def bleu(reference: str, hypothesis: str) -> float | None:
    try:
        import sacrebleu
    except ImportError:
        return None
    return float(sacrebleu.sentence_bleu(hypothesis, [reference]).score)


def timed(engine: object, samples: object, options: DecodeOptions) -> tuple[Transcript, float]:
    t0 = time.perf_counter()
    transcript = engine.transcribe(samples, options)  # type: ignore[attr-defined]
    return transcript, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--english", type=Path, default=ROOT / "media" / "statement.mp4")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--only", choices=("words", "english", "mixed", "translate"),
                    help="one table only")
    args = ap.parse_args()
    want = {args.only} if args.only else {"words", "english", "mixed", "translate"}
    engine = get_engine("faster-whisper")
    forced = get_engine("faster-whisper", "tiny.en")
    engine.load()
    forced.load()
    folder = Path(tempfile.mkdtemp(prefix="bench-lang-"))
    out = [f"Machine: {machine()}; {versions('faster-whisper', 'ctranslate2')}; shared and "
           "loaded while measured.", ""]

    clips = {lang: speak(STATEMENTS[lang].text, STATEMENTS[lang].voices[0],
                         folder / f"{lang}0.wav") for lang in LANGUAGES}
    if "words" in want:
        out += ["| language | voice | detected (p) | WER base | time base | WER tiny.en forced "
                "to en | time tiny.en |", "|---|---|---|---|---|---|---|"]
    for lang in LANGUAGES if "words" in want else ():
        st = STATEMENTS[lang]
        for i, voice in enumerate(st.voices):
            clip = speak(st.text, voice, folder / f"{lang}{i}.wav")
            samples = load_audio(clip)
            got, t_base = timed(engine, samples, DecodeOptions())
            old, t_tiny = timed(forced, samples, DecodeOptions("en", detect=False))
            s = got.stretches[0] if got.stretches else None
            heard = f"{s.detected} ({s.probability:.2f})" if s else "-"
            out.append(
                f"| {lang} | {voice} | {heard} | {word_error_rate(st.text, got.text, lang):.0%} "
                f"| {t_base:.1f} s | {word_error_rate(st.text, old.text, lang):.0%} "
                f"| {t_tiny:.1f} s |")
            print(out[-1], flush=True)

    english = load_audio(args.english)
    with_d: list[float] = []
    without: list[float] = []
    for _ in range(args.runs if "english" in want else 0):
        with_d.append(timed(engine, english, DecodeOptions("en"))[1])
        without.append(timed(engine, english, DecodeOptions("en", detect=False))[1])
    if "english" in want:
        a, b = statistics.median(with_d), statistics.median(without)
        out += ["", "| English sample | with detection | without | extra |", "|---|---|---|---|",
                f"| {args.english.name} ({english.size / 16000:.0f} s), {args.runs} runs "
                f"alternating | {a:.1f} s | {b:.1f} s | +{a - b:.1f} s ({(a - b) / b:+.0%}) |"]
        print("\n".join(out[-4:]), flush=True)
    if "mixed" in want:
        mixed_table(engine, folder, clips["es"], out)
    if "translate" in want:
        translate_table(engine, clips, out)
    text = "\n".join(out) + "\n"
    if args.out:
        args.out.write_text(text, "utf-8")
    print(text)


def mixed_table(engine: Router, folder: Path, spanish: Path, out: list[str]) -> None:
    intro = speak(STATEMENTS["en"].text, STATEMENTS["en"].voices[0], folder / "en.wav")
    mixed = join([intro, 1.2, spanish], folder / "mixed.wav")
    got, took = timed(engine, load_audio(mixed), DecodeOptions())
    out += ["", "| mixed file | stretches (language, p, model) | time |", "|---|---|---|",
            "| English intro, 1.2 s, Spanish | " + "; ".join(
                f"{s.start_ms / 1000:.1f}-{s.end_ms / 1000:.1f} s {s.language} "
                f"({s.probability:.2f}, {s.model.split(' ')[0]})" for s in got.stretches)
            + f" | {took:.1f} s |"]
    print(out[-1], flush=True)


def translate_table(engine: Router, clips: dict[str, Path], out: list[str]) -> None:
    out += ["", "| language | word overlap (F1) | BLEU | English from Whisper base |",
            "|---|---|---|---|"]
    for lang in LANGUAGES:
        st = STATEMENTS[lang]
        got, _ = timed(engine, load_audio(clips[lang]), DecodeOptions(task="translate"))
        score = bleu(st.english, got.text)
        out.append(f"| {lang} | {overlap(st.english, got.text):.2f} | "
                   f"{'-' if score is None else f'{score:.1f}'} | {got.text} |")
        print(out[-1], flush=True)


if __name__ == "__main__":
    main()
