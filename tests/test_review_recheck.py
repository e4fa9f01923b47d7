"""The review's re-check gives what ``subtitler check`` gives of the whole
file, while it remembers each cue's own findings and checks a long file's
glossary terms block by block."""

from __future__ import annotations

import re
from pathlib import Path

from subtitler.check.checker import CheckOptions, check_document
from subtitler.cues.linebreak import wrap
from subtitler.formats.document import SubtitleDocument
from subtitler.glossary.stage import term_checkers
from subtitler.models import Cue, PlacedCue
from subtitler.profiles import get_profile
from subtitler.review import edits
from subtitler.review.edits import EditContext
from subtitler.review.recheck import BLOCK_MAX, BLOCK_MIN, Blocks, Rechecker, blocks, by_text
from subtitler.review.state import State

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "glossaries" / "sex-work-rights.yaml"
NETFLIX = get_profile("netflix")


def _long(n: int) -> list[Cue]:
    """``n`` cues of the sample's sentences, with the misspellings and slips
    the glossary and the rules find, timed 3 s a cue, some too fast."""
    text = (ROOT / "media" / "statement.txt").read_text("utf-8")
    text = text.replace("criminalisation", "criminalization").replace("sex work", "sexwork", 2)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    out = []
    for i in range(n):
        s = sentences[i % len(sentences)]
        s = f"Part {i}: " + (s if len(s) <= 70 else s[:70].rsplit(" ", 1)[0])
        end = i * 3000 + (900 if i % 7 == 0 else 2900)
        out.append(Cue(i * 3000 + 200, end, wrap(s, 42, 2)))
    return out


def _whole(state: State) -> tuple[object, ...]:
    """``subtitler check``'s findings of the state's cues, glossary included."""
    options = CheckOptions(profile=NETFLIX, extra=term_checkers([GLOSSARY], "en", None))
    doc = SubtitleDocument("<review>", tuple(PlacedCue(e.cue, i, None, i) for i, e in
                                             enumerate(state.entries, start=1)), (), "UTF-8")
    return check_document(doc, options)


def test_blocks_end_at_sentence_ends_and_an_edit_moves_only_its_own() -> None:
    cues = _long(2000)
    parts = blocks(cues)
    assert parts[0][0] == 0 and parts[-1][1] == len(cues)
    assert all(a == b for (_, a), (b, _) in zip(parts, parts[1:], strict=False))
    assert all(b - a <= BLOCK_MAX + 20 for a, b in parts[:-1])
    assert all(b - a >= BLOCK_MIN for a, b in parts[:-1])
    assert all(cues[b - 1].text.endswith((".", "!", "?")) for _, b in parts[:-1])
    edited = cues[:1000] + [Cue(3_000_100, 3_000_900, ("A new cue.",))] + cues[1000:]
    after = blocks(edited)
    moved = {(a, b) for a, b in after} ^ {(a + (a >= 1000), b + (b > 1000)) for a, b in parts}
    assert len(moved) <= 2  # the block with the new cue, as it was and as it is


def test_the_recheck_gives_what_check_gives_of_the_whole_file() -> None:
    state = State.of(_long(1200))
    checks = term_checkers([GLOSSARY], "en", None)
    rechecker = Rechecker(CheckOptions(profile=NETFLIX, extra=(Blocks(checks[0], by_text,
                                                                      min_cues=0),)))
    ctx = EditContext(NETFLIX)
    found = rechecker.findings(state.entries)
    assert {f.rule for f in found} >= {"term-variant", "min-duration",
                                       "reading-speed"}
    assert found == _whole(state)
    for op in ({"op": "text", "id": 500, "text": "The criminalization of sexwork, again."},
               {"op": "split", "id": 20, "before": "My name is", "after": "Vera Rodriguez"},
               {"op": "nudge", "id": 700, "edge": "end", "frames": 200},
               {"op": "delete", "id": 3}, {"op": "merge", "id": 900}):
        state = edits.apply(state, op, ctx)
        assert rechecker.findings(state.entries) == _whole(state), op
