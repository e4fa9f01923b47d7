"""Named style profiles: the numbers each house style sets, with sources.

Sources (see docs/profiles.md#where-each-number-comes-from): Netflix Partner Help Center 215758617
(general requirements), 360051554394 (timing), 217350977 (English USA);
BBC Subtitle Guidelines v1.2.5; DCMP Captioning Key; Subtitle Edit defaults.
"""

from __future__ import annotations

import copyreg
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .errors import UsageError
from .language.reading import NETFLIX_ADULT, NETFLIX_CHILDREN
from .language.reading import SOURCE as READING_SOURCE
from .models import Finding, Notice, Severity


def _mappingproxy(data: dict[str, Any]) -> MappingProxyType[str, Any]:
    return MappingProxyType(data)


# Profiles travel to worker processes (batch --jobs, Dask); their read-only
# mappings pickle as copies of themselves.
copyreg.pickle(MappingProxyType, lambda m: (_mappingproxy, (dict(m),)))


@dataclass(frozen=True)
class Profile:
    """The numbers one house style sets for subtitle cues."""

    name: str
    max_line_chars: int
    max_lines: int
    max_cps: float
    min_duration_ms: int
    max_duration_ms: int
    min_gap_ms: int
    max_linger_ms: int = 500
    """How long a cue may stay on screen after the speech ends."""
    description: str = ""
    sources: Mapping[str, str] = field(default_factory=dict)
    severity: Mapping[str, Severity] = field(default_factory=lambda: MappingProxyType({}))
    """The severities this profile gives rules other than their defaults
    (``rules.catalog``: every rule, with its default severity)."""
    languages: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Numbers the house style sets differently per language, by language code
    (``"*"``: every language not named); ``for_language`` applies them. The
    profile's own numbers are its English ones."""
    language_source: str = ""
    """Where ``languages`` comes from."""

    def numbers(self) -> dict[str, Any]:
        """The profile's numbers by name (for reports and docs)."""
        skip = {"name", "description", "sources", "severity", "languages", "language_source"}
        return {
            f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name not in skip
        }

    def for_language(self, language: str | None) -> Profile:
        """The profile for subtitles in ``language`` ("es", "pt-BR"): its
        numbers for that language, with their source (the same profile when
        the house style sets nothing else for it)."""
        if not self.languages or not language:
            return self
        code = language.strip().lower().replace("_", "-").split("-")[0]
        numbers = self.languages.get(code, self.languages.get("*", {}))
        changed = {k: v for k, v in numbers.items() if getattr(self, k) != v}
        if not changed:
            return self
        sources = dict(self.sources)
        for key, value in changed.items():
            sources[key] = f"{value:g} for language {code} ({self.language_source})"
        return dataclasses.replace(self, sources=MappingProxyType(sources), **changed)

    def severity_of(self, rule: str) -> Severity:
        """The one place a rule's severity is decided: the profile's, else
        the rule's default."""
        found = self.severity.get(rule)
        return found if found is not None else _defaults().get(rule, Severity.WARNING)

    def severities(self) -> dict[str, Severity]:
        """Every rule's severity under this profile."""
        return {**_defaults(), **self.severity}

    def finding(
        self,
        rule: str,
        cue: int | None,
        message: str,
        line: int | None = None,
        data: dict[str, Any] | None = None,
    ) -> Finding:
        """A ``Finding`` of ``rule`` at that severity this profile gives it."""
        return Finding(rule, self.severity_of(rule), cue, message, line, data or {})

    def judge(self, notice: Notice) -> Finding:
        """A reader's ``Notice`` as a finding under this profile."""
        return self.finding(notice.rule, notice.cue, notice.message, notice.line)

    def with_overrides(self, overrides: Mapping[str, Any]) -> Profile:
        """A copy with some numbers (or ``severity`` entries) replaced: in
        every language (a number set here wins over the per-language ones).
        Unknown keys raise ``UsageError``."""
        numbers = {f.name for f in dataclasses.fields(self)} - {
            "name", "sources", "severity", "languages", "language_source"}
        changes: dict[str, Any] = {}
        severity = dict(self.severity)
        for key, value in overrides.items():
            key_ = key.replace("-", "_")
            if key_ == "severity" and isinstance(value, Mapping):
                for rule, sev in value.items():
                    try:
                        severity[str(rule)] = Severity(str(sev))
                    except ValueError:
                        raise UsageError(
                            f"severity of {rule!r} must be 'error' or 'warning'"
                        ) from None
            elif key_ in numbers:
                kind = type(getattr(self, key_))
                try:
                    changes[key_] = kind(value)
                except (TypeError, ValueError, OverflowError):
                    raise UsageError(f"{key} must be a number, not {value!r}") from None
                low, high = NUMBER_RANGES.get(key_, (0, 10**7))
                if isinstance(value, bool) or not low <= changes[key_] <= high:
                    raise UsageError(f"{key} must be from {low} to {high}, not {value!r}")
            else:
                raise UsageError(f"unknown profile setting {key!r}")
        languages = {code: MappingProxyType({k: v for k, v in numbers.items() if k not in changes})
                     for code, numbers in self.languages.items()}
        return dataclasses.replace(self, severity=MappingProxyType(severity),
                                   languages=MappingProxyType(languages), **changes)


def _defaults() -> Mapping[str, Severity]:
    """Each rule's default severity, from the rules' catalog (imported when
    first asked for: the rules package imports this module)."""
    from .rules.catalog import DEFAULT_SEVERITY

    return DEFAULT_SEVERITY


