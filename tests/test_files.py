"""Issue 20: one guard for every write to a person's folder (``subtitler.files``).

Each numbered case of the issue has its test here, through the real command
line on real files: a command never writes over its own inputs (1), a
version a person brings back is theirs (2), a hand-corrected output is not
replaced without --force (3), every replaced version is kept under its own
number and a person's oldest is never pushed out (4), long file names (17).
The review's journals, locks and key are in ``test_review_safety.py``, batch
under ``kill -9`` in ``test_batch_kill.py``."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from subtitler.errors import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    EditedOutputError,
    WriteError,
)
from subtitler.files import Owner, Writes, history, ledger
from subtitler.files.history import KEEP
from subtitler.fsutil import NAME_MAX, exchange, fit_name, sha256_bytes
from tests.kept import cli, kept, kept_paths, last_kept
from tests.reviewkit import copy_media, open_review, srt_text

CUES = ((500, 3000, "And so my fellow Americans,"),
        (3200, 6500, "ask not what your country\ncan do for you,"),
        (6800, 10500, "ask what you can do\nfor your country."))
GLOSSARY = "entries:\n  - term: criminalisation\n    variants: [criminalization]\n"
VARIANT = "1\n00:00:01,000 --> 00:00:04,000\nthe criminalization of sex work\n"


def run_code(folder: Path, stem: str) -> int:
    """The exit code ``run`` gives for the report it wrote (3: error findings)."""
    report = json.loads((folder / f"{stem}.report.json").read_text("utf-8"))
    return EXIT_FINDINGS if report["summary"]["errors"] else EXIT_OK


# -- item 1: a command never writes over its own inputs ----------------------


def test_review_export_never_writes_over_the_subtitles_or_the_video(
        tmp_path: Path, jfk_wav: Path) -> None:
    media = copy_media(jfk_wav, tmp_path)
    srt = media.with_suffix(".srt")
    srt.write_text(srt_text(*CUES), "utf-8")
    subtitles, video = srt.read_bytes(), media.read_bytes()
    for target, what in (("jfk.srt", "the subtitle file being reviewed"),
                         ("jfk.wav", "the media file being reviewed")):
        done = cli("review", "jfk.wav", "--export", target, "--no-media-check", cwd=tmp_path)
        assert done.exit_code == EXIT_USAGE, done.output
        assert done.stderr == (f"subtitler: error: {target}: this is {what} (an input of this "
                               "command): not writing over it; name another file\n")
    assert srt.read_bytes() == subtitles and media.read_bytes() == video
    assert kept(srt) == [] and kept(media) == []
    # a page it wrote before is its own: replaced; a person's file there is not
    assert cli("review", "jfk.wav", "--export", "page.html", "--no-media-check",
               cwd=tmp_path).exit_code == EXIT_OK
    assert cli("review", "jfk.wav", "--export", "page.html", "--no-media-check",
               cwd=tmp_path).exit_code == EXIT_OK
    notes = tmp_path / "notes.html"
    notes.write_text("<p>my notes</p>", "utf-8")
    done = cli("review", "jfk.wav", "--export", "notes.html", "--no-media-check", cwd=tmp_path)
    assert done.exit_code == EXIT_INPUT
    assert "not replacing it: name another file, or move that one away first" in done.stderr
    assert notes.read_text("utf-8") == "<p>my notes</p>"


def test_no_command_writes_over_an_input(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text(GLOSSARY, "utf-8")
    (tmp_path / "t.srt").write_text(VARIANT, "utf-8")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    done = cli("glossary", "apply", "t.srt", "-g", "g.yaml", "-o", "g.yaml", cwd=tmp_path)
    assert done.exit_code == EXIT_USAGE
    assert "g.yaml: this is a glossary (an input of this command): not writing" in done.stderr
    done = cli("check", "t.srt", "--fix", "-o", "t.srt", "--no-config", cwd=tmp_path)
    assert done.exit_code == EXIT_USAGE
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


# -- item 2: a version a person brings back is theirs ------------------------


@pytest.mark.slow
def test_a_restored_version_is_the_persons_and_run_never_takes_it_for_its_own(
        tmp_path: Path, jfk_wav: Path) -> None:
    copy_media(jfk_wav, tmp_path)
    srt = tmp_path / "jfk.srt"
    first = cli("run", "jfk.wav", "-q", cwd=tmp_path)
    code = run_code(tmp_path, "jfk")
    assert first.exit_code == code, first.output
    mine = srt.read_text("utf-8").replace("country", "Country").encode("utf-8")
    srt.write_bytes(mine)
    assert cli("run", "jfk.wav", "-q", "--force", cwd=tmp_path).exit_code == code
    assert srt.read_bytes() != mine and last_kept(srt) == mine
    # the person puts their version back by hand, from where it was kept
    shutil.copy(kept_paths(srt)[-1], srt)
    plain = cli("run", "jfk.wav", "-q", cwd=tmp_path)
    assert plain.exit_code == EXIT_INPUT, plain.output
    assert "jfk.srt: is not the version subtitler wrote there" in plain.stderr
    assert "--force" in plain.stderr and srt.read_bytes() == mine
    # and with subtitler restore: the same
    assert cli("run", "jfk.wav", "-q", "--force", cwd=tmp_path).exit_code == code
    ours = srt.read_bytes()
    n = next(v.n for v in history.versions(tmp_path, ledger.load(tmp_path, "jfk.srt"))
             if v.sha256 == sha256_bytes(mine))
    back = cli("restore", "jfk.srt", "--version", str(n), cwd=tmp_path)
    assert back.exit_code == EXIT_OK, back.output
    assert srt.read_bytes() == mine and last_kept(srt) == ours
    assert cli("run", "jfk.wav", "-q", cwd=tmp_path).exit_code == EXIT_INPUT
    assert srt.read_bytes() == mine
    # --force replaces it, and keeps it once more
    assert cli("run", "jfk.wav", "-q", "--force", cwd=tmp_path).exit_code == code
    assert last_kept(srt) == mine


def test_a_version_a_report_says_a_run_replaced_is_still_the_persons(tmp_path: Path) -> None:
    """The report of a --force run records the person's file it replaced
    (``previous_sha256``); that is never a reason to take it for subtitler's."""
    srt = tmp_path / "talk.srt"
    srt.write_bytes(b"mine")
    report = {"srt_sha256": sha256_bytes(b"ours"), "previous_srt_sha256": sha256_bytes(b"mine"),
              "outputs": {"srt": {"path": str(srt), "sha256": sha256_bytes(b"ours"),
                                  "previous_sha256": sha256_bytes(b"mine")}}}
    (tmp_path / "talk.report.json").write_text(json.dumps(report), "utf-8")
    from subtitler.pipeline.outputs import OutputState, file_state, targets_for

    assert file_state(targets_for(tmp_path / "talk.wav"), "srt") is OutputState.EDITED


