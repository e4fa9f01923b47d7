"""Output targets and the rule that nothing a person edited is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from subtitler.errors import EditedOutputError
from subtitler.fsutil import sha256_bytes
from subtitler.pipeline.outputs import OutputState, guard, is_ours, srt_state, targets_for
from subtitler.pipeline.report import person_versions, read_report, record_person_version


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
    write_report(t.report, b"B", b"A")  # stopped after the report, before the SRT
    assert srt_state(t) is OutputState.INTERRUPTED and is_ours(t)
    t.srt.write_bytes(b"A, corrected by hand")
    assert srt_state(t) is OutputState.EDITED and not is_ours(t)


def test_guard_refuses_an_edited_file_and_force_keeps_a_backup(tmp_path: Path) -> None:
    t = targets_for(tmp_path / "a.mp4")
    t.srt.write_bytes(b"mine")
    write_report(t.report, b"subtitler's", None)
    with pytest.raises(EditedOutputError, match="--force"):
        guard(t, force=False)
    assert not t.backup.exists()
    guard(t, force=True)
    assert t.backup.read_bytes() == b"mine" and t.srt.read_bytes() == b"mine"


def test_a_persons_recorded_version_is_never_taken_for_subtitlers(tmp_path: Path) -> None:
    t = targets_for(tmp_path / "a.mp4")
    assert record_person_version(t.report, "x", "me") is False  # no report: nothing to add to
    t.srt.write_bytes(b"reviewed")
    # a --force run stopped after its report: the person's file looks "interrupted"
    write_report(t.report, b"new", b"reviewed")
    assert srt_state(t) is OutputState.INTERRUPTED
    assert record_person_version(t.report, sha256_bytes(b"reviewed"), "subtitler review")
    assert person_versions(read_report(t.report)) == {sha256_bytes(b"reviewed")}
    data = json.loads(t.report.read_text("utf-8"))
    assert data["srt_sha256"] == sha256_bytes(b"new")  # what subtitler wrote stays as it was
    assert srt_state(t) is OutputState.EDITED
    with pytest.raises(EditedOutputError):
        guard(t, force=False)
