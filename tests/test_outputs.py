"""Output targets and whose the files there are (the run report and the ledger)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from subtitler.errors import EditedOutputError
from subtitler.files import Writes
from subtitler.fsutil import sha256_bytes
from subtitler.pipeline.outputs import (
    OutputState,
    claim,
    is_ours,
    srt_state,
    targets_for,
)
from subtitler.pipeline.report import person_versions, read_report, record_person_version
from tests.kept import kept, last_kept


def write_report(targets_report: Path, new: bytes, old: bytes | None) -> None:
    targets_report.write_text(
        json.dumps(
            {
                "srt_sha256": sha256_bytes(new),
                "previous_srt_sha256": sha256_bytes(old) if old is not None else None,
            }
        )
    )


def test_targets_beside_the_media_in_a_folder_or_explicit(tmp_path: Path) -> None:
    media = tmp_path / "talk.final.mp4"
    assert targets_for(media).srt == tmp_path / "talk.final.srt"
    assert targets_for(media).report == tmp_path / "talk.final.report.json"
    assert targets_for(media, tmp_path / "out").srt == tmp_path / "out" / "talk.final.srt"
    explicit = targets_for(media, srt=tmp_path / "x" / "es.srt")
    assert explicit.report == tmp_path / "x" / "es.report.json"


def test_states(tmp_path: Path) -> None:
    t = targets_for(tmp_path / "a.mp4")
    assert srt_state(t) is OutputState.MISSING
    t.srt.write_bytes(b"A")
    assert srt_state(t) is OutputState.EDITED  # an SRT with no report: not ours
    write_report(t.report, b"A", None)
    assert srt_state(t) is OutputState.CURRENT
    t.srt.write_bytes(b"A, corrected by hand")
    assert srt_state(t) is OutputState.EDITED and not is_ours(t)


def test_the_replaced_version_a_report_names_is_not_taken_for_subtitlers(
        tmp_path: Path) -> None:
    """A --force run records the person's file it replaced as
    ``previous_sha256``: that version, back in place, is still theirs."""
    t = targets_for(tmp_path / "a.mp4")
    t.srt.write_bytes(b"mine")
    write_report(t.report, b"subtitler's", b"mine")
    assert srt_state(t) is OutputState.EDITED


def test_a_claim_refuses_an_edited_file_and_force_keeps_its_version(tmp_path: Path) -> None:
    t = targets_for(tmp_path / "a.mp4")
    t.srt.write_bytes(b"mine")
    write_report(t.report, b"subtitler's", None)
    with pytest.raises(EditedOutputError, match="--force"):
        claim(Writes("run"), t, force=False)
    assert kept(t.srt) == []
    claims = claim(Writes("run --force"), t, force=True)
    claims["srt"].write(b"new")
    assert t.srt.read_bytes() == b"new" and last_kept(t.srt) == b"mine"


def test_a_persons_recorded_version_is_never_taken_for_subtitlers(tmp_path: Path) -> None:
    t = targets_for(tmp_path / "a.mp4")
    assert record_person_version(t.report, "x", "me") is False  # no report: nothing to add to
    t.srt.write_bytes(b"reviewed")
    write_report(t.report, b"reviewed", None)
    assert srt_state(t) is OutputState.CURRENT
    assert record_person_version(t.report, sha256_bytes(b"reviewed"), "subtitler review")
    assert person_versions(read_report(t.report)) == {sha256_bytes(b"reviewed")}
    data = json.loads(t.report.read_text("utf-8"))
    assert data["srt_sha256"] == sha256_bytes(b"reviewed")  # what subtitler wrote stays
    assert srt_state(t) is OutputState.EDITED
    with pytest.raises(EditedOutputError):
        claim(Writes("run"), t, force=False)
