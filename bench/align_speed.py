"""Benchmark: align a 1-hour script (~10,000 words) to a perturbed recognition.

Usage (from the repository root)::

    python bench/align_speed.py [--words 10000] [--seed 7]

The script is synthetic (pseudo-words with a Zipf-like frequency, function
words, numbers, paragraphs). The "recognised" side is the same text spoken at
160 words a minute with recognition errors injected: misspellings, words
split in two ("criminal nation"), numbers as words, deletions, insertions,
one paragraph the speaker skipped and one ad-lib. It reports wall time
(without tracing), peak Python memory (tracemalloc, a second run), the
process's peak RSS, how much aligned, the deviations found, and how far the
timings of matched words are from the truth. A second case aligns the script
against unrelated speech (the worst case: no anchors) and times the refusal.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from subtitler.errors import ScriptError
from subtitler.models import Transcript, Word
from subtitler.script import Alignment, Script, align_script, parse_script
from subtitler.script.normalize import cardinal

FUNCTION = ("the of and to in a is that for on with as by we are this our be it "
            "not have from all their will at which has more must these they").split()
SYLLABLES = ("ka ri mo te na lu se vo pi da ge ro ul an ter is men tion al co re "
             "pro de ver ment ing ble sta").split()


def make_vocab(rng: random.Random, size: int) -> list[str]:
    vocab: set[str] = set()
    while len(vocab) < size:
        vocab.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(vocab)


def make_script(rng: random.Random, n_words: int) -> str:
    vocab = make_vocab(rng, 4000)
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(vocab))]
    paragraphs: list[str] = []
    count = 0
    while count < n_words:
        sentences = []
        for _ in range(rng.randint(2, 6)):
            words = []
            for _ in range(rng.randint(6, 24)):
                r = rng.random()
                if r < 0.4:
                    words.append(rng.choice(FUNCTION))
                elif r < 0.42:
                    words.append(str(rng.choice([10, 25, 2021, 1990, 300, 7])))
                else:
                    words.append(rng.choices(vocab, weights)[0])
            count += len(words)
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def recognise(
    rng: random.Random, script: Script, ms_per_word: int, noise: float = 1.0
) -> tuple[Transcript, list[int]]:
    """Spoken words with errors (12 % of words at ``noise`` 1), and the true
    start of each script word (-1: not said)."""
    words: list[Word] = []
    truth = [-1] * len(script.words)
    t = 1000
    skip = range(len(script.words) // 3, len(script.words) // 3 + 80)
    adlib_at = 2 * len(script.words) // 3

    def say(text: str) -> int:
        nonlocal t
        start = t
        dur = max(120, int(ms_per_word * (0.5 + len(text) / 12)))
        words.append(Word(start, start + dur - 30, " " + text, 0.9))
        t += dur
        return start

    for i, sw in enumerate(script.words):
        if i in skip:
            continue
        if i == adlib_at:
            for w in "let me depart from my text for a moment to thank our hosts".split():
                say(w)
        text = sw.text
        r = rng.random() / noise
        if r < 0.02:  # deletion: the recogniser missed it
            truth[i] = t
            t += ms_per_word
            continue
        if r < 0.04:  # insertion of a stray word before it
            say(rng.choice(FUNCTION))
        elif r < 0.10 and len(text) > 3:  # misspelling
            k = rng.randrange(len(text) - 1)
            text = text[:k] + rng.choice("aeioustr") + text[k + 1 :]
        elif r < 0.12 and len(text) > 6:  # split in two
            truth[i] = say(text[: len(text) // 2])
            say(text[len(text) // 2 :])
            continue
        stripped = text.rstrip(".")
        if stripped.isdigit() and rng.random() < 0.5:
            first = True
            for w in cardinal(int(stripped)):
                start = say(w)
                truth[i] = start if first else truth[i]
                first = False
            continue
        truth[i] = say(text)
    return Transcript("en", tuple(words), "bench", "synthetic", t + 1500), truth


def timing_error(alignment: Alignment, truth: list[int]) -> tuple[float, float]:
    errs = sorted(
        abs(w.start_ms - truth[si])
        for w, si in zip(alignment.words, alignment.script_index, strict=True)
        if si is not None and truth[si] >= 0
    )
    return sum(errs) / len(errs), errs[int(0.99 * (len(errs) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--words", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--noise", type=float, default=1.0,
                    help="scale the recognition error rates (1: about 12%% of words)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    script = parse_script(make_script(rng, args.words))
    transcript, truth = recognise(rng, script, ms_per_word=360, noise=args.noise)
    hours = transcript.duration_ms / 3_600_000
    print(f"script: {len(script.words)} words; speech: {len(transcript.words)} recognised "
          f"words, {hours:.2f} h")

    t0 = time.perf_counter()
    alignment = align_script(transcript, script)
    seconds = time.perf_counter() - t0
    tracemalloc.start()
    align_script(transcript, script)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    mean_err, p99 = timing_error(alignment, truth)
    print(f"align: {seconds:.2f} s; peak Python memory {peak / 2**20:.1f} MiB; "
          f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print(f"aligned share {alignment.aligned_share:.3f}, speech share "
          f"{alignment.speech_share:.3f}; start error of script words: mean {mean_err:.0f} ms, "
          f"p99 {p99} ms")
    for d in alignment.deviations:
        print(f"  {d.kind} {d.start_ms}-{d.end_ms} ms, {d.words} words: {d.text[:60]}")

    other = parse_script(make_script(random.Random(args.seed + 1), args.words))
    t0 = time.perf_counter()
    try:
        align_script(transcript, other)
        print("unrelated script: aligned (unexpected)")
    except ScriptError as err:
        print(f"unrelated script: refused in {time.perf_counter() - t0:.2f} s ({err.message})")


if __name__ == "__main__":
    main()