NUMBER_RANGES: dict[str, tuple[float, float]] = {
    "max_line_chars": (1, 1000),
    "max_lines": (1, 100),
    "max_cps": (0.1, 1000),
    "min_duration_ms": (0, 3_600_000),
    "max_duration_ms": (1, 3_600_000),
    "min_gap_ms": (0, 3_600_000),
    "max_linger_ms": (0, 3_600_000),
}
"""What a profile number may be set to (0 characters per second, -5
characters per line or an hour's minimum gap would silently check nothing)."""

NETFLIX_SRC = "Netflix Partner Help Center 215758617, 360051554394, 217350977"
NETFLIX_LANGUAGES = READING_SOURCE


def _reading_only(table: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Mapping[str, Any]]:
    """A per-language table with its reading speeds only."""
    return MappingProxyType({k: MappingProxyType({"max_cps": v["max_cps"]})
                             for k, v in table.items()})

BBC_SRC = "BBC Subtitle Guidelines v1.2.5, sections 3-7"
DCMP_SRC = "DCMP Captioning Key"

PROFILES: Mapping[str, Profile] = MappingProxyType(
    {
        "netflix": Profile(
            name="netflix",
            max_line_chars=42,
            max_lines=2,
            max_cps=20.0,
            min_duration_ms=833,
            max_duration_ms=7000,
            min_gap_ms=83,
            description="Netflix timed text style (English USA; other languages per "
            "Netflix's guide for the language)",
            languages=NETFLIX_ADULT,
            language_source=NETFLIX_LANGUAGES,
            sources={
                "max_line_chars": f"42 characters per line ({NETFLIX_SRC})",
                "max_lines": "2 lines (Netflix 215758617)",
                "max_cps": "20 characters per second, adults (Netflix 217350977)",
                "min_duration_ms": "5/6 s = 20 frames at 24 fps (Netflix 215758617)",
                "max_duration_ms": "7 s (Netflix 215758617)",
                "min_gap_ms": "2 frames at 24 fps (Netflix 360051554394)",
                "max_linger_ms": "may end up to 0.5 s after speech (Netflix 360051554394)",
            },
        ),
        "netflix-kids": Profile(
            name="netflix-kids",
            max_line_chars=42,
            max_lines=2,
            max_cps=17.0,
            min_duration_ms=833,
            max_duration_ms=7000,
            min_gap_ms=83,
            description="Netflix, children's programmes (English USA; other languages per "
            "Netflix's guide for the language)",
            languages=NETFLIX_CHILDREN,
            language_source=NETFLIX_LANGUAGES,
            sources={
                "max_cps": "17 characters per second, children (Netflix 217350977)",
                "max_line_chars": "42 (Netflix 217350977)",
            },
        ),
        "bbc": Profile(
            name="bbc",
            max_line_chars=37,
            max_lines=2,
            max_cps=15.0,
            min_duration_ms=1000,
            max_duration_ms=7000,
            min_gap_ms=80,
            description="BBC broadcast subtitles",
            sources={
                "max_line_chars": f"37 characters, broadcast ({BBC_SRC})",
                "max_lines": f"2 lines ({BBC_SRC})",
                "max_cps": f"160-180 wpm = about 15 cps at 5 characters a word ({BBC_SRC})",
                "min_duration_ms": f"about 0.3 s per word; 1 s floor ({BBC_SRC})",
                "max_duration_ms": "not set by the BBC; Netflix's 7 s",
                "min_gap_ms": "2 frames at 25 fps",
            },
        ),
        "dcmp": Profile(
            name="dcmp",
            max_line_chars=32,
            max_lines=2,
            max_cps=13.0,
            min_duration_ms=2000,
            max_duration_ms=7000,
            min_gap_ms=83,
            description="DCMP Captioning Key (educational media, US)",
            sources={
                "max_line_chars": f"32 characters per line ({DCMP_SRC})",
                "max_lines": f"2 lines ({DCMP_SRC})",
                "max_cps": f"150-160 wpm = about 13 cps ({DCMP_SRC})",
                "min_duration_ms": f"2 s ({DCMP_SRC})",
                "max_duration_ms": "not set by DCMP; Netflix's 7 s",
                "min_gap_ms": "not set by DCMP; Netflix's 2 frames",
            },
        ),
        "vertical": Profile(
            name="vertical",
            max_line_chars=25,
            max_lines=3,
            max_cps=20.0,
            min_duration_ms=833,
            max_duration_ms=7000,
            min_gap_ms=83,
            description="9:16 vertical video (phones, social media)",
            languages=_reading_only(NETFLIX_ADULT),
            language_source=NETFLIX_LANGUAGES,
            sources={
                "max_line_chars": f"about 25 characters on 9:16 video ({BBC_SRC}, online)",
                "max_lines": f"3 lines on 9:16 video ({BBC_SRC})",
                "max_cps": "Netflix's 20 cps",
            },
        ),
    }
)


DEFAULT_PROFILE = PROFILES["netflix"]
"""The profile used when none is chosen."""

SCRIPT_RULES = ("script-skipped", "script-added")
"""What ``--script-strict`` turns into errors."""


def strict_script(profile: Profile) -> Profile:
    """``profile`` with script deviations as errors (``--script-strict``)."""
    return profile.with_overrides({"severity": dict.fromkeys(SCRIPT_RULES, "error")})


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(PROFILES)
        raise UsageError(f"unknown profile {name!r} (known: {known})") from None
