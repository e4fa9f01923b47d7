"""From the command line's choices to a ``Setup``: the media probed and its
audio read (waveform, speech regions), the report beside the subtitles,
the glossary and source file, and the checks ``subtitler check`` would run.

Where an option is not given, the run report decides what it recorded
(profile, language, glossary files), so a review checks the subtitles the
way the run that made them did."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..check.checker import CheckOptions
from ..errors import MediaError, SubtitleFileError
from ..formats.registry import read_subtitles
from ..fsutil import sha256_file
from ..media.audio import load_audio
from ..models import Cue, Word
from ..pipeline.outputs import targets_for
from ..profiles import Profile
from .files import default_subtitles, reviewed_format
from .marks import MarkMaker
from .media import MediaInfo, Sound
from .recheck import Blocks, Rechecker, by_cue, by_text
from .report_data import UNSURE_BELOW, ReportData, read_report
from .session import Setup
from .translation import SourceTerms

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReviewOptions:
    media: Path
    subtitles: Path | None = None
    """The subtitles, in any format ``files.REVIEWED`` (default:
    ``files.default_subtitles``: ``<stem>.srt`` beside the media, else the one
    ``<stem>.vtt``, ``<stem>.ass``... there is)."""
    source: Path | None = None
    language: str | None = None
    profile: str | None = None
    glossary: tuple[Path, ...] = ()
    check: CheckOptions = CheckOptions()
    """Rule selection and phrases (the profile and extras are set here)."""
    unsure_below: float = UNSURE_BELOW
    media_check: bool = True
    """Check timing against the speech, as ``check --media`` does."""


def check_media(media: Path) -> None:
    if not media.is_file():
        raise MediaError("no such file" if not media.exists() else "is not a file", path=media)


def subtitles_for(o: ReviewOptions) -> Path:
    return o.subtitles if o.subtitles is not None else default_subtitles(o.media)[0]


def format_for(srt: Path) -> str:
    """The format a file that does not exist yet is made in (its extension's,
    else SRT); ``UsageError`` for one a review does not save."""
    fmt = reviewed_format(srt)
    return fmt.name if fmt is not None else "srt"


def _report(o: ReviewOptions, srt: Path, fmt: str, media_sha256: str) -> tuple[Path, ReportData]:
    path = targets_for(o.media, srt=srt).report
    if not path.is_file():
        return path, ReportData()
    return path, read_report(path, media_sha256, fmt)


def _sound(media: Path, wanted: bool, words: tuple[Word, ...]) -> tuple[Sound | None, str | None]:
    try:
        return Sound.of(load_audio(media), words), None
    except MediaError as err:
        if not wanted:
            return None, None
        return None, f"{media.name}: {err.message}: no waveform, no timing check against speech"


def _glossary(o: ReviewOptions, report: ReportData) -> tuple[Path, ...]:
    if o.glossary:
        return o.glossary
    found = tuple(Path(g) for g in report.glossary_files if Path(g).is_file())
    if found:
        log.info("checking with the run's glossary: %s", ", ".join(map(str, found)))
    return found


def build_setup(o: ReviewOptions, profile_of: Callable[[str | None], Profile]) -> Setup:
    """The session's setup. ``profile_of(name)`` builds a profile the way
    the settings file says (``name`` None: the file's, else netflix)."""
    check_media(o.media)
    srt = subtitles_for(o)
    fmt = format_for(srt)
    media_sha256 = sha256_file(o.media)
    report_path, report = _report(o, srt, fmt, media_sha256)
    language = o.language or report.language or "en"
    profile = profile_of(o.profile or report.profile).for_language(language)
    source: tuple[Cue, ...] | None = None
    if o.source is not None:
        source = read_subtitles(o.source).cues
    elif not srt.exists():
        raise SubtitleFileError("no such file", path=srt)
    glossary = _glossary(o, report)
    extra = o.check.extra
    if glossary:
        from ..glossary.stage import term_checkers

        # term findings depend on the text alone; translation findings on times too
        checks = term_checkers(glossary, language, o.source)
        extra = (*extra, Blocks(checks[0], by_text), *(Blocks(c, by_cue) for c in checks[1:]))
    checker = Rechecker(replace(o.check, profile=profile, language=language, extra=extra,
                                media=None))
    words = tuple(Word(w.start_ms, w.end_ms, " " + w.text, w.probability) for w in report.words)
    sound, note = _sound(o.media, o.media_check, words)
    if sound is not None and o.media_check:
        checker = checker.with_regions(sound.regions)
    if note is not None and report.note is None:
        report = replace(report, note=note)
    marks = MarkMaker(report, profile, below=o.unsure_below, flags=not glossary)
    terms = None
    source_language = None
    if source is not None and glossary:
        terms = SourceTerms.find(source, glossary, language)
        from ..glossary.load import load_glossaries

        source_language = load_glossaries(glossary).language
    return Setup(
        media=MediaInfo.of(o.media), subtitles=srt, profile=profile, language=language,
        checker=checker, report=report, marks=marks,
        report_path=report_path if report_path.is_file() else None,
        source=source, source_path=o.source, sound=sound, glossary=glossary, format=fmt,
        terms=terms, source_language=source_language, answers_path=report_path,
        media_sha256=media_sha256,
    )
