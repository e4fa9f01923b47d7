"""Text as the matcher sees it: whitespace tokens with their core (edge
punctuation and markup stripped), sentence boundaries and quoted spans.

Offsets are character offsets into ``Doc.text``, the words' texts joined.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

_LEAD = re.compile(r"^(?:<[^>]*>|[^\w<])*")
_TRAIL = re.compile(r"(?:<[^>]*>|[^\w>])*$")
_TOKEN = re.compile(r"\S+")
_QUOTE_CHARS = re.compile(
    '["\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u2018\u2019\u201a\u300c\u300d\u300e\u300f]'
)
_CLOSERS = {
    '"': '"',
    "\u201c": "\u201d",
    "\u201e": "\u201c\u201d",
    "\u00ab": "\u00bb",
    "\u2039": "\u203a",
    "\u2018": "\u2019",
    "\u201a": "\u2018\u2019",
    "\u300c": "\u300d",
    "\u300e": "\u300f",
}
_OPENING = '"\u201c\u201e\u00ab\u2039\u2018\u201a\u300c\u300e([{\u00bf\u00a1-\u2013\u2014'
_SENTENCE_END = frozenset(".!?\u2026\u3002\uff01\uff1f")
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "st", "vs", "e.g", "i.e", "cf", "approx"}
)


def fold(text: str) -> str:
    """Comparison form: NFC, curly apostrophes made straight, case-folded."""
    if text.isascii():
        return text.lower()
    return (
        unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u2018", "'").casefold()
    )


def fold_accents(text: str) -> str:
    """``fold`` with accents removed (for matching translations)."""
    decomposed = unicodedata.normalize("NFD", fold(text))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", bare)


def core_bounds(token: str) -> tuple[int, int]:
    """Start and end of ``token`` without edge punctuation and markup tags."""
    if token[:1].isalnum() and token[-1:].isalnum():
        return 0, len(token)
    lead = _LEAD.match(token)
    start = lead.end() if lead else 0
    if start >= len(token):
        return len(token), len(token)
    trail = _TRAIL.search(token, start)
    end = trail.start() if trail else len(token)
    return start, max(start, end)


def phrase_keys(text: str) -> tuple[str, ...]:
    """The token keys of a literal phrase, as ``Doc`` computes them."""
    keys = []
    for m in _TOKEN.finditer(text):
        a, b = core_bounds(m.group())
        keys.append(fold(m.group()[a:b]))
    return tuple(keys)


def edge_punct(text: str) -> tuple[str, str]:
    """The punctuation a literal phrase has before its first and after its
    last word ("U.N.A.I.D.S." -> ("", "."); "Count Me In!" -> ("", "!"))."""
    stripped = text.strip()
    if not stripped:
        return "", ""
    a, b = core_bounds(stripped)
    if b <= a:
        return "", ""
    return stripped[:a], stripped[b:]


class Token(NamedTuple):
    start: int
    end: int
    core_start: int
    core_end: int
    key: str
    word_first: int
    word_last: int


class Doc:
    """The words' text, tokenised once for every entry of a glossary."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.word_starts: list[int] = []
        pos = 0
        for t in texts:
            self.word_starts.append(pos)
            pos += len(t)
        self.text = "".join(texts)
        self._word = 0
        self.tokens: list[Token] = [self._token(m) for m in _TOKEN.finditer(self.text)]
        self.keys = [t.key for t in self.tokens]
        self.token_starts = [t.start for t in self.tokens]
        self.sentence_ids = self._sentences()
        self.quotes = quoted_spans(self.text)
        self._quote_starts = [a for a, _ in self.quotes]

    def _word_at(self, pos: int) -> int:
        """The word holding character ``pos`` (asked in text order)."""
        starts, w = self.word_starts, self._word
        while w + 1 < len(starts) and starts[w + 1] <= pos:
            w += 1
        self._word = w
        return w

    def _token(self, m: re.Match[str]) -> Token:
        a, b = core_bounds(m.group())
        start = m.start()
        return Token(
            start=start,
            end=m.end(),
            core_start=start + a,
            core_end=start + b,
            key=fold(m.group()[a:b]),
            word_first=self._word_at(start),
            word_last=self._word_at(m.end() - 1),
        )

    def _ends_sentence(self, tok: Token) -> bool:
        tail = self.text[tok.core_end : tok.end]
        if not any(ch in _SENTENCE_END for ch in tail):
            return False
        core = self.text[tok.core_start : tok.core_end]
        abbreviation = "." in core or core.casefold() in _ABBREVIATIONS
        return not (tail.startswith(".") and abbreviation)

    def _sentences(self) -> list[int]:
        ids = []
        sid = 0
        for tok in self.tokens:
            ids.append(sid)
            if self._ends_sentence(tok):
                sid += 1
        return ids

    def starts_sentence(self, k: int) -> bool:
        """Token ``k`` begins a sentence, a quotation or a clause after a colon:
        a capital there says nothing about names."""
        if k == 0:
            return True
        tok = self.tokens[k]
        lead = self.text[tok.start : tok.core_start]
        if any(ch in _OPENING for ch in lead):
            return True
        prev = self.tokens[k - 1]
        if self.sentence_ids[k] != self.sentence_ids[k - 1]:
            return True
        if not prev.key:  # a dash or a lone quotation mark
            mark = self.text[prev.start : prev.end]
            return any(ch in _OPENING for ch in mark) or self.starts_sentence(k - 1)
        return ":" in self.text[prev.core_end : prev.end]

    def in_quotes(self, pos: int) -> bool:
        i = bisect.bisect_right(self._quote_starts, pos) - 1
        return i >= 0 and pos < self.quotes[i][1]

    def token_range(self, a: int, b: int) -> tuple[int, int]:
        """Tokens overlapping the characters [a, b) as a half-open range."""
        first = max(0, bisect.bisect_right(self.token_starts, a) - 1)
        if first < len(self.tokens) and self.tokens[first].end <= a:
            first += 1
        last = bisect.bisect_left(self.token_starts, b)
        return first, max(first, last)


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (
        before.isspace() or before in "([{-\u2014\u2013" or not before.isalnum()
    ) and not after.isspace()


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Disjoint [start, end) spans of text inside quotation marks (the marks
    included). Straight single quotes are not read as quotation marks (they
    are apostrophes too often); an unclosed quotation runs to the end."""
    stack: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []
    for m in _QUOTE_CHARS.finditer(text):
        ch, i = m.group(), m.start()
        if stack and ch in stack[-1][0]:
            after = text[i + 1] if i + 1 < len(text) else " "
            if ch == "\u2019" and after.isalpha():
                continue  # an apostrophe inside a word
            _, start = stack.pop()
            if not stack:
                spans.append((start, i + 1))
        elif ch in _CLOSERS and _opens(text, i):
            if ch == "\u2018" and i > 0 and text[i - 1].isalnum():
                continue
            stack.append((_CLOSERS[ch], i))
    if stack:
        spans.append((stack[0][1], len(text)))
    return spans
