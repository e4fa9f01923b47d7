"""Audio decoding: the only module that runs ffmpeg.

Any container or codec ffmpeg reads becomes 16 kHz mono float32 samples in
memory (through a pipe; no temporary WAV file).
"""

from __future__ import annotations

import functools
import logging
import re
import shutil
import stat
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

import ffmpeg
import numpy as np
import numpy.typing as npt

from ..errors import MediaError
from ..fsutil import shown, url_hint
from .streams import MediaReport, parse_report

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
"""Samples per second of every decoded audio."""

Samples = npt.NDArray[np.float32]
"""16 kHz mono float32 audio in [-1, 1]."""


@functools.lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """``ffmpeg`` on PATH if present, else the static binary of imageio-ffmpeg."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


_REASONS = (
    ("matches no streams", "has no audio stream"),
    ("does not contain any stream", "has no audio stream"),
    ("Invalid data found when processing input", "is not a media file ffmpeg can read"),
    ("End of file", "is truncated or empty"),
    ("partial file", "is truncated"),
)


def _is_mp4(path: Path) -> bool:
    """An MP4/MOV file starts with an ``ftyp`` box."""
    try:
        with open(path, "rb") as fh:
            return fh.read(8)[4:8] == b"ftyp"
    except OSError:
        return False


def _reason(stderr: str, path: Path) -> str:
    """A short reason from ffmpeg's stderr: a known cause, else its last line."""
    if "moov atom not found" in stderr and _is_mp4(path):
        return "is an incomplete MP4/MOV file (cut short: its index, the moov atom, is missing)"
    for needle, reason in _REASONS:
        if needle in stderr:
            return reason
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    return f"ffmpeg failed: {_first_message(lines[-1])}" if lines else "ffmpeg failed"


def stderr_of(raw: bytes | None) -> str:
    return raw.decode("utf-8", "replace") if raw else ""


def _decode_problems(stderr: str) -> str:
    """ffmpeg's error lines from a run that exited 0 (empty when clean)."""
    return "\n".join(ln for ln in stderr.splitlines() if ln.strip())


def _first_message(stderr: str) -> str:
    """The first line of ffmpeg's stderr without its ``[component @ 0x..]`` tags."""
    first = stderr.strip().splitlines()[0]
    return re.sub(r"^(\[[^\]]*\]\s*)+", "", first).strip()


def ffmpeg_input(path: Path) -> str:
    """``path`` as ffmpeg must get it: always a plain file, never a protocol
    (``concat:``, ``pipe:``, ``-`` for standard input) or an option (``-i``)."""
    return "file:" + str(path.absolute())


def check_media_path(p: Path) -> None:
    """``MediaError`` for what is not a readable media file: a URL, a missing
    file, a folder, a FIFO or device, an empty file."""
    if (hint := url_hint(p)) is not None:
        raise MediaError(hint, path=shown(p))
    try:
        info = p.stat()
    except FileNotFoundError:
        raise MediaError("no such file", path=p) from None
    except OSError as err:
        raise MediaError(f"cannot read it: {err.strerror or err}", path=p) from None
    if stat.S_ISDIR(info.st_mode):
        raise MediaError("is a folder, not a media file", path=p)
    if not stat.S_ISREG(info.st_mode):
        raise MediaError("not a regular file (a pipe or device): not read as media", path=p)
    if info.st_size == 0:
        raise MediaError("is an empty file (0 bytes)", path=p)


