"""Benchmark: a 1,000-entry glossary over a 1-hour transcript.

Goal (issue 4): the first apply (compiling, near misses and house spelling
included) under a second. Run: ``python bench/glossary_speed.py``.
The glossary is the shipped one plus generated entries (names with misheard
variants, spelling regexes, context-gated and flag entries); the transcript
is 9,000 words (150 words a minute for 60 minutes) with a glossary variant
every ~30 words. Prints medians of several runs, near misses on against off
measured alternately (the machine may be shared), the same words applied as
200 short texts one at a time (the per-call cost short clips pay), and the
machine.
"""

from __future__ import annotations

import dataclasses
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from subtitler.glossary import (
    Glossary,
    apply_to_cues,
    apply_to_words,
    load_glossary,
    term_findings,
)
from subtitler.glossary.match.near import wants_fuzzy
from subtitler.models import Cue, Word

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "glossaries" / "sex-work-rights.yaml"
FILLER = (
    "we the and of to in that is are for with on our as this it be by people rights work "
    "women health law police community support money services safety violence said need"
).split()


def generated_entries(n: int, rng: random.Random) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for i in range(n):
        kind = i % 20
        name = f"Org{i} Network"
        entry: dict[str, object] = {"id": f"gen-{i}", "term": name, "source": "generated"}
        if kind == 0:
            entry["variants"] = [{"regex": rf"\borg{i}\s+net(?:work|works|walk)\b", "to": name}]
        elif kind == 1:
            entry.update(policy="flag", term=f"term{i}", variants=[f"badterm{i}", f"bad term{i}"])
        elif kind == 2:
            entry["variants"] = [{"text": f"org {i} net", "context": ["consortium", "members"]}]
        else:
            entry["variants"] = [f"org{i} net work", f"orc{i} network", f"org{i}-network"]
        if kind == 3:
            entry["translations"] = {"es": f"Red Org{i}"}
        out.append(entry)
    return out


def write_glossary(path: Path, total: int, rng: random.Random) -> None:
    shipped = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    entries = shipped["entries"] + generated_entries(total - len(shipped["entries"]), rng)
    path.write_text(
        yaml.safe_dump({"language": "en", "entries": entries}, allow_unicode=True), "utf-8"
    )


def transcript(n_words: int, n_entries: int, rng: random.Random) -> list[Word]:
    specials = [
        "sexwork",
        "red umbrella found",
        "criminalization",
        "prostitutes",
        "count me in",
        "Korea",
        "labor",
        "organizations",
        "International Labour Organization",
    ]
    tokens: list[str] = []
    while len(tokens) < n_words:
        if rng.random() < 1 / 30:
            i = rng.randrange(n_entries)
            phrase = rng.choice(specials + [f"org{i} net work", f"orc{i} network", f"badterm{i}"])
            tokens.extend(phrase.split())
        else:
            word = rng.choice(FILLER)
            tokens.append(word + ("." if rng.random() < 0.08 else ""))
    words, t = [], 0
    for i, tok in enumerate(tokens[:n_words]):
        words.append(Word(t, t + 320, tok if i == 0 else " " + tok, 0.9))
        t += 400
    return words


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def near_misses_off_on(glossary: Glossary, words: list[Word]) -> tuple[float, float]:
    """Medians of applying ``glossary`` without and with near misses, the
    two measured alternately (the machine is shared)."""
    plain = dataclasses.replace(
        glossary, entries=tuple(dataclasses.replace(e, fuzzy=False) for e in glossary.entries)
    )
    apply_to_words(words, plain)
    apply_to_words(words, glossary)
    on, off = [], []
    for _ in range(3):
        off.append(median_seconds(lambda: apply_to_words(words, plain), 1))
        on.append(median_seconds(lambda: apply_to_words(words, glossary), 1))
    return statistics.median(off), statistics.median(on)


def main() -> int:
    rng = random.Random(4)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        write_glossary(path, 1000, rng)
        load_s = median_seconds(lambda: load_glossary(path), 3)
        glossary = load_glossary(path)
    words = transcript(9000, 1000, rng)
    start = time.perf_counter()
    first = apply_to_words(words, glossary)
    first_s = time.perf_counter() - start
    apply_s = median_seconds(lambda: apply_to_words(words, glossary), 5)
    off, on = near_misses_off_on(glossary, words)
    shipped_off, shipped_on = near_misses_off_on(load_glossary(SHIPPED), words)
    cues = [
        Cue(w.start_ms, w.start_ms + 4000, ("".join(x.text for x in words[i : i + 10]).strip(),))
        for i, w in enumerate(words)
        if i % 10 == 0
    ]
    cues_s = median_seconds(lambda: apply_to_cues(cues, glossary), 3)
    check_s = median_seconds(lambda: term_findings(cues, glossary), 3)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs (no GPU), "
        f"{platform.python_implementation()} {platform.python_version()}, {platform.platform()}"
    )
    print(f"glossary: {len(glossary.entries)} entries; transcript: {len(words)} words (60 min)")
    print(f"load YAML (parse + validate), median of 3: {load_s:.3f} s")
    print(
        f"first apply (compile + match + rewrite): {first_s:.3f} s "
        f"({len(first.replacements)} replacements, {len(first.flags)} flags)"
    )
    print(f"apply, compiled, median of 5: {apply_s:.3f} s")
    print(
        f"alternately: near misses off {off:.3f} s, on {on:.3f} s, {on / off:.1f}x "
        f"({sum(wants_fuzzy(e) for e in glossary.entries)} entries with near misses); "
        f"shipped glossary alone: off {shipped_off:.3f} s, on {shipped_on:.3f} s"
    )
    short = [words[i : i + 20] for i in range(0, 4000, 20)]
    short_s = median_seconds(lambda: [apply_to_words(part, glossary) for part in short], 3)
    print(f"200 texts of 20 words, one apply each, median of 3: {short_s:.3f} s")
    print(f"apply to {len(cues)} cues, median of 3: {cues_s:.3f} s; term_findings: {check_s:.3f} s")
    ok = first_s < 1.0
    print("PASS: under a second" if ok else "FAIL: a second or more")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
