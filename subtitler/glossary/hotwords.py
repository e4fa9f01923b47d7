"""Recognition bias from the glossary: faster-whisper ``hotwords`` and
openai-whisper ``initial_prompt``, ranked, within the prompt budget counted
with the model's own tokenizer (``count_tokens``, supplied by the engine).

faster-whisper keeps the FIRST 223 hotword tokens, openai-whisper the LAST
223 prompt tokens: hotwords put the most important term first, the
initial prompt last.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .match.compiled import language_matches
from .model import Entry, Glossary, Policy

DEFAULT_BUDGET = 223
SEPARATOR = ", "
MAX_AUTO_WORDS = 6
"""Longer terms (titles) are sent only when the entry sets ``hotword: true``."""

CountTokens = Callable[[str], int]


@dataclass(frozen=True)
class PromptPlan:
    text: str
    """What to send (empty: send nothing)."""
    terms: tuple[str, ...]
    """The terms included, in the order sent."""
    tokens: int
    """Tokens ``text`` takes, counted by the engine's tokenizer."""
    budget: int
    skipped: tuple[str, ...] = ()
    """Ranked terms that did not fit."""

    def to_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "terms": list(self.terms),
            "tokens": self.tokens,
            "budget": self.budget,
            "skipped": list(self.skipped),
        }


def _wanted(entry: Entry) -> bool:
    if entry.hotword is not None:
        return entry.hotword
    if entry.policy is not Policy.REPLACE or entry.context:
        return False  # discouraged wording, titles, and ambiguous names (gated) are not pushed
    return len(entry.term.split()) <= MAX_AUTO_WORDS


def _rank(entry: Entry) -> tuple[int, int]:
    """Lower first: explicit hotwords, then names with known misrecognitions,
    other names, then terms with variants, then the rest."""
    is_name = any(ch.isupper() for ch in entry.term)
    has_variants = any((v.policy or entry.policy) is Policy.REPLACE for v in entry.variants)
    if entry.hotword:
        return 0, 0
    return 1, (0 if is_name and has_variants else 1 if is_name else 2 if has_variants else 3)


def ranked_terms(glossary: Glossary, language: str = "en") -> list[str]:
    entries = [e for e in glossary.entries if language_matches(e.language, language) and _wanted(e)]
    order = sorted(range(len(entries)), key=lambda i: (_rank(entries[i]), i))
    return list(dict.fromkeys(entries[i].term for i in order))


def _fit(terms: list[str], count_tokens: CountTokens, budget: int) -> tuple[list[str], list[str]]:
    chosen: list[str] = []
    skipped: list[str] = []
    for term in terms:
        if count_tokens(SEPARATOR.join([*chosen, term])) <= budget:
            chosen.append(term)
        else:
            skipped.append(term)
    return chosen, skipped


def build_hotwords(
    glossary: Glossary,
    count_tokens: CountTokens,
    budget: int = DEFAULT_BUDGET,
    language: str = "en",
) -> PromptPlan:
    """faster-whisper ``hotwords``: the highest-ranked terms that fit, the
    most important first."""
    chosen, skipped = _fit(ranked_terms(glossary, language), count_tokens, budget)
    text = SEPARATOR.join(chosen)
    return PromptPlan(
        text, tuple(chosen), count_tokens(text) if text else 0, budget, tuple(skipped)
    )


def build_initial_prompt(
    glossary: Glossary,
    count_tokens: CountTokens,
    budget: int = DEFAULT_BUDGET,
    language: str = "en",
) -> PromptPlan:
    """openai-whisper ``initial_prompt``: the same terms, the most important
    last (the engine keeps the last tokens). Plain terms, no "Glossary:"
    label (a label leaked into transcripts in our measurements)."""
    chosen, skipped = _fit(ranked_terms(glossary, language), count_tokens, budget)
    chosen.reverse()
    while chosen and count_tokens(SEPARATOR.join(chosen)) > budget:
        skipped.insert(0, chosen.pop(0))
    text = SEPARATOR.join(chosen)
    return PromptPlan(
        text, tuple(chosen), count_tokens(text) if text else 0, budget, tuple(skipped)
    )
