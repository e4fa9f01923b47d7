"""Shared fixtures: the sample statement, the real recording, the ffmpeg
binary, and the session's transcripts.

Transcribing is the suite's one big cost, so each (audio, engine, model,
decoding options) is transcribed once per session (CONTRIBUTING.md):

- every test, and every ``subtitler`` subprocess it starts, shares one
  transcript cache (``$SUBTITLER_CACHE_DIR``), so ``run``/``batch``/``review``
  on media the session already transcribed reuse the words;
- ``transcripts`` gives a transcript (or a loaded engine) for tests that call
  an engine themselves, through the same cache;
- ``sample_run`` / ``sample_transcript`` are the sample's one transcription
  with the default options; ``jfk_in_silence`` is the short clip to use where a
  test needs speech with long silence around it.

``tests/transcriptions.py`` counts the real transcriptions and fails a test
that repeats one, unless it is marked ``@pytest.mark.transcribes_again``.
Build other test media with ``tests.mediafactory`` in ``tmp_path``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings

from subtitler.engines import DecodeOptions, cache, get_engine
from subtitler.engines.route import Router
from subtitler.fsutil import sha256_file
from subtitler.media.audio import Samples, load_audio
from subtitler.models import Transcript
from subtitler.pipeline import Pipeline, RunOptions, RunResult
from tests import mediafactory
from tests.transcriptions import pytest_addoption, pytest_configure

__all__ = ["pytest_addoption", "pytest_configure"]  # the transcription counter's hooks

settings.register_profile("ci", deadline=None)
settings.register_profile("thorough", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
"""Property tests: 100 examples each (a test that sets fewer keeps its
number: its examples are slow), no deadline (the machine may be shared);
``HYPOTHESIS_PROFILE=thorough`` for 1,000."""

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
    they share one."""
    yield from _cache_in(tmp_path_factory.mktemp("transcript-cache"))


@pytest.fixture(scope="session")
def cache_env(_transcript_cache: Path) -> Path:
    """The session's transcript cache folder (``$SUBTITLER_CACHE_DIR``),
    shared by every test and subprocess. For an empty one, use ``empty_cache``."""
    return _transcript_cache


@pytest.fixture
def empty_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An empty transcript cache for this test only: for a test that counts
    what the cache holds or must really transcribe. Transcribing media the
    session already transcribed is a repeat: mark the test
    ``@pytest.mark.transcribes_again(reason=...)``."""
    yield from _cache_in(tmp_path_factory.mktemp("empty-cache"))


# --- the media --------------------------------------------------------------


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


JFK_LEAD_S = 30.0
JFK_TAIL_S = 30.0


@pytest.fixture(scope="session")
def jfk_in_silence(jfk_wav: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``jfk_in_silence.wav``: ``JFK_LEAD_S`` s of digital silence, the 11 s of
    jfk_wav, ``JFK_TAIL_S`` s of silence (real ffmpeg, made once a session).
    The clip for "nothing in long silence": one short transcription, where the
    91 s sample padded would take four. Read-only: copy it to change it."""
    folder = tmp_path_factory.mktemp("jfk-in-silence")
    return mediafactory.padded_video(jfk_wav, folder / "jfk_in_silence.wav",
                                     lead_s=JFK_LEAD_S, tail_s=JFK_TAIL_S)


SAMPLE_CLIP_S = 6


