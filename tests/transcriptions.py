"""A pytest plugin that counts the real transcriptions of a test session and
fails a test that transcribes the same audio again with the same engine,
model and decoding options, unless it says it must (marker
``transcribes_again``).

Every engine call appends a line to ``$SUBTITLER_TRANSCRIPTION_LOG``
(``subtitler.engines.ledger``), subprocesses and Dask workers included; the
plugin points that variable at a file of its own for the session, reads the
new lines after each test (setup, call and teardown: a fixture's
transcription is counted for the first test that used it) and prints the
count at the end.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from subtitler.engines.ledger import ENV

MARKER = "transcribes_again"
MARKER_HELP = (
    f"{MARKER}(reason): the test transcribes audio the session already transcribed with the "
    "same engine, model and options, on purpose (e.g. to compare worker counts)"
)


@dataclass(frozen=True)
class Transcription:
    test: str
    """Node id of the test during which it ran."""
    record: dict[str, Any]

    @property
    def key(self) -> str:
        r = self.record
        return json.dumps([r["audio_sha256"], r["engine"], r["model"], r["options"]],
                          sort_keys=True)

    def describe(self) -> str:
        r = self.record
        return (f"{r['engine']} {r['model']!r} on {r['audio_s']:.1f} s of audio "
                f"{r['audio_sha256'][:12]} (options {r['options']})")


@dataclass
class TranscriptionLedger:
    """The plugin object (registered by ``tests/conftest.py``)."""

    path: Path
    done: list[Transcription] = field(default_factory=list)
    first: dict[str, Transcription] = field(default_factory=dict)
    _offset: int = 0
    _previous: str | None = None

    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", MARKER_HELP)
        self._previous = os.environ.get(ENV)
        os.environ[ENV] = str(self.path)  # inherited by every subprocess the tests start

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self.path.unlink(missing_ok=True)
        if self._previous is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = self._previous

    def _new(self) -> list[dict[str, Any]]:
        try:
            with self.path.open("rb") as f:
                f.seek(self._offset)
                data = f.read()
        except FileNotFoundError:
            return []
        end = data.rfind(b"\n") + 1  # a line still being written waits for the next test
        self._offset += end
        return [json.loads(line) for line in data[:end].splitlines() if line.strip()]

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, Any, None]:
        outcome = yield
        if call.when != "teardown":
            return
        report: pytest.TestReport = outcome.get_result()
        repeats: list[tuple[Transcription, Transcription]] = []
        for record in self._new():
            t = Transcription(item.nodeid, record)
            self.done.append(t)
            if t.key in self.first:
                repeats.append((t, self.first[t.key]))
            else:
                self.first[t.key] = t
        if repeats and item.get_closest_marker(MARKER) is None and report.outcome != "failed":
            lines = [f"{t.describe()} was already transcribed during {earlier.test}"
                     for t, earlier in repeats]
            report.outcome = "failed"
            report.longrepr = (
                "transcribed again (reuse the session's transcripts, see tests/conftest.py, "
                f"or mark the test @pytest.mark.{MARKER}(reason=...)):\n  " + "\n  ".join(lines)
            )

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        self._new()
        if not self.done:
            return
        engines = Counter(t.record["engine"] for t in self.done)
        seconds = sum(float(t.record["audio_s"]) for t in self.done)
        by_engine = ", ".join(f"{n} {name}" for name, n in sorted(engines.items()))
        terminalreporter.write_line(
            f"transcriptions: {len(self.done)} ({by_engine}; {seconds:.0f} s of audio), "
            f"{len(self.done) - len(self.first)} of them repeats"
        )
        if terminalreporter.config.getoption("transcriptions", False):
            for t in self.done:
                again = "" if self.first[t.key] is t else " (again)"
                terminalreporter.write_line(f"  {t.test}: {t.describe()}{again}")


def new_ledger() -> TranscriptionLedger:
    """A ledger writing to a fresh file of its own."""
    fd, name = tempfile.mkstemp(prefix="transcriptions-", suffix=".jsonl")
    os.close(fd)
    return TranscriptionLedger(Path(name))


# the hooks a conftest imports to use the plugin


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--transcriptions", action="store_true",
                     help="list every real transcription of the session and the test it ran in")


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(new_ledger(), "transcription-ledger")
