"""``subtitler check`` as a library: read subtitle files (SRT, WebVTT, ASS/SSA,
TTML, JSON), run the rules, fix (writing the file's own format).

    from subtitler.check import CheckOptions, check_paths
    reports = check_paths(["talk.srt"], CheckOptions(profile=get_profile("bbc")))

Extra finding sources (the glossary, for one) plug in through
``CheckOptions.extra``: callables ``(cues, profile) -> findings`` whose
``Finding.cue`` is the 1-based index into ``cues``; ``check`` maps it to the
file's cue position and line, applies the profile's severity and
``select``/``ignore``.
"""

from __future__ import annotations

import glob
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    SubtitleFileError,
    SubtitlerError,
    UsageError,
)
from ..files import Writes
from ..formats.decode import MIXED_UTF8
from ..formats.document import SubtitleDocument
from ..formats.registry import (
    CHECKABLE_SUFFIXES,
    FORMATS,
    SEARCHED,
    parse_subtitles,
    read_document,
    read_subtitles,
    same_format,
)
from ..fsutil import sha256_bytes
from ..models import Cue, Finding, Severity
from ..profiles import PROFILES, Profile
from ..rules.registry import DEFAULT_PHRASES, check_cues, media_findings, wanted
from .fix import FIXED_RULES, Change, fix_document

log = logging.getLogger(__name__)

ExtraChecker = Callable[[Sequence[Cue], Profile], Iterable[Finding]]


@dataclass(frozen=True)
class CheckOptions:
    profile: Profile = PROFILES["netflix"]
    select: frozenset[str] | None = None
    """Only these rule ids (None: all)."""
    ignore: frozenset[str] = frozenset()
    phrases: tuple[str, ...] = DEFAULT_PHRASES
    """Phrases ``hallucination-phrase`` looks for."""
    media: Path | None = None
    """Media to check timing against (``text-over-silence``, ``speech-not-covered``)."""
    extra: tuple[ExtraChecker, ...] = ()
    language: str | None = "en"
    """Language of the files: function words for ``line-break`` and ``--fix``'s
    re-wrapping (en, es, fr, pt; other languages: no word lists)."""


@dataclass(frozen=True)
class FixTarget:
    """Where ``--fix`` writes: ``output``, or the input itself (its version
    before is kept: ``subtitler restore``). ``force``: replace an ``output``
    a person changed (its version is kept too)."""

    output: Path | None = None
    in_place: bool = False
    force: bool = False


@dataclass(frozen=True)
class FileReport:
    path: str
    findings: tuple[Finding, ...] = ()
    cue_count: int = 0
    encoding: str | None = None
    error: SubtitlerError | None = None
    """Set when the file could not be read (or its media not) at all."""
    changes: tuple[Change, ...] = ()
    written: str | None = None
    """Where ``--fix`` wrote the fixed file (None: nothing written)."""
    not_fixed: str | None = None
    """Why ``--fix`` left the file alone (its findings are the input's)."""
    source: str | None = None
    """With ``--fix``: the input file (``path`` is then the fixed file, and
    ``changes`` give lines of the input)."""
    fixable: int = 0
    """Without ``--fix``: how many of the findings ``--fix`` would clear
    (found by fixing in memory and checking again)."""

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "findings": [f.to_json() for f in self.findings]}
        out.update(cues=self.cue_count, encoding=self.encoding)
        if self.error is not None:
            out["error"] = str(self.error)
        if self.changes or self.written or self.not_fixed:
            out["fix"] = {
                "input": self.source or self.path,
                "output": self.written,
                "not_fixed": self.not_fixed,
                "changes": [
                    {"cue": c.cue, "line": c.line, "message": c.message} for c in self.changes
                ],
            }
        return out


CueRules = Callable[..., list[Finding]]
"""``rules.check_cues`` or a function taking the same arguments."""


def check_document(doc: SubtitleDocument, options: CheckOptions,
                   cue_rules: CueRules = check_cues) -> tuple[Finding, ...]:
    """Every finding for a parsed file, sorted by line; the profile gives
    each its severity. ``cue_rules`` runs the cue rules (``subtitler
    review`` passes one that remembers each cue's own findings)."""
    o, prof = options, options.profile
    found = [prof.judge(n) for n in doc.notices]
    found += cue_rules(doc.entries, prof, language=o.language, phrases=o.phrases)
    for extra in o.extra:
        found += [_place(f, doc, prof) for f in extra(doc.cues, prof)]
    if o.media is not None:
        from ..media.audio import load_audio
        from ..media.vad import speech_regions

        regions = speech_regions(load_audio(o.media))
        found += media_findings(doc.entries, regions, prof)
    kept = [f for f in found if wanted(f.rule, o.select, o.ignore)]
    kept.sort(key=lambda f: (f.line or 0, f.cue or 0))
    return tuple(kept)


def _place(f: Finding, doc: SubtitleDocument, profile: Profile) -> Finding:
    """An extra checker's finding, moved from list index to file position."""
    i = (f.cue or 0) - 1
    if f.cue is None or not 0 <= i < len(doc.entries):
        return replace(f, severity=profile.severity_of(f.rule))
    e = doc.entries[i]
    line = f.line if f.line is not None else e.line
    return replace(f, cue=e.position, line=line, severity=profile.severity_of(f.rule))


