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

import bisect
import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from .. import rules
from ..engines.languages import english_only
from ..engines.route import MIN_STRETCH_MS, UNSURE, said, sparse
from ..language import language_name
from ..models import Cue, Finding, Stretch, Transcript, Word
from ..profiles import Profile
from ..timefmt import clock

SURE = 0.8
"""Detection this sure of another language makes a mismatch an error.
Synthetic Spanish, French and Portuguese voices were detected at 0.79-0.98,
English ones at 0.90-0.95 (docs/engines.md)."""
RECORD = "language_detection"
"""The report's key."""


def second_guess(s: Stretch, asked: str | None, model: str | None) -> bool:
    """Whether ``s`` was transcribed in another language than detection's
    first choice because that one gave almost no words (``engines.route``:
    detection's next guess), rather than as asked (``--language``, or an
    English-only ``--model``)."""
    return (s.detected is not None and s.detected != s.language and asked is None
            and not english_only(model))


def record(transcript: Transcript, asked: str | None, model: str | None) -> dict[str, Any]:
    """The report's ``language_detection`` section."""
    spoken = transcript.spoken
    return {
        "language": spoken.language if spoken else transcript.language,
        "name": language_name(spoken.language if spoken else transcript.language),
        "detected": spoken.detected if spoken else None,
        "probability": spoken.probability if spoken else None,
        "asked": asked,
        "second_guess": spoken is not None and second_guess(spoken, asked, model),
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
    main = transcript.spoken
    lost = (asked is None and not english_only(model) and main is not None
            and main.detected == main.language and main.probability < UNSURE)
    if lost:
        assert main is not None
        out.append(profile.finding(
            "language-unknown", None,
            f"language detection cannot tell the language spoken: {language_name(main.language)} "
            f"(p={main.probability:.2f}) at best, so these subtitles may not be in it; if "
            f"that is wrong, give the language with --language",
            data={"language": main.language, "probability": main.probability}))
    for s in transcript.stretches:
        if s.detected is None or (lost and main is not None and s.language == main.language
                                  and s.detected == s.language):
            continue
        data = {"start_ms": s.start_ms, "end_ms": s.end_ms, "language": s.language,
                "detected": s.detected, "probability": s.probability}
        heard = f"{language_name(s.detected)} (p={s.probability:.2f})"
        within = [w for w in transcript.words if s.start_ms <= w.start_ms < s.end_ms]
        if (asked is None and not english_only(model) and s.speech_ms >= MIN_STRETCH_MS
                and sparse(within, s.speech_ms)):  # what the router could not place
            message = (f"speech at {_where(s)}: {said(within)} words in "
                       f"{s.speech_ms / 1000:.1f} s, in "
                       f"{language_name(s.detected)} (p={s.probability:.2f}) and in detection's "
                       f"next guesses: its subtitles are missing; if someone speaks there, "
                       f"give the language with --language")
            out.append(profile.finding("language-unknown", None, message, data=data))
        elif second_guess(s, asked, model):
            message = (f"speech at {_where(s)} sounds {heard} at best, but "
                       f"{language_name(s.detected)} gave almost no words there: it was "
                       f"transcribed as "
                       f"{language_name(s.language)}, detection's next guess; if that is wrong, "
                       f"give the language with --language")
            out.append(profile.finding("language-uncertain", None, message, data=data))
        elif s.detected != s.language and s.probability >= UNSURE:
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


def language_runs(transcript: Transcript, words: Sequence[Word]) -> list[tuple[int, str]]:
    """Where each language starts in ``words`` (the transcript's, or them
    after the glossary): (first word, language), in order, the first at word
    0; one run for a transcript in one language. A word belongs to the
    stretch its start falls in."""
    runs: list[tuple[int, str]] = [(0, transcript.language)]
    stretches = transcript.stretches
    if len({s.language for s in stretches}) < 2:
        return runs
    starts = [s.start_ms for s in stretches]
    for k, w in enumerate(words):
        at = max(0, bisect.bisect_right(starts, w.start_ms) - 1)
        language = stretches[at].language
        if k == 0:
            runs[0] = (0, language)
        elif language != runs[-1][1]:
            runs.append((k, language))
    return runs


def check_by_language(
    cues: Sequence[Cue],
    firsts: Sequence[int],
    runs: Sequence[tuple[int, str]],
    profile_for: Callable[[str], Profile],
    main: str,
) -> list[Finding]:
    """``rules.check_cues`` of ``cues`` (cue k shows words from
    ``firsts[k]`` on), each cue judged by its own language's numbers and
    words where a rule looks at one cue alone (reading speed, line length,
    line breaks): an English introduction to a Spanish statement is read at
    English's speed. Rules across cues (gaps, overlaps) see all of them."""
    found = rules.check_cues(cues, profile_for(main), language=main)
    per_cue = {r.id for r in rules.RULES if r.per_cue}
    bounds = [a for a, _ in runs[1:]] + [10**12]
    for (a, language), b in zip(runs, bounds, strict=True):
        if language == main:
            continue
        own = [k for k, first in enumerate(firsts) if a <= first < b]
        if not own:
            continue
        i, j = own[0], own[-1] + 1
        found = [f for f in found if not (f.rule in per_cue and f.cue and i < f.cue <= j)]
        found += [dataclasses.replace(f, cue=(f.cue or 0) + i)
                  for f in rules.check_cues(cues[i:j], profile_for(language), language=language,
                                            select=per_cue)]  # fmt: skip
    return sorted(found, key=lambda f: f.cue or 0)


def describe(data: Any) -> str | None:
    """The summary's words for a report's ``language_detection`` section:
    "Spanish, p=0.96", with any other language heard and where."""
    if not isinstance(data, dict) or not isinstance(data.get("language"), str):
        return None
    main = str(data["language"])
    p = data.get("probability")
    heard = data.get("detected")
    chance = f"p={p:.2f}" if isinstance(p, (int, float)) else ""
    if isinstance(heard, str) and heard != main and data.get("second_guess"):
        text = (f"{language_name(main)}, detection's second choice ({language_name(heard)}, "
                f"{chance}, gave almost no words)")
    elif isinstance(heard, str) and heard != main:
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
