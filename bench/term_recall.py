"""Glossary term recall on speech it was not built from, and false
replacements on text where the same words occur innocently.

    python bench/term_recall.py [--corpus-dir DIR] [--corpus-code DIR] [--tune] [--all]

Reads the evaluation corpus (``bench/corpus.py``, kinds "terms" and
"control": sentences with the shipped glossary's names and terms, and control
sentences using the same words innocently, each spoken by several synthetic
voices at two speeds with noise), transcribes every recording with the
bundled model (tiny.en, beam 5, transcript cache), and applies
``glossaries/sex-work-rights.yaml`` three ways:

- listed variants only (no near misses, no house spelling),
- with near misses (``fuzzy``),
- with near misses and house spelling (en-GB).

Term recall: expected canonical forms found in the output (names and
capitalised terms exactly; lower-case terms ignoring a sentence-initial
capital). False replacements: a replacement that writes a form the control
list forbids, touches a phrase it says to keep, or writes a glossary term
the speaker did not say.

The sentences are split by number: odd ones (t01, t03, ..., c01, ...) tune
the near-miss thresholds (``--tune`` prints the search), even ones are the
report (``--all``: both halves too).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from common import machine

from subtitler.fsutil import sha256_file
from subtitler.glossary import Change, Glossary, apply_to_words, load_glossary
from subtitler.glossary.match import near
from subtitler.glossary.spelling.lists import to_british
from subtitler.media import audio
from subtitler.models import Word
from subtitler.pipeline import Pipeline, RunOptions

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossaries" / "sex-work-rights.yaml"
_ID = re.compile(r"^(terms|control)-([tc])(\d+)-")


@dataclass(frozen=True)
class Item:
    name: str
    kind: str
    number: int
    reference: str
    terms: tuple[str, ...]
    keep: tuple[str, ...]
    forbid: tuple[str, ...]
    words: tuple[Word, ...]

    @property
    def half(self) -> str:
        return "tune" if self.number % 2 else "report"


def transcribed(corpus_dir: str | None) -> list[Item]:
    """Every terms and control recording with the bundled model's words."""
    from corpus import load  # bench/corpus.py

    pipeline = Pipeline(RunOptions())
    items = []
    for kind in ("terms", "control"):
        for rec in load(kind, corpus_dir):
            m = _ID.match(rec.name)
            if m is None:
                continue
            samples = audio.load_audio(rec.path)
            transcript, _ = pipeline.transcribe(samples, sha256_file(rec.path), RunOptions().decode)
            items.append(
                Item(rec.name, kind, int(m.group(3)), rec.text, rec.terms, rec.keep,
                     rec.forbid, transcript.words)  # fmt: skip
            )
    return items


def ways(glossary: Glossary) -> dict[str, Glossary]:
    no_fuzzy = tuple(dataclasses.replace(e, fuzzy=False) for e in glossary.entries)
    plain = dataclasses.replace(glossary, entries=no_fuzzy, spelling=None)
    return {
        "listed variants only": plain,
        "+ near misses": dataclasses.replace(glossary, spelling=None),
        "+ near misses + en-GB spelling": dataclasses.replace(glossary, spelling="en-GB"),
    }


def found(term: str, text: str) -> bool:
    """The canonical form in the text (whole words)."""
    flags = 0 if any(ch.isupper() for ch in term) else re.IGNORECASE
    return re.search(r"(?<!\w)" + re.escape(term) + r"(?!\w)", text, flags) is not None


def false_change(item: Item, change: Change) -> bool:
    """A replacement the speaker's words did not call for: it writes a form
    the sentence forbids, changes a phrase it keeps, or writes a name (a
    result with a capital) the speaker did not say. A lower-case result
    (house spelling, a term's own spelling) of what was heard is not false."""
    if any(found(f, change.after) for f in item.forbid):
        return True
    if any(found(change.before, k) or found(k, change.before) for k in item.keep):
        return True
    after, before = change.after, change.before
    name = any(ch.isupper() for ch in after[1:]) or (after[:1].isupper() and before[:1].islower())
    return name and not found(change.after, item.reference) and change.after not in item.terms


@dataclass
class Tally:
    expected: int = 0
    recalled: int = 0
    replaced: int = 0
    false: int = 0
    flags: int = 0
    control_flags: int = 0
    american: int = 0

    def row(self, name: str) -> str:
        recall = self.recalled / self.expected if self.expected else 0.0
        return (f"| {name} | {self.recalled}/{self.expected} ({recall:.1%}) | {self.false} | "
                f"{self.replaced} | {self.flags} ({self.control_flags} on controls) | "
                f"{self.american} |")  # fmt: skip


def american(text: str) -> int:
    """Words with a British spelling en-GB converts ("emphasize"), in lower case."""
    table = to_british()
    return sum(
        1 for w in re.findall(r"[a-z]+", text) if w in table and not table[w].flag
    )