# -- item 3: a hand-corrected output is not replaced without --force ---------


def test_glossary_apply_twice_keeps_a_hand_corrected_output(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text(GLOSSARY, "utf-8")
    (tmp_path / "t.srt").write_text(VARIANT, "utf-8")
    out = tmp_path / "t.glossary.srt"
    assert cli("glossary", "apply", "t.srt", "-g", "g.yaml", cwd=tmp_path).exit_code == EXIT_OK
    assert cli("glossary", "apply", "t.srt", "-g", "g.yaml", cwd=tmp_path).exit_code == EXIT_OK
    corrected = out.read_text("utf-8").replace("of sex work", "of sex work (corrected)")
    out.write_text(corrected, "utf-8")
    again = cli("glossary", "apply", "t.srt", "-g", "g.yaml", cwd=tmp_path)
    assert again.exit_code == EXIT_INPUT
    assert again.stderr == (
        "subtitler: error: t.glossary.srt: is not the version subtitler wrote there (a person "
        "changed it, or another program wrote it); not replacing it: use --force to replace "
        "it (this version is then kept: subtitler restore t.glossary.srt brings it back)\n")
    assert out.read_text("utf-8") == corrected
    forced = cli("glossary", "apply", "t.srt", "-g", "g.yaml", "--force", cwd=tmp_path)
    assert forced.exit_code == EXIT_OK
    assert "(corrected)" not in out.read_text("utf-8")
    assert last_kept(out).decode("utf-8") == corrected


def test_check_fix_to_an_output_keeps_a_hand_corrected_one(tmp_path: Path) -> None:
    src = tmp_path / "talk.srt"
    src.write_text("2\n00:00:01,000 --> 00:00:04,000\nA.\n\n1\n00:00:03,000 --> 00:00:05,000\n"
                   "B.\n", "utf-8")
    out = tmp_path / "fixed.srt"
    args = ("check", "talk.srt", "--fix", "-o", "fixed.srt", "--no-config")
    assert cli(*args, cwd=tmp_path).exit_code == EXIT_OK
    assert cli(*args, cwd=tmp_path).exit_code == EXIT_OK  # its own output: replaced
    out.write_text(out.read_text("utf-8").replace("A.", "A, by hand."), "utf-8")
    mine = out.read_bytes()
    refused = cli(*args, cwd=tmp_path)
    assert refused.exit_code == EXIT_INPUT
    assert "fixed.srt: is not the version subtitler wrote there" in refused.stderr
    assert out.read_bytes() == mine
    assert cli(*args, "--force", cwd=tmp_path).exit_code == EXIT_OK
    assert last_kept(out) == mine and b"by hand" not in out.read_bytes()


# -- item 4: numbered versions, never one shared slot -------------------------


def test_every_command_keeps_its_own_numbered_version(tmp_path: Path, jfk_wav: Path) -> None:
    media = copy_media(jfk_wav, tmp_path)
    srt = tmp_path / "jfk.srt"
    (tmp_path / "g.yaml").write_text(GLOSSARY, "utf-8")
    original = srt_text((500, 4000, "the criminalization of sex work"),
                        (3500, 6500, "ask not what your country\ncan do for you,"))
    srt.write_text(original, "utf-8")
    assert cli("check", "jfk.srt", "--fix", "--in-place", "--no-config",
               cwd=tmp_path).exit_code == EXIT_OK
    assert cli("glossary", "apply", "jfk.srt", "-g", "g.yaml", "-o", "jfk.srt",
               cwd=tmp_path).exit_code == EXIT_OK
    assert cli("convert", "jfk.srt", "jfk.vtt", cwd=tmp_path).exit_code == EXIT_OK
    vtt = tmp_path / "jfk.vtt"
    vtt.write_text(vtt.read_text("utf-8").replace("your country", "your Country"), "utf-8")
    assert cli("convert", "jfk.vtt", "jfk.srt", "--force", cwd=tmp_path).exit_code == EXIT_OK
    review = open_review(media, srt)
    first = review.state()["cues"][0]["id"]
    review.edit({"op": "text", "id": first, "text": "the criminalisation of sex work, reviewed"})
    assert review.post("/api/save").status_code == 200
    review.session.close()
    versions = history.versions(tmp_path, ledger.load(tmp_path, "jfk.srt"))
    assert [v.kept_by for v in versions] == ["check --fix", "glossary apply", "convert --force",
                                            "review"]
    assert [v.n for v in versions] == [1, 2, 3, 4]
    assert kept(srt)[0].decode("utf-8") == original
    assert versions[0].owner is Owner.PERSON and versions[0].by == "a person"
    listing = cli("restore", "jfk.srt", cwd=tmp_path)
    assert listing.exit_code == EXIT_OK
    assert listing.output.splitlines()[0] == "jfk.srt: 4 earlier versions kept (oldest first)"
    assert "a person (saved in review)" in listing.output.splitlines()[-2]  # the current one
    # many more writes: the newest KEEP stay, and the person's original always
    for i in range(KEEP + 3):
        Writes("run").claim(srt, force=True).write(f"version {i}\n".encode())
    after = history.versions(tmp_path, ledger.load(tmp_path, "jfk.srt"))
    assert len(after) == KEEP + 1 and after[0].n == 1
    assert after[0].path.read_text("utf-8") == original


def test_restore_lists_brings_back_and_keeps_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "talk.srt"
    nothing = cli("restore", "talk.srt", cwd=tmp_path)
    assert nothing.exit_code == EXIT_INPUT
    assert "subtitler kept no earlier version of this file" in nothing.stderr
    path.write_bytes(b"a person's first version\n")
    Writes("run --force").claim(path, force=True).write(b"subtitler's\n")
    assert cli("restore", "talk.srt", "--version", "7", cwd=tmp_path).exit_code == EXIT_USAGE
    done = cli("restore", "talk.srt", "--version", "1", cwd=tmp_path)
    assert done.exit_code == EXIT_OK
    assert done.output == ("talk.srt: version 1 brought back; the version it replaced is "
                           "kept as version 2\n")
    assert path.read_bytes() == b"a person's first version\n"
    assert kept(path) == [b"a person's first version\n", b"subtitler's\n"]
    same = cli("restore", "talk.srt", "--version", "1", cwd=tmp_path)
    assert same.output == "talk.srt already is version 1: nothing changed\n"
    # brought back, it is the person's: a run does not take it for its own
    with pytest.raises(EditedOutputError):
        Writes("run").claim(path)


def test_a_damaged_ledger_makes_every_file_a_persons(tmp_path: Path) -> None:
    path = tmp_path / "talk.srt"
    Writes("run").claim(path).write(b"ours\n")
    Writes("run").claim(path).write(b"ours again\n")  # subtitler's: replaced
    record = ledger.record_path(tmp_path, "talk.srt")
    record.write_text("{not json", "utf-8")
    with pytest.raises(EditedOutputError):
        Writes("run").claim(path)
    Writes("run --force").claim(path, force=True).write(b"new\n")
    assert record.with_name("talk.srt.json.corrupt-1").read_text("utf-8") == "{not json"
    assert last_kept(path) == b"ours again\n"


def test_a_folder_that_cannot_hold_records_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / ".subtitler").write_text("not a folder", "utf-8")
    (tmp_path / "a.srt").write_text(VARIANT, "utf-8")
    done = cli("convert", "a.srt", "a.vtt", cwd=tmp_path)
    assert done.exit_code == EXIT_INPUT
    assert done.stderr.startswith("subtitler: error: ")
    assert ".subtitler is a file, not a folder (move it away)" in done.stderr
    assert not (tmp_path / "a.vtt").exists()


