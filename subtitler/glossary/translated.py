"""A glossary's entries as they apply to a transcript in another language
than the glossary's own: each entry's translation into that language becomes
an entry of that language. Its approved renderings are the term and its
forms; its accepted variants (inflections, stems) are protected; its
forbidden renderings (false friends, discouraged words) are flagged with
the preferred rendering as the suggestion, never rewritten. A Spanish
statement saying "prostitutas" or "tráfico de personas" is flagged by the
same glossary that fixes "sex walkers" in an English one."""

from __future__ import annotations

import re
from dataclasses import replace

from .model import Entry, Glossary, Policy, Translation, Variant


def _code(language: str) -> str:
    return language.strip().lower().replace("_", "-")


def _approved(v: Variant, terms: frozenset[str]) -> bool:
    """Whether forbidden rendering ``v`` is another entry's approved term: wrong
    only as a translation of this entry's term ("trabajo sexual" for
    "transactional sex"), right in a transcript."""
    if v.regex:
        pattern = re.compile(v.text, 0 if v.case_sensitive else re.IGNORECASE)
        return any(pattern.fullmatch(t) for t in terms)
    return v.text.casefold() in terms


def translated_entry(entry: Entry, tr: Translation, language: str,
                     approved: frozenset[str] = frozenset()) -> Entry | None:
    """``entry``'s translation ``tr`` as an entry of ``language``; forbidden
    renderings in ``approved`` (terms of other entries) are left out."""
    preferred = tr.preferred
    if preferred is None:
        return None
    forbidden = tuple(replace(v, policy=Policy.FLAG, to=v.to or preferred)
                      for v in tr.forbidden if not _approved(v, approved))
    accepted = tuple(replace(v, policy=Policy.PROTECT) for v in tr.variants)
    return Entry(
        id=f"{entry.id}@{_code(language)}",
        term=preferred,
        policy=Policy.FLAG,
        language=_code(language),
        forms=tr.terms[1:],
        variants=forbidden + accepted,
        fix_case=False,
        hotword=False,
        fuzzy=False,
        note=tr.note or entry.note,
        source=entry.source,
        line=tr.line or entry.line,
    )


def entries_for(glossary: Glossary, language: str, own: list[Entry]) -> list[Entry]:
    """``own`` (the entries written in ``language``) and the translations
    into ``language`` of the other entries."""
    have = {e.id for e in own}
    out = list(own)
    terms = {t.casefold() for e in own for t in (e.term, *e.forms)}
    for e in glossary.entries:
        tr = e.translation(language)
        if tr is not None and e.id not in have:
            terms.update(t.casefold() for t in tr.terms)
    approved = frozenset(terms)
    for e in glossary.entries:
        if e.id in have:
            continue
        tr = e.translation(language)
        derived = translated_entry(e, tr, language, approved) if tr is not None else None
        if derived is not None and (derived.forms or derived.variants
                                    or derived.term.lower() != e.term.lower()):
            out.append(derived)
    return out
