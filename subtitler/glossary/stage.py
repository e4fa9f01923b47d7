"""The glossary as a pipeline stage: prompt for the engine, corrections of
the transcript, findings on the cues, and the report's record of all three."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..cues.units import Terms, is_name
from ..engines.base import DecodeOptions, Transcriber
from ..models import Cue, Finding, Word
from ..profiles import Profile
from .apply import apply_to_words
from .checkers import term_findings, translation_findings
from .hotwords import PromptPlan, build_hotwords, build_initial_prompt
from .load import load_glossaries
from .model import Change, Glossary, Policy

PROMPT_STYLE = {"faster-whisper": "hotwords", "openai-whisper": "initial_prompt"}
"""How each engine takes glossary terms."""


@dataclass(frozen=True)
class GlossaryStage:
    """One or more glossary files, loaded once for many runs."""

    paths: tuple[Path, ...]
    glossary: Glossary

    @classmethod
    def load(cls, paths: Sequence[str | Path], spelling: str | None = None) -> GlossaryStage:
        """The glossaries in ``paths`` (none: house spelling only) with
        ``spelling`` ("en-GB", "en-US", "off"; None: the glossaries' own)."""
        files = tuple(Path(p) for p in paths)
        return cls(files, load_glossaries(files, spelling))

    def prompt(
        self, engine: Transcriber, decode: DecodeOptions
    ) -> tuple[DecodeOptions, PromptPlan]:
        """``decode`` with the glossary's terms as the engine takes them."""
        style = PROMPT_STYLE.get(engine.engine, "hotwords")
        if style == "initial_prompt":
            plan = build_initial_prompt(self.glossary, engine.count_tokens)
            return replace(decode, initial_prompt=plan.text or None), plan
        plan = build_hotwords(self.glossary, engine.count_tokens)
        return replace(decode, hotwords=plan.text or None), plan

    def correct(
        self, words: Sequence[Word], language: str
    ) -> tuple[tuple[Word, ...], tuple[Change, ...]]:
        """Words with recognition errors and house spelling fixed, and every
        change and flag made."""
        result = apply_to_words(words, self.glossary, language)
        return result.words, result.changes

    def findings(self, cues: Sequence[Cue], language: str, profile: Profile) -> list[Finding]:
        return term_findings(cues, self.glossary, language, profile=profile)

    def units(self, language: str | None) -> Terms:
        """The glossary's terms, forms and protected phrases in ``language``
        (its translations' for another language): units no line or cue
        break may split (``cues.units``). Built once per language."""
        key = f"units:{language}"
        found = self.glossary.cache.get(key)
        if not isinstance(found, Terms):
            found = Terms.of(unit_phrases(self.glossary, language))
            self.glossary.cache[key] = found
        return found


def unit_phrases(glossary: Glossary, language: str | None) -> list[str]:
    """The literal phrases of ``glossary`` in ``language``: terms, forms,
    protected variants (entries in that language), approved renderings and
    literal variants (translations into it), and the names of entries with
    no translation into it."""
    base = (language or glossary.language).lower().replace("_", "-").split("-")[0]
    out: list[str] = []
    for e in glossary.entries:
        if e.language.lower().split("-")[0] == base:
            out += [e.term, *e.forms]
            out += [v.text for v in e.variants if not v.regex and e.policy_of(v) is Policy.PROTECT]
        elif (tr := e.translation(base)) is not None:
            out += [*tr.terms, *(v.text for v in tr.variants if not v.regex)]
        else:  # a name stays a name in every language ("el Red Umbrella Fund")
            out += [p for p in (e.term, *e.forms) if is_name(p)]
    return out


def number_changes(changes: Sequence[Change], first_word_starts: Sequence[int]) -> list[Change]:
    """Changes with ``cue`` set. ``first_word_starts[i]`` is when cue i's first
    word starts by the word times (not the cue's refined start): a change
    belongs to the last cue whose words start at or before it."""
    out = []
    for ch in changes:
        i = bisect.bisect_right(first_word_starts, ch.start_ms) - 1
        out.append(replace(ch, cue=max(i, 0) + 1 if first_word_starts else None))
    return out


def record(
    stage: GlossaryStage, plan: PromptPlan | None, changes: Sequence[Change]
) -> dict[str, Any]:
    """The report's ``glossary`` section."""
    return {
        "files": [str(p) for p in stage.paths],
        "entries": len(stage.glossary.entries),
        "spelling": stage.glossary.spelling,
        "prompt": plan.to_json() if plan is not None else None,
        "changes": [c.to_json() for c in changes],
    }


CueChecker = Callable[[Sequence[Cue], Profile], list[Finding]]


def term_checkers(
    paths: Sequence[str | Path],
    language: str | None,
    source: str | Path | None,
    spelling: str | None = None,
) -> tuple[CueChecker, ...]:
    """``subtitler check -g``: term findings on the checked files (in
    ``language``, default the glossary's own), and with ``source`` (the file
    they were translated from) ``term-translation`` findings. ``spelling``
    overrides the glossaries' house spelling (``term-spelling`` findings)."""
    glossary = load_glossaries(paths, spelling)
    lang = language or glossary.language

    def terms(cues: Sequence[Cue], profile: Profile) -> list[Finding]:
        # with a source, term-translation checks the translated terms
        return term_findings(cues, glossary, lang, profile=profile, translations=source is None)

    if source is None:
        return (terms,)
    from ..formats.registry import read_subtitles

    source_cues = read_subtitles(source).cues

    def translation(cues: Sequence[Cue], profile: Profile) -> list[Finding]:
        return translation_findings(
            cues, source_cues, glossary, lang, source_language=glossary.language, profile=profile
        )

    return (terms, translation)
