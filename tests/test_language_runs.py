"""A recording in two languages (an English introduction, then Spanish):
each language's stretch is cut and checked by its own rules (sentence ends,
function words, units, reading speed), not by the main language's. Words
with timings only: no model, no audio."""

from __future__ import annotations

import numpy as np

from subtitler.models import Stretch, Transcript, Word
from subtitler.pipeline import spoken
from subtitler.pipeline.process import Pipeline
from subtitler.pipeline.settings import RunOptions
from subtitler.profiles import PROFILES

NETFLIX = PROFILES["netflix"]
ENGLISH = ("Good afternoon. My name is Docker. I chair the session of the Red Umbrella Fund "
           "and our next speaker will read her statement in Spanish.")  # fmt: skip
SPANISH = ("Buenas tardes a todas y a todos. La criminalización del trabajo sexual no protege "
           "a nadie. Exigimos que los gobiernos escuchen a las trabajadoras sexuales.")  # fmt: skip
WEAK_EN = {"a", "an", "the", "of", "to", "and", "in", "is", "our", "her", "my"}


def _words(text: str, at: int, cps: float, pause_after: dict[str, int]) -> list[Word]:
    """``text`` read at ``cps`` characters a second from ``at`` ms, with
    ``pause_after[word]`` ms of quiet after that word."""
    out = []
    for token in text.split():
        ms = round((len(token) + 1) * 1000 / cps)
        out.append(Word(at, at + ms, " " + token, 0.9))
        at += ms + pause_after.get(token, 0)
    return out


def _mixed() -> tuple[Transcript, int]:
    english = _words(ENGLISH, 500, 18.5, {"is": 200, "afternoon.": 300, "Docker.": 300})
    switch = english[-1].end_ms + 1200
    spanish = _words(SPANISH, switch, 14.0, {"todos.": 400, "nadie.": 400})
    words = tuple(english + spanish)
    stretches = (Stretch(0, switch - 600, "en", "en", 0.99, "tiny.en"),
                 Stretch(switch - 600, words[-1].end_ms + 500, "es", "es", 0.97, "base"))
    return Transcript("es", words, "faster-whisper", "base", words[-1].end_ms + 500,
                      stretches), len(english)  # fmt: skip


def test_language_runs_follow_the_stretches() -> None:
    transcript, n = _mixed()
    assert spoken.language_runs(transcript, transcript.words) == [(0, "en"), (n, "es")]
    one = Transcript("es", transcript.words, "x", "y", 1, transcript.stretches[1:])
    assert spoken.language_runs(one, one.words) == [(0, "es")]


def test_an_english_introduction_to_a_spanish_statement_is_cut_as_english() -> None:
    """Seen on an unseen mixed recording (Spanish the main language): the
    English introduction came out as "Good afternoon. My name is. Docker."
    (a pause before a capital ended the sentence after "is", which is no
    Spanish function word) and a cue ended on "of"; English at 18.5
    characters a second was held to Spanish's 17."""
    transcript, n = _mixed()
    runs = spoken.language_runs(transcript, transcript.words)
    profile = NETFLIX.for_language("es")
    pipe = Pipeline(RunOptions(refine_onsets=False))
    made, cues, _ = pipe.cues(transcript.words, frozenset(), np.zeros(0, dtype=np.float32), [],
                              "es", profile, runs=runs)  # fmt: skip
    text = "".join(w.text for w in made.words)
    assert " My name is Docker." in text, text
    english = [b for b in made.built if b.first < n]
    assert english and all(b.last <= n for b in made.built if b.first < n)  # no cue holds both
    ends = [line.split()[-1].lower() for b in english for line in b.cue.lines]
    assert not set(ends) & WEAK_EN, [b.cue.lines for b in english]
    found = spoken.check_by_language(cues, [b.first for b in made.built], runs,
                                     NETFLIX.for_language, "es")  # fmt: skip
    late = [f for f in found if f.rule == "reading-speed" and (f.cue or 0) <= len(english)]
    assert late == [], [f.message for f in late]
    # the Spanish statement keeps Spanish's numbers: 17 characters a second
    fast = spoken.check_by_language(cues, [b.first for b in made.built], [(0, "es")],
                                    NETFLIX.for_language, "es")  # fmt: skip
    assert [f for f in fast if f.rule == "reading-speed"], "the English read at Spanish's speed"
