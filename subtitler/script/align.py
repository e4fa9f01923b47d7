"""Align a script to recognised speech: the script's words, the audio's clock.

1. Both sides become normalised tokens (``normalize.py``) and are aligned
   globally in bounded time and memory (``tokenalign.py``: unique n-gram
   anchors, then a capped affine-gap DP between them).
2. Word by word (``align_blocks.py``): script words paired with similar
   recognised words anchor the rest; the blocks between anchors are read as
   misrecognitions (script words kept, timed from their position), script
   passages not spoken (``script-skipped``: left out of the subtitles) or
   speech not in the script (``script-added``: subtitled from recognition).
3. Timings (``align_timing.py``): from the recognised words; words without
   audio are interpolated between their neighbours; every duration > 0.

When the script does not match the speech (almost nothing of it is found:
the script of another video), ``align_script`` raises ``ScriptError``: the
caller turns it into the usual one-line error (exit code 1) rather than
writing subtitles that mean nothing. A partial script (only its first half
read) is not an error: the rest is reported as skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ScriptError
from ..models import Finding, Transcript, Word
from ..profiles import DEFAULT_PROFILE, Profile
from ..timefmt import clock
from .blocks import AlignOptions, BlockBuilder
from .read import Script
from .timing import assign_times

__all__ = [
    "ADDED",
    "SKIPPED",
    "AlignOptions",
    "Alignment",
    "Deviation",
    "align_script",
    "deviation_findings",
    "report_json",
]

log = logging.getLogger(__name__)

SKIPPED = "script-skipped"
ADDED = "script-added"
_SENTENCE_PUNCT = (".", "!", "?", "\u2026")


@dataclass(frozen=True)
class Deviation:
    kind: str
    """``script-skipped`` or ``script-added``."""
    start_ms: int
    end_ms: int
    """Added: the speech's times. Skipped: where in the audio it was due."""
    text: str
    words: int
    script_first: int | None = None
    """Skipped: index in ``Script.words`` of the first word left out."""
    script_line: int | None = None
    """Skipped: line of the script file where the passage starts."""


@dataclass(frozen=True)
class Alignment:
    words: tuple[Word, ...]
    """Subtitle words in time order: script words as written (" word") with
    audio timings, and recognised words of added speech in place."""
    breaks: frozenset[int]
    """Indices into ``words`` after which a cue should end: script sentence
    and paragraph ends, and the edges of added speech."""
    deviations: tuple[Deviation, ...]
    aligned_share: float
    """Share of script words matched to a recognised word."""
    speech_share: float = 0.0
    """Share of recognised words matched to a script word."""
    script_index: tuple[int | None, ...] = ()
    """For each of ``words``: its index in ``Script.words``, None if added."""
    paragraph_breaks: frozenset[int] = frozenset()

    def transcript(self, source: Transcript) -> Transcript:
        """``source`` with its words replaced by the aligned words."""
        return Transcript(source.language, self.words, source.engine, source.model,
                          source.duration_ms)


def align_script(
    transcript: Transcript, script: Script, options: AlignOptions | None = None
) -> Alignment:
    """Subtitle words: the script's words timed by the recognised speech.

    Raises ScriptError (with the script's path) when the script does not
    match the speech: no speech, or too little of either side matches."""
    opts = options or AlignOptions()
    if not transcript.words:
        raise ScriptError("no speech was recognised to align the script to", path=script.path)
    b = BlockBuilder(script, transcript, opts)
    b.link()
    b.build()
    share, speech, confident = b.shares()
    log.info("script aligned: %.0f%% of script words, %.0f%% of speech (%.0f%% confident)",
             share * 100, speech * 100, confident * 100)
    if confident < opts.min_share:
        raise ScriptError(
            f"the script does not seem to match the speech: only {confident:.0%} of it "
            "was found in the recognised words (is it the script of this video?)",
            path=script.path,
        )
    words = assign_times(b.items, script, transcript, b.ms_per_word)
    return Alignment(
        words=tuple(words),
        breaks=_breaks(b, script, words),
        deviations=_deviations(b, script, words, transcript.duration_ms),
        aligned_share=share,
        speech_share=speech,
        script_index=tuple(it.script for it in b.items),
        paragraph_breaks=frozenset(
            k for k, it in enumerate(b.items)
            if it.script is not None and script.words[it.script].paragraph_end
        ),
    )


def _breaks(b: BlockBuilder, script: Script, words: Sequence[Word]) -> frozenset[int]:
    out: set[int] = set()
    for k, it in enumerate(b.items):
        if it.script is not None:
            end = script.words[it.script].sentence_end
        else:
            end = words[k].text.strip().endswith(_SENTENCE_PUNCT)
        if end:
            out.add(k)
    for group in b.added_groups:
        if group[0] > 0:
            out.add(group[0] - 1)
        out.add(group[-1])
    return frozenset(k for k in out if k < len(words) - 1)


def _deviations(
    b: BlockBuilder, script: Script, words: Sequence[Word], duration_ms: int
) -> tuple[Deviation, ...]:
    out: list[Deviation] = []
    for pos, sw, rw in b.skips:
        if rw:
            start, end = b.rec[rw[0]].start_ms, b.rec[rw[-1]].end_ms
        else:
            start = words[pos - 1].end_ms if pos > 0 else 0
            end = words[pos].start_ms if pos < len(words) else max(start, duration_ms)
        text = " ".join(script.words[i].text for i in sw)
        out.append(Deviation(SKIPPED, start, max(start, end), text, len(sw), sw[0],
                             script.words[sw[0]].line))
    for group in b.added_groups:
        text = "".join(words[k].text for k in group).strip()
        out.append(Deviation(ADDED, words[group[0]].start_ms, words[group[-1]].end_ms, text,
                             len(group)))
    return tuple(sorted(out, key=lambda d: (d.start_ms, d.kind != SKIPPED)))



def _quote(text: str, limit: int = 80) -> str:
    return f'"{text}"' if len(text) <= limit else f'"{text[: limit - 1].rstrip()}…"'


def deviation_findings(alignment: Alignment, profile: Profile = DEFAULT_PROFILE) -> list[Finding]:
    """One finding per deviation, at the profile's severity (warnings by
    default; ``profiles.strict_script`` makes them errors)."""
    out: list[Finding] = []
    for d in alignment.deviations:
        where = f"{clock(d.start_ms)}-{clock(d.end_ms)}"
        if d.kind == SKIPPED:
            line = f" (script line {d.script_line})" if d.script_line else ""
            msg = f"script passage not spoken at {where}{line}: {_quote(d.text)}"
        else:
            msg = f"speech not in the script at {where}: {_quote(d.text)}"
        data = {"start_ms": d.start_ms, "end_ms": d.end_ms, "text": d.text, "words": d.words}
        if d.script_line is not None:
            data["script_line"] = d.script_line
        out.append(profile.finding(d.kind, None, msg, data=data))
    return out


def report_json(alignment: Alignment, script: Script) -> dict[str, Any]:
    """The run report's ``script`` section (for ``Report.extras``)."""
    return {
        "script": {
            "path": script.path,
            "words": len(script.words),
            "aligned_share": round(alignment.aligned_share, 4),
            "speech_share": round(alignment.speech_share, 4),
            "deviations": [
                {
                    "kind": d.kind,
                    "start_ms": d.start_ms,
                    "end_ms": d.end_ms,
                    "words": d.words,
                    "text": d.text,
                    **({"script_line": d.script_line} if d.script_line is not None else {}),
                }
                for d in alignment.deviations
            ],
        }
    }
