"""Build test media with the real ffmpeg, in a folder the test gives.

Every builder takes the destination path and returns it, so a test can write
``bad = mediafactory.empty_file(tmp_path / "empty.mp4")``. Files named ``*.wav``
get audio only (16-bit PCM); any other name gets a small dark video track plus
AAC audio. ffmpeg is the one on PATH, else imageio-ffmpeg's binary (which has
no ffprobe, so stream facts are read from ``ffmpeg -i``'s own report).
"""

from __future__ import annotations

import functools
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from subtitler.media import audio

RATE = 16000
"""Sample rate of every audio track the factory writes, and of decode_pcm."""
_SIZE = "320x180"
_FPS = 5
_VIDEO_OUT = ("-c:v", "libx264", "-preset", "ultrafast", "-crf", "40", "-pix_fmt", "yuv420p")
_AAC_OUT = ("-c:a", "aac", "-b:a", "64k", "-ac", "1", "-ar", str(RATE))
_PCM_OUT = ("-c:a", "pcm_s16le", "-ac", "1", "-ar", str(RATE))
_MONO = f"aresample={RATE},aformat=sample_fmts=fltp:channel_layouts=mono"
_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
_STREAM = re.compile(r"^\s*Stream #\S+.*?: (Audio|Video):", re.MULTILINE)


class FfmpegFailed(RuntimeError):
    """ffmpeg exited non-zero; ``stderr`` holds its own message."""

    def __init__(self, args: Sequence[str], returncode: int, stderr: str) -> None:
        tail = " | ".join(line.strip() for line in stderr.strip().splitlines()[-3:])
        super().__init__(f"ffmpeg exited {returncode}: {tail or '(no message)'}")
        self.args_used = list(args)
        self.returncode = returncode
        self.stderr = stderr


@functools.lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """The ffmpeg the project uses (on PATH, else imageio-ffmpeg's binary)."""
    return audio.ffmpeg_exe()


def run_ffmpeg(*args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    """Run ffmpeg with an argument list (never a shell); raise FfmpegFailed if ``check``."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", *args]
    result = subprocess.run(cmd, capture_output=True, check=False)
    if check and result.returncode != 0:
        raise FfmpegFailed(cmd, result.returncode, result.stderr.decode(errors="replace"))
    return result


def describe(path: Path) -> str:
    """ffmpeg's report on ``path`` (``ffmpeg -i``; it always exits 1 without an output)."""
    return run_ffmpeg("-i", str(path), check=False).stderr.decode(errors="replace")


def duration_s(path: Path) -> float:
    """Container duration in seconds, as ffmpeg reports it."""
    match = _DURATION.search(describe(path))
    if match is None:
        raise ValueError(f"{path}: ffmpeg reports no duration")
    hours, minutes, seconds = match.groups()
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def stream_kinds(path: Path) -> list[str]:
    """Kinds of the streams in ``path``, e.g. ``["Video", "Audio"]``."""
    return _STREAM.findall(describe(path))


def decode_pcm(path: Path, rate: int = RATE) -> np.ndarray:
    """Decode the first audio stream to mono float32 in [-1, 1] at ``rate`` Hz."""
    args = ("-i", str(path), "-vn", "-map", "0:a:0", "-ac", "1", "-ar", str(rate))
    result = run_ffmpeg(*args, "-f", "s16le", "-acodec", "pcm_s16le", "-")
    return np.frombuffer(result.stdout, dtype="<i2").astype(np.float32) / 32768.0


def rms(samples: np.ndarray) -> float:
    """Root mean square of ``samples`` (0.0 for no samples)."""
    if samples.size == 0:
        return 0.0
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))


def _encode(dst: Path, inputs: Sequence[str], audio_graph: str, seconds: float) -> Path:
    """Encode the filter graph's ``[a]`` output to ``dst`` (plus a video track unless .wav)."""
    if dst.suffix.lower() == ".wav":
        video_in: tuple[str, ...] = ()
        out: tuple[str, ...] = _PCM_OUT
    else:
        colour = f"color=c=0x202830:s={_SIZE}:r={_FPS}:d={seconds:.3f}"
        video_in = ("-f", "lavfi", "-i", colour)
        out = ("-map", f"{inputs.count('-i')}:v", *_VIDEO_OUT, *_AAC_OUT)
    run_ffmpeg(
        *inputs, *video_in, "-filter_complex", audio_graph,
        "-map", "[a]", *out, "-t", f"{seconds:.3f}", str(dst),
    )  # fmt: skip
    return dst


def padded_video(src: Path, dst: Path, lead_s: float = 30.0, tail_s: float = 30.0) -> Path:
    """The speech of ``src`` with ``lead_s`` / ``tail_s`` of digital silence around it."""
    total = lead_s + duration_s(src) + tail_s
    graph = f"[0:a]{_MONO},adelay={round(lead_s * 1000)}:all=1,apad=whole_dur={total:.3f}[a]"
    return _encode(dst, ("-i", str(src)), graph, total)


