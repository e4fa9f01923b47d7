"""A JSON file of the words with their timings, and the cues."""

from __future__ import annotations

import json
from typing import Any

from ..errors import SubtitleFileError
from ..models import Cue, Notice, PlacedCue
from .content import Subtitles
from .document import SubtitleDocument

KIND = "subtitler-words"
VERSION = 1


def compose_json(content: Subtitles) -> str:
    """``{"format", "version", "language", "words": [{"text", "start_ms",
    "end_ms", "probability"}], "cues": [{"start_ms", "end_ms", "lines"}]}``;
    ``words`` is empty when the cues came from a subtitle file."""
    data: dict[str, Any] = {
        "format": KIND,
        "version": VERSION,
        "language": content.language,
        "words": [
            {"text": w.bare, "start_ms": w.start_ms, "end_ms": w.end_ms,
             "probability": round(w.probability, 4)}
            for w in content.words
        ],
        "cues": [{"start_ms": c.start_ms, "end_ms": c.end_ms, "lines": list(c.lines)}
                 for c in content.cues],
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def parse_json(
    text: str, path: str = "<text>", *, encoding: str = "UTF-8",
    notices: list[Notice] | None = None,
) -> SubtitleDocument:
    """Read the cues of a file ``compose_json`` wrote."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != KIND:
            raise ValueError(f'not a "{KIND}" JSON file')
        cues = [_cue(c, k) for k, c in enumerate(data["cues"], 1)]
    except ValueError as err:
        raise SubtitleFileError(f"cannot read this JSON file: {err}", path=path) from None
    except (KeyError, TypeError) as err:
        raise SubtitleFileError(f"cannot read this JSON file: bad cue ({err})", path=path) from None
    return SubtitleDocument(path=path, entries=tuple(PlacedCue(c, i) for i, c in enumerate(
        cues, 1)), notices=tuple(notices or ()), encoding=encoding, format="json", text=text)


def _cue(data: Any, k: int) -> Cue:
    """Cue ``k`` of the file: whole, non-negative milliseconds and a list of
    lines (a string is not taken for its characters, nor 1.7 for 1)."""
    times = [data["start_ms"], data["end_ms"]]
    if not all(isinstance(t, int) and not isinstance(t, bool) and t >= 0 for t in times):
        raise ValueError(f"cue {k}: start_ms and end_ms must be whole milliseconds, not negative")
    lines = data["lines"]
    if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
        raise ValueError(f"cue {k}: lines must be a list of strings")
    return Cue(times[0], times[1], tuple(lines))
