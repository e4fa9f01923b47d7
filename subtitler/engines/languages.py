"""The spoken languages Whisper models know, and which models know only English.

``--language`` is checked here before anything runs: an unknown code, or a
language other than English for an English-only model (the bundled tiny.en,
any ``*.en`` model), is a usage error that says what would work.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError

WHISPER_LANGUAGES = frozenset(
    "af am ar as az ba be bg bn bo br bs ca cs cy da de el en es et eu fa fi fo fr gl gu ha "
    "haw he hi hr ht hu hy id is it ja jw ka kk km kn ko la lb ln lo lt lv mg mi mk ml mn mr "
    "ms mt my ne nl nn no oc pa pl ps pt ro ru sa sd si sk sl sn so sq sr su sv sw ta te tg th "
    "tk tl tr tt uk ur uz vi yi yo zh yue".split()
)
"""Whisper's language codes (faster-whisper and openai-whisper share them)."""
MULTILINGUAL_VOCABULARY = 51865
"""Whisper's multilingual models have this many tokens or more; ``*.en`` ones one fewer."""
MULTILINGUAL_HINT = (
    "use a multilingual model: --model small (or tiny, base, medium, large-v3; downloaded "
    "where there is a network), or a local multilingual model folder"
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
    """Whether ``model`` (None: the bundled tiny.en) knows English only.
    A model this cannot tell (an openai-whisper ``.pt`` file) counts as multilingual."""
    if model is None:
        return True
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
        name = "tiny.en (bundled)" if model is None else model
        raise UsageError(
            f"--language {language}: the model {name} understands English only: "
            f"{MULTILINGUAL_HINT}"
        )
    return base