def measure(items: Iterable[Item], glossary: Glossary, show: bool = False) -> Tally:
    tally = Tally()
    for item in items:
        result = apply_to_words(item.words, glossary, "en")
        text = "".join(w.text for w in result.words)
        if item.kind == "terms":
            tally.expected += len(item.terms)
            tally.recalled += sum(found(t, text) for t in item.terms)
        tally.american += american(text)
        for c in result.changes:
            if not c.kind.replaces:
                tally.flags += 1
                tally.control_flags += item.kind == "control"
                continue
            tally.replaced += 1
            if false_change(item, c):
                tally.false += 1
                if show:
                    print(f"  false: {item.name}: {c.before!r} -> {c.after!r} [{c.entry_id}]")
    return tally


def general_text() -> list[Word]:
    """English text with no glossary names: Python's own documentation
    (pydoc topics), as words."""
    import pydoc_data.topics

    text = " ".join(pydoc_data.topics.topics.values())
    return [Word(0, 0, (" " if i else "") + t) for i, t in enumerate(text.split())]


def general(words: Sequence[Word], glossary: Glossary) -> tuple[int, int]:
    """Near-miss replacements and flags on ``words`` (all of them false)."""
    result = apply_to_words(words, glossary, "en")
    near_misses = [c for c in result.changes if c.score is not None]
    return sum(c.kind.replaces for c in near_misses), sum(not c.kind.replaces for c in near_misses)


def tune(items: Sequence[Item], glossary: Glossary) -> None:
    """Recall, false replacements and flags on the tune half, and near misses
    in general text, for a grid of thresholds."""
    g = ways(glossary)["+ near misses"]
    near.REPLACE_AT, near.FLAG_AT, near.PLAIN_AT = 0.6, 0.6, 0.8
    print("near misses on the tune half at low thresholds (score, kind, right?):")
    for item in items:
        for c in apply_to_words(item.words, g, "en").changes:
            if c.score is not None:
                right = c.after in item.terms or found(c.after, item.reference)
                print(f"  {c.score:.3f} {c.kind.value:<5} {'right' if right else 'WRONG'} "
                      f"{c.before!r} -> {c.after!r} ({item.name})")
    g.cache.clear()
    text = general_text()
    print(f"general text: {len(text)} words of Python documentation")
    print("| REPLACE_AT | FLAG_AT | PLAIN_AT | recall | false | flags "
          "| general: replaced, flagged |")
    print("|---|---|---|---|---|---|---|")
    for replace_at in (0.7, 0.74, 0.76, 0.78, 0.8, 0.82, 0.85, 0.9):
        for flag_at, plain_at in ((0.65, 0.85), (0.7, 0.9), (0.75, 0.95)):
            near.REPLACE_AT, near.FLAG_AT, near.PLAIN_AT = replace_at, flag_at, plain_at
            g.cache.clear()
            t = measure(items, g)
            replaced, flagged = general(text, g)
            print(f"| {replace_at} | {flag_at} | {plain_at} | {t.recalled}/{t.expected} | "
                  f"{t.false} | {t.flags} | {replaced}, {flagged} |")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--corpus-dir", help="the built corpus (default: corpus.py's)")
    ap.add_argument("--corpus-code", help="folder holding corpus.py (default: bench/)")
    ap.add_argument("--tune", action="store_true", help="search thresholds on the tune half")
    ap.add_argument("--all", action="store_true", help="also report both halves")
    ap.add_argument("--show", action="store_true", help="list every false replacement")
    args = ap.parse_args(argv)
    code = args.corpus_code or os.environ.get("SUBTITLER_CORPUS_CODE")
    if code:
        sys.path.insert(0, code)
    glossary = load_glossary(GLOSSARY)
    items = transcribed(args.corpus_dir)
    halves = {h: [i for i in items if i.half == h] for h in ("tune", "report")}
    if args.tune:
        tune(halves["tune"], glossary)
        return 0
    print(f"machine: {machine()}; model: bundled tiny.en (beam 5)")
    print(f"thresholds: replace {near.REPLACE_AT}, flag {near.FLAG_AT}, plain {near.PLAIN_AT}")
    shown = {"report": halves["report"]}
    if args.all:
        shown |= {"tune": halves["tune"], "all": items}
    for half, chosen in shown.items():
        terms = sum(1 for i in chosen if i.kind == "terms")
        controls = len(chosen) - terms
        print(f"\n{half} half: {terms} term recordings, {controls} control recordings")
        print("| glossary | term recall | false replacements | replacements | flags "
              "| US spellings left |")  # fmt: skip
        print("|---|---|---|---|---|---|")
        for name, g in ways(glossary).items():
            print(measure(chosen, g, show=args.show).row(name))
    by_voice(halves["report"], ways(glossary)["+ near misses + en-GB spelling"])
    return 0


def by_voice(items: Sequence[Item], glossary: Glossary) -> None:
    """Term recall of the report half per voice, speed and noise."""
    print("\nreport half by recording condition (near misses + en-GB spelling):")
    conditions = sorted({i.name.split("-", 2)[2] for i in items if i.kind == "terms"})
    for cond in conditions:
        chosen = [i for i in items if i.kind == "terms" and i.name.split("-", 2)[2] == cond]
        t = measure(chosen, glossary)
        print(f"  {cond:<28} {t.recalled}/{t.expected} ({t.recalled / t.expected:.0%})")


if __name__ == "__main__":
    sys.exit(main())