# -- the last check and the rename: no window a person's save falls into ------


def save_as_an_editor_does(path: Path, text: bytes, *, in_place: bool = False) -> None:
    """A person's editor saving ``path``: a new file renamed over it (most
    editors), or the same file rewritten (``in_place``)."""
    if in_place:
        with open(path, "r+b") as fh:
            fh.truncate(0)
            fh.write(text)
        return
    tmp = path.with_name(f".{path.name}.editor")
    tmp.write_bytes(text)
    os.replace(tmp, path)


def can_swap(folder: Path) -> bool:
    """True where the file system swaps two files in one step (``fsutil.exchange``)."""
    a, b = folder / ".swap-a", folder / ".swap-b"
    a.write_bytes(b"a")
    b.write_bytes(b"b")
    try:
        return exchange(a, b)
    finally:
        a.unlink()
        b.unlink()


def saves_during_the_write(monkeypatch: pytest.MonkeyPatch, path: Path, text: bytes,
                           *, in_place: bool = False) -> None:
    """A person saves ``path`` while the guard writes it: after its last look
    at the file, before the new version is in place (while the ledger's
    record is synced to disk, which takes milliseconds)."""
    real = ledger.save
    saved: list[bool] = []

    def save(folder: Path, record: ledger.Record) -> None:
        if not saved and record.name == path.name:
            saved.append(True)
            save_as_an_editor_does(path, text, in_place=in_place)
        real(folder, record)

    monkeypatch.setattr(ledger, "save", save)


