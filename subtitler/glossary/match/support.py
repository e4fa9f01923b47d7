"""Names in lower case need support.

A recogniser writes a name in lower case when it did not know it ("hosted by
mama cash"), and a writer when they did not mean it ("an urgent action fund
for the flood victims"). Rewriting such words into the name (``fix_case``)
is done only with support: the entry's context gate, or another name or
multi-word term of the glossary in the same sentence ("Red Umbrella Fund is
hosted by mama cash"). Without support it is flagged instead, with the name
as the suggestion; near misses take the same support as evidence
(``near``). Listed variants are the glossary's own word and need none.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from .candidates import Action, Match
from .text import Doc

_SHOWN = (Action.SHIELD, Action.KEEP, Action.PROTECT, Action.REPLACE, Action.FLAG)


def lower_case(doc: Doc, first: int, end: int) -> bool:
    """No capital on the words [first, end) but a sentence-initial one."""
    for k in range(first, end):
        tok = doc.tokens[k]
        core = doc.text[tok.core_start : tok.core_end]
        if any(ch.isupper() for ch in core[1:]):
            return False
        if core[:1].isupper() and not doc.starts_sentence(k):
            return False
    return True


def _telling(m: Match) -> bool:
    """A match that says what the text is about: a name (a capital in the
    term) or a term of several words ("sex workers")."""
    term = m.rule.entry.term
    return m.kind in _SHOWN and (any(ch.isupper() for ch in term) or len(term.split()) > 1)


def topics(doc: Doc, matches: Sequence[Match]) -> dict[int, set[str]]:
    """Sentence id -> ids of the entries with a telling match there."""
    out: dict[int, set[str]] = {}
    for m in matches:
        if _telling(m):
            out.setdefault(doc.sentence_ids[m.tok_first], set()).add(m.rule.entry.id)
    return out


def supported(doc: Doc, m: Match, about: dict[int, set[str]]) -> bool:
    """The entry's gate (already passed, if it has one) or another entry's
    telling match in the sentence."""
    if m.rule.context:
        return True
    others = about.get(doc.sentence_ids[m.tok_first], set()) - {m.rule.entry.id}
    return bool(others)


def needs_support(doc: Doc, m: Match) -> bool:
    """A case fix that writes a name over its own words in lower case
    (listed variants are the glossary's own word: not asked for support)."""
    return (
        m.kind is Action.REPLACE
        and m.rule.action is Action.TERM
        and any(ch.isupper() for ch in m.replacement)
        and lower_case(doc, m.tok_first, m.tok_end)
    )


def flag_unsupported(doc: Doc, matches: Sequence[Match]) -> list[Match]:
    """``matches`` with unsupported lower-case name replacements flagged."""
    about = topics(doc, matches)
    return [
        dataclasses.replace(m, kind=Action.FLAG)
        if needs_support(doc, m) and not supported(doc, m, about)
        else m
        for m in matches
    ]
