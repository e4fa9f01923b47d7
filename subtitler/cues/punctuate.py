"""Sentence marks in the text: a full stop where a sentence ends and the
recogniser wrote none, and a capital where a sentence starts in lower case.

The sentence ends are the cue builder's (``sentences.find``: the text's
punctuation, the audio's pauses), so the transcript, the words file and every
subtitle format read the same sentences as the cues are cut by. The lower
case may come from anywhere: a chunk boundary, a glossary change, a script,
a cue split in review; ``sentence_case`` is the one function that decides and
applies it, for all of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..models import Word
from .function_words import is_abbreviation
from .linebreak import ends_clause, ends_sentence
from .sentences import Sentences

_LEAD = re.compile(r"^(\s*(?:<[^>]*>|[\"'\u201c\u2018(\[\u00bf\u00a1\u2014\u2013-])*\s*)")
"""Markup, quotes, brackets and dashes before a sentence's first letter."""
_TRAIL = "\"'\u201d\u2019)]\u00bb"


def sentence_case(text: str, after: str | None = None, language: str | None = "en") -> str:
    """``text`` as it starts when it follows ``after`` (the text before it;
    None: nothing, the start of a transcript): with a capital first letter
    when it starts a sentence, that is when ``after`` is None, empty or ends
    with a sentence mark that is not an abbreviation's ("Dr.", "U.N.").
    Words written in mixed case ("iPhone", "eBay") and text that starts
    with a digit are left alone."""
    if after is not None and after.strip():
        last = after.split()[-1]
        if not ends_sentence(last) or is_abbreviation(last, text.strip() or None, language):
            return text
    return capitalise(text, language)


def capitalise(text: str, language: str | None = "en") -> str:
    """``text`` with its first letter upper case (after markup, quotes and
    brackets), unless its first word has a capital inside ("iPhone")."""
    lead = _LEAD.match(text)
    at = lead.end() if lead else 0
    word = text[at:].split(None, 1)[0] if text[at:].strip() else ""
    if not word or not word[0].islower() or any(c.isupper() for c in word[1:]):
        return text
    first = word[0].upper() if _base(language) != "tr" else word[0].replace("i", "\u0130").upper()
    return text[:at] + first + text[at + 1 :]


def _base(language: str | None) -> str:
    return (language or "en").lower().replace("_", "-").split("-")[0]


@dataclass(frozen=True)
class Mark:
    """One change to the text: a full stop added after word ``word``, or
    the word's first letter made a capital (``kind`` "full stop" or
    "capital"), with the word before and after."""

    kind: str
    word: int
    before: str
    after: str
    at_ms: int

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "word": self.word, "before": self.before,
                "after": self.after, "at_ms": self.at_ms}  # fmt: skip


def add_full_stop(text: str) -> str:
    """``text`` (one word) with a full stop before its closing quotes."""
    bare = text.rstrip()
    tail = len(bare) - len(bare.rstrip(_TRAIL))
    return bare[: len(bare) - tail] + "." + bare[len(bare) - tail :] + text[len(bare) :]


def punctuate(
    words: Sequence[Word],
    sentences: Sentences,
    language: str | None = "en",
    *,
    full_stops: bool = True,
) -> tuple[tuple[Word, ...], tuple[Mark, ...]]:
    """``words`` with a full stop after every word that ends a sentence
    without punctuation (when ``full_stops``: a script keeps its own) and a
    capital on every sentence's first word, and each change made."""
    out = list(words)
    marks: list[Mark] = []
    starts = True
    for k, w in enumerate(words):
        if starts:
            text = capitalise(w.text, language)
            if text != w.text:
                marks.append(Mark("capital", k, w.bare, text.strip(), w.start_ms))
                out[k] = replace(w, text=text)
        glued_next = k + 1 < len(words) and not words[k + 1].text[:1].isspace()
        starts = sentences.ends[k] if k < len(sentences.ends) else False
        bare = w.bare
        if starts and full_stops and not glued_next and bare and not ends_clause(bare) and (
            not bare.endswith(("-", "\u2010", "\u2011"))
        ):
            text = add_full_stop(out[k].text)
            marks.append(Mark("full stop", k, out[k].bare, text.strip(), w.end_ms))
            out[k] = replace(out[k], text=text)
    return tuple(out), tuple(marks)
