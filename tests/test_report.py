"""The run report: JSON fields and the short summary printed after a run."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from subtitler.models import Cue, Finding, Severity, Word
from subtitler.pipeline.report import (
    Report,
    person_versions,
    read_report,
    recorded_srt_hashes,
    summary_lines,
    word_records,
    write_report,
)


def make_report(findings: tuple[Finding, ...], extras: Mapping[str, object]) -> Report:
    return Report(
        input="talk.mp4",
        output="out/talk.srt",
        media_sha256="m",
        subtitles_sha256="s",
        previous_subtitles_sha256=None,
        duration_ms=65_000,
        language="en",
        engine="faster-whisper",
        model="tiny.en",
        options={},
        profile="netflix",
        cache_hit=True,
        timings_s={"audio": 0.1},
        cue_count=2,
        word_count=9,
        findings=findings,
        extras=extras,
    )


def test_summary_counts_one_as_one() -> None:
    """Seen on an unseen mixed recording: "sentences: 1 full stops and 0
    capitals added"; the summary is the first thing a new user reads."""
    from dataclasses import replace

    extras = {"sentence_marks": [{"kind": "full stop"}, {"kind": "capital"}],
              "glossary": {"changes": [{"kind": "replace"}, {"kind": "flag"}]}}  # fmt: skip
    finding = Finding("reading-speed", Severity.ERROR, 1, "too fast")
    report = replace(make_report((finding,), extras), cue_count=1)
    lines = summary_lines(report, (Cue(0, 900, ("Hi.",)),))
    assert "1 cue, 65.0 s" in lines[0] and "(1 error, 0 warnings," in lines[0]
    assert "glossary: 1 correction, 1 flag (" in lines[1]
    assert "sentences: 1 full stop and 1 capital added" in "\n".join(lines)


def test_summary_puts_errors_first_with_time_and_text() -> None:
    cues = (Cue(1_000, 2_000, ("Hello there.",)), Cue(62_500, 64_000, ("A" * 70,)))
    findings = (
        Finding("min-gap", Severity.WARNING, 1, "gap after cue 1 is 0 ms"),
        Finding("reading-speed", Severity.ERROR, 2, "30.0 characters per second"),
        Finding("no-speech", Severity.WARNING, None, "whole file"),
    )
    extras = {"glossary": {"changes": [{"kind": "replace"}, {"kind": "flag"}, {"kind": "replace"}]}}
    lines = summary_lines(make_report(findings, extras), cues)
    assert lines[0] == (
        "talk.mp4: 2 cues, 65.0 s -> out/talk.srt (1 error, 2 warnings, transcript from cache)"
    )
    assert lines[1].strip().startswith("glossary: 2 corrections, 1 flag (")
    assert "[reading-speed]" in lines[2] and "cue 2" in lines[2]
    assert lines[3].strip() == 'at 01:02.500: "' + "A" * 59 + '\u2026"'
    assert "file [no-speech]" in lines[4]  # file-level findings before cue ones
    assert "[min-gap]" in lines[5] and lines[6].strip() == 'at 00:01.000: "Hello there."'


def test_report_json_round_trips_the_hashes(tmp_path: Path) -> None:
    path = tmp_path / "talk.report.json"
    write_report(path, make_report((), {"script": {"aligned_share": 1.0}}))
    data = json.loads(path.read_text("utf-8"))
    assert data["summary"] == {"errors": 0, "warnings": 0}
    assert data["duration_s"] == 65.0 and data["script"] == {"aligned_share": 1.0}
    assert (data["subtitles_sha256"], data["previous_subtitles_sha256"]) == ("s", None)
    assert recorded_srt_hashes(tmp_path / "missing.json") == (None, None)


def test_a_report_from_before_other_formats_is_still_read(tmp_path: Path) -> None:
    """Reports that named the hashes ``srt_sha256`` (and a person's versions
    so) still say which file is subtitler's and which a person's."""
    path = tmp_path / "talk.report.json"
    path.write_text(json.dumps({"srt_sha256": "s", "previous_srt_sha256": "p",
                                "person_versions": [{"srt_sha256": "v", "by": "review"}]}))
    assert recorded_srt_hashes(path) == ("s", "p")
    assert person_versions(read_report(path)) == {"v"}


def test_words_carry_the_cue_that_shows_them(tmp_path: Path) -> None:
    words = [Word(0, 400, " Hello", 0.91234), Word(450, 900, " there.", 0.5),
             Word(2000, 2300, " Next", 1.0)]
    records = word_records(words, [1, 1, 2])
    assert [r.cue for r in records] == [1, 1, 2]
    assert word_records(words, [])[0].cue is None
    report = Report(**{**make_report((), {}).__dict__, "words": records})
    path = tmp_path / "talk.report.json"
    write_report(path, report)
    data = json.loads(path.read_text("utf-8"))
    assert data["words"][0] == {"start_ms": 0, "end_ms": 400, "text": "Hello",
                                "probability": 0.9123, "cue": 1}
