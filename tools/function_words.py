"""Generate ``subtitler/language/closed_class.py``: the words a subtitle line
should not end with, per language, read from Universal Dependencies
treebanks (CoNLL-U files), never typed from memory.

A word is kept for a language when, in the treebank, it is mostly
(``MIN_SHARE`` of its occurrences, at least ``MIN_COUNT`` times) a
closed-class word that depends on a word to its right, so that a line
ending on it cuts a phrase in two: an adposition, a coordinating or
subordinating conjunction or a determiner (articles included) in every
language; in the Romance languages also an auxiliary or copula, a personal
pronoun before its verb (a clitic: "lo", "se", "le", "lui") and a relative
pronoun ("que", "qui"). German auxiliaries and pronouns end clauses (verb
last), so they are not taken. Subject pronouns before their verb ("je",
"il") are listed apart (the cue builder avoids them at a line's end; the
``line-break`` rule leaves them out). A contraction ("del", "au", "zum") is
one word, classed by its last part.

Usage::

    python -m tools.function_words es=es_gsd-ud-dev.conllu,es_gsd-ud-test.conllu \\
        fr=... pt=... de=... > subtitler/language/closed_class.py

Each argument may name a treebank and commit after a ``@``
(``es=a.conllu,b.conllu@UD_Spanish-GSD:57c0456``), written into the output.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

MIN_COUNT = 3
MIN_SHARE = 0.6
ROMANCE = frozenset({"es", "fr", "pt", "it", "ca", "ro", "gl"})
ALWAYS = frozenset({"ADP", "CCONJ", "SCONJ", "DET"})
BREAK_BEFORE = frozenset({"ADP", "CCONJ", "SCONJ"})


@dataclass(frozen=True)
class Token:
    id: int
    form: str
    upos: str
    feats: dict[str, str]
    head: int
    deprel: str


@dataclass(frozen=True)
class Word:
    """A surface word: a token, or a multiword token classed by its last part."""

    form: str
    last: Token


def sentences(path: Path) -> Iterator[list[Word]]:
    tokens: dict[int, Token] = {}
    spans: list[tuple[int, int, str]] = []
    for line in path.read_text("utf-8").splitlines() + [""]:
        if not line.strip():
            if tokens:
                yield _words(tokens, spans)
            tokens, spans = {}, []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 10 or "." in cols[0]:
            continue
        if "-" in cols[0]:
            a, b = cols[0].split("-")
            spans.append((int(a), int(b), cols[1]))
            continue
        feats = dict(f.split("=", 1) for f in cols[5].split("|") if "=" in f)
        head = int(cols[6]) if cols[6].isdigit() else 0
        tokens[int(cols[0])] = Token(int(cols[0]), cols[1], cols[3], feats, head, cols[7])


def _words(tokens: dict[int, Token], spans: list[tuple[int, int, str]]) -> list[Word]:
    inside = {i: (a, b, form) for a, b, form in spans for i in range(a, b + 1)}
    out: list[Word] = []
    for i in sorted(tokens):
        span = inside.get(i)
        if span is None:
            out.append(Word(tokens[i].form, tokens[i]))
        elif i == span[1]:
            out.append(Word(span[2], tokens[i]))
    return out


def weak(lang: str, t: Token) -> bool:
    """Closed class, and its head to the right."""
    if t.head <= t.id:
        return False
    if t.upos in ALWAYS:
        return True
    if lang not in ROMANCE:
        return False
    if t.upos == "AUX":
        return True
    kind = t.feats.get("PronType", "")
    if t.upos == "PRON" and "Rel" in kind.split(","):
        return True
    return t.upos == "PRON" and kind == "Prs" and not t.deprel.startswith("nsubj")


def subject(t: Token) -> bool:
    return (t.upos == "PRON" and t.feats.get("PronType") == "Prs"
            and t.deprel.startswith("nsubj") and t.head > t.id)


def usable(form: str) -> bool:
    """A word as a recogniser writes it alone (not "l'", "-il", ",")."""
    return any(c.isalpha() for c in form) and not form.endswith("'") and not form.startswith("-")


def lists(lang: str, files: Sequence[Path]) -> tuple[list[str], list[str], list[str]]:
    total: Counter[str] = Counter()
    weak_n: Counter[str] = Counter()
    before_n: Counter[str] = Counter()
    subject_n: Counter[str] = Counter()
    for path in files:
        for sentence in sentences(path):
            for w in sentence:
                form = w.form.lower()
                total[form] += 1
                if weak(lang, w.last):
                    weak_n[form] += 1
                    before_n[form] += w.last.upos in BREAK_BEFORE
                subject_n[form] += subject(w.last)

    def keep(counts: Counter[str]) -> list[str]:
        return sorted(f for f, n in counts.items()
                      if usable(f) and n >= MIN_COUNT and n / total[f] >= MIN_SHARE)

    weak_forms = keep(weak_n)
    before = [f for f in keep(before_n) if f in weak_forms]
    return weak_forms, before, keep(subject_n)


def _frozen(words: Sequence[str], indent: str = "        ") -> str:
    lines, line = [], indent
    for w in words:
        item = f'"{w}", '
        if len(line) + len(item) > 96:
            lines.append(line.rstrip())
            line = indent
        line += item
    lines.append(line.rstrip())
    return "frozenset({\n" + "\n".join(lines) + "\n    })"


def main(argv: Sequence[str]) -> None:
    sources: list[str] = []
    out: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for arg in argv:
        lang, _, rest = arg.partition("=")
        files, _, source = rest.partition("@")
        paths = [Path(p) for p in files.split(",")]
        out[lang] = lists(lang, paths)
        names = ", ".join(p.name for p in paths)
        sources.append(f"{lang}: {source or 'treebank'}\n  ({names})")
    print('"""Closed-class words per language, for line and cue breaks. Generated by')
    print("tools/function_words.py from Universal Dependencies treebanks (CC BY-SA 4.0);")
    print("do not edit: regenerate. Sources:\n")
    for s in sources:
        print(f"- {s}")
    print(f"\nSelection (tools/function_words.py): at least {MIN_COUNT} times and in "
          f"{MIN_SHARE:.0%} of its")
    print("occurrences a closed-class word whose head is to its right.")
    print('"""\n\nfrom __future__ import annotations\n')
    for name, k in (("WEAK_ENDINGS", 0), ("BREAK_BEFORE", 1), ("SUBJECT_PRONOUNS", 2)):
        print(f"{name}: dict[str, frozenset[str]] = {{")
        for lang, found in out.items():
            print(f'    "{lang}": {_frozen(found[k])},')
        print("}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