def assert_kept_as_recorded(path: Path) -> None:
    """Each kept version of ``path`` holds what the ledger says it holds."""
    record = ledger.load(path.parent, path.name)
    for v in history.versions(path.parent, record):
        assert v.sha256 == sha256_bytes(v.path.read_bytes()), v
        assert not os.path.samefile(v.path, path), v  # never the live file itself


@pytest.mark.parametrize("in_place", [False, True], ids=["renamed", "rewritten"])
def test_a_save_during_the_write_is_never_replaced_unasked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_place: bool) -> None:
    if not can_swap(tmp_path):
        pytest.skip("this file system cannot swap two files in one step (renameat2)")
    path = tmp_path / "talk.glossary.srt"
    Writes("glossary apply").claim(path).write(b"subtitler's first version\n")
    claim = Writes("glossary apply").claim(path)  # subtitler's own: may be replaced
    saves_during_the_write(monkeypatch, path, b"a person's words\n", in_place=in_place)
    with pytest.raises(EditedOutputError, match="was changed while subtitler glossary apply"):
        claim.write(b"subtitler's second version\n")
    assert path.read_bytes() == b"a person's words\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert_kept_as_recorded(path)
    # the next run is refused as for any person's file
    with pytest.raises(EditedOutputError):
        Writes("glossary apply").claim(path)


def test_a_save_during_a_forced_write_is_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not can_swap(tmp_path):
        pytest.skip("this file system cannot swap two files in one step (renameat2)")
    path = tmp_path / "talk.srt"
    path.write_bytes(b"a person's first words\n")
    claim = Writes("run --force").claim(path, force=True)
    saves_during_the_write(monkeypatch, path, b"a person's last words\n")
    claim.write(b"subtitler's version\n")
    assert path.read_bytes() == b"subtitler's version\n"
    assert b"a person's last words\n" in kept(path)
    assert b"a person's first words\n" in kept(path)
    assert_kept_as_recorded(path)


def test_a_file_a_person_makes_during_the_write_is_never_replaced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "talk.vtt"
    claim = Writes("convert").claim(path)  # nothing there yet
    saves_during_the_write(monkeypatch, path, b"WEBVTT\n\n00:01.000 --> 00:02.000\nmine\n")
    with pytest.raises(EditedOutputError, match="was changed while"):
        claim.write(b"WEBVTT\n\n00:01.000 --> 00:02.000\nours\n")
    assert b"mine" in path.read_bytes()


