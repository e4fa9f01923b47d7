"""Shared fixtures: the sample statement, the real recording, the ffmpeg binary.

Build other test media with ``tests.mediafactory`` in ``tmp_path``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import mediafactory

pytest_plugins = ["tests.browserkit"]  # the browser and in-process review servers

ROOT = Path(__file__).resolve().parent.parent
MEDIA = ROOT / "media"
DATA = Path(__file__).resolve().parent / "data"


def _existing(path: Path, how: str) -> Path:
    if not path.is_file():
        pytest.fail(f"missing {path}: {how}")
    return path


def _cache_in(folder: Path) -> Iterator[Path]:
    mp = pytest.MonkeyPatch()
    mp.setenv("SUBTITLER_CACHE_DIR", str(folder))
    yield folder
    mp.undo()


@pytest.fixture(scope="session", autouse=True)
def _transcript_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Tests never read or fill the user's transcript cache; within a session
    they share one (tests that need an empty cache set their own)."""
    yield from _cache_in(tmp_path_factory.mktemp("transcript-cache"))


@pytest.fixture(scope="module")
def cache_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An empty transcript cache for one test module (for tests that must
    really transcribe, or count what the cache holds)."""
    yield from _cache_in(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def ffmpeg_exe() -> str:
    """ffmpeg on PATH, else imageio-ffmpeg's binary (no ffprobe there)."""
    return mediafactory.ffmpeg_exe()


@pytest.fixture(scope="session")
def sample_video() -> Path:
    """media/statement.mp4: about 89 s of synthetic speech (read-only: don't write beside it)."""
    return _existing(MEDIA / "statement.mp4", "run `python media/make_sample.py`")


@pytest.fixture(scope="session")
def sample_text() -> str:
    """The text spoken in sample_video (media/statement.txt), paragraphs blank-line separated."""
    return _existing(MEDIA / "statement.txt", "it ships with the repo").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def jfk_wav() -> Path:
    """tests/data/jfk.wav: 11 s real recording, 16 kHz mono PCM (see tests/data/SOURCES.md)."""
    return _existing(DATA / "jfk.wav", "see tests/data/SOURCES.md")


@pytest.fixture(scope="session")
def jfk_text() -> str:
    """What is said in jfk_wav, one line, no trailing newline."""
    return _existing(DATA / "jfk.txt", "see tests/data/SOURCES.md").read_text("utf-8").strip()
