"""``subtitler check``: lint subtitle files (SRT, WebVTT, ASS/SSA, TTML, JSON;
any encoding), optionally fix them in their own format."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from ..check.checker import (
    CheckOptions,
    FileReport,
    FixTarget,
    check_paths,
    exit_code,
    expand_paths,
)
from ..config import Config, rule_ids
from ..errors import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    EditedOutputError,
    SubtitlerError,
    UsageError,
    WriteError,
)
from ..models import Severity
from ..profiles import PROFILES, Profile
from ..rules.registry import ALL_RULES, DEFAULT_PHRASES
from ..wording import counted
from .main import epilog, error_line, fail, kept_notes
from .options import SPELLING_OPTION, config_options, load_settings

EPILOG = epilog(
    """\b
Settings: a [tool.subtitler] table in pyproject.toml, or subtitler.toml,
found upward from the current folder (see --list-rules for the rule ids).""",
    exit_codes={
        EXIT_OK: "no error findings (warnings allowed, unless --strict)",
        EXIT_INPUT: "a file (or the --media file) could not be read at all, or --fix could "
        "not write (OUTPUT a person changed, without --force)",
        EXIT_USAGE: "usage error: bad option, unknown rule id, bad settings file",
        EXIT_FINDINGS: "error findings remain",
    },
)

NUMBER_OPTIONS = (
    ("max_line_chars", int, "characters per line"),
    ("max_lines", int, "lines per cue"),
    ("max_cps", float, "reading speed, characters per second"),
    ("min_duration_ms", int, "shortest time a cue is shown, ms"),
    ("max_duration_ms", int, "longest time a cue is shown, ms"),
    ("min_gap_ms", int, "shortest gap between cues, ms"),
)


def _number_options(f: Any) -> Any:
    for name, kind, what in reversed(NUMBER_OPTIONS):
        flag = "--" + name.replace("_", "-")
        f = click.option(flag, name, type=kind, default=None,
                         help=f"Override the profile's {what}.")(f)
    return f


@click.command("check", epilog=EPILOG)
@click.argument("files", nargs=-1, type=str)
@click.option("-p", "--profile", type=click.Choice(list(PROFILES)), default=None,
              help="Style profile (default: netflix, or the settings file's).")
@_number_options
@click.option("--select", multiple=True, metavar="IDS",
              help="Report only these rules (comma-separated ids; repeatable).")
@click.option("--ignore", multiple=True, metavar="IDS",
              help="Do not report these rules (comma-separated ids; repeatable).")
@click.option("--strict", is_flag=True, default=None, help="Warnings also give exit code 3.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--media", type=click.Path(dir_okay=False, path_type=Path),
              help="Check timing against the speech in this video or audio (one SRT file).")
@click.option("-g", "--glossary", "glossaries", multiple=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Glossary file: report term-variant and term-discouraged (repeatable).")
@click.option("--lang", "language", metavar="CODE",
              help="Language of FILES, e.g. es: line breaks (en, es, fr, pt, de), the "
              "profile's reading speed for it, and the glossary (default: en; for the "
              "glossary, its own language).")
@SPELLING_OPTION
@click.option("--source", type=click.Path(dir_okay=False, path_type=Path),
              help="With -g: the subtitle file the FILES were translated from; report "
              "term-translation.")
@click.option("--fix", is_flag=True,
              help="Apply the safe fixes (never a word changed); needs -o or --in-place.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="With --fix: write the fixed file here (one input file).")
@click.option("--in-place", is_flag=True, help="With --fix: overwrite FILE (its version before "
              "is kept: subtitler restore FILE).")
@click.option("--force", is_flag=True, help="With --fix -o: replace OUTPUT even if a person "
              "changed it since subtitler wrote it (that version is kept).")
@config_options
@click.option("--list-rules", is_flag=True, help="List the rule ids and exit.")
def check_command(
    files: tuple[str, ...],
    profile: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool | None,
    fmt: str,
    media: Path | None,
    glossaries: tuple[Path, ...],
    language: str | None,
    spelling: str | None,
    source: Path | None,
    fix: bool,
    output: Path | None,
    in_place: bool,
    force: bool,
    config_path: Path | None,
    no_config: bool,
    list_rules: bool,
    **numbers: int | float | None,
) -> None:
    """Check subtitle FILES (SRT, WebVTT, ASS/SSA, TTML, JSON; globs and
    folders too) against a style profile. --fix writes SRT, WebVTT and
    ASS/SSA files back in their own format.

    \b
    Examples:
      subtitler check talk.es.srt
      subtitler check talk.vtt talk.ass
      subtitler check talk.es.srt --source talk.srt --lang es -g glossaries/sex-work-rights.yaml
      subtitler check talk.srt --spelling en-GB
      subtitler check subs/*.srt --profile bbc --format json
      subtitler check talk.srt --media talk.mp4
      subtitler check talk.srt --fix -o talk.fixed.srt
    """
    try:
        config = load_settings(config_path, no_config)
        prof = config.build_profile(profile, {k: v for k, v in numbers.items() if v is not None})
        if list_rules:
            click.echo(rules_table(prof, config.off | config.ignore))
            return
        paths = _paths(files, media, fix, output, in_place)
        options = check_options(config, prof, select, ignore, media)
        options = replace(options, language=language or "en",
                          profile=options.profile.for_language(language or "en"))
        if source is not None and not glossaries:
            raise UsageError("--source needs a glossary (-g)")
        house = spelling
        if glossaries or house not in (None, "off"):
            from ..glossary.stage import term_checkers

            checkers = term_checkers(glossaries, language, source, house)
            options = replace(options, extra=checkers)
        if force and output is None:
            raise UsageError("--force goes with --fix -o OUTPUT")
        target = FixTarget(output, in_place, force) if fix else None
        reports = check_paths(paths, options, fix=target)
    except SubtitlerError as err:
        fail(err)
    use_strict = bool(strict if strict is not None else config.strict)
    code = exit_code(reports, strict=use_strict)
    for r in reports:
        if r.error is not None:
            error_line(r.error)
        if r.not_fixed:
            error_line(f"{r.path}: not fixed: {r.not_fixed}")
    kept_notes(r.kept for r in reports if r.kept)
    if fmt == "json":
        click.echo(json.dumps(json_report(reports, prof, code), indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(text_report(reports, fixed=target is not None)))
    sys.exit(code)


def _paths(
    files: Sequence[str], media: Path | None, fix: bool, output: Path | None, in_place: bool
) -> list[str]:
    if not files:
        raise UsageError("no FILES given (try subtitler check --help)")
    paths = expand_paths(files)
    if media is not None and len(paths) != 1:
        raise UsageError("--media needs exactly one subtitle file")
    if (output is not None or in_place) and not fix:
        raise UsageError("-o and --in-place go with --fix")
    if fix and (output is None) == (not in_place):
        raise UsageError("--fix needs either -o FILE or --in-place")
    if output is not None and len(paths) != 1:
        raise UsageError("-o needs exactly one input file (use --in-place for several)")
    return paths


def check_options(
    config: Config, prof: Profile, select: Sequence[str], ignore: Sequence[str],
    media: Path | None,
) -> CheckOptions:
    """The checks ``check`` runs (``review`` too): rule selection from the
    options and the settings file, hallucination phrases, ``--media``."""
    chosen = rule_ids(select) if select else config.select
    phrases = config.phrases if config.phrases is not None else DEFAULT_PHRASES
    return CheckOptions(
        profile=prof,
        select=chosen,
        ignore=rule_ids(ignore) | config.ignore | config.off,
        phrases=phrases + config.extend_phrases,
        media=media,
    )


def _where(path: str, line: int | None, cue: int | None) -> str:
    """``FILE:LINE: cue N`` with the parts that are known."""
    where = f"{path}:{line}:" if line is not None else f"{path}:"
    return f"{where} cue {cue}" if cue is not None else where


def text_report(reports: Sequence[FileReport], *, fixed: bool = False) -> list[str]:
    """``FILE:LINE: cue N [rule-id] message`` lines, fix notes, then a summary."""
    out: list[str] = []
    for r in reports:
        source = r.source or r.path
        for c in r.changes:
            where = _where(source, c.line, c.cue)
            out.append(f"{where}{':' if c.cue is not None else ''} fixed: {c.message}")
        if r.written:
            out.append(f"{source}: wrote {r.written} ({counted(len(r.changes), 'change')})")
        elif fixed and r.error is None and not r.not_fixed:
            out.append(f"{source}: nothing to fix")
        out.extend(f"{_where(r.path, f.line, f.cue)} [{f.rule}] {f.message}"
                   for f in r.findings)
        untranslated = sum(f.rule == "empty-cue" for f in r.findings)
        if untranslated:
            out.append(f"{r.path}: {untranslated} of {counted(r.cue_count, 'cue')} not "
                       "translated yet")
    out.extend(summary(reports, fixed=fixed))
    return out


def summary(reports: Sequence[FileReport], *, fixed: bool = False) -> list[str]:
    findings = [f for r in reports for f in r.findings]
    errors = sum(r.errors for r in reports)
    warnings = len(findings) - errors
    cues = sum(r.cue_count for r in reports)
    n = len(reports)
    unwritten = sum(1 for r in reports if isinstance(r.error, (WriteError, EditedOutputError)))
    unread = sum(1 for r in reports if r.error is not None) - unwritten
    files = f"{counted(n, 'file')}, {counted(cues, 'cue')}"
    failed = "".join(f"; {k} could not be {what}" for k, what in (
        (unread, "read"), (unwritten, "written (the input is unchanged)")) if k)
    if not findings:
        return [f"Checked {files}: no problems{failed}."]
    counts = f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"
    lines = [f"Checked {files}: {counts}{failed}."]
    tally = Counter((f.rule, f.severity) for f in findings)
    for (rule, sev), count in sorted(tally.items(), key=lambda t: (-t[1], t[0][0])):
        lines.append(f"  {rule:<22} {sev!s:<8} {count:>6}")
    fixable = sum(r.fixable for r in reports)
    if fixable and not fixed:
        lines.append(f"{counted(fixable, 'finding')} --fix would clear "
                     "(--fix -o FILE, or --fix --in-place).")
    return lines


def json_report(reports: Sequence[FileReport], prof: Profile, code: int) -> dict[str, Any]:
    findings = [f for r in reports for f in r.findings]
    by_rule = Counter(f.rule for f in findings)
    return {
        "files": [r.to_json() for r in reports],
        "summary": {
            "files": len(reports),
            "cues": sum(r.cue_count for r in reports),
            "errors": sum(1 for f in findings if f.severity is Severity.ERROR),
            "warnings": sum(1 for f in findings if f.severity is Severity.WARNING),
            "unreadable": sum(1 for r in reports if r.error is not None),
            "by_rule": dict(sorted(by_rule.items())),
            "profile": {"name": prof.name, **prof.numbers()},
            "exit_code": code,
        },
    }


def rules_table(prof: Profile, off: frozenset[str] = frozenset()) -> str:
    """Every rule id with its severity under ``prof`` and what it checks."""
    lines = [f"Rules (severity under profile {prof.name}):"]
    for rule in ALL_RULES:
        sev = "off" if rule.id in off else str(prof.severity_of(rule.id))
        lines.append(f"  {rule.id:<22} {sev:<8} {rule.description}")
    return "\n".join(lines)
