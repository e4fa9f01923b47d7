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
            those every each no"""
        ),
        _EN_PREP | _EN_CONJ,
        _w("i we they he she"),
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
    ),
}

NONE = LanguageWords(frozenset(), frozenset())


def words_for(language: str | None) -> LanguageWords:
    """The lists for ``language`` ("es", "es-ES", "pt_BR"); English when None."""
    code = (language or "en").lower().replace("_", "-").split("-")[0]
    return WORDS.get(code, NONE)
