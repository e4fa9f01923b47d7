"""Function words per language, for line and cue breaks.

A line should not end with an article, preposition, conjunction, auxiliary
or determiner (or a subject pronoun) when another break fits; a break before
a conjunction or preposition is a good one. Netflix's, the BBC's and DCMP's
guides agree on this for English, listed here; for Spanish, French,
Portuguese and German the same classes come from Universal Dependencies
treebanks (``language.closed_class``, tools/function_words.py). Languages
with neither get no word lists: only punctuation, balance and names guide
their breaks, and the ``line-break`` rule stays silent.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from ..language import break_words


def _w(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class LanguageWords:
    weak_endings: frozenset[str]
    """Articles, prepositions, conjunctions, auxiliaries, determiners."""
    break_before: frozenset[str]
    """Conjunctions and prepositions: a line may well start with one."""
    pronouns: frozenset[str] = frozenset()
    """Subject pronouns: a line should not end with one either, but the
    ``line-break`` rule leaves them out ("Thank you / very much")."""
    titles: frozenset[str] = frozenset()
    """Titles written with a full stop, which never end a sentence ("Mr.",
    "Dr."), without the stop. Initials ("J.") and dotted acronyms ("U.N.",
    "e.g.") count in every language (``sentences.is_abbreviation``)."""
    before_number: frozenset[str] = frozenset()
    """Abbreviations that never end a sentence before a number ("No. 5")."""

    @property
    def bad_endings(self) -> frozenset[str]:
        return self.weak_endings | self.pronouns


_EN_PREP = _w(
    """of in on at to for with from by about into onto over under between through during
    without within against among across after before behind beyond near since until upon
    toward towards via per like than"""
)
_EN_CONJ = _w("and or but nor so yet because although though if that as while whether")
WORDS: dict[str, LanguageWords] = {
    "en": LanguageWords(
        _w("a an the")
        | _EN_PREP
        | _EN_CONJ
        | _w(
            """is are was were be been being am have has had do does did will would shall
            should can could may might must not my our your their his her its this these
            those every each no any some what which whose"""
        ),
        _EN_PREP | _EN_CONJ,
        _w("i we they he she"),
        # pysbd's English prepositive and number abbreviations
        _w(
            """adm attys brig capt cmdr col cpl det dr gen gov lt maj mr mrs ms mt messrs
            mssrs prof rep reps rev sen sens sgt supt vs"""
        ),
        _w("art ext no nos p pp"),
    ),
    # Spanish, French, Portuguese, German: the word lists are read from treebanks
    # (``language.break_words``); only the titles pysbd misses are listed here.
    "es": LanguageWords(frozenset(), frozenset(), titles=_w("sr sra srta dr dra lic ing prof"),
                        before_number=_w("núm no nos pág art p pp")),
    "fr": LanguageWords(frozenset(), frozenset(), titles=_w("m mm mme mmes mlle dr pr me"),
                        before_number=_w("no art p")),
    "pt": LanguageWords(frozenset(), frozenset(), titles=_w("sr sra srta dr dra prof profa eng"),
                        before_number=_w("no nº art pág p")),
}

NONE = LanguageWords(frozenset(), frozenset())


def words_for(language: str | None) -> LanguageWords:
    """The lists for ``language`` ("es", "es-ES", "pt_BR"); English when None.
    Where a treebank gives the language's closed-class words
    (``language.break_words``), they are its weak endings, good line starts
    and subject pronouns."""
    return _words_of((language or "en").lower().replace("_", "-").split("-")[0])


@functools.lru_cache(maxsize=64)
def _words_of(code: str) -> LanguageWords:
    own = WORDS.get(code, NONE)
    read = break_words(code)
    if read is None:
        return own
    return replace(own, weak_endings=read.weak_endings, break_before=read.break_before,
                   pronouns=read.pronouns)


_DOTTED = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]\.", re.UNICODE)
"""Dotted acronyms and initials: "U.N.", "e.g.", "J."."""
_OPEN = "\"'\u201c\u2018(["
_CLOSE = "\"'\u201d\u2019)]"


def is_title(word: str, following: str | None = None, language: str | None = "en") -> bool:
    """Whether ``word`` is a title ("Mr.", "Dr.", "Sr.") or a number word
    before a number ("No. 5"): abbreviations that never end a sentence,
    whatever a segmenter says."""
    bare = word.rstrip(_CLOSE).lstrip(_OPEN)
    if not bare.endswith(".") or bare.endswith(".."):
        return False
    stem = bare[:-1].lower()
    lists = words_for(language)
    if stem in lists.titles:
        return True
    return stem in lists.before_number and (following or "").lstrip(_OPEN)[:1].isdigit()


def is_abbreviation(word: str, following: str | None = None, language: str | None = "en") -> bool:
    """Whether the full stop ending ``word`` marks an abbreviation rather than
    a sentence end, whatever follows: a title or number word (``is_title``),
    an initial or a dotted acronym ("J.", "U.N.", "e.g."). ``sentences``
    decides with the context (pysbd); this is the word-level part the line
    breaker can use too."""
    bare = word.rstrip(_CLOSE).lstrip(_OPEN)
    if _DOTTED.fullmatch(bare):
        return bare != "I."  # "...and so did I."
    return is_title(word, following, language)
