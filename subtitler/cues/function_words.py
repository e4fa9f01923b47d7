"""Function words per language, for line and cue breaks.

A line should not end with an article, preposition, conjunction, auxiliary
or determiner (or a subject pronoun) when another break fits; a break before
a conjunction or preposition is a good one. Netflix's, the BBC's and DCMP's
guides agree on this for English; the same classes are listed here for the
languages the project's glossary covers (Spanish, French, Portuguese).
Languages not listed get no word lists: only punctuation, balance and names
guide their breaks, and the ``line-break`` rule stays silent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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
_ES_PREP = _w(
    "a al de del en con por para sin sobre entre hacia hasta desde según tras ante bajo contra"
)
_ES_CONJ = _w("y e o u ni que pero sino aunque porque si como cuando")
_FR_PREP = _w("à au aux de du des en dans par pour sur avec sans sous chez entre vers contre")
_FR_CONJ = _w("et ou mais ni que qui car donc si comme quand")
_PT_PREP = _w(
    "de do da dos das em no na nos nas ao aos à às por pelo pela pelos pelas para com sem "
    "sobre entre até desde contra"
)
_PT_CONJ = _w("e ou mas nem que se como quando porque embora")

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
    "es": LanguageWords(
        _w("el la los las un una unos unas lo")
        | _ES_PREP
        | _ES_CONJ
        | _w(
            """es son era fue ha han he hemos había está están estamos ser estar haber no
            mi mis tu tus su sus nuestro nuestra nuestros nuestras este esta estos estas
            ese esa esos esas"""
        ),
        _ES_PREP | _ES_CONJ,
        titles=_w("sr sra srta dr dra lic ing prof"),
        before_number=_w("núm no nos pág art p pp"),
    ),
    "fr": LanguageWords(
        _w("le la les l' un une des")
        | _FR_PREP
        | _FR_CONJ
        | _w(
            """est sont était a ont ai avons être avoir ne ce cet cette ces mon ma mes ton
            ta tes son sa ses notre nos votre vos leur leurs"""
        ),
        _FR_PREP | _FR_CONJ,
        _w("je nous ils elles il elle on"),
        _w("m mm mme mmes mlle dr pr me"),
        _w("no art p"),
    ),
    "pt": LanguageWords(
        _w("o a os as um uma uns umas")
        | _PT_PREP
        | _PT_CONJ
        | _w(
            """é são era foi tem têm há ser estar ter não meu minha meus minhas seu sua seus
            suas nosso nossa nossos nossas este esta estes estas esse essa esses essas"""
        ),
        _PT_PREP | _PT_CONJ,
        titles=_w("sr sra srta dr dra prof profa eng"),
        before_number=_w("no nº art pág p"),
    ),
}

NONE = LanguageWords(frozenset(), frozenset())


def words_for(language: str | None) -> LanguageWords:
    """The lists for ``language`` ("es", "es-ES", "pt_BR"); English when None."""
    code = (language or "en").lower().replace("_", "-").split("-")[0]
    return WORDS.get(code, NONE)


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
