"""Transcript metrics for the benchmarks: a text normaliser, word error rate, alignment.

The normaliser makes a reference script and a recogniser's
output comparable without hiding real errors: it lower-cases, drops punctuation,
spells out numbers ("3.5" -> "three point five", "$5,000" -> "five thousand
dollars"), expands a few abbreviations ("Mr." -> "mister", "e.g." -> "for
example", "No. 38" -> "number thirty eight", "U.N." -> "un"), writes "per cent"
and "%" as "percent", splits hyphenated words and maps British spellings to
American ones ("organisation" -> "organization", "labour" -> "labor"), because
Whisper writes American spelling and the subtitle stage fixes spelling, not the
recogniser.

``tokens_of_words`` keeps, for every token, the index of the word it came from, so
timed words from a recogniser can be aligned to a reference and keep their times.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from subtitler.script.normalize import cardinal

_DIGITS = "zero one two three four five six seven eight nine".split()


def number_words(n: int) -> list[str]:
    """``n`` in English words, without "and": 348 -> three hundred forty eight
    (the script aligner's own speller, so both read numbers alike)."""
    return ["minus", *cardinal(-n)] if n < 0 else cardinal(n)


_UK_US_WORDS = {
    "labour": "labor", "labours": "labors", "laboured": "labored", "labouring": "laboring",
    "favour": "favor", "favours": "favors", "favourite": "favorite", "honour": "honor",
    "colour": "color", "colours": "colors", "behaviour": "behavior", "neighbour": "neighbor",
    "neighbours": "neighbors", "programme": "program", "programmes": "programs",
    "centre": "center", "centres": "centers", "centred": "centered", "defence": "defense",
    "licence": "license", "travelled": "traveled", "travelling": "traveling",
    "traveller": "traveler", "travellers": "travelers", "cancelled": "canceled",
    "judgement": "judgment", "analyse": "analyze", "analysed": "analyzed",
    "mr": "mister", "mrs": "missus", "dr": "doctor", "ok": "okay",
}  # fmt: skip
_ISE = re.compile(
    r"^(de)?(organ|recogn|criminal|real|priorit|emphas|apolog|mobil|legal|stigmat|marginal|"
    r"minim|maxim|normal|penal|summar|util|author|character|categor|special|capital|civil|"
    r"standard|central|internation|institution|global|sensit|victim|subsid)"
    r"is(e|es|ed|ing|ation|ations|er|ers)$"
)
_NUMBER = re.compile(r"^(\d+)(?:\.(\d+))?$")
_SPLIT = re.compile(r"[\s\-‐‑‒–—―/]+")
_KEEP = re.compile(r"[^a-z0-9'. ]")


def _number(token: str) -> list[str] | None:
    match = _NUMBER.match(token)
    if not match or len(match.group(1)) > 15:
        return None
    words = number_words(int(match.group(1)))
    if match.group(2):
        words += ["point", *(_DIGITS[int(digit)] for digit in match.group(2))]
    return words


def _word_tokens(word: str, next_word: str) -> list[str]:
    """Tokens of one whitespace-separated word (``next_word`` is only looked at, for "No. 5")."""
    w = unicodedata.normalize("NFKC", word).lower()
    w = w.replace("’", "'").replace("‘", "'").replace("`", "'")
    # Abbreviations with full stops, before the stops go.
    if w in ("no.", "nos.") and next_word[:1].isdigit():
        return ["number"]
    for short, long in (("e.g.", "for example"), ("i.e.", "that is"), ("u.n.", "un"),
                        ("u.s.", "us"), ("mr.", "mister"), ("mrs.", "missus"),
                        ("dr.", "doctor"), ("st.", "saint")):  # fmt: skip
        bare = w.lstrip("\"'([{")
        if bare.startswith(short):
            w = long + bare[len(short) :]
            break
    w = re.sub(r"(?<=\d),(?=\d{3}(?:\D|$))", "", w)  # 5,000 -> 5000
    w = re.sub(r"\$(\d[\d.]*)", r"\1 dollars", w)
    w = re.sub(r"£(\d[\d.]*)", r"\1 pounds", w)
    w = re.sub(r"€(\d[\d.]*)", r"\1 euros", w)
    w = w.replace("%", " percent").replace("&", " and ").replace("=", " ")
    out: list[str] = []
    for part in _SPLIT.split(w):
        part = _KEEP.sub(" ", part)
        for piece in part.split():
            piece = piece.strip("'.")
            if piece.endswith("'s") and piece[:-2].isdigit():
                piece = piece[:-2]
            if not piece:
                continue
            spelled = _number(piece)
            if spelled is not None:
                out.extend(spelled)
                continue
            piece = piece.replace(".", "")
            if not piece:
                continue
            piece = _UK_US_WORDS.get(piece, piece)
            match = _ISE.match(piece)
            if match:
                piece = f"{match.group(1) or ''}{match.group(2)}iz{match.group(3)}"
            out.append(piece)
    return out


def tokens_of_words(words: Sequence[str]) -> tuple[list[str], list[int]]:
    """Normalised tokens of ``words`` and, for each token, the index of its word."""
    tokens: list[str] = []
    origin: list[int] = []
    for index, word in enumerate(words):
        following = words[index + 1].strip() if index + 1 < len(words) else ""
        for token in _word_tokens(word.strip(), following):
            # "per cent" -> "percent"
            if token == "cent" and tokens and tokens[-1] == "per":
                tokens[-1] = "percent"
                continue
            tokens.append(token)
            origin.append(index)
    return tokens, origin


def normalize(text: str) -> list[str]:
    """The normalised tokens of ``text``."""
    return tokens_of_words(text.split())[0]


@dataclass(frozen=True)
class Errors:
    """Word errors of a hypothesis against a reference."""

    hits: int
    substitutions: int
    deletions: int
    insertions: int

    @property
    def reference_words(self) -> int:
        return self.hits + self.substitutions + self.deletions

    @property
    def wer(self) -> float:
        """Word error rate; 0 for an empty reference and hypothesis, 1 per word otherwise."""
        errors = self.substitutions + self.deletions + self.insertions
        if self.reference_words == 0:
            return float(errors > 0)
        return errors / self.reference_words


def align(ref: Sequence[str], hyp: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """Levenshtein alignment of two token lists: pairs (ref index, hyp index).

    A pair with both indices is a hit or a substitution, (i, None) a deletion,
    (None, j) an insertion. Ties prefer hits, then substitutions.
    """
    n, m = len(ref), len(hyp)
    # cost[i][j]: distance between ref[:i] and hyp[:j]; filled row by row.
    cost = [list(range(m + 1))]
    for i in range(1, n + 1):
        row = [i] + [0] * m
        prev = cost[i - 1]
        r = ref[i - 1]
        for j in range(1, m + 1):
            diagonal = prev[j - 1] + (r != hyp[j - 1])
            row[j] = min(diagonal, prev[j] + 1, row[j - 1] + 1)
        cost.append(row)
    pairs: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and cost[i][j] == cost[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i > 0 and cost[i][j] == cost[i - 1][j] + 1:
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    pairs.reverse()
    return pairs


def errors(ref: Sequence[str], hyp: Sequence[str]) -> Errors:
    """Hits, substitutions, deletions and insertions of token list ``hyp`` against ``ref``."""
    hits = subs = dels = ins = 0
    for i, j in align(ref, hyp):
        if i is None:
            ins += 1
        elif j is None:
            dels += 1
        elif ref[i] == hyp[j]:
            hits += 1
        else:
            subs += 1
    return Errors(hits, subs, dels, ins)


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate of ``hypothesis`` against ``reference``, both normalised first."""
    return errors(normalize(reference), normalize(hypothesis)).wer