def check_file(path: str | Path, options: CheckOptions) -> FileReport:
    """Check one file; raises ``SubtitlerError`` if it cannot be read at all."""
    doc = read_subtitles(path)
    report = report_for(doc, options)
    return replace(report, fixable=fixable(doc, options, report.findings))


def fixable(doc: SubtitleDocument, options: CheckOptions, findings: Sequence[Finding]) -> int:
    """How many of ``findings`` ``--fix`` would clear: the document is fixed
    in memory and checked again (so a change that leaves its finding, or a
    file ``--fix`` would not touch, counts for nothing)."""
    if not doc.lossless or doc.encoding == MIXED_UTF8:
        return 0
    rules = FIXED_RULES | {"timing-order"}
    before = [f for f in findings if f.rule in rules]
    if not before:
        return 0
    try:
        result = fix_document(doc, options.profile, language=options.language, verify=False)
    except SubtitlerError:
        return 0
    after = check_cues(result.cues, options.profile, language=options.language,
                       phrases=options.phrases, select=rules)  # numbering, encoding: fixed
    return max(0, len(before) - sum(1 for f in after if wanted(f.rule, options.select,
                                                                   options.ignore)))


def report_for(doc: SubtitleDocument, options: CheckOptions) -> FileReport:
    return FileReport(doc.path, check_document(doc, options), len(doc.cues), doc.encoding)


def fix_file(path: str | Path, options: CheckOptions, target: FixTarget) -> FileReport:
    """Fix one file into ``target``; the report holds the changes and what the
    fixed file still breaks (or, with ``not_fixed`` set, what the input
    breaks). Never overwrites the input without keeping its version (``files``),
    nor an output a person changed without ``target.force``; never writes a
    file that reads back differently."""
    out = Path(path) if target.in_place else target.output
    if out is None:
        raise UsageError("--fix needs -o FILE or --in-place")
    if not target.in_place and out.resolve() == Path(path).resolve():
        raise UsageError("-o names the input file; use --in-place to fix it in place", path=out)
    writes = Writes("check --fix" + (" --force" if target.force else ""))
    writes.add_input(path, "the file being fixed")
    # before reading: an edit from now on is never overwritten
    claim = writes.claim(out, edit=target.in_place, force=target.force)
    data, doc = read_document(path)
    same_format(doc.format, out)
    if doc.encoding == MIXED_UTF8:
        line = next((n.line for n in doc.notices if n.rule == "encoding"), None)
        return replace(report_for(doc, options), not_fixed=(
            f"line {line} has bytes that are not UTF-8 (the encoding finding says which): "
            "correct them by hand first, so that no character is guessed"))
    if not doc.lossless:
        lines = ", ".join(map(str, doc.lost_lines[:8]))
        return replace(report_for(doc, options), not_fixed=f"fix lines {lines} by hand first")
    try:
        result = fix_document(doc, options.profile, original=doc.text, language=options.language)
    except SubtitlerError as err:
        return replace(report_for(doc, options), not_fixed=err.message)
    new = result.text.encode("utf-8")
    written: str | None = None
    if new != data or not target.in_place:
        if target.in_place:
            claim.seen = sha256_bytes(data)  # what was read, exactly
        claim.write(new, like=Path(path))
        written = str(out)
    report = report_for(parse_subtitles(result.text, str(out), doc.format), options)
    return replace(report, changes=result.changes, written=written, source=str(path))



def expand_paths(patterns: Iterable[str]) -> list[str]:
    """Files for the command line's arguments: globs expanded (for shells that
    do not), folders searched for subtitle files (``CHECKABLE_SUFFIXES``);
    other names kept as given."""
    out: list[str] = []
    for pattern in patterns:
        if os.path.isdir(pattern):
            found = sorted(str(p) for p in Path(pattern).rglob("*")
                           if p.suffix.lower() in CHECKABLE_SUFFIXES and p.is_file())
            out += found or [pattern]
        elif glob.has_magic(pattern) and not os.path.exists(pattern):
            out += sorted(glob.glob(pattern, recursive=True)) or [pattern]
        else:
            out.append(pattern)
    return list(dict.fromkeys(out))


def check_paths(
    paths: Iterable[str | Path], options: CheckOptions, *, fix: FixTarget | None = None
) -> list[FileReport]:
    """Check (or fix) each file; a file that cannot be read gets a report with
    ``error`` set, and the others are still checked."""
    reports: list[FileReport] = []
    for path in paths:
        try:
            _exists(path)
            report = fix_file(path, options, fix) if fix else check_file(path, options)
        except UsageError:
            raise
        except SubtitlerError as err:
            log.info("%s", err)
            report = FileReport(str(path), error=err)
        reports.append(report)
    return reports


def _exists(path: str | Path) -> None:
    """Clear errors for what ``expand_paths`` could not turn into files."""
    if os.path.isdir(path):
        names = ", ".join(FORMATS[n].extension for n in SEARCHED)
        raise SubtitleFileError(f"folder holds no subtitle files ({names})", path=path)
    if not os.path.exists(path) and glob.has_magic(str(path)):
        raise SubtitleFileError("no file matches this pattern", path=path)


def exit_code(reports: Sequence[FileReport], *, strict: bool = False) -> int:
    """1 if a file could not be read, else 3 if error findings remain (or
    warnings, with ``strict``), else 0."""
    if any(r.error is not None for r in reports):
        return EXIT_INPUT
    if any(r.errors or (strict and r.warnings) or r.not_fixed for r in reports):
        return EXIT_FINDINGS
    return EXIT_OK
