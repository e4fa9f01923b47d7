"""Does glossary biasing help? The sample transcribed three ways, in one run:
no glossary, the glossary's corrections only, corrections plus hotwords.

    python bench/hotwords.py [MEDIA] [--text media/statement.txt]

Prints word error rate against the known text (lower-cased, punctuation and
hyphens dropped, no other normalisation) and how many of the statement's
terms come out in their canonical form.
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
from dataclasses import replace
from pathlib import Path

from common import machine

from subtitler.pipeline import Pipeline, RunOptions

ROOT = Path(__file__).resolve().parent.parent
TERMS = tuple(
    line
    for line in (ROOT / "media" / "statement.terms.txt").read_text("utf-8").splitlines()
    if line and not line.startswith("#")
)


def norm(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9' ]+", " ", text.lower().replace("-", " ")).split()


def wer(ref: list[str], hyp: list[str]) -> float:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[:], i
        for j, h in enumerate(hyp, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (r != h))
    return row[-1] / len(ref)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("media", nargs="?", default=str(ROOT / "media" / "statement.mp4"))
    ap.add_argument("--text", default=str(ROOT / "media" / "statement.txt"))
    ap.add_argument("--glossary", default=str(ROOT / "glossaries" / "sex-work-rights.yaml"))
    args = ap.parse_args()
    os.environ["SUBTITLER_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench-hotwords-")
    ref = norm(Path(args.text).read_text("utf-8"))
    g = (Path(args.glossary),)
    ways = {
        "no glossary": RunOptions(),
        "glossary, no hotwords": RunOptions(glossary=g, hotwords=False),
        "glossary + hotwords": RunOptions(glossary=g, hotwords=True),
    }
    print(f"machine: {machine()}; media: {args.media}")
    print(f"{'':24} {'WER':>6} {'terms':>7}")
    for name, options in ways.items():
        out = Path(tempfile.mkdtemp(prefix="bench-hotwords-out-"))
        result = Pipeline(replace(options, output_dir=out)).process(args.media)
        text = " ".join(c.text for c in result.cues)
        found = sum(t in text for t in TERMS)
        print(f"{name:24} {wer(ref, norm(text)):6.1%} {found:3}/{len(TERMS)}")


if __name__ == "__main__":
    main()
