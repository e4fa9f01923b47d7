"""``subtitler review`` on the command line: help, errors with exact exit
codes, --export, --run. (Serving is tested with a real browser in
test_review_browser.py.)"""

from __future__ import annotations

import json
import socket
import subprocess
from pathlib import Path

import pytest

from subtitler.formats.srt_read import read_srt
from subtitler.pipeline.unsure import HeardWord, unsure_words
from tests import cliprocess
from tests.reviewkit import copy_media, marks_of, srt_text


def review(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``subtitler review ARGS`` in a process of its own (``tests/cliprocess.py``)."""
    return cliprocess.run(["review", *args], cwd, limit_s=600)


def test_help_has_examples_and_exit_codes(tmp_path: Path) -> None:
    done = review("--help", cwd=tmp_path)
    assert done.returncode == 0
    assert "Examples:" in done.stdout and "subtitler review media/statement.mp4" in done.stdout
    assert "130" in done.stdout and "Exit codes:" in done.stdout


def test_missing_subtitles_say_how_to_make_them(tmp_path: Path, jfk_wav: Path) -> None:
    media = copy_media(jfk_wav, tmp_path)
    done = review(str(media.name), "--no-browser", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "subtitler: error: jfk.srt: no subtitles yet: make them with 'subtitler run jfk.wav' "
        "(or add --run to make them now)"
    )


def test_bad_input_is_one_line_with_its_exit_code(tmp_path: Path, jfk_wav: Path) -> None:
    done = review("nothing.mp4", cwd=tmp_path)
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert done.stderr.startswith("subtitler: error: nothing.mp4: no such file")
    media = copy_media(jfk_wav, tmp_path)
    media.with_suffix(".srt").write_text(srt_text((0, 1000, "Hello")), "utf-8")
    done = review("jfk.wav", "-p", "nope", cwd=tmp_path)
    assert done.returncode == 2 and "nope" in done.stderr and "Traceback" not in done.stderr
    done = review("jfk.wav", "--host", "0.0.0.0", "--no-browser", cwd=tmp_path)
    assert done.returncode == 2 and "every network" in done.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        done = review("jfk.wav", "--port", str(port), "--no-browser", cwd=tmp_path)
    assert done.returncode == 2 and f"127.0.0.1:{port}" in done.stderr


def test_export_writes_one_read_only_page(tmp_path: Path, jfk_wav: Path) -> None:
    media = copy_media(jfk_wav, tmp_path / "media")
    evil = '</script><script>alert("x")</script>'
    media.with_suffix(".srt").write_text(srt_text((0, 2000, "Hello"), (2500, 4000, evil)), "utf-8")
    out = tmp_path / "share" / "review.html"
    done = review(str(media), "--export", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = out.read_text("utf-8")
    assert page.count("<script") == 2 and "alert(" not in page.split("<script>")[-1]
    raw = page.split('type="application/json">')[1].split("</script>")[0]
    data = json.loads(raw)
    assert data["file"]["media_url"] == "../media/jfk.wav"
    assert [c["lines"] for c in data["cues"]] == [["Hello"], [evil]]
    assert data["waveform"]["per_s"] == 25 and data["waveform"]["peaks"]
    assert "static/" not in page and "http" not in page.split("<style>")[0].replace(
        'http-equiv', '')


@pytest.mark.slow
def test_run_makes_missing_subtitles_first(tmp_path: Path, jfk_wav: Path) -> None:
    copy_media(jfk_wav, tmp_path)
    done = review("jfk.wav", "--run", "--export", "jfk.html", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    cues = read_srt(tmp_path / "jfk.srt").cues
    assert cues and "country" in " ".join(c.text for c in cues).lower()
    data = json.loads((tmp_path / "jfk.html").read_text("utf-8")
                      .split('type="application/json">')[1].split("</script>")[0])
    assert len(data["cues"]) == len(cues)
    report = json.loads((tmp_path / "jfk.report.json").read_text("utf-8"))
    unsure = unsure_words(HeardWord(w["start_ms"], w["end_ms"], w["text"], w["probability"])
                          for w in report["words"])
    marked = [m for m in marks_of(data) if m["kind"] == "unsure"]
    assert len(marked) == len(unsure)
