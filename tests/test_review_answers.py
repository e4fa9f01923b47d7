"""A review that can finish: every item has an answer, kept in the journal
and in the run report across sessions; unsure marks on whole words a
person has not touched (``pipeline.unsure``, the one decision ``run``'s
summary shares); and the API refuses what it cannot hold (times that are
no number) without a 500 or a journal line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from subtitler.fsutil import sha256_file
from subtitler.models import Cue
from subtitler.pipeline.outputs import targets_for
from subtitler.pipeline.unsure import UNSURE_BELOW, HeardWord, summary_line, unsure_words
from subtitler.profiles import get_profile
from subtitler.review import edits
from subtitler.review.edits import MAX_MS, EditContext
from subtitler.review.marks import MarkMaker
from subtitler.review.report_data import ReportData, TimedText
from subtitler.review.state import State
from subtitler.timefmt import parse_time
from tests.reviewkit import Review, copy_media, findings_of, marks_of, open_review, srt_text

CUES = (
    (500, 3000, "And so my fellow Americans,"),
    (3200, 6500, "ask not what your country\ncan do for you,"),
    (6800, 10500, "ask what you can do\nfor your country."),
)


@pytest.fixture
def media(tmp_path: Path, jfk_wav: Path) -> Path:
    m = copy_media(jfk_wav, tmp_path / "work")
    m.with_suffix(".srt").write_text(srt_text(*CUES), "utf-8")
    return m


def _report(media: Path, **data: Any) -> None:
    srt = media.with_suffix(".srt")
    report = {"media_sha256": sha256_file(media), "srt_sha256": sha256_file(srt),
              "language": "en", **data}
    targets_for(media).report.write_text(json.dumps(report), "utf-8")


WORDS = [{"start_ms": 800, "end_ms": 1100, "text": "so", "probability": 0.41, "cue": 1},
         {"start_ms": 4200, "end_ms": 4500, "text": "country", "probability": 0.2, "cue": 2}]


def _raw(review: Review, body: str) -> Any:
    return review.client.post("/api/edit", content=body,
                              headers={"x-review-token": review.token,
                                       "content-type": "application/json"})


def test_times_no_file_can_hold_are_refused_and_never_journalled(media: Path) -> None:
    review = open_review(media)
    first = review.state()["cues"][0]["id"]
    v = review.session.version
    for ms in ("1e400", "NaN", "-Infinity", "1e30", "-5000", str(MAX_MS + 1)):
        r = _raw(review, f'{{"version": {v}, "op": {{"op": "time", "id": {first}, '
                         f'"edge": "end", "ms": {ms}}}}}')
        assert r.status_code == 400, (ms, r.text)
        assert r.json()["error"], ms
    r = _raw(review, f'{{"version": {v}, "op": {{"op": "nudge", "id": {first}, '
                     '"edge": "end", "frames": 1e300}}')
    assert r.status_code == 400
    assert review.session.version == v and not review.session.journal.path.exists()
    assert review.post("/api/save").status_code == 200
    typed = review.edit({"op": "time", "id": first, "edge": "end", "text": "00:00:02.750"})
    assert typed["splice"]["insert"][0]["end"] == 2750
    bad = review.post("/api/edit", {"version": review.session.version,
                                    "op": {"op": "time", "id": first, "edge": "end",
                                           "text": "soon"}})
    assert bad.status_code == 400 and "is not a time" in bad.json()["error"]


def test_typed_times_read_as_people_write_them() -> None:
    assert [parse_time(t) for t in ("1.5", "00:00:01.500", "01:02,25", "90", "1:02:03.4")] \
        == [1500, 1500, 62250, 90000, 3723400]
    assert [parse_time(t) for t in ("", "a", "1..2", "00:75.0", "1:75:00", "1:2:3:4")] \
        == [None] * 6


def test_no_speech_found_goes_once_cues_are_added_and_saved(media: Path) -> None:
    srt = media.with_suffix(".srt")
    srt.write_text("", "utf-8")  # what run writes when it hears no speech
    _report(media, findings=[{"rule": "no-speech", "cue": None,
                              "message": "no speech found: the subtitle file is empty"}])
    review = open_review(media)
    def said(data: dict[str, Any]) -> list[str]:
        return [f["rule"] for f in data["file_findings"] if f["rule"] == "no-speech"]

    assert said(review.state()) == ["no-speech"]
    added = review.edit({"op": "insert", "after": None, "at_ms": 600})
    new = added["splice"]["insert"][0]["id"]
    review.edit({"op": "text", "id": new, "text": "And so my fellow Americans"})
    assert review.post("/api/save").status_code == 200
    assert said(review.state()) == []
    review.crash()
    assert said(open_review(media).state()) == []  # the next review too


def test_answers_are_journalled_saved_in_the_report_and_kept(media: Path) -> None:
    _report(media, words=WORDS)
    review = open_review(media)
    data = review.state()
    assert data["counts"]["unsure"] == 2
    unsure = [m for m in marks_of(data) if m["kind"] == "unsure"]
    review.edit({"op": "answer", "answer": {"key": unsure[0]["key"], "verdict": "right"}})
    # a finding is accepted only with a reason
    review.edit({"op": "text", "id": data["cues"][0]["id"],
                 "text": "And so my fellow Americans,\nand all of you listening tonight"})
    finding = next(f for f in findings_of(review.state()) if f["rule"] == "reading-speed")
    r = review.post("/api/edit", {"version": review.session.version, "op": {
        "op": "answer", "answer": {"key": finding["key"], "verdict": "accepted"}}})
    assert r.status_code == 400 and "reason" in r.json()["error"]
    r = review.post("/api/edit", {"version": review.session.version, "op": {
        "op": "answer", "answer": {"key": "finding:made-up:0", "verdict": "right"}}})
    assert r.status_code == 400 and "nothing to answer" in r.json()["error"]
    accepted = review.edit({"op": "answer", "answer": {
        "key": finding["key"], "verdict": "accepted", "reason": "a slow speaker"}})
    assert accepted["counts"]["errors"] == 0 and accepted["counts"]["unsure"] == 1
    review.crash()  # the server dies: the journal has the answers
    again = open_review(media)
    assert again.state()["status"]["journal"]["answers"] == 2
    assert again.post("/api/journal", {"action": "restore"}).status_code == 200
    assert again.state()["counts"]["unsure"] == 1
    assert again.post("/api/save").status_code == 200
    saved = json.loads(targets_for(media).report.read_text("utf-8"))["review"]["answers"]
    assert {(a["verdict"], a.get("reason")) for a in saved} == {("right", None),
                                                               ("accepted", "a slow speaker")}
    assert any(a["what"].startswith('unsure word "so"') for a in saved)
    again.crash()
    third = open_review(media).state()  # a new session after the save: nothing to restore
    assert third["status"]["journal"] is None
    assert third["counts"]["unsure"] == 1 and third["counts"]["errors"] == 0


def test_undoing_a_glossary_change_puts_the_words_back(media: Path) -> None:
    media.with_suffix(".srt").write_text(srt_text((500, 3000, "And so my fellow Americans,")))
    _report(media, glossary={"files": [], "changes": [
        {"kind": "replace", "before": "america's", "after": "Americans", "entry": "us",
         "start_ms": 1800, "end_ms": 2600}]})
    review = open_review(media)
    mark = marks_of(review.state())[0]
    r = review.edit({"op": "replace", "id": mark["cue"], "old": mark["text"],
                     "new": mark["before"], "line": 0, "column": mark["spans"][0][1],
                     "answer": {"key": mark["key"], "verdict": "undone"}})
    assert r["splice"]["insert"][0]["lines"] == ["And so my fellow america's,"]
    assert r["counts"]["glossary"] == 0
    review.post("/api/undo", {"version": review.session.version})
    assert review.state()["counts"]["glossary"] == 1  # one undo step: text and answer


NETFLIX = get_profile("netflix")


def _marks(report: ReportData, opened: list[Cue], now: list[Cue]) -> list[tuple[int, str]]:
    maker = MarkMaker(report, NETFLIX)
    maker.rebase(opened)
    state = State.of(now)
    return [(m.cue_id, " ".join(now[m.cue_id - 1].lines[line][a:b] for line, a, b in m.spans))
            for m in maker.marks(state.entries)]


def test_an_unsure_mark_is_on_the_whole_word_and_only_where_no_one_typed() -> None:
    heard = (HeardWord(1000, 1300, "are", 0.99), HeardWord(1300, 1500, "hate", 0.57),
             HeardWord(1500, 1900, "-hardest.", 0.58), HeardWord(2500, 2800, "health", 0.58),
             HeardWord(4000, 4300, "fun", 0.2), HeardWord(4300, 4500, "led", 0.9))
    report = ReportData(words=heard)
    opened = [Cue(900, 3000, ("workers are hate-hardest. Their health",)),
              Cue(3500, 5000, ("the first global fun led",))]
    assert _marks(report, opened, opened) == [(1, "hate-hardest"), (1, "health"), (2, "fun")]
    # corrected: no mark on what was written; the word moved and retyped is a person's
    now = [Cue(900, 3000, ("workers are hit hardest. Their health",)),
           Cue(3500, 5000, ("the fun first global fund led",))]
    assert _marks(report, opened, now) == [(1, "health")]
    # a glossary correction's words carry its mark, not an unsure one
    fixed = ReportData(words=heard, changes=(TimedText("replace", 4000, 4300, "fund",
                                                       detail="fun", entry="x"),))
    assert [w.text for w in fixed.unsure()] == ["hate-hardest.", "health"]


def test_run_and_review_name_the_same_unsure_words() -> None:
    tokens = [HeardWord(5676, 5996, " fun", 0.18, 2), HeardWord(26920, 27100, " one", 0.51, 10),
              HeardWord(33540, 33980, " anti", 0.55, 12),
              HeardWord(33980, 34500, "-trafficking", 0.9, 12),
              HeardWord(36620, 36860, " few", 0.36, 13), HeardWord(46420, 46620, " hit", 0.29, 16),
              HeardWord(3656, 3776, " Red", 0.16, 1)]
    unsure = unsure_words(tokens, corrected=[(3656, 4576)])
    assert [w.text for w in unsure] == ["fun", "one", "anti-trafficking", "few", "hit"]
    line = summary_line(unsure)
    assert line == ("5 unsure words (recogniser under 60%): cue 2 'fun' at 00:05.676, "
                    "cue 10 'one' at 00:26.920, cue 12 'anti-trafficking' at 00:33.540, "
                    "and 2 more; listen to them in subtitler review")
    assert summary_line(()) is None and UNSURE_BELOW == 0.6
    report = ReportData(words=tuple(tokens))
    assert [t.text for t in report.unsure()] == [w.text for w in unsure_words(tokens)]


def test_a_split_at_the_playhead_cuts_between_the_words_heard_there() -> None:
    heard = tuple(HeardWord(s, e, t, 0.9) for s, e, t in (
        (9870, 10100, "and"), (10100, 10300, "we"), (10300, 10500, "are"),
        (10500, 10800, "proud"), (10800, 10900, "to"), (10900, 11100, "work"),
        (11100, 11200, "with"), (11200, 11350, "our"), (11350, 11600, "partners"),
        (11900, 12000, "in"), (12000, 12100, "the"), (12100, 12956, "Count Me In!"),
        (13000, 14000, "consortium")))
    ctx = EditContext(NETFLIX, "en", 25.0, heard)
    lines = ("and we are proud to work with our partners", "in the Count Me In! consortium")
    state = State.of([Cue(9870, 14517, lines)])
    s = edits.apply(state, {"op": "split", "id": 1, "at_ms": 11500}, ctx)  # inside "partners"
    a, b = (e.cue for e in s.entries)
    assert a.text == "and we are proud to work with our partners" and a.end_ms == 11600
    assert b.text == "in the Count Me In! consortium" and b.start_ms == 11900
    # at the cursor: by the times of the words either side of it
    s = edits.apply(state, {"op": "split", "id": 1, "before": "and we are proud",
                            "after": " to work with our partners\nin the Count Me In! consortium",
                            "at_ms": 50_000}, ctx)
    a, b = (e.cue for e in s.entries)
    assert (a.end_ms, b.start_ms) == (10800 - NETFLIX.min_gap_ms, 10800)
    assert b.text == "to work with our partners in the Count Me In! consortium"
    assert len(b.lines) == 2 and all(len(line) <= 42 for line in b.lines)  # re-wrapped


@pytest.mark.slow
def test_run_prints_the_unsure_words_review_marks(sample_glossary_run: Path) -> None:
    """``run`` says what to look at: the unsure words, with their cues and
    times, by the threshold review marks them with."""
    out = (sample_glossary_run / "run.out").read_text("utf-8")
    report = json.loads((sample_glossary_run / "statement.report.json").read_text("utf-8"))
    data = ReportData(words=tuple(HeardWord(w["start_ms"], w["end_ms"], w["text"],
                                            w["probability"], w["cue"]) for w in report["words"]),
                      changes=tuple(TimedText("replace", c["start_ms"], c["end_ms"], c["after"])
                                    for c in report["glossary"]["changes"]
                                    if c["kind"] in ("replace", "fuzzy")))
    unsure = data.unsure()
    assert unsure, "the sample has words the recogniser was unsure of"
    line = next(x for x in out.splitlines() if "unsure word" in x)
    assert line.strip().startswith(f"{len(unsure)} unsure word")
    first = unsure[0]
    cue = next(w["cue"] for w in report["words"] if w["start_ms"] == first.start_ms)
    assert f"cue {cue} '{first.text.strip('.,')}'" in line
    assert "0 errors" in out.splitlines()[0]  # the count of findings alone said all was well
