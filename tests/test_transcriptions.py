"""The transcription ledger (``subtitler.engines.ledger``) and the test
plugin that fails a test transcribing the same thing twice
(``tests/transcriptions.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from subtitler.engines import DecodeOptions
from subtitler.engines.ledger import ENV, record

pytest_plugins = ["pytester"]


def test_the_ledger_writes_one_line_per_transcription_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "log.jsonl"
    monkeypatch.delenv(ENV, raising=False)
    record("faster-whisper", "tiny", np.zeros(8000, np.float32), DecodeOptions())
    assert not log.exists()
    monkeypatch.setenv(ENV, str(log))
    record("faster-whisper", "tiny", np.zeros(8000, np.float32), DecodeOptions(), workers=2)
    record("openai-whisper", "tiny", np.ones(16000, np.float32), DecodeOptions(beam_size=1))
    first, second = (json.loads(line) for line in log.read_text("utf-8").splitlines())
    assert first["audio_s"] == 0.5 and first["workers"] == 2
    assert first["options"] == DecodeOptions().key()
    assert (second["engine"], second["options"]["beam_size"]) == ("openai-whisper", 1)
    assert first["audio_sha256"] != second["audio_sha256"]


INNER = """
import numpy as np
import pytest

from subtitler.engines import DecodeOptions
from subtitler.engines.ledger import record

QUIET = np.zeros(16000, np.float32)


@pytest.fixture(scope="module")
def heard():
    record("faster-whisper", "tiny", QUIET, DecodeOptions())


def test_first(heard):
    pass


def test_other_options():
    record("faster-whisper", "tiny", QUIET, DecodeOptions(beam_size=1))


def test_other_engine():
    record("openai-whisper", "tiny", QUIET, DecodeOptions())


def test_again():
    record("faster-whisper", "tiny", QUIET, DecodeOptions(), workers=2)


@pytest.mark.transcribes_again(reason="compares two worker counts")
def test_again_on_purpose():
    record("faster-whisper", "tiny", QUIET, DecodeOptions(), workers=3)
"""


def test_a_repeated_transcription_fails_the_test_unless_marked(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("from tests.transcriptions import pytest_addoption, pytest_configure")
    pytester.makepyfile(test_inner=INNER)
    result = pytester.runpytest("--transcriptions")
    result.assert_outcomes(passed=5, errors=1)
    result.stdout.fnmatch_lines([
        "*ERROR at teardown of test_again*",
        "*transcribed again*",
        "*faster-whisper 'tiny' on 1.0 s of audio * was already transcribed during "
        "test_inner.py::test_first",
        "transcriptions: 5 (4 faster-whisper, 1 openai-whisper; 5 s of audio), 2 of them repeats",
        "  test_inner.py::test_first: faster-whisper 'tiny' on 1.0 s*",
        "  test_inner.py::test_again_on_purpose: *(again)",
    ])
