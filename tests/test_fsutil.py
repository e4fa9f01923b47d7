from __future__ import annotations

import os
from pathlib import Path

import pytest

from subtitler.fsutil import write_bytes_atomic, write_text_atomic


def test_writes_new_file_with_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "sub" / "a.srt", "x\n")
    finally:
        os.umask(old)
    out = tmp_path / "sub" / "a.srt"
    assert out.read_bytes() == b"x\n"
    assert out.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in out.parent.iterdir()] == ["a.srt"]  # no temp file left


def test_replacing_keeps_the_old_permissions(tmp_path: Path) -> None:
    out = tmp_path / "a.srt"
    out.write_text("old")
    out.chmod(0o640)
    write_bytes_atomic(out, b"new")
    assert out.read_bytes() == b"new"
    assert out.stat().st_mode & 0o777 == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    out = tmp_path / "a.srt"
    out.write_text("old")
    with pytest.raises(TypeError):
        write_bytes_atomic(out, "not bytes")  # type: ignore[arg-type]
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.srt"]