def load_audio(path: str | Path, track: int = 1) -> Samples:
    """Decode audio track ``track`` (1-based, among the audio tracks) of
    ``path`` to 16 kHz mono float32.

    Raises ``MediaError`` (with ffmpeg's stderr in ``detail``) for a missing
    or empty file, a file that is not media, or one without an audio stream.
    """
    p = Path(path)
    check_media_path(p)
    stream = ffmpeg.input(ffmpeg_input(p)).output(
        "pipe:", format="f32le", acodec="pcm_f32le", ac=1, ar=SAMPLE_RATE, map=f"0:a:{track - 1}"
    )
    args = ["-nostdin", "-hide_banner", "-loglevel", "error"]
    try:
        proc = stream.global_args(*args).run_async(
            cmd=ffmpeg_exe(), pipe_stdout=True, pipe_stderr=True
        )
    except OSError as err:
        raise MediaError(f"cannot run ffmpeg: {err}", path=p) from None
    samples, stderr = _read_samples(proc)
    if proc.returncode != 0:
        raise MediaError(_reason(stderr, p), path=p, detail=stderr)
    if problems := _decode_problems(stderr):
        # ffmpeg can exit 0 on a damaged or truncated file and decode only part of it
        raise MediaError(
            f"is damaged or truncated (ffmpeg: {_first_message(problems)}); decoded only "
            f"{samples.size / SAMPLE_RATE:.1f} s",
            path=p,
            detail=problems,
        )
    log.info("decoded %s: %.1f s", p, samples.size / SAMPLE_RATE)
    return samples


_READ = 1 << 20


def _read_samples(proc: subprocess.Popen[bytes]) -> tuple[Samples, str]:
    """ffmpeg's samples and stderr, ``proc`` waited for. The samples are
    read into one growing buffer that becomes the array: one copy of the
    audio in memory (a one-hour file: 230 MB), not the two or three that
    collecting the output and then copying it would hold at once."""
    assert proc.stdout is not None and proc.stderr is not None
    err = proc.stderr
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(err.read()), daemon=True)
    reader.start()
    buf = bytearray()
    try:
        while block := proc.stdout.read(_READ):
            buf += block  # grows in place (realloc), amortised
    finally:
        proc.stdout.close()
        proc.wait()
        reader.join()
        err.close()
    del buf[len(buf) - len(buf) % 4 :]
    samples: Samples = np.frombuffer(buf, dtype=np.float32)
    return samples, stderr_of(b"".join(errors))


def duration_ms(samples: Samples) -> int:
    return int(samples.size * 1000 // SAMPLE_RATE)


@dataclass(frozen=True)
class AudioTrack:
    """One audio stream as ``ffmpeg -i`` lists it."""

    number: int
    """1-based among the file's audio tracks (``--audio-track``)."""
    language: str | None
    """The container's tag (ISO 639-2, e.g. ``eng``); None when untagged."""
    default: bool
    """Marked as the default track."""


@dataclass(frozen=True)
class Probe:
    """What ffmpeg says of a file from its header (no decoding)."""

    duration_s: float | None
    audio: bool
    video: bool
    """It has a moving picture (``MediaReport.picture``: a cover picture or a
    still image is not one)."""
    tracks: tuple[AudioTrack, ...] = ()
    fps: float | None = None
    """Frames per second of the video stream, where ffmpeg says."""

    @property
    def is_media(self) -> bool:
        return self.audio or self.video


def media_report(path: Path, timeout_s: float = 60.0) -> MediaReport:
    """ffmpeg's report on ``path``'s header, read (``streams``); ``MediaError``
    when ffmpeg cannot run. A file that is not media has no streams."""
    args = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", ffmpeg_input(path)]
    try:
        done = subprocess.run(args, capture_output=True, timeout=timeout_s, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise MediaError(f"cannot run ffmpeg: {err}", path=path) from None
    return parse_report(done.stderr.decode("utf-8", "replace"))


def probe(path: Path, timeout_s: float = 60.0) -> Probe:
    """Read ``path``'s header with ffmpeg: duration and audio/video streams.
    A file ffmpeg cannot read gives ``Probe(None, False, False)``."""
    try:
        report = media_report(path, timeout_s)
    except MediaError as err:
        log.warning("cannot probe %s: %s", path, err)
        return Probe(None, False, False)
    picture = report.picture
    return Probe(report.duration_s, bool(report.audio), picture is not None,
                 audio_tracks_in(report), picture.fps if picture is not None else None)


def audio_tracks_in(report: MediaReport) -> tuple[AudioTrack, ...]:
    """The audio tracks of a file, numbered as ``--audio-track`` counts them."""
    return tuple(AudioTrack(n, s.language, s.default) for n, s in enumerate(report.audio, 1))


def audio_tracks(path: Path) -> tuple[AudioTrack, ...]:
    """The audio tracks of ``path`` (none when ffmpeg cannot read it)."""
    return probe(path).tracks
