"""Checks shared by every glossary source (YAML, CSV/TSV, TBX)."""

from __future__ import annotations

import re
import unicodedata

from ..match.bounded import Bounded
from ..match.bounded import error as bounded_error
from ..match.compiled import MAX_PHRASE_WORDS
from ..match.text import phrase_keys

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
LANG_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_GROUP_REF = re.compile(r"\\(?:g<([^>]*)>|(\d+))")


def slug(text: str) -> str:
    """An entry id made from a term: "Red Umbrella Fund" -> "red-umbrella-fund"."""
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-")
    return out or "entry"


def normal_language(code: str) -> str:
    return code.strip().replace("_", "-").lower()


def language_problem(code: str) -> str | None:
    if LANG_RE.match(code.strip()):
        return None
    return f"language {code!r} is not a language code such as 'en', 'es' or 'pt-BR'"




def literal_problem(text: str) -> str | None:
    keys = phrase_keys(text)
    if not any(keys):
        return f"{text!r} has no letters or digits to match"
    if len(keys) > MAX_PHRASE_WORDS:
        return f"{text[:40]!r}... has {len(keys)} words; a variant has at most {MAX_PHRASE_WORDS}"
    return None


def compile_problem(pattern: str, case_sensitive: bool) -> tuple[Bounded | None, str | None]:
    """The compiled regex (time-bounded), or why it does not compile."""
    try:
        return Bounded(pattern, case_sensitive), None
    except (bounded_error, OverflowError, RecursionError) as err:
        return None, f"regex {pattern!r} is invalid: {err}"


def template_problem(pattern: Bounded, template: str) -> str | None:
    """A replacement template that refers to a group the regex does not have."""
    for m in _GROUP_REF.finditer(template):
        name, number = m.group(1), m.group(2)
        if number is not None and int(number) > pattern.groups:
            return f"'to' refers to group {number}, the regex has {pattern.groups}"
        if name is not None:
            ok = name.isdigit() and int(name) <= pattern.groups or name in pattern.groupindex
            if not ok:
                return f"'to' refers to group {name!r}, which the regex does not have"
    return None


def matches_empty(pattern: Bounded) -> bool:
    """The regex can match the empty string (it would match everywhere)."""
    probes = ("", " ", "a", "a b", "The sex work.", "1")
    return any(m.end() == m.start() for probe in probes for m in pattern.finditer(probe))


def default_fix_case(term: str) -> bool:
    """Names (a capital letter anywhere) get their case fixed by default."""
    return any(ch.isupper() for ch in term)


SPELLINGS = ("en-GB", "en-US")
"""House spellings (``spelling`` in a glossary, ``--spelling``)."""


def normal_spelling(code: str) -> str:
    """ "en_gb" -> "en-GB" (a spelling ``spelling_problem`` accepts)."""
    lang, _, region = code.strip().replace("_", "-").partition("-")
    return f"{lang.lower()}-{region.upper()}"


def spelling_problem(code: str) -> str | None:
    if normal_spelling(code) in SPELLINGS:
        return None
    return f"spelling {code!r} is not one of {', '.join(SPELLINGS)}"
