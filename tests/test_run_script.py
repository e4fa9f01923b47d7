"""`subtitler run --script` end to end: the whole pipeline (onsets, timing,
glossary, report) on the real sample."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import srt
from click.testing import CliRunner

from subtitler.cli import main
from subtitler.pipeline import RunResult

pytestmark = pytest.mark.slow

DROPPED = "When we can speak safely, we can help."
EXTRA = "We have documented it in forty countries since 2015."


@pytest.fixture(autouse=True)
def _transcribed(sample_run: RunResult) -> None:
    """The sample's words come from the session's transcript."""


def run(video: Path, script: Path, out: Path, *extra: str) -> tuple[int, dict[str, Any], list[str]]:
    result = CliRunner().invoke(
        main, ["run", str(video), "--script", str(script), "-o", str(out), "-q", *extra]
    )
    report = json.loads((out / "statement.report.json").read_text("utf-8"))
    subs = list(srt.parse((out / "statement.srt").read_text("utf-8"), ignore_errors=False))
    return result.exit_code, report, " ".join(s.content for s in subs).split()


def test_own_script_gives_its_exact_words(sample_video: Path, tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[1] / "media" / "statement.txt"
    code, report, words = run(
        sample_video, script, tmp_path, "-g", "glossaries/sex-work-rights.yaml"
    )
    assert words == script.read_text("utf-8").split()
    assert report["script"]["aligned_share"] > 0.95
    assert not [f for f in report["findings"] if f["rule"].startswith("script-")]
    assert report["glossary"]["changes"] == []  # the script's words are never rewritten
    assert code == (3 if report["summary"]["errors"] else 0)


def test_cue_starts_follow_the_voice(sample_video: Path, tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[1] / "media" / "statement.txt"
    run(sample_video, script, tmp_path / "a")
    plain = tmp_path / "b"
    CliRunner().invoke(main, ["run", str(sample_video), "-o", str(plain), "-q"])
    # cues that open with the same word in both runs start within 200 ms
    with_script = list(srt.parse((tmp_path / "a" / "statement.srt").read_text("utf-8")))
    without = list(srt.parse((plain / "statement.srt").read_text("utf-8")))

    def key(s: srt.Subtitle) -> str:
        return re.sub(r"\W", "", s.content.split()[0].lower())

    starts = {(key(s), round(s.start.total_seconds(), 0)): s.start for s in without}
    checked = 0
    for sub in with_script:
        other = starts.get((key(sub), round(sub.start.total_seconds(), 0)))
        if other is not None:
            assert abs((sub.start - other).total_seconds()) <= 0.2
            checked += 1
    assert checked >= len(with_script) // 2


def test_dropped_and_extra_sentences_are_reported(
    sample_video: Path, sample_text: str, tmp_path: Path
) -> None:
    script = tmp_path / "edited.md"
    script.write_text(
        "# Statement\n\n"
        + sample_text.replace(" " + DROPPED, "").replace(
            "The evidence is clear.", "The evidence is clear. " + EXTRA
        ),
        "utf-8",
    )
    code, report, words = run(sample_video, script, tmp_path / "out", "--script-strict")
    text = " ".join(words)
    assert DROPPED in text  # subtitled from the speech
    assert "documented" not in text and "Statement" not in words
    found = {(f["rule"], f["severity"]) for f in report["findings"]}
    assert ("script-added", "error") in found and ("script-skipped", "error") in found
    got = sorted((d["kind"], d["text"]) for d in report["script"]["deviations"])
    # the unread Markdown heading is a skipped passage too
    assert got == [
        ("script-added", DROPPED),
        ("script-skipped", "Statement"),
        ("script-skipped", EXTRA),
    ]
    assert code == 3


def test_script_for_another_video_is_a_clear_error(sample_video: Path, tmp_path: Path) -> None:
    script = tmp_path / "other.txt"
    script.write_text("The quarterly budget meeting approved new bicycle lanes downtown. " * 5)
    result = CliRunner().invoke(
        main, ["run", str(sample_video), "--script", str(script), "-o", str(tmp_path), "-q"]
    )
    assert result.exit_code == 1
    assert str(script) in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "statement.srt").exists()
