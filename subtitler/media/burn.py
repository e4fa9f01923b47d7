"""Burning subtitles into a video with ffmpeg's ``subtitles`` filter (libass).

The subtitles go to libass as an ASS file, with the fonts folder as
``fontsdir``, so the text renders the same on a machine with no system fonts.
Both sit in a private folder ffmpeg runs in and are named there without any
character the filter graph would need escaped. The video is encoded as H.264
(yuv420p, ``+faststart``: it plays in browsers and on every platform): a
picture of odd width or height gets one black pixel column or row (yuv420p
holds even sizes only). The audio streams are copied untouched, except, in
an MP4, a codec browsers do not play there (a camera's PCM), and a codec the
container cannot hold: those are encoded as AAC. Each such change is a note
in the ``BurnLog``. The file is written under a temporary name beside the
output and renamed when complete.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import MediaError
from ..fsutil import atomic_path
from .audio import ffmpeg_exe
from .video import FONTS_DIR, VideoInfo, file_arg

log = logging.getLogger(__name__)

Progress = Callable[[float], None]
"""``progress(seconds_of_video_done)``."""

_MISSING = re.compile(r"failed to find any fallback with glyph 0x([0-9A-Fa-f]+)")
_CONTAINERS = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov"}


@dataclass(frozen=True)
class Encoding:
    """How the picture is encoded: x264's quality (``crf``: 0 is lossless,
    18-23 is visually good) and speed ``preset``."""

    crf: int = 20
    preset: str = "veryfast"
    """x264's ``veryfast``: a re-encode of 1080p took 30 s where ``medium``
    took 72 s (``bench/burn.py``), for a larger file at the same ``crf``."""


@dataclass(frozen=True)
class BurnLog:
    missing_glyphs: tuple[str, ...]
    """Characters no font had a glyph for (shown as boxes or not at all)."""
    warnings: tuple[str, ...]
    notes: tuple[str, ...] = ()
    """What was changed so that the output could be written (padding, audio)."""


AAC_BITRATE = "192k"
"""Audio encoded as AAC where it cannot be copied: transparent for speech."""
_PLAYED_IN_MP4 = ("aac", "mp3", "ac3", "eac3", "opus")
"""Audio codecs copied into an MP4 as they are: what browsers and phones play there."""


def even_size(width: int, height: int) -> tuple[int, int]:
    """The picture size H.264 in yuv420p can hold: each side made even."""
    return width + width % 2, height + height % 2


def container_of(out: Path) -> str:
    fmt = _CONTAINERS.get(out.suffix.lower())
    if fmt is None:
        raise MediaError("the output must be an .mp4, .m4v or .mov file", path=out)
    return fmt


def burn_in(
    video: Path, ass_text: str, out: Path, *, info: VideoInfo | None = None,
    fonts_dir: Path = FONTS_DIR, encoding: Encoding = Encoding(),
    progress: Progress | None = None,
    before_commit: Callable[[Path, BurnLog], None] | None = None,
) -> BurnLog:
    """Write ``video`` (``info``: what ``video_info`` read of it, when known)
    with ``ass_text`` burned in to ``out`` (atomically). ``before_commit(tmp,
    log)`` runs when the new file is complete under its temporary name,
    before it replaces ``out`` (to record its hash first)."""
    fmt = container_of(out)
    notes: list[str] = []
    size = (info.width, info.height) if info is not None else None
    pad = even_size(*size) if size is not None and even_size(*size) != size else None
    if pad is not None and size is not None:
        notes.append(f"the picture is {size[0]}x{size[1]}; padded to {pad[0]}x{pad[1]} with "
                     "black (H.264 in yuv420p needs an even width and height)")
    odd = sorted({c for c in (info.audio_codecs if info else ()) if c not in _PLAYED_IN_MP4})
    copy = fmt == "mov" or not odd
    if not copy:
        notes.append(f"audio encoded as AAC {AAC_BITRATE}: browsers and phones do not play "
                     f"{', '.join(odd)} in an MP4 (a .mov output keeps it as it is)")
    with tempfile.TemporaryDirectory(prefix="subtitler-burn-") as work:
        folder = Path(work)
        (folder / "subs.ass").write_text(ass_text, encoding="utf-8")
        (folder / "fonts").mkdir()
        for font in fonts_dir.glob("*.[ot]tf"):
            shutil.copyfile(font, folder / "fonts" / font.name)
        with atomic_path(out) as tmp:
            try:
                stderr = _run(_args(video, tmp, fmt, encoding, pad, copy), folder, progress)
            except _AudioNotCopied:  # failed at the header: nothing was encoded yet
                codecs = ", ".join(info.audio_codecs) if info else "its audio"
                notes.append(f"audio encoded as AAC {AAC_BITRATE}: a {out.suffix} file cannot "
                             f"hold {codecs} as it is")
                stderr = _run(_args(video, tmp, fmt, encoding, pad, copy_audio=False), folder,
                              progress)
            result = _log(stderr, tuple(notes))
            if before_commit is not None:
                before_commit(tmp, result)
    return result


def _args(video: Path, tmp: Path, fmt: str, encoding: Encoding,
          pad: tuple[int, int] | None, copy_audio: bool = True) -> list[str]:
    graph = "subtitles=filename=subs.ass:fontsdir=fonts"
    if pad is not None:
        graph += f",pad={pad[0]}:{pad[1]}:0:0:black"
    audio = ["-c:a", "copy"] if copy_audio else ["-c:a", "aac", "-b:a", AAC_BITRATE]
    return [
        ffmpeg_exe(), "-nostdin", "-hide_banner", "-nostats", "-loglevel", "warning", "-y",
        "-i", file_arg(video),
        "-map", "0:v:0", "-map", "0:a?", "-map_metadata", "0", "-vf", graph,
        "-c:v", "libx264", "-preset", encoding.preset, "-crf", str(encoding.crf),
        "-pix_fmt", "yuv420p", *audio, "-movflags", "+faststart",
        "-progress", "pipe:1", "-stats_period", "0.1", "-f", fmt, file_arg(tmp),
    ]


class _AudioNotCopied(Exception):
    """The container refused the audio copied into it (at its header)."""


_REFUSED = ("Could not find tag for codec", "not currently supported in container",
            "only supported in", "Could not write header")


def _run(args: list[str], cwd: Path, progress: Progress | None) -> str:
    log.info("burning: %s", " ".join(args))
    with tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=err,
                                    stdin=subprocess.DEVNULL)
        except OSError as exc:
            raise MediaError(f"cannot run ffmpeg: {exc}") from None
        try:
            _follow(proc, progress)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        if args[args.index("-c:a") + 1] == "copy" and any(r in stderr for r in _REFUSED):
            raise _AudioNotCopied
        raise MediaError(_reason(stderr), detail=stderr)
    return stderr


def _follow(proc: subprocess.Popen[bytes], progress: Progress | None) -> None:
    """Read ffmpeg's ``-progress`` lines until it ends."""
    assert proc.stdout is not None
    for raw in proc.stdout:
        key, _, value = raw.decode("ascii", "replace").strip().partition("=")
        if key == "out_time_us" and progress is not None and value.lstrip("-").isdigit():
            progress(max(0, int(value)) / 1e6)
    proc.wait()


def _reason(stderr: str) -> str:
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    last = re.sub(r"^(\[[^\]]*\]\s*)+", "", lines[-1]) if lines else "no message"
    return f"ffmpeg failed to burn the subtitles in: {last}"


def _log(stderr: str, notes: tuple[str, ...] = ()) -> BurnLog:
    codes = dict.fromkeys(int(c, 16) for c in _MISSING.findall(stderr))
    chars = tuple(chr(c) for c in codes if c > 0x20)
    noise = ("Failed to load fontconfig fonts", "fontselect:", "Glyph 0x")
    warnings = tuple(ln for ln in stderr.splitlines()
                     if ln.strip() and not any(n in ln for n in noise))
    return BurnLog(chars, warnings, notes)

