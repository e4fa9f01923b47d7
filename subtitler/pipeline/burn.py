"""Open captions: a subtitle file burned into a copy of the video.

    result = burn(Path("talk.mp4"))                       # talk.srt -> talk.captioned.mp4
    burn(Path("talk.mp4"), Path("talk.es.srt"), Path("talk.es.reel.mp4"),
         BurnOptions(style="vertical"))

The source video is never written. Beside the output, ``<name>.burn.json``
records what was burned and the output's SHA-256 (written before the video is
renamed into place), and the ledger (``files``) knows the file as
subtitler's: a video a person changed since is not replaced without
``force`` (which keeps it first: ``subtitler restore``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import FormatLimitError, SubtitleFileError, UsageError
from ..files import Writes
from ..formats.ass import compose_ass
from ..formats.ass_style import PRESETS, Look
from ..formats.document import SubtitleDocument
from ..formats.registry import FORMATS, SEARCHED, read_subtitles
from ..fsutil import derived, file_mode, sha256_file, sync_file
from ..media.burn import BurnLog, Encoding, burn_in, container_of
from ..media.video import FONTS_DIR, VideoInfo, video_info
from ..version import __version__
from .report import read_report

SUBTITLE_SUFFIXES = tuple(FORMATS[name].extension for name in SEARCHED)
"""Looked for beside the video, in this order (SRT first), when no subtitle
file is named: the formats ``Format.searched``."""


@dataclass(frozen=True)
class BurnOptions:
    style: str | None = None
    """A preset (``formats.ass_style.PRESETS``); None: ``default``, or an
    ASS/SSA file's own styles."""
    force: bool = False
    encoding: Encoding = Encoding()
    fonts_dir: Path = FONTS_DIR


@dataclass(frozen=True)
class BurnResult:
    video: Path
    subtitles: Path
    output: Path
    record: Path
    style: str
    cues: int
    info: VideoInfo
    log: BurnLog


def default_output(video: Path) -> Path:
    return derived(video, video.stem, ".captioned.mp4")


def record_path(out: Path) -> Path:
    return derived(out, out.stem, ".burn.json")


def find_subtitles(video: Path) -> Path:
    """``<stem>.srt`` (or another ``SUBTITLE_SUFFIXES``) beside ``video``."""
    for suffix in SUBTITLE_SUFFIXES:
        candidate = video.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    raise SubtitleFileError(
        f"no subtitles beside the video ({video.with_suffix('.srt').name}): run "
        f"subtitler run {video.name} first, or name a file with --subtitles", path=video,
    )


def _check_paths(video: Path, subs: Path, out: Path) -> None:
    container_usage(out)
    for other, what in ((video, "source video"), (subs, "subtitle file")):
        if out.absolute() == other.absolute() or (
            out.exists() and other.exists() and out.samefile(other)
        ):
            raise UsageError(f"the output is the {what}; name another file (-o)", path=out)


def container_usage(out: Path) -> None:
    try:
        container_of(out)
    except Exception as err:
        raise UsageError(str(err)) from None


def _subtitles(path: Path) -> SubtitleDocument:
    doc = read_subtitles(path)
    if not doc.lossless:
        raise SubtitleFileError("has text in no cue (subtitler check shows where): repair it "
                                "first", path=path, line=doc.lost_lines[0])
    if not doc.cues:
        raise SubtitleFileError("has no cues to burn in", path=path)
    return doc


def ass_for(doc: SubtitleDocument, info: VideoInfo, style: str | None) -> tuple[str, str]:
    """``(ASS text, style name)`` to burn: an ASS/SSA file as its author
    styled it unless a preset is asked for; anything else in a preset, on a
    canvas of the video's size."""
    if style is None and doc.format in ("ass", "ssa"):
        return doc.text, "file"
    name = style or "default"
    if name not in PRESETS:
        raise UsageError(f"unknown style {name!r} (choose from {', '.join(PRESETS)})")
    try:
        return compose_ass(doc.cues, Look(name, info.width, info.height)), name
    except FormatLimitError as err:  # libass takes what an ASS file holds
        raise FormatLimitError(err.message, path=doc.path) from None


def _recorded(record: Path) -> set[str]:
    """The video the record says subtitler burned last (not the one it replaced)."""
    new = read_report(record).get("sha256")
    return {new} if isinstance(new, str) else set()


def burn(
    video: Path, subtitles: Path | None = None, out: Path | None = None,
    options: BurnOptions = BurnOptions(),
    progress: Callable[[float, float | None], None] | None = None,
) -> BurnResult:
    """Burn ``subtitles`` (default: the file beside ``video``) into a copy of
    ``video`` at ``out`` (default ``<stem>.captioned.mp4``);
    ``progress(seconds_done, video_seconds)`` follows the encoding."""
    out = out or default_output(video)
    subs = subtitles or find_subtitles(video)
    _check_paths(video, subs, out)
    info = video_info(video)
    doc = _subtitles(subs)
    ass_text, style = ass_for(doc, info, options.style)
    writes = Writes("burn --force" if options.force else "burn")
    writes.add_input(video, "the source video")
    writes.add_input(subs, "the subtitle file being burned in")
    claim = writes.claim(out, force=options.force, ours=_recorded(record_path(out)))
    record: dict[str, Any] = {
        "version": 1, "subtitler_version": __version__,
        "input": str(video), "input_sha256": sha256_file(video),
        "subtitles": str(subs), "subtitles_sha256": sha256_file(subs),
        "style": style, "width": info.width, "height": info.height,
        "duration_s": info.duration_s, "output": str(out),
    }

    def commit(tmp: Path, log: BurnLog) -> None:
        claim.check()  # a person may have changed it meanwhile
        record.update(sha256=sha256_file(tmp),
                      previous_sha256=sha256_file(out) if out.exists() else None,
                      missing_glyphs=list(log.missing_glyphs), notes=list(log.notes))
        text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
        writes.record(record_path(out), text.encode("utf-8"))
        sync_file(tmp)
        os.chmod(tmp, file_mode(out))
        claim.commit(tmp)  # checked once more, the old video kept if a person's, renamed

    tick = (lambda done: progress(done, info.duration_s)) if progress is not None else None
    log = burn_in(video, ass_text, out, info=info, fonts_dir=options.fonts_dir,
                  encoding=options.encoding, progress=tick, before_commit=commit)
    return BurnResult(video, subs, out, record_path(out), style, len(doc.cues), info, log)
