"""Every command that replaces a person's version says where it went, in
one line and the same words ("your version of talk.srt was kept:
subtitler restore talk.srt --version 3"), and that command brings back
the exact bytes. Through the real command line on real files (``burn``'s
is in ``test_burn.py``; review's Save says it on the page too:
``test_review_page.py``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import Result

from subtitler.errors import EXIT_FINDINGS, EXIT_OK
from subtitler.files import Writes
from tests.kept import cli, follow_note
from tests.reviewkit import copy_media, open_review, srt_text

GLOSSARY = "entries:\n  - term: criminalisation\n    variants: [criminalization]\n"
MINE = srt_text((1000, 4000, "the criminalization of sex work"),
                (3500, 6500, "ask not what your country\ncan do for you,")).encode("utf-8")


def notes(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("subtitler: note:")]


def test_check_fix_in_place_says_where_the_version_it_fixed_went(tmp_path: Path) -> None:
    (tmp_path / "talk.srt").write_bytes(MINE)  # overlapping cues: --fix changes them
    fixed = cli("check", "talk.srt", "--fix", "--in-place", "--no-config", cwd=tmp_path)
    assert fixed.exit_code == EXIT_OK, fixed.output
    assert (tmp_path / "talk.srt").read_bytes() != MINE
    assert follow_note(fixed.stderr, "talk.srt", tmp_path) == MINE
    # the JSON report says it too
    (tmp_path / "talk.srt").write_bytes(MINE)
    as_json = cli("check", "talk.srt", "--fix", "--in-place", "--no-config", "--format", "json",
                  cwd=tmp_path)
    kept = json.loads(as_json.stdout)["files"][0]["fix"]["kept"]
    assert kept.startswith("your version of talk.srt was kept: subtitler restore talk.srt ")


def test_an_in_place_fix_of_subtitlers_own_file_names_whose_version_it_was(
        tmp_path: Path) -> None:
    Writes("run").claim(tmp_path / "talk.srt").write(MINE)  # as a run wrote it
    fixed = cli("check", "talk.srt", "--fix", "--in-place", "--no-config", cwd=tmp_path)
    assert fixed.exit_code == EXIT_OK, fixed.output
    assert follow_note(fixed.stderr, "talk.srt", tmp_path, whose="subtitler run") == MINE


def test_glossary_apply_force_says_where_your_version_went(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text(GLOSSARY, "utf-8")
    (tmp_path / "talk.srt").write_bytes(MINE)
    first = cli("glossary", "apply", "talk.srt", "-g", "g.yaml", cwd=tmp_path)
    assert first.exit_code == EXIT_OK and notes(first) == []  # nothing of a person's replaced
    out = tmp_path / "talk.glossary.srt"
    corrected = out.read_bytes().replace(b"sex work", b"sex work (checked)")
    out.write_bytes(corrected)
    forced = cli("glossary", "apply", "talk.srt", "-g", "g.yaml", "--force", "--json",
                 cwd=tmp_path)
    assert forced.exit_code == EXIT_OK, forced.output
    json.loads(forced.stdout)  # the note goes to stderr: stdout stays JSON
    assert follow_note(forced.stderr, "talk.glossary.srt", tmp_path) == corrected


def test_convert_force_says_where_your_version_went(tmp_path: Path) -> None:
    (tmp_path / "talk.srt").write_bytes(MINE)
    assert cli("convert", "talk.srt", "talk.vtt", cwd=tmp_path).exit_code == EXIT_OK
    vtt = tmp_path / "talk.vtt"
    mine = vtt.read_bytes().replace(b"your country", b"your Country")
    vtt.write_bytes(mine)
    again = cli("convert", "talk.srt", "talk.vtt", "--force", cwd=tmp_path)
    assert again.exit_code == EXIT_OK, again.output
    assert follow_note(again.stderr, "talk.vtt", tmp_path) == mine


def test_a_name_with_spaces_is_quoted_so_the_command_can_be_pasted(tmp_path: Path) -> None:
    (tmp_path / "my talk.srt").write_bytes(MINE)
    assert cli("convert", "my talk.srt", "my talk.vtt", cwd=tmp_path).exit_code == EXIT_OK
    vtt = tmp_path / "my talk.vtt"
    vtt.write_bytes(vtt.read_bytes() + b"\n")
    mine = vtt.read_bytes()
    again = cli("convert", "my talk.srt", "my talk.vtt", "--force", cwd=tmp_path)
    assert "subtitler restore 'my talk.vtt' --version 1" in again.stderr
    assert follow_note(again.stderr, "my talk.vtt", tmp_path) == mine


def test_review_save_says_where_the_version_it_replaced_went(
        tmp_path: Path, jfk_wav: Path) -> None:
    media = copy_media(jfk_wav, tmp_path)
    srt = media.with_suffix(".srt")
    srt.write_bytes(MINE)
    review = open_review(media, srt)
    first = review.state()["cues"][0]["id"]
    review.edit({"op": "text", "id": first, "text": "the criminalisation of sex work"})
    saved = review.post("/api/save")
    review.session.close()
    assert saved.status_code == 200, saved.text
    note = saved.json()["kept"]
    assert note == "your version of jfk.srt was kept: subtitler restore " \
        f"{srt} --version 1"
    assert follow_note(f"subtitler: note: {note}\n", str(srt), tmp_path) == MINE


def run_code(folder: Path, stem: str) -> int:
    report = json.loads((folder / f"{stem}.report.json").read_text("utf-8"))
    return EXIT_FINDINGS if report["summary"]["errors"] else EXIT_OK


@pytest.mark.slow
def test_run_and_batch_force_say_where_your_version_went(tmp_path: Path, jfk_wav: Path) -> None:
    shutil.copy(jfk_wav, tmp_path / "jfk.wav")
    srt = tmp_path / "jfk.srt"
    first = cli("run", "jfk.wav", "-q", cwd=tmp_path)
    code = run_code(tmp_path, "jfk")
    assert first.exit_code == code and notes(first) == []
    again = cli("run", "jfk.wav", "-q", "--force", cwd=tmp_path)
    assert again.exit_code == code and notes(again) == []  # its own version: nothing to say
    mine = srt.read_bytes().replace(b"country", b"Country")
    srt.write_bytes(mine)
    forced = cli("run", "jfk.wav", "--force", cwd=tmp_path)
    assert forced.exit_code == code, forced.output
    assert srt.read_bytes() != mine
    assert follow_note(forced.stderr, "jfk.srt", tmp_path) == mine
    # batch: the same line, and the summary records it
    srt.write_bytes(mine + b"\n")
    batch = cli("batch", "jfk.wav", "--force", "-q", cwd=tmp_path)
    assert batch.exit_code == code, batch.output
    row = json.loads((tmp_path / "summary.json").read_text("utf-8"))["files"][0]
    assert row["kept"].startswith(f"your version of jfk.srt was kept: subtitler restore {srt} ")
    assert follow_note(batch.stderr, str(srt), tmp_path) == mine + b"\n"
