"""Domain glossary: one file to bias recognition, correct transcripts and
check any subtitle file, translations included.

Library API::

    g = load_glossary("glossaries/sex-work-rights.yaml")
    result = apply_to_words(transcript.words, g, "en")    # .words, .changes
    cues, changes = apply_to_cues(cues, g, "en")
    findings = term_findings(cues, g, "en")               # term-variant, term-discouraged
    findings += translation_findings(es_cues, en_cues, g, "es")   # term-translation
    plan = build_hotwords(g, engine.count_tokens)         # .text, .terms, .tokens
"""

from __future__ import annotations

from .apply import apply_to_cues, apply_to_words
from .checkers import term_findings, translation_findings
from .hotwords import PromptPlan, build_hotwords, build_initial_prompt
from .lint import lint_glossary, lint_path
from .load import load_glossaries, load_glossary, merge_glossaries, read_glossary
from .model import (
    Change,
    ChangeKind,
    Entry,
    Glossary,
    GlossaryResult,
    Policy,
    Problem,
    Translation,
    Variant,
)

__all__ = [
    "Change",
    "ChangeKind",
    "Entry",
    "Glossary",
    "GlossaryResult",
    "Policy",
    "Problem",
    "PromptPlan",
    "Translation",
    "Variant",
    "apply_to_cues",
    "apply_to_words",
    "build_hotwords",
    "build_initial_prompt",
    "lint_glossary",
    "lint_path",
    "load_glossaries",
    "load_glossary",
    "merge_glossaries",
    "read_glossary",
    "term_findings",
    "translation_findings",
]
