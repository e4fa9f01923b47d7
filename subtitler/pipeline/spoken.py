"""The spoken languages of a transcript, as the run reports them: the
report's ``language_detection`` record, the findings, the summary's words
("Spanish, p=0.96").

Findings:

- ``language-mismatch`` (error): a stretch of speech that detection is sure
  (``SURE``) is in another language than the one it was transcribed as,
  because ``--language`` or an English-only ``--model`` said so: its
  subtitles are the model's guess at a language that was not spoken.
- ``language-uncertain`` (warning): detection was unsure (below
  ``UNSURE``), or fairly sure of another language than the one asked for.
- ``machine-translated`` (warning): the words are Whisper's English
  translation (``--translate``): a draft, not subtitles to publish.
"""

from __future__ import annotations

from typing import Any

from ..language import language_name
from ..models import Finding, Stretch, Transcript
from ..profiles import Profile
from ..timefmt import clock

SURE = 0.8
"""Detection this sure of another language makes a mismatch an error.
Synthetic Spanish, French and Portuguese voices were detected at 0.79-0.98,
English ones at 0.90-0.95 (docs/engines.md)."""
UNSURE = 0.5
"""Below this, detection's best guess is only a guess."""
RECORD = "language_detection"
"""The report's key."""


def record(transcript: Transcript, asked: str | None) -> dict[str, Any]:
    """The report's ``language_detection`` section."""
    spoken = transcript.spoken
    return {
        "language": spoken.language if spoken else transcript.language,
        "name": language_name(spoken.language if spoken else transcript.language),
        "detected": spoken.detected if spoken else None,
        "probability": spoken.probability if spoken else None,
        "asked": asked,
        "translated": transcript.translated,
        "stretches": [
            {"start_ms": s.start_ms, "end_ms": s.end_ms, "language": s.language,
             "detected": s.detected, "probability": s.probability, "model": s.model}
            for s in transcript.stretches
        ],
    }


def _where(s: Stretch) -> str:
    return f"{clock(s.start_ms)}-{clock(s.end_ms)}"


def _fix(s: Stretch, asked: str | None, model: str | None) -> str:
    heard = s.detected or "?"
    if asked is not None:
        return (f"--language {asked} says {language_name(asked)}: leave out --language to "
                f"detect it, or give --language {heard}")
    return (f"--model {model} knows only English: leave out --model (the bundled models "
            f"detect the language), or use a multilingual model such as --model base")


def findings(
    transcript: Transcript, profile: Profile, asked: str | None, model: str | None
) -> list[Finding]:
    """``language-mismatch``, ``language-uncertain`` and ``machine-translated``
    findings (file level)."""
    out: list[Finding] = []
    if transcript.translated:
        heard = ", ".join(dict.fromkeys(language_name(s.language) for s in transcript.stretches
                                        if s.language != "en"))
        out.append(profile.finding(
            "machine-translated", None,
            f"machine-translated from {heard} by Whisper base (measured: BLEU 12-26 on test "
            f"statements): a draft for a translator to correct against the transcript, not "
            f"for publishing as it is", data={"translated": True}))
    for s in transcript.stretches:
        if s.detected is None:
            continue
        data = {"start_ms": s.start_ms, "end_ms": s.end_ms, "language": s.language,
                "detected": s.detected, "probability": s.probability}
        heard = f"{language_name(s.detected)} (p={s.probability:.2f})"
        if s.detected != s.language and s.probability >= UNSURE:
            rule = "language-mismatch" if s.probability >= SURE else "language-uncertain"
            message = (f"speech at {_where(s)} sounds {heard}, but was transcribed as "
                       f"{language_name(s.language)}: its subtitles are not what was said; "
                       f"{_fix(s, asked, model)}")
            out.append(profile.finding(rule, None, message, data=data))
        elif s.probability < UNSURE and s.detected == s.language:
            message = (f"language detection is unsure at {_where(s)}: {heard} at best; if "
                       f"that is wrong, give the language with --language")
            out.append(profile.finding("language-uncertain", None, message, data=data))
    return out


def profile_record(profile: Profile, asked: Profile) -> dict[str, Any]:
    """The report's record of the numbers the profile sets for the language."""
    return {k: {"value": v, "instead_of": asked.numbers()[k], "source": profile.sources.get(k)}
            for k, v in profile.numbers().items() if asked.numbers()[k] != v}


def translatable(transcript: Transcript) -> bool:
    """Whether any speech is in another language than English (something
    for ``--translate`` to translate)."""
    return any(s.language != "en" for s in transcript.stretches)


def switches(transcript: Transcript) -> frozenset[int]:
    """Word indices a sentence ends after because the language changes there."""
    starts = [s.start_ms for s, before in zip(transcript.stretches[1:], transcript.stretches,
                                               strict=False) if s.language != before.language]
    out: set[int] = set()
    words = transcript.words
    for at in starts:
        last = max((i for i, w in enumerate(words) if w.start_ms < at), default=None)
        if last is not None:
            out.add(last)
    return frozenset(out)


def describe(data: Any) -> str | None:
    """The summary's words for a report's ``language_detection`` section:
    "Spanish, p=0.96", with any other language heard and where."""
    if not isinstance(data, dict) or not isinstance(data.get("language"), str):
        return None
    main = str(data["language"])
    p = data.get("probability")
    heard = data.get("detected")
    chance = f"p={p:.2f}" if isinstance(p, (int, float)) else ""
    if isinstance(heard, str) and heard != main:
        text = f"{language_name(main)} as asked (sounds {language_name(heard)}, {chance})"
    else:
        text = language_name(main) + (f", {chance}" if chance else "")
    others = [s for s in data.get("stretches", [])
              if isinstance(s, dict) and s.get("language") != main]
    for s in others[:3]:
        text += (f"; {language_name(str(s.get('language')))} at "
                 f"{clock(int(s.get('start_ms', 0)))}-{clock(int(s.get('end_ms', 0)))}")
    if len(others) > 3:
        text += f"; {len(others) - 3} more stretches"
    if data.get("translated"):
        text += "; machine-translated into English"
    return text