def test_a_disk_that_fills_after_the_rename_does_not_fail_the_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ledger says what is about to be written before the rename; the
    note after it that the rename is done may fail (the disk just filled)
    without making a written file an error, or the file a person's."""
    path = tmp_path / "talk.srt"
    real = ledger.save

    def save(folder: Path, record: ledger.Record) -> None:
        if record.written and not record.written[-1].pending:
            raise WriteError("cannot write: No space left on device",
                             path=ledger.record_path(folder, record.name))
        real(folder, record)

    monkeypatch.setattr(ledger, "save", save)
    Writes("run").claim(path).write(b"ours\n")
    assert path.read_bytes() == b"ours\n"
    monkeypatch.setattr(ledger, "save", real)
    Writes("run").claim(path).write(b"ours again\n")  # still subtitler's: no --force needed


# -- item 17: long file names --------------------------------------------------

LONG = "字" * 82 + ".srt"
"""250 bytes: a legal name whose derived names (kept versions, journal,
temp files) would not fit in 255 bytes unshortened."""


def test_derived_names_of_a_long_name_fit() -> None:
    assert len(LONG.encode("utf-8")) == 250
    for suffix in (".1", ".12", ".json", ".20990101T000000-12345-1.journal", ".lock"):
        name = fit_name(LONG, suffix)
        assert len(name.encode("utf-8")) <= NAME_MAX and name.endswith(suffix)
        assert name == fit_name(LONG, suffix)  # the same every time
    assert fit_name("talk.srt", ".1") == "talk.srt.1"
    assert fit_name(LONG[:-4] + "a.srt", ".1") != fit_name(LONG[:-4] + "b.srt", ".1")


def test_check_fix_in_place_and_review_on_a_250_byte_name(tmp_path: Path, jfk_wav: Path) -> None:
    media = copy_media(jfk_wav, tmp_path)
    srt = tmp_path / LONG
    original = "2\n00:00:01,000 --> 00:00:04,000\nA.\n\n1\n00:00:03,000 --> 00:00:05,000\nB.\n"
    srt.write_text(original, "utf-8")
    done = cli("check", LONG, "--fix", "--in-place", "--no-config", cwd=tmp_path)
    assert done.exit_code == EXIT_OK, done.output
    assert last_kept(srt).decode("utf-8") == original
    review = open_review(media, srt)
    assert review.session.readonly is None
    first = review.state()["cues"][0]["id"]
    review.edit({"op": "text", "id": first, "text": "A, reviewed."})
    assert review.session.journal.path.is_file()
    assert len(review.session.journal.path.name.encode("utf-8")) <= NAME_MAX
    assert review.post("/api/save").status_code == 200
    assert "A, reviewed." in srt.read_text("utf-8")
    assert len(kept(srt)) == 2
    review.session.close()
    listing = cli("restore", LONG, cwd=tmp_path)
    assert listing.exit_code == EXIT_OK and "2 earlier versions kept" in listing.output


@pytest.mark.slow
def test_run_on_a_240_byte_media_name_writes_its_report(tmp_path: Path, jfk_wav: Path) -> None:
    name = "語" * 78 + ".wav"  # 238 bytes; its report's name would be 246, its temp files more
    shutil.copy(jfk_wav, tmp_path / name)
    done = cli("run", name, "--format", "srt,txt", "-q", cwd=tmp_path)
    stem = name[:-4]
    report = tmp_path / f"{stem}.report.json"
    assert report.is_file(), done.output
    assert done.exit_code == run_code(tmp_path, stem)
    data = json.loads(report.read_text("utf-8"))
    txt = tmp_path / Path(data["outputs"]["txt"]["path"]).name  # 253 bytes: fits as it is
    assert txt.is_file() and (tmp_path / f"{stem}.srt").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    longer = "語" * 82 + ".wav"  # 250 bytes: the transcript's name is shortened, with a hash
    shutil.copy(jfk_wav, tmp_path / longer)
    done = cli("run", longer, "--format", "srt,txt", "-q", cwd=tmp_path)
    data = json.loads((tmp_path / fit_name(longer[:-4], ".report.json")).read_text("utf-8"))
    txt = tmp_path / Path(data["outputs"]["txt"]["path"]).name
    assert txt.is_file() and "~" in txt.name and len(txt.name.encode("utf-8")) <= NAME_MAX
    assert done.exit_code == run_code(tmp_path, fit_name(longer[:-4], ".report.json")[:-12])
