"""Script alignment on the real sample: real ffmpeg, the real bundled model,
the real cue builder and SRT writer (library level; ``subtitler run --script``
wires the same calls)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
import srt

from subtitler.cues import segment
from subtitler.formats.srt_write import write_srt
from subtitler.models import Transcript
from subtitler.profiles import PROFILES, strict_script
from subtitler.script import Script, parse_script, read_script
from subtitler.script.align import ADDED, SKIPPED, Alignment, align_script, deviation_findings

pytestmark = pytest.mark.slow

MEDIA = Path(__file__).resolve().parents[1] / "media"
DROPPED = "When we can speak safely, we can help."
EXTRA = "We have documented it in forty countries since 2015."


@pytest.fixture(scope="module")
def transcript(sample_transcript: Transcript) -> Transcript:
    return sample_transcript


def subtitle(
    transcript: Transcript, script: Script, folder: Path
) -> tuple[Alignment, list[srt.Subtitle]]:
    alignment = align_script(transcript, script)
    cues = [b.cue for b in segment.build(alignment.words, PROFILES["netflix"], alignment.breaks)]
    text = write_srt(folder / "statement.srt", cues)
    return alignment, list(srt.parse(text, ignore_errors=False))


def srt_words(subs: list[srt.Subtitle]) -> list[str]:
    return " ".join(s.content for s in subs).split()


def norm(word: str) -> str:
    return re.sub(r"[^a-z0-9]", "", word.lower())


def test_own_text_gives_exactly_the_script_words_at_the_speech_times(
    transcript: Transcript, tmp_path: Path
) -> None:
    script = read_script(MEDIA / "statement.txt")
    alignment, subs = subtitle(transcript, script, tmp_path)
    assert srt_words(subs) == script.text.split()
    assert alignment.deviations == () and alignment.aligned_share > 0.95
    # each cue starts within 200 ms of the recognised word that opens it, found
    # independently: words the recogniser got right, matched by difflib
    words = srt_words(subs)
    rec = transcript.words
    matcher = difflib.SequenceMatcher(
        None, [norm(w) for w in words], [norm(w.text) for w in rec], autojunk=False
    )
    rec_of = {
        a + k: b + k for a, b, size in matcher.get_matching_blocks() for k in range(size)
    }
    first = 0
    checked = 0
    for sub in subs:
        if first in rec_of:
            start_ms = sub.start.total_seconds() * 1000
            assert abs(start_ms - rec[rec_of[first]].start_ms) <= 200, sub
            checked += 1
        first += len(sub.content.split())
    assert checked >= 0.8 * len(subs)


def test_sentence_missing_from_script_is_subtitled_from_speech_and_reported(
    transcript: Transcript, tmp_path: Path
) -> None:
    text = (MEDIA / "statement.txt").read_text("utf-8")
    assert DROPPED in text
    script = parse_script(text.replace(" " + DROPPED, ""))
    alignment, subs = subtitle(transcript, script, tmp_path)
    assert DROPPED in " ".join(srt_words(subs))
    findings = deviation_findings(alignment)
    assert [(f.rule, f.data["text"]) for f in findings] == [(ADDED, DROPPED)]
    added = findings[0].data
    said = [w for w in transcript.words if w.start_ms >= added["start_ms"]]
    assert "".join(w.text for w in said[: added["words"]]).strip() == DROPPED


def test_sentence_not_spoken_is_reported_skipped_and_left_out(
    transcript: Transcript, tmp_path: Path
) -> None:
    text = (MEDIA / "statement.txt").read_text("utf-8")
    script = parse_script(text.replace("The evidence is clear.", "The evidence is clear. " + EXTRA))
    alignment, subs = subtitle(transcript, script, tmp_path)
    assert "documented" not in srt_words(subs)
    assert srt_words(subs) == (MEDIA / "statement.txt").read_text("utf-8").split()
    findings = deviation_findings(alignment, strict_script(PROFILES["netflix"]))
    assert [(f.rule, f.data["text"], f.severity.value) for f in findings] == [
        (SKIPPED, EXTRA, "error")
    ]
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "The evidence is clear." in t)
    assert findings[0].data["script_line"] == line
