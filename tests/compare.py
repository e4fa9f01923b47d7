"""Comparing two transcripts of the same audio, word by word."""

from __future__ import annotations

import difflib

from subtitler.models import Transcript


def start_differences(a: Transcript, b: Transcript) -> list[int]:
    """|start a - start b| (ms) of every word the two transcripts share, as
    matched by their words' text in order."""
    ta, tb = [w.bare for w in a.words], [w.bare for w in b.words]
    return [
        abs(a.words[m.a + k].start_ms - b.words[m.b + k].start_ms)
        for m in difflib.SequenceMatcher(a=ta, b=tb, autojunk=False).get_matching_blocks()
        for k in range(m.size)
    ]


def _norm(token: str) -> str:
    return "".join(ch for ch in token.lower() if ch.isalnum() or ch == "'")


def sentence_of_tokens(tokens: list[str], sentences: list[str]) -> list[int]:
    """Per token, the reference sentence it belongs to (matched by words in
    order; a token no reference word matches takes the sentence before)."""
    ref: list[str] = []
    owner_of_ref: list[int] = []
    for s, sentence in enumerate(sentences):
        words = [w for w in (_norm(t) for t in sentence.split()) if w]
        ref += words
        owner_of_ref += [s] * len(words)
    hyp = [_norm(t) for t in tokens]
    owner = [-1] * len(hyp)
    matcher = difflib.SequenceMatcher(a=ref, b=hyp, autojunk=False)
    for m in matcher.get_matching_blocks():
        for k in range(m.size):
            owner[m.b + k] = owner_of_ref[m.a + k]
    last = 0
    for i, o in enumerate(owner):
        owner[i] = last = o if o >= 0 else last
    return owner


def word_error_rate(reference: str, hypothesis: str, language: str = "en") -> float:
    """Word error rate of ``hypothesis`` against ``reference``, both read by
    the project's own normaliser for ``language`` (case, accents, quotes and
    punctuation folded; numbers as words)."""
    from rapidfuzz.distance import Levenshtein

    from subtitler.script.normalize import normalize_text

    ref = normalize_text(reference, language)
    hyp = normalize_text(hypothesis, language)
    return Levenshtein.distance(ref, hyp) / max(1, len(ref))