@pytest.fixture(scope="session")
def sample_clips(sample_video: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Eight different short statements, ``clip0.mp4`` ... ``clip7.mp4``: cuts
    of the sample, ``SAMPLE_CLIP_S`` s long, starting every 10 s (stream copy,
    made once a session). Read-only: copy one (its bytes: the transcript is
    keyed by them) to use it under another name or folder."""
    folder = tmp_path_factory.mktemp("sample-clips")
    clips = []
    for i in range(8):
        clip = folder / f"clip{i}.mp4"
        mediafactory.run_ffmpeg("-ss", str(i * 10), "-i", str(sample_video),
                                "-t", str(SAMPLE_CLIP_S), "-c", "copy", str(clip))
        clips.append(clip)
    return clips


# --- the session's transcripts -----------------------------------------------


@dataclass
class Transcripts:
    """The session's transcripts and loaded engines.

    ``of(media, ...)`` goes through the session's transcript cache with the
    key ``subtitler run`` uses (the file's SHA-256, engine, model, decoding
    options): a transcript made here is reused by a later ``run`` of the same
    file with the same options, and the other way round. ``of_samples`` is for
    audio made in memory. ``engine`` loads each engine once per session."""

    _engines: dict[tuple[str, str | None, int | None, int | None], Router] = field(
        default_factory=dict)
    _in_memory: dict[tuple[str, str, str | None, str], Transcript] = field(default_factory=dict)

    def engine(self, name: str = "faster-whisper", model: str | None = None, *,
               workers: int | None = None, threads: int | None = None) -> Router:
        """Engine ``name`` with ``model`` (None: its default), loaded once a
        session; the cores shared out as ``run`` shares them unless told
        (so that ``run`` in this process uses the same loaded models)."""
        key = (name, model, workers, threads)
        if key not in self._engines:
            self._engines[key] = get_engine(name, model, threads=threads, workers=workers)
        return self._engines[key]

    def of(self, media: Path, engine: str = "faster-whisper",
           options: DecodeOptions | None = None, model: str | None = None) -> Transcript:
        """The transcript of ``media``'s (first) audio track, from the
        session's cache or transcribed now and kept there."""
        options = options or DecodeOptions()
        key = cache.cache_key(sha256_file(media), engine, model or "default", options)
        hit = cache.load(key)
        if hit is not None:
            return hit
        transcript = self.engine(engine, model).transcribe(load_audio(media), options)
        cache.store(key, transcript)
        return transcript

    def of_samples(self, samples: Samples, engine: str = "faster-whisper",
                   options: DecodeOptions | None = None, model: str | None = None) -> Transcript:
        """The transcript of audio made in memory, once per session."""
        options = options or DecodeOptions()
        key = (hashlib.sha256(np.ascontiguousarray(samples).tobytes()).hexdigest(), engine,
               model, repr(options))
        if key not in self._in_memory:
            self._in_memory[key] = self.engine(engine, model).transcribe(samples, options)
        return self._in_memory[key]


@pytest.fixture(scope="session")
def transcripts(_transcript_cache: Path) -> Transcripts:
    """The session's transcripts and loaded engines (see ``Transcripts``)."""
    return Transcripts()


@pytest.fixture(scope="session")
def sample_run(
    sample_video: Path, _transcript_cache: Path, tmp_path_factory: pytest.TempPathFactory
) -> RunResult:
    """``subtitler run`` of the sample with the default options, once a
    session: the sample's one transcription with those options (so its report
    says ``cache_hit: false``), then kept in the session's cache. Request it
    before running the sample through ``run``/``batch``/``review`` (or use
    ``sample_transcript``) so that they reuse it. Its files are read-only: copy
    them to change them."""
    private = tmp_path_factory.mktemp("sample-run-cache")
    out = tmp_path_factory.mktemp("sample-run")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SUBTITLER_CACHE_DIR", str(private))
        result = Pipeline(RunOptions(output_dir=out)).process(sample_video)
    shared = _transcript_cache / "transcripts"
    shared.mkdir(parents=True, exist_ok=True)
    for entry in (private / "transcripts").iterdir():
        shutil.copy2(entry, shared / entry.name)
    return result


@pytest.fixture(scope="session")
def sample_transcript(
    sample_run: RunResult, sample_video: Path, transcripts: Transcripts
) -> Transcript:
    """The sample's transcript with the default options (from ``sample_run``)."""
    return transcripts.of(sample_video)


# --- speech in other languages ------------------------------------------------


class StatementClips:
    """The statements of ``tests/statements.py`` spoken by espeak-ng, each
    made on first use and kept for the session (read-only: copy one to
    change it). ``clips["es:1"]``: the Spanish statement in its second voice;
    ``"mixed"``: the English introduction, 1.2 s of quiet, the Spanish
    statement (voice 1); ``"es-short"``: its first two sentences (voice 0);
    ``"en-then-es"``: the English introduction, 1.2 s, the first Spanish
    sentence (voice 1)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._made: dict[str, Path] = {}

    def __getitem__(self, key: str) -> Path:
        if key not in self._made:
            self._made[key] = self._make(key)
        return self._made[key]

    def _make(self, key: str) -> Path:
        from tests.statements import STATEMENTS, join, speak

        spanish = STATEMENTS["es"]
        sentences = spanish.text.split(". ")
        if key == "mixed":
            return join([self["en:0"], 1.2, self["es:1"]], self.folder / "mixed.wav")
        if key == "es-short":
            return speak(". ".join(sentences[:2]) + ".", spanish.voices[0],
                         self.folder / "es-short.wav")
        if key == "en-then-es":
            first = speak(sentences[0] + ".", spanish.voices[1], self.folder / "es1-first.wav")
            return join([self["en:0"], 1.2, first], self.folder / "en-then-es.wav")
        lang, _, voice = key.partition(":")
        i = int(voice)
        return speak(STATEMENTS[lang].text, STATEMENTS[lang].voices[i],
                     self.folder / f"{lang}{i}.wav")


@pytest.fixture(scope="session")
def statement_clips(tmp_path_factory: pytest.TempPathFactory) -> StatementClips:
    """Statements in Spanish, French, Portuguese and English (espeak-ng),
    each voice made once a session (see ``StatementClips``)."""
    return StatementClips(tmp_path_factory.mktemp("statements"))
