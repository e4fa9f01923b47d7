"""Where sentences end: the text's punctuation read by a segmenter that knows
abbreviations, initials and numbers (pysbd, rule-based, per language), then
the audio's pauses where the recogniser left the punctuation out.

"Mr.", "Dr.", "U.N.", "e.g.", "No. 5" and "3.5" never end a sentence: pysbd
decides with the words around them, and ``function_words.is_abbreviation``
marks the full stops it did not take for sentence ends. Nor does a full stop
inside a glossary name ("Count Me In. Consortium": ``units``), nor one that
would leave a single word as a sentence of its own with no pause before it
(the recogniser's false stop, which made the one-word cue "Consortium.").

A pause ends a sentence where the recogniser dropped the full stop: a short
one before a capital, a long one unless the words say the sentence goes on
(a comma or a function word before it, a conjunction or relative word after
it in lower case). ``punctuate`` writes those ends into the text.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from .function_words import is_abbreviation, is_title, words_for
from .linebreak import ends_clause
from .options import DEFAULT, CueOptions
from .units import NO_TERMS, Terms, after_words

PYSBD_LANGUAGE = {"pt": "es"}
"""pysbd has no Portuguese rules; its Spanish ones know the same kind of
abbreviations. Languages pysbd does not know at all get its English rules."""
CHUNK_WORDS = 150
"""pysbd slows down on long texts: it reads this many words at a time..."""
MARGIN_WORDS = 15
"""...and trusts no sentence end this close to a chunk's end (the next chunk,
which starts at the last sentence it trusted, decides those)."""
_NOT_SENTENCE_STARTS = frozenset(("I", "I'm", "I've", "I'll", "I'd"))
GOES_ON = {"en": frozenset("who whom whose which where when while whereas than".split())}
"""Lower-case words after a long pause that carry the sentence on (besides
the language's conjunctions and prepositions), per language."""


@dataclass(frozen=True)
class Sentences:
    """Per word: whether a sentence ends after it, and whether its full stop
    is an abbreviation's (a cue must not end there)."""

    ends: tuple[bool, ...]
    abbreviation: tuple[bool, ...]


def _code(language: str | None) -> str:
    import pysbd.languages

    code = (language or "en").lower().replace("_", "-").split("-")[0]
    code = PYSBD_LANGUAGE.get(code, code)
    return code if code in pysbd.languages.LANGUAGE_CODES else "en"


@functools.lru_cache(maxsize=8)
def _segmenter(code: str) -> Any:
    import pysbd

    return pysbd.Segmenter(language=code, clean=False)


def _chunk_ends(texts: Sequence[str], code: str) -> list[int]:
    """Indices into ``texts`` (words with the engine's spacing) after which
    pysbd ends a sentence; a boundary inside a word does not count."""
    text = "".join(texts)
    ends: dict[int, int] = {}
    pos = 0
    for k, t in enumerate(texts):
        pos += len(t)
        ends[len(text[:pos].rstrip())] = k
    out: list[int] = []
    at = 0
    for sentence in _segmenter(code).segment(text):
        bare = sentence.strip()
        if not bare:
            continue
        found = text.find(bare, at)
        if found < 0:  # pysbd changed the text: trust nothing after this point
            break
        at = found + len(bare)
        if at in ends:
            out.append(ends[at])
    return out


def text_ends(texts: Sequence[str], language: str | None = "en") -> list[bool]:
    """Per word (with the engine's spacing: " word", or "-piece" glued to the
    word before), whether the text's punctuation ends a sentence after it."""
    code = _code(language)
    flags = [False] * len(texts)
    first = 0
    while first < len(texts):
        last = min(len(texts), first + CHUNK_WORDS)
        found = [first + k for k in _chunk_ends(texts[first:last], code)]
        if last == len(texts):
            for k in found:
                flags[k] = True
            break
        trusted = [k for k in found if k < last - MARGIN_WORDS]
        for k in trusted:
            flags[k] = True
        first = trusted[-1] + 1 if trusted else last - MARGIN_WORDS
    return flags


def _starts_sentence(word: str) -> bool:
    return bool(word) and word[0].isupper() and word not in _NOT_SENTENCE_STARTS


def find(
    texts: Sequence[str],
    pauses: Sequence[int],
    options: CueOptions = DEFAULT,
    language: str | None = "en",
    breaks: Collection[int] = frozenset(),
    terms: Terms = NO_TERMS,
) -> Sentences:
    """Sentence ends of words ``texts`` (engine spacing): the text's own,
    ``breaks`` (a script's), and pauses (``pauses[k]``: ms of quiet after word
    k) that end a sentence: a long one, or a short one before a capital.
    ``terms`` (a glossary's) are names no full stop inside ends a sentence in."""
    n = len(texts)
    by_text = text_ends(texts, language)
    lists = words_for(language)
    weak = lists.bad_endings
    goes_on = lists.break_before | GOES_ON.get(_base(language), frozenset())
    units = after_words(texts, language, terms)
    ends: list[bool] = []
    abbreviation: list[bool] = []
    for k, t in enumerate(texts):
        word = t.strip()
        nxt = texts[k + 1] if k + 1 < n else None
        glued = nxt is not None and not nxt[:1].isspace()
        following = nxt.strip() if nxt else ""
        # a title ("Mr.", "Sr.") never ends a sentence; nor does any full stop
        # pysbd did not take for an end, before a capital or a number
        title = nxt is not None and is_title(word, following, language)
        name = units[k] in ("term", "title")  # "Count Me In. Consortium"
        said = by_text[k] and not title and not name
        in_context = following[:1].isupper() or following[:1].isdigit()
        abbr = not said and (
            is_abbreviation(word, following, language) or (word.endswith(".") and in_context)
        )
        pause = pauses[k] if k < len(pauses) else 0
        end = nxt is None or said or k in breaks
        if not (end or glued or abbr or units[k]):
            long = pause >= options.sentence_pause_ms and not (
                following[:1].islower()
                and (ends_clause(word) or word.lower() in weak or _bare(following) in goes_on)
            )
            capital = (
                pause >= options.capital_pause_ms
                and _starts_sentence(following)
                and not ends_clause(word)
                and word.lower() not in weak
            )
            end = long or capital
        ends.append(end and not glued)
        abbreviation.append(abbr and not end)
    _no_false_stops(ends, by_text, texts, pauses, options, breaks)
    return Sentences(tuple(ends), tuple(abbreviation))


def _no_false_stops(
    ends: list[bool],
    by_text: Sequence[bool],
    texts: Sequence[str],
    pauses: Sequence[int],
    options: CueOptions,
    breaks: Collection[int],
) -> None:
    """Take back a sentence end that leaves one word as a sentence of its own
    with less than ``isolating_pause_ms`` before it ("...the Count Me in." |
    "Consortium."): the recogniser's stop, not the speaker's."""
    for k in range(len(ends) - 1):
        one_word = ends[k + 1] and (k + 2 >= len(texts) or texts[k + 2][:1].isspace())
        pause = pauses[k] if k < len(pauses) else 0
        stop = ends[k] and by_text[k] and k not in breaks
        if stop and one_word and pause < options.isolating_pause_ms:
            ends[k] = False


def _base(language: str | None) -> str:
    return (language or "en").lower().replace("_", "-").split("-")[0]


def _bare(word: str) -> str:
    return word.strip("\"'\u201c\u201d\u2018\u2019()[],.;:!?").lower()
