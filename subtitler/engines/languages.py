"""The spoken languages Whisper models know, and which models know only English.

``--language`` is checked here before anything runs: an unknown code, or a
language other than English for an English-only model (the bundled tiny.en,
any ``*.en`` model), is a usage error that says what would work.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..language.names import WHISPER_LANGUAGES as WHISPER_NAMES

WHISPER_LANGUAGES = frozenset(WHISPER_NAMES)
"""Whisper's language codes (faster-whisper and openai-whisper share them)."""
MULTILINGUAL_VOCABULARY = 51865
"""Whisper's multilingual models have this many tokens or more; ``*.en`` ones one fewer."""
MULTILINGUAL_HINT = (
    "leave out --model (the bundled base model knows 99 languages), or use a multilingual "
    "model: --model base, a local model folder, or small, medium, large-v3 where there is "
    "a network"
)


def _vocabulary_size(folder: Path) -> int | None:
    for name in ("vocabulary.txt", "vocabulary.json"):
        path = folder / name
        if path.is_file():
            text = path.read_text("utf-8", "replace")
            return text.count("\n") + (not text.endswith("\n")) if name.endswith(".txt") \
                else text.count('",')
    return None


def english_only(model: str | None) -> bool:
    """Whether ``model`` knows English only (None: the bundled pair, tiny.en
    for English and base for the rest, knows every language). A model this
    cannot tell (an openai-whisper ``.pt`` file) counts as multilingual."""
    if model is None:
        return False
    path = Path(model)
    if path.name.removesuffix(".pt").endswith(".en"):
        return True
    if path.is_dir():
        size = _vocabulary_size(path)
        return size is not None and size < MULTILINGUAL_VOCABULARY
    return False


def check_language(language: str | None, model: str | None) -> str | None:
    """``language`` as the engines take it (``pt-BR`` -> ``pt``); a
    ``UsageError`` for a code Whisper does not know, or for another language
    than English with an English-only model."""
    if language is None:
        return None
    code = language.strip().lower().replace("_", "-")
    base = code if code in WHISPER_LANGUAGES else code.split("-")[0]
    if base not in WHISPER_LANGUAGES:
        raise UsageError(
            f"--language {language}: unknown language code (Whisper's codes are two letters "
            f"such as en, fr, es, pt, ru, ar, zh; {len(WHISPER_LANGUAGES)} in all)"
        )
    if base != "en" and english_only(model):
        raise UsageError(
            f"--language {language}: the model {model} understands English only: "
            f"{MULTILINGUAL_HINT}"
        )
    return base
