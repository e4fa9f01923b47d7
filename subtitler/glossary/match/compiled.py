"""Compiled matching: every entry of a glossary, compiled once per language.

Literal variants are looked up by their first word in a dict (cost per word
of text, not per entry); regular expressions run once each over the text.
Candidates are resolved (shield, protect, replace, flag), filtered by the
entry's gates, and selected leftmost-longest with protected spans first.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from ..model import Entry, Glossary, Policy, Variant
from ..spelling.find import spelling_candidates
from ..translated import entries_for
from .bounded import Bounded
from .bounded import error as bounded_error
from .candidates import Action, Match, Rule
from .near import NearMatcher, best
from .resolve import resolve, select
from .support import flag_unsupported, topics
from .text import Doc, edge_punct, fold, phrase_keys

MAX_PHRASE_WORDS = 50
"""Words a literal phrase may have (the loader refuses longer variants)."""

log = logging.getLogger(__name__)


_LEADING_LITERAL = re.compile(r"^(?:\\b)?([A-Za-z0-9]{3,})")


def _top_level_alternation(pattern: str) -> bool:
    depth, i = 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            close = pattern.find("]", i + 2)
            i = close + 1 if close > 0 else len(pattern)
            continue
        depth += ch == "("
        depth -= ch == ")"
        if ch == "|" and depth == 0:
            return True
        i += 1
    return False


def required_literal(pattern: str) -> str | None:
    """ASCII text every match of ``pattern`` starts with ("\\blabor(s)?" ->
    "labor"), to skip the regex on texts without it; None when unsure."""
    m = _LEADING_LITERAL.match(pattern)
    if m is None or _top_level_alternation(pattern):
        return None
    literal = m.group(1)
    if pattern[m.end() : m.end() + 1] in ("?", "*", "{"):
        literal = literal[:-1]
    return literal if len(literal) >= 3 else None


def language_matches(entry_language: str, language: str) -> bool:
    """ "en" entries serve "en-GB" text; an "en-GB" entry serves only en-GB."""
    a = entry_language.lower().replace("_", "-").split("-")
    b = language.lower().replace("_", "-").split("-")
    if a[0] != b[0]:
        return False
    return len(a) == 1 or len(b) == 1 or a == b


def _squash(text: str) -> str:
    return " ".join(text.split())


def _literal_rule(
    entry: Entry,
    order: int,
    action: Action,
    text: str,
    target: str,
    variant: Variant | None,
    case_sensitive: bool,
) -> Rule:
    lead, trail = edge_punct(text)
    core = _squash(text.strip()[len(lead) : len(text.strip()) - len(trail)])
    context = tuple(phrase_keys(c) for c in entry.context_of(variant))
    return Rule(
        entry,
        order,
        action,
        text,
        target,
        variant,
        case_sensitive,
        tuple(c for c in context if c),
        lead,
        trail,
        core if case_sensitive else fold(core),
    )


def _variant_action(entry: Entry, variant: Variant) -> Action:
    return {
        Policy.REPLACE: Action.REPLACE,
        Policy.FLAG: Action.FLAG,
        Policy.PROTECT: Action.PROTECT,
    }[entry.policy_of(variant)]


def _rules(entry: Entry, order: int) -> Iterable[Rule | tuple[Bounded, Rule, str | None]]:
    if entry.policy is Policy.PROTECT:
        for text in (entry.term, *entry.forms):
            yield _literal_rule(entry, order, Action.PROTECT, text, text, None, False)
    elif entry.policy is Policy.REPLACE:
        for text in (entry.term, *entry.forms):
            yield _literal_rule(entry, order, Action.TERM, text, text, None, False)
    for v in entry.variants:
        action = _variant_action(entry, v)
        target = v.to if v.to is not None else entry.term
        if not v.regex:
            yield _literal_rule(entry, order, action, v.text, target, v, v.case_sensitive)
            continue
        context = tuple(k for k in (phrase_keys(c) for c in entry.context_of(v)) if k)
        rule = Rule(entry, order, action, v.text, target, v, v.case_sensitive, context)
        literal = required_literal(v.text)
        if literal is not None and not v.case_sensitive:
            literal = literal.lower()
        where = f"entry {entry.id}: regex {v.text!r}"
        yield Bounded(v.text, v.case_sensitive, where), rule, literal


class Matcher:
    """All entries of one language, compiled."""

    def __init__(self, entries: Iterable[Entry], language: str = "en") -> None:
        self.index: dict[str, list[tuple[tuple[str, ...], Rule]]] = {}
        self.regexes: list[tuple[Bounded, Rule, str | None]] = []
        self.entries: list[Entry] = []
        for order, entry in enumerate(entries):
            self.entries.append(entry)
            for item in _rules(entry, order):
                if isinstance(item, tuple):
                    self.regexes.append(item)
                    continue
                keys = phrase_keys(item.text)
                if keys and any(keys) and len(keys) <= MAX_PHRASE_WORDS:  # longer: refused at load
                    self.index.setdefault(keys[0], []).append((keys, item))
        for bucket in self.index.values():
            bucket.sort(key=lambda kr: -len(kr[0]))
        self.near = NearMatcher(enumerate(self.entries), language)

    def find(self, doc: Doc, *, detect: bool = False, spelling: str | None = None) -> list[Match]:
        """Selected matches in text order. Shields are dropped; protected
        spans too unless ``detect`` (used to find source terms, where quotes
        do not stop a match, and near misses and ``spelling`` are not
        looked for). Exact matches come first, then near misses on the
        words they left, then house spelling on the words left after both."""
        cands = self._resolved(doc, [*self._literal(doc), *self._regex(doc)], detect)
        if not detect:
            cands = flag_unsupported(doc, cands)
            taken = _taken(doc, [m for m in cands if not _common_fix(m)])
            found = self.near.find(doc, taken, topics(doc, cands))
            near = best(self._resolved(doc, found, detect))
            if near and len(near) < len(found):
                # a near miss may be another's context once it is made ("Me cash" ->
                # "Mama Cash" beside "count me count" -> "Count Me In!"): decided on
                # the words they become, so a second pass changes nothing more
                becomes = {m.tok_first: (m.tok_end, Doc([" " + m.replacement]).keys)
                           for m in near if m.kind is Action.REPLACE and m.replacement}
                near = best([r for m in found
                             if (r := resolve(doc, m, detect=detect, becomes=becomes))])
            cands += near
            if spelling is not None:
                taken = _taken(doc, near, taken)
                cands += self._resolved(doc, spelling_candidates(doc, spelling, taken), detect)
        chosen = select(cands)
        keep = {Action.REPLACE, Action.FLAG}
        if detect:
            keep |= {Action.SHIELD, Action.KEEP, Action.PROTECT}
        return [m for m in chosen if m.kind in keep]

    @staticmethod
    def _resolved(doc: Doc, cands: Iterable[Match], detect: bool) -> list[Match]:
        out = []
        for cand in cands:
            m = resolve(doc, cand, detect=detect)
            if m is not None:
                out.append(m)
        return out

    def _literal(self, doc: Doc) -> Iterable[Match]:
        keys, tokens, text = doc.keys, doc.tokens, doc.text
        for k, key in enumerate(keys):
            bucket = self.index.get(key)
            if not bucket:
                continue
            for pkeys, rule in bucket:
                n = len(pkeys)
                if n > 1 and tuple(keys[k : k + n]) != pkeys:
                    continue
                first, last = tokens[k], tokens[k + n - 1]
                core = text[first.core_start : last.core_end]
                seen = _squash(core) if rule.case_sensitive else fold(_squash(core))
                if seen != rule.core:
                    continue
                a, b = first.core_start, last.core_end
                if rule.lead and text[max(first.start, a - len(rule.lead)) : a] == rule.lead:
                    a -= len(rule.lead)
                if rule.trail and text[b : min(last.end, b + len(rule.trail))] == rule.trail:
                    b += len(rule.trail)
                yield Match(a, b, k, k + n, rule, text[a:b], rule.action, rule.target)

    def _regex(self, doc: Doc) -> Iterable[Match]:
        lowered = doc.text.lower()
        if len(lowered) != len(doc.text):
            lowered = ""
        for pattern, rule, literal in self.regexes:
            if literal is not None and lowered:
                haystack = doc.text if rule.case_sensitive else lowered
                if literal not in haystack:
                    continue
            for m in pattern.finditer(doc.text):
                if m.end() <= m.start():
                    continue
                first, end = doc.token_range(m.start(), m.end())
                if first >= end:
                    continue
                target = rule.target
                if rule.action in (Action.REPLACE, Action.FLAG):
                    try:
                        target = m.expand(rule.target)
                    except (re.error, bounded_error, IndexError):
                        log.warning(
                            "entry %s: bad replacement template %r", rule.entry.id, rule.target
                        )
                        continue
                yield Match(m.start(), m.end(), first, end, rule, m.group(), rule.action, target)


def _taken(doc: Doc, matches: Iterable[Match], taken: list[bool] | None = None) -> list[bool]:
    """Per token: covered by one of ``matches`` (or already ``taken``)."""
    out = list(taken) if taken is not None else [False] * len(doc.tokens)
    for m in matches:
        out[m.tok_first : m.tok_end] = [True] * (m.tok_end - m.tok_first)
    return out


def _common_fix(m: Match) -> bool:
    """A replacement by a lower-case term (house spelling, a common word's
    variant): it leaves its words open to near misses of a longer name
    ("national labor organization"), which win where they overlap."""
    return m.kind is Action.REPLACE and m.rule.entry.term[:1].islower()


def spelling_for(glossary: Glossary, language: str) -> str | None:
    """The glossary's house spelling, for English text only."""
    if glossary.spelling is None or language.lower().split("-")[0].split("_")[0] != "en":
        return None
    return glossary.spelling


def find_matches(
    glossary: Glossary, language: str, doc: Doc, translations: bool = True
) -> list[Match]:
    """Every selected match of ``glossary`` in ``doc``: exact, near misses,
    house spelling (``translations``: see ``matcher_for``)."""
    matcher = matcher_for(glossary, language, translations)
    return matcher.find(doc, spelling=spelling_for(glossary, language))


def matcher_for(glossary: Glossary, language: str, translations: bool = True) -> Matcher:
    """The glossary's entries for ``language``: its own, and with
    ``translations`` the translations into it of the others
    (``glossary.translated``; off where ``term-translation`` checks them
    against a source), compiled on first use."""
    key = f"matcher:{language.lower()}:{translations}"
    cached = glossary.cache.get(key)
    if isinstance(cached, Matcher):
        return cached
    own = [e for e in glossary.entries if language_matches(e.language, language)]
    matcher = Matcher(entries_for(glossary, language, own) if translations else own, language)
    glossary.cache[key] = matcher
    return matcher
