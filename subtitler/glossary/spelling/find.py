"""House spelling as match candidates: each word of the text that has a
respelling (``lists``) becomes a ``replace`` or ``flag`` candidate of a
synthetic entry ``spelling:en-GB`` (or ``spelling:en-US``), so the gates
every glossary entry has apply: not inside quotation marks, not inside a
protected phrase or another entry's match, not in a name (a capital in the
middle of a sentence: "the Department of Labor", "World Health
Organization"; a sentence-initial capital alone is no name).

Hyphenated words are respelt part by part ("well-organized"), a possessive
keeps its "'s" ("organization's").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence

from ..match.candidates import Action, Match, Rule
from ..match.text import Doc
from ..model import Entry, Policy
from .lists import NOUN_RIGHT, Respelling, table

ORDER = 1_000_000
"""Rule order of spelling candidates: after every glossary entry."""
_PART = re.compile(r"[^\W\d_]+")
_SOURCE = "breame word list; SCOWL word lists (docs/glossaries.md#house-spelling)"
_NOUN_BEFORE = frozenset(
    """a an the this that these those my our your their his her its every each no any some
    such same own in into of for with from by about on at best good common standard usual
    normal medical legal clinical private general current""".split()
)


@functools.lru_cache(maxsize=4096)
def _rule(spelling: str, word: str, respelling: Respelling) -> Rule:
    entry = Entry(
        id=f"spelling:{spelling}",
        term=respelling.to,
        policy=Policy.FLAG if respelling.flag else Policy.REPLACE,
        in_quotes=False,
        note=respelling.note,
        source=_SOURCE,
    )
    action = Action.FLAG if respelling.flag else Action.REPLACE
    return Rule(entry, ORDER, action, word, respelling.to, None, False, ())


def _noun_here(doc: Doc, k: int) -> bool:
    """The word before token k is a determiner, a preposition other than
    "to", or an adjective that goes with nouns ("best practice")."""
    if k == 0 or doc.sentence_ids[k - 1] != doc.sentence_ids[k]:
        return False
    return doc.keys[k - 1] in _NOUN_BEFORE


def spelling_candidates(doc: Doc, spelling: str, taken: Sequence[bool]) -> Iterator[Match]:
    """Unresolved candidates for the words of ``doc`` not ``taken``."""
    respell = table(spelling)
    for k, tok in enumerate(doc.tokens):
        if taken[k] or not tok.key:
            continue
        core = doc.text[tok.core_start : tok.core_end]
        for part in _PART.finditer(core):
            word = part.group()
            found = respell.get(word.lower())
            if found is None or (word.lower() in NOUN_RIGHT and _noun_here(doc, k)):
                continue
            rule = _rule(spelling, word.lower(), found)
            start = tok.core_start + part.start()
            yield Match(start, start + len(word), k, k + 1, rule, word, rule.action, found.to)
