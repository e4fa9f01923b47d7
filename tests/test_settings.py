"""``effective_settings``: the one place a file's language and script are
decided, and the fingerprint batch uses to decide what to redo."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from subtitler.engines import DecodeOptions
from subtitler.pipeline import RunOptions, effective_settings
from subtitler.pipeline import settings as settings_module


def test_a_files_own_language_and_script_win(tmp_path: Path) -> None:
    script = tmp_path / "talk.txt"
    options = RunOptions(decode=DecodeOptions(language="en"), script=tmp_path / "other.txt")
    s = effective_settings(options, "pt", script)
    assert (s.decode.language, s.script) == ("pt", script)
    s = effective_settings(options)
    assert (s.decode.language, s.script) == ("en", tmp_path / "other.txt")


def test_the_fingerprint_follows_what_shapes_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "talk.txt"
    script.write_text("One.\n", encoding="utf-8")
    base = effective_settings(RunOptions(), script=script).sha256()
    assert effective_settings(RunOptions(threads=3), script=script).sha256() == base
    assert effective_settings(RunOptions(use_cache=False), script=script).sha256() == base
    assert effective_settings(RunOptions(), "fr", script).sha256() != base
    assert effective_settings(RunOptions(script_strict=True), script=script).sha256() != base
    script.write_text("Two.\n", encoding="utf-8")
    changed = effective_settings(RunOptions(), script=script).sha256()
    assert changed != base
    monkeypatch.setattr(settings_module, "__version__", "99.0")
    assert effective_settings(RunOptions(), script=script).sha256() != changed


def test_the_report_records_what_was_asked_and_what_was_sent() -> None:
    s = effective_settings(RunOptions())
    sent = replace(s.decode, hotwords="Red Umbrella Fund")
    assert s.to_json()["decode"]["hotwords"] is None
    assert s.to_json(sent)["decode"]["hotwords"] == "Red Umbrella Fund"
