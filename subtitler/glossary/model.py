"""The glossary's types: frozen dataclasses, no I/O.

An ``Entry`` says what a term should be (``term``, the canonical form) and
what to look for (``variants``); its ``policy`` says what to do with a
variant found in text. ``forms`` are other correct forms of the term
(plural, verb forms): never changed, and they count as the term in checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ..models import Severity, Word


class Policy(str, Enum):
    """What to do with a variant found in text."""

    REPLACE = "replace"
    """Rewrite it to the term (a recognition error or house spelling)."""
    FLAG = "flag"
    """Report it with a suggestion, never rewrite it (may be the speaker's own words)."""
    PROTECT = "protect"
    """Leave the phrase alone and let no other entry change or flag anything inside it."""

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Variant:
    """A form to look for: literal text (whole words, case-insensitive unless
    ``case_sensitive``) or a regular expression."""

    text: str
    regex: bool = False
    case_sensitive: bool = False
    policy: Policy | None = None
    """None: the entry's policy."""
    to: str | None = None
    """Replacement (or suggestion) for this variant; None: the entry's term.
    For a regex, a template: ``\\1`` or ``\\g<name>`` insert groups."""
    context: tuple[str, ...] | None = None
    """Context gate for this variant; None: the entry's; () : no gate."""
    line: int | None = None


@dataclass(frozen=True)
class Translation:
    """How an entry's term is rendered in one target language."""

    language: str
    terms: tuple[str, ...] = ()
    """Approved renderings, the preferred first."""
    variants: tuple[Variant, ...] = ()
    """Other accepted renderings (inflected forms, stems as regexes)."""
    forbidden: tuple[Variant, ...] = ()
    """Renderings that are wrong for this term (false friends)."""
    note: str = ""
    line: int | None = None

    @property
    def preferred(self) -> str | None:
        return self.terms[0] if self.terms else None


@dataclass(frozen=True)
class Entry:
    id: str
    term: str
    policy: Policy = Policy.REPLACE
    language: str = "en"
    forms: tuple[str, ...] = ()
    variants: tuple[Variant, ...] = ()
    context: tuple[str, ...] = ()
    """Gate: variants are acted on only when one of these words or phrases
    occurs within ``window`` words in the same sentence."""
    window: int = 10
    fix_case: bool = False
    """Rewrite the term written in another case ("red umbrella fund") to the
    term. Defaults to True when the term has a capital letter (a name)."""
    in_quotes: bool = True
    """Act inside quotation marks. ``flag`` entries never do."""
    hotword: bool | None = None
    """Send the term to the recogniser as a hotword; None: decide by rank."""
    fuzzy: bool | None = None
    """Look for near misses of the term and its forms that no variant lists
    ("Count Me N" for "Count Me In!"); None: on for names (see
    ``match.near.wants_fuzzy``)."""
    note: str = ""
    source: str = ""
    translations: tuple[Translation, ...] = ()
    line: int | None = None

    def policy_of(self, variant: Variant) -> Policy:
        return variant.policy or self.policy

    def context_of(self, variant: Variant | None) -> tuple[str, ...]:
        if variant is not None and variant.context is not None:
            return variant.context
        return self.context

    def translation(self, language: str) -> Translation | None:
        """The translation for ``language`` ("es", "es-ES" falls back to "es")."""
        wanted = language.lower().replace("_", "-")
        base = wanted.split("-")[0]
        fallback = None
        for tr in self.translations:
            lang = tr.language.lower()
            if lang == wanted:
                return tr
            if lang.split("-")[0] == base and fallback is None:
                fallback = tr
        return fallback


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...]
    name: str = ""
    description: str = ""
    language: str = "en"
    path: str | None = None
    spelling: str | None = None
    """House spelling, "en-GB" or "en-US": American or British variants of
    any word are converted (``spelling``); None: no conversion."""
    cache: dict[str, Any] = field(
        default_factory=dict, init=False, compare=False, hash=False, repr=False
    )
    """Compiled matchers per language (filled on first use, see ``match``)."""

    def entry(self, entry_id: str) -> Entry | None:
        for e in self.entries:
            if e.id == entry_id:
                return e
        return None

    def languages(self) -> tuple[str, ...]:
        """Every language the glossary has entries or translations in."""
        seen: dict[str, None] = {}
        for e in self.entries:
            seen.setdefault(e.language, None)
        for e in self.entries:
            for tr in e.translations:
                seen.setdefault(tr.language, None)
        return tuple(seen)


class ChangeKind(str, Enum):
    REPLACE = "replace"
    FUZZY = "fuzzy"
    """A replacement of a near miss no variant listed ("Count Me N")."""
    FLAG = "flag"

    @property
    def replaces(self) -> bool:
        return self is not ChangeKind.FLAG

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Change:
    """One replacement made, or one flag raised, by applying a glossary."""

    kind: ChangeKind
    before: str
    after: str
    """The replacement, or for a flag the suggestion."""
    entry_id: str
    start_ms: int
    end_ms: int
    word_index: int
    """Index of the first word concerned in the input words."""
    word_count: int = 1
    """How many input words the change covers."""
    cue: int | None = None
    """1-based cue number when applied to cues."""
    note: str = ""
    score: float | None = None
    """For a near miss: how close it was to the term (0-1, see ``match.similar``)."""
    distance: int | None = None
    """For a near miss: letters that differ from the term (edit distance)."""

    @property
    def suggestion(self) -> str:
        return self.after

    def to_json(self) -> dict[str, Any]:
        near = {} if self.score is None else {"score": self.score, "distance": self.distance}
        return {
            "kind": self.kind.value,
            "before": self.before,
            "after": self.after,
            "entry": self.entry_id,
            "start_ms": self.start_ms,
            "end_ms": self.end_ms,
            "word_index": self.word_index,
            "word_count": self.word_count,
            "cue": self.cue,
            "note": self.note,
            **near,
        }


@dataclass(frozen=True)
class GlossaryResult:
    words: tuple[Word, ...]
    changes: tuple[Change, ...]

    @property
    def replacements(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind.replaces)

    @property
    def flags(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind is ChangeKind.FLAG)


@dataclass(frozen=True)
class Problem:
    """Something wrong in a glossary file (from the loader or the linter)."""

    severity: Severity
    code: str
    message: str
    line: int | None = None
    entry_id: str | None = None

    def render(self, path: str | None) -> str:
        where = path or "<glossary>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.severity}: {self.message} [{self.code}]"
