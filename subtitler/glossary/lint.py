"""``subtitler glossary lint``: schema errors (from the loader), duplicate and
conflicting entries, variants that would rewrite another entry's term,
regular expressions that match the empty string, and weaker warnings."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ..models import Severity
from .formats.validate import compile_problem, matches_empty
from .load import read_glossary
from .match.bounded import Bounded
from .match.bounded import error as bounded_error
from .match.compiled import language_matches, required_literal
from .match.near import names_of
from .match.text import fold
from .model import Entry, Glossary, Policy, Problem, Variant

E, W = Severity.ERROR, Severity.WARNING


def _norm(text: str) -> str:
    return fold(" ".join(text.split()))


def _target(entry: Entry, v: Variant) -> str:
    return _norm(v.to if v.to is not None else entry.term)


def _ids(entries: Iterable[Entry]) -> Iterable[Problem]:
    first: dict[str, Entry] = {}
    for e in entries:
        if e.id in first:
            yield Problem(
                E,
                "duplicate-id",
                f"entry id {e.id!r} is used twice (first at line {first[e.id].line})",
                e.line,
                e.id,
            )
        else:
            first[e.id] = e


def _terms(entries: Iterable[Entry]) -> Iterable[Problem]:
    first: dict[tuple[str, str], Entry] = {}
    for e in entries:
        if e.policy is not Policy.REPLACE:
            continue
        key = (e.language.split("-")[0], _norm(e.term))
        if key in first:
            yield Problem(
                W,
                "duplicate-term",
                f"term {e.term!r} is also the term of entry {first[key].id}: merge the two entries",
                e.line,
                e.id,
            )
        else:
            first[key] = e


def _variants(entries: list[Entry]) -> Iterable[Problem]:
    seen: dict[tuple[str, str], tuple[Entry, Variant]] = {}
    for e in entries:
        for v in e.variants:
            if v.regex:
                continue
            key = (e.language.split("-")[0], _norm(v.text))
            if key not in seen:
                seen[key] = (e, v)
                continue
            other, ov = seen[key]
            same = _target(other, ov) == _target(e, v) and other.policy_of(ov) is e.policy_of(v)
            where = "this entry" if other is e else f"entry {other.id}"
            if same:
                yield Problem(
                    W,
                    "duplicate-variant",
                    f"variant {v.text!r} is also listed in {where}",
                    v.line or e.line,
                    e.id,
                )
            else:
                yield Problem(
                    E,
                    "conflict",
                    f"variant {v.text!r} is also in {where} with another "
                    f"term or policy: which one applies depends on file order",
                    v.line or e.line,
                    e.id,
                )


def _result(e: Entry, v: Variant, pattern: Bounded | None, term: str) -> str | None:
    """What variant ``v`` turns ``term`` into, or None when it does not match it."""
    if pattern is not None:
        m = pattern.fullmatch(term)
        if m is None:
            return None
        try:
            return m.expand(v.to) if v.to is not None else e.term
        except (re.error, bounded_error, IndexError):
            return None
    if _norm(v.text) != _norm(term):
        return None
    return v.to if v.to is not None else e.term


def _term_index(entries: list[Entry]) -> dict[tuple[str, str], list[tuple[Entry, str]]]:
    """Terms and forms by (base language, normalised text), for lookups in
    linear time (lint once compared every variant with every term)."""
    index: dict[tuple[str, str], list[tuple[Entry, str]]] = {}
    for other in entries:
        if other.policy is Policy.FLAG:
            continue
        for term in (other.term, *other.forms):
            index.setdefault((other.language.split("-")[0], _norm(term)), []).append((other, term))
    return index


class _Prefixes:
    """Terms sorted by their lower-case text: those starting with a regex's
    required literal are found by bisection, not by trying every term."""

    def __init__(self, entries: list[Entry]) -> None:
        pairs = [(t.lower(), o, t) for o in entries if o.policy is not Policy.FLAG
                 for t in (o.term, *o.forms)]
        pairs.sort(key=lambda p: p[0])
        self.keys = [k for k, _, _ in pairs]
        self.pairs = [(o, t) for _, o, t in pairs]

    def starting(self, literal: str | None) -> list[tuple[Entry, str]]:
        if literal is None:
            return self.pairs
        lo = bisect.bisect_left(self.keys, literal)
        hi = bisect.bisect_left(self.keys, literal + "\U0010ffff")
        return self.pairs[lo:hi]


def _variant_is_term(entries: list[Entry]) -> Iterable[Problem]:
    index = _term_index(entries)
    prefixes = _Prefixes(entries)
    for e in entries:
        for v in e.variants:
            policy = e.policy_of(v)
            if policy is Policy.PROTECT:
                continue
            pattern = compile_problem(v.text, v.case_sensitive)[0] if v.regex else None
            if v.regex:
                literal = required_literal(v.text)  # every match starts with it
                candidates = prefixes.starting(literal.lower() if literal else None)
            else:
                candidates = index.get((e.language.split("-")[0], _norm(v.text)), [])
            for other, term in candidates:
                if not language_matches(other.language, e.language):
                    continue
                result = _result(e, v, pattern, term)
                if result is None or (policy is Policy.REPLACE and _norm(result) == _norm(term)):
                    continue  # no match, or it only fixes the case of a term
                if other is e and pattern is None and v.text != term:
                    continue  # its own term in another case, listed on purpose
                whose = "this entry" if other is e else f"entry {other.id}"
                done = "flagged" if policy is Policy.FLAG else "changed"
                yield Problem(
                    E,
                    "variant-is-term",
                    f"variant {v.text!r} matches the term {term!r} of {whose}: "
                    f"correct text would be {done}",
                    v.line or e.line,
                    e.id,
                )


def _regexes(e: Entry) -> Iterable[Problem]:
    groups = [e.variants] + [t.variants + t.forbidden for t in e.translations]
    for variants in groups:
        for v in variants:
            if not v.regex:
                continue
            pattern, _ = compile_problem(v.text, v.case_sensitive)
            if pattern is not None and matches_empty(pattern):
                yield Problem(
                    E,
                    "empty-match",
                    f"regex {v.text!r} matches the empty string (it would match everywhere)",
                    v.line or e.line,
                    e.id,
                )


def _entry(e: Entry) -> Iterable[Problem]:
    yield from _regexes(e)
    if not e.source:
        yield Problem(
            W,
            "no-source",
            f"entry {e.id} has no source: say where the term comes from",
            e.line,
            e.id,
        )
    if e.fuzzy and (e.policy is not Policy.REPLACE or not names_of(e)):
        why = "a replace entry" if e.policy is not Policy.REPLACE else "a name (not an acronym)"
        yield Problem(
            W,
            "fuzzy-unused",
            f"entry {e.id}: 'fuzzy' needs {why} to look for near misses of",
            e.line,
            e.id,
        )
    if e.context and e.policy is Policy.PROTECT:
        yield Problem(
            W, "context-unused", f"entry {e.id}: a protect entry ignores 'context'", e.line, e.id
        )
    if e.policy is Policy.FLAG and e.translations:
        yield Problem(
            W,
            "translation-unused",
            f"entry {e.id}: translations of a flag entry are not checked "
            "(its variants are the speaker's words)",
            e.line,
            e.id,
        )
    if e.policy is Policy.FLAG and e.in_quotes:
        yield Problem(
            W,
            "schema",
            f"entry {e.id}: flag entries never act inside quotation marks",
            e.line,
            e.id,
        )
    for t in e.translations:
        if not (t.terms or t.variants or t.forbidden):
            yield Problem(
                W,
                "empty-translation",
                f"entry {e.id}: translation {t.language} is empty",
                t.line or e.line,
                e.id,
            )
        approved = {_norm(x) for x in t.terms} | {_norm(v.text) for v in t.variants if not v.regex}
        for v in t.forbidden:
            if not v.regex and _norm(v.text) in approved:
                yield Problem(
                    E,
                    "conflict",
                    f"entry {e.id}: {v.text!r} is both approved and forbidden in {t.language}",
                    v.line or t.line or e.line,
                    e.id,
                )


def lint_glossary(glossary: Glossary) -> list[Problem]:
    """Problems in a loaded glossary (load problems are separate)."""
    entries = list(glossary.entries)
    problems = [*_ids(entries), *_terms(entries), *_variants(entries), *_variant_is_term(entries)]
    for e in entries:
        problems.extend(_entry(e))
    return problems


def lint_path(path: str | Path) -> tuple[Glossary, list[Problem]]:
    """Read and lint a glossary file: every problem, by line. Raises
    ``GlossaryError`` only when the file cannot be read at all."""
    glossary, problems = read_glossary(path)
    # loading keeps going with a slow regex (bounded in time); lint says it must go
    problems = [replace(p, severity=E) if p.code == "slow-regex" else p for p in problems]
    problems = problems + lint_glossary(glossary)
    return glossary, sorted(problems, key=lambda p: (p.line or 0, p.severity is not E, p.code))