def concat_with_gap(first: Path, second: Path, dst: Path, gap_s: float = 5.0) -> Path:
    """The audio of ``first``, ``gap_s`` of digital silence, then the audio of ``second``."""
    head = duration_s(first)
    total = head + gap_s + duration_s(second)
    graph = (
        f"[0:a]{_MONO},apad=whole_dur={head + gap_s:.3f}[a0];"
        f"[1:a]{_MONO}[a1];[a0][a1]concat=n=2:v=0:a=1[a]"
    )
    return _encode(dst, ("-i", str(first), "-i", str(second)), graph, total)


def tone(dst: Path, seconds: float = 2.0, frequency: float = 440.0) -> Path:
    """A sine tone (amplitude 1/8, RMS about 0.088): sound that is not speech."""
    source = f"sine=frequency={frequency}:sample_rate={RATE}:duration={seconds:.3f}"
    return _encode(dst, ("-f", "lavfi", "-i", source), f"[0:a]{_MONO}[a]", seconds)


def silence(dst: Path, seconds: float = 2.0) -> Path:
    """Digital silence (every sample zero), with a video track unless ``dst`` is .wav."""
    source = f"anullsrc=r={RATE}:cl=mono"
    return _encode(dst, ("-f", "lavfi", "-i", source), f"[0:a]{_MONO}[a]", seconds)


def video_without_audio(dst: Path, seconds: float = 3.0) -> Path:
    """A valid video file with no audio stream at all."""
    colour = f"color=c=0x202830:s={_SIZE}:r={_FPS}:d={seconds:.3f}"
    run_ffmpeg("-f", "lavfi", "-i", colour, *_VIDEO_OUT, "-an", str(dst))
    return dst


def truncated_copy(src: Path, dst: Path, keep_fraction: float = 0.3) -> Path:
    """The first ``keep_fraction`` of the bytes of ``src``: a file cut off mid-stream."""
    data = src.read_bytes()
    dst.write_bytes(data[: int(len(data) * keep_fraction)])
    return dst


def empty_file(dst: Path) -> Path:
    """A zero-byte file."""
    dst.write_bytes(b"")
    return dst


def not_media(dst: Path, text: str = "These are meeting notes, not a video.\n") -> Path:
    """A text file, whatever its name says (e.g. ``notes.mp4``)."""
    dst.write_text(text, encoding="utf-8")
    return dst


def two_audio_tracks(first: Path, second: Path, dst: Path, languages: tuple[str, str] = ("",
                     "")) -> Path:
    """A file with two audio tracks: the audio of ``first``, then of ``second``
    (mono AAC, or PCM in ``.mkv``/``.wav``-like containers); each tagged with
    its language when given (ISO 639-2, e.g. ``eng``)."""
    tags: list[str] = []
    for i, lang in enumerate(languages):
        if lang:
            tags += [f"-metadata:s:a:{i}", f"language={lang}"]
    run_ffmpeg(
        "-i", str(first), "-i", str(second), "-map", "0:a:0", "-map", "1:a:0",
        *_AAC_OUT, *tags, str(dst),
    )  # fmt: skip
    return dst


def coded_video(dst: Path, codec: str = "libx264", size: str = _SIZE, seconds: float = 1.0,
                audio: str | None = "aac") -> Path:
    """A video of the ffmpeg encoder ``codec`` (``mjpeg`` as cameras write,
    ``png`` as screen recorders do, ``libx264``) at ``size`` (any, odd or
    tiny), with a tone encoded by ``audio`` (``aac``, ``pcm_s16le``,
    ``flac``...; None: no audio)."""
    width, height = (int(n) for n in size.split("x"))
    picture = ["-c:v", codec]
    if codec == "libx264":  # 4:2:0 holds even sizes only
        picture += ["-preset", "ultrafast", "-pix_fmt",
                    "yuv420p" if width % 2 == height % 2 == 0 else "yuv444p"]
    sound = ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate={RATE}:duration={seconds}"]
    run_ffmpeg(
        "-f", "lavfi", "-i", f"color=c=0x202830:s={size}:r={_FPS}:d={seconds:.3f}",
        *(sound if audio else []), *picture,
        *(["-c:a", audio, "-ac", "1"] if audio else ["-an"]), "-t", f"{seconds:.3f}", str(dst),
    )  # fmt: skip
    return dst


def audio_with_cover(dst: Path, seconds: float = 1.0) -> Path:
    """Audio (MP3 or M4A, by ``dst``'s extension) with a cover picture: a
    video stream marked ``attached_pic``, as music and podcast files carry."""
    cover = dst.with_name(dst.stem + ".cover.png")
    run_ffmpeg("-f", "lavfi", "-i", "color=c=red:s=64x64", "-frames:v", "1", str(cover))
    codec = ["-c:a", "libmp3lame", "-c:v", "mjpeg"] if dst.suffix == ".mp3" else [
        "-c:a", "aac", "-c:v", "png"]
    run_ffmpeg(
        "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate={RATE}:duration={seconds}",
        "-i", str(cover), "-map", "0:a", "-map", "1:v", *codec,
        "-disposition:v", "attached_pic", str(dst),
    )  # fmt: skip
    cover.unlink()
    return dst
