"""``subtitler glossary``: apply a glossary to an SRT file, lint a glossary,
show what one contains."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from ..errors import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    GlossaryError,
    SubtitleFileError,
    SubtitlerError,
    UsageError,
)
from ..formats.document import SubtitleDocument
from ..formats.registry import read_subtitles, rewriter, same_format
from ..fsutil import derived
from ..glossary import (
    Change,
    ChangeKind,
    Entry,
    Glossary,
    apply_to_cues,
    lint_path,
    load_glossaries,
)
from ..glossary.hotwords import ranked_terms
from ..glossary.match.compiled import language_matches
from ..glossary.match.near import names_of, wants_fuzzy
from ..models import Cue, Severity
from ..wording import counted
from .main import epilog, error_line, fail, kept_notes
from .options import SPELLING_OPTION

EPILOG = epilog(exit_codes={
    EXIT_OK: "success (lint: no errors)",
    EXIT_INPUT: "a file could not be read, or the output is a person's (apply, without --force)",
    EXIT_USAGE: "usage error: no glossary and no --spelling (apply)",
    EXIT_FINDINGS: "lint found errors (warnings too, with --strict)",
})

@click.group("glossary", epilog=EPILOG)
def glossary_group() -> None:
    """Apply, lint and show domain glossaries (see docs/glossaries.md).

    \b
    Examples:
      subtitler glossary apply talk.srt -g glossaries/sex-work-rights.yaml
      subtitler glossary lint my-terms.yaml
      subtitler glossary show glossaries/sex-work-rights.yaml --lang es
    """


def _describe(change: Change, where: str) -> str:
    note = f" ({change.note})" if change.note else ""
    if change.kind.replaces:
        what = "near miss" if change.kind is ChangeKind.FUZZY else "replaced"
        return f'{where}: {what} "{change.before}" -> "{change.after}" [{change.entry_id}]{note}'

    return f'{where}: flag "{change.before}", suggest "{change.after}" [{change.entry_id}]{note}'


def _default_output(path: Path) -> Path:
    return derived(path, path.stem, f".glossary{path.suffix or '.srt'}")


def _rewritten(doc: SubtitleDocument, cues: Sequence[Cue], target: Path) -> str:
    """``doc``'s file with the corrected cues, in its own format."""
    same_format(doc.format, target)
    return rewriter(doc)(doc, cues, range(len(cues)))


@glossary_group.command("apply", epilog=EPILOG)
@click.argument("srt_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-g",
    "--glossary",
    "glossaries",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Glossary file (.yaml, .csv, .tsv, .tbx); repeat to use several "
    "(none: --spelling only).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the corrected file, in the input's format "
    "[default: NAME.glossary.EXT beside the input].",
)
@click.option("--lang", default="en", show_default=True, help="Language of the subtitles.")
@SPELLING_OPTION
@click.option("--dry-run", is_flag=True, help="List the changes; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@click.option("--force", is_flag=True, help="Replace the output even if a person changed it "
              "since subtitler wrote it (that version is kept: subtitler restore).")
def apply_command(
    srt_file: Path,
    glossaries: Sequence[Path],
    output: Path | None,
    lang: str,
    spelling: str | None,
    dry_run: bool,
    as_json: bool,
    force: bool,
) -> None:
    """Replace variants by their terms in SRT_FILE (SRT, WebVTT or ASS/SSA)
    and report discouraged wording (flags are never rewritten). Line breaks,
    timings and the file's own format are kept.

    \b
    Examples:
      subtitler glossary apply talk.srt -g glossaries/sex-work-rights.yaml
      subtitler glossary apply edited.srt -g my-terms.yaml -o edited.fixed.srt --dry-run
      subtitler glossary apply talk.vtt -g glossaries/sex-work-rights.yaml
      subtitler glossary apply talk.srt --spelling en-GB
    """
    from ..files import Writes

    try:
        house = spelling
        if not glossaries and house in (None, "off"):
            raise UsageError("give a glossary (-g) or a house spelling (--spelling)")
        glossary = load_glossaries(glossaries, house)
        target = output or _default_output(srt_file)
        writes = Writes("glossary apply" + (" --force" if force else ""))
        writes.add_input(srt_file, "the subtitle file being corrected")
        for g in glossaries:
            writes.add_input(g, "a glossary")
        in_place = target.exists() and srt_file.exists() and target.samefile(srt_file)
        # before reading: an edit from now on is not overwritten
        claim = None if dry_run else writes.claim(target, force=force, edit=in_place)
        doc = read_subtitles(srt_file)
        if not doc.lossless:
            raise SubtitleFileError(
                f"{counted(len(doc.lost_lines), 'line')} of text in no cue; "
                "repair the file first (subtitler check --fix)",
                path=srt_file,
                line=doc.lost_lines[0],
            )
        cues, changes = apply_to_cues(doc.cues, glossary, lang)
        text = _rewritten(doc, cues, target)
        kept = None
        if claim is not None:
            kept = claim.write(text.encode("utf-8")).note  # the version replaced is kept
    except SubtitlerError as err:
        fail(err)
    kept_notes([kept] if kept else [])
    if as_json:
        click.echo(json.dumps([c.to_json() for c in changes], ensure_ascii=False, indent=2))
        return
    for c in changes:
        line = doc.entries[c.cue - 1].line if c.cue else None
        click.echo(_describe(c, f"{srt_file}:{line}: cue {c.cue}"))
    counts = Counter(c.kind for c in changes)
    done = "nothing written (dry run)" if dry_run else f"wrote {target}"
    replaced = counts[ChangeKind.REPLACE] + counts[ChangeKind.FUZZY]
    fuzzy = counts[ChangeKind.FUZZY]
    near = f" ({counted(fuzzy, 'near miss', 'near misses')})" if fuzzy else ""
    click.echo(
        f"{counted(replaced, 'replacement')}{near}, {counted(counts[ChangeKind.FLAG], 'flag')}; "
        f"{done}",
        err=True,
    )


@glossary_group.command("lint", epilog=EPILOG)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Warnings count as errors for the exit code.")
def lint_command(files: Sequence[Path], strict: bool) -> None:
    """Check glossary files: schema errors, duplicate or conflicting entries,
    variants that would change another entry's term, regexes that match the
    empty string, entries without a source.

    \b
    Examples:
      subtitler glossary lint my-terms.yaml
      subtitler glossary lint glossaries/*.yaml --strict
    """
    code = EXIT_OK
    for path in files:
        try:
            glossary, problems = lint_path(path)
        except GlossaryError as err:
            error_line(err)
            code = EXIT_INPUT
            continue
        for problem in problems:
            click.echo(problem.render(str(path)))
        errors = sum(p.severity is Severity.ERROR for p in problems)
        warnings = len(problems) - errors
        click.echo(
            f"{path}: {counted(len(glossary.entries), 'entry', 'entries')}, "
            f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"
        )
        if (errors or (strict and warnings)) and code == EXIT_OK:
            code = EXIT_FINDINGS
    sys.exit(code)


def _variant_text(entry: Entry, lang: str | None) -> list[str]:
    out = []
    for v in entry.variants:
        shown = f"/{v.text}/" if v.regex else v.text
        policy = entry.policy_of(v)
        if v.to is not None:
            shown += f" -> {v.to}"
        if policy is not entry.policy:
            shown += f" ({policy.value})"
        out.append(shown)
    return out


def _show_entry(entry: Entry, lang: str | None) -> list[str]:
    lines = [f"{entry.id}  [{entry.policy.value}, {entry.language}]  {entry.term}"]
    if entry.forms:
        lines.append("    forms: " + "; ".join(entry.forms))
    if entry.variants:
        lines.append("    variants: " + "; ".join(_variant_text(entry, lang)))
    if entry.context:
        lines.append(f"    only near ({entry.window} words): " + "; ".join(entry.context))
    if wants_fuzzy(entry):
        lines.append("    near misses of: " + "; ".join(names_of(entry)))
    for tr in entry.translations:
        if lang and not language_matches(tr.language, lang):
            continue
        approved = [*tr.terms, *(f"/{v.text}/" if v.regex else v.text for v in tr.variants)]
        forbidden = [f"/{v.text}/" if v.regex else v.text for v in tr.forbidden]
        text = "; ".join(approved) or "-"
        if forbidden:
            text += "   NOT: " + "; ".join(forbidden)
        lines.append(f"    {tr.language}: {text}")
    for label, value in (("note", entry.note), ("source", entry.source)):
        if value:
            lines.append(f"    {label}: {value}")
    return lines


def _summary(glossary: Glossary, entries: Sequence[Entry], lang: str | None) -> list[str]:
    policies = Counter(e.policy.value for e in entries)
    langs = Counter(
        tr.language
        for e in entries
        for tr in e.translations
        if lang is None or language_matches(tr.language, lang)
    )
    head = f"{glossary.name or glossary.path}: {len(entries)} entries"
    head += " (" + ", ".join(f"{n} {p}" for p, n in sorted(policies.items())) + ")"
    out = [head]
    if langs:
        out.append("translations: " + ", ".join(f"{lg} {n}" for lg, n in sorted(langs.items())))
    if glossary.spelling:
        out.append(f"house spelling: {glossary.spelling}")
    hot = ranked_terms(glossary, glossary.language)
    out.append(f"hotword candidates, by rank ({len(hot)}): " + ", ".join(hot))
    return out


def _as_json(glossary: Glossary, entries: Sequence[Entry]) -> dict[str, Any]:
    return {
        "name": glossary.name,
        "language": glossary.language,
        "path": glossary.path,
        "spelling": glossary.spelling,
        "entries": [dataclasses.asdict(e) for e in entries],
    }


@glossary_group.command("show", epilog=EPILOG)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", help="Only entries and translations for this language.")
@click.option("--json", "as_json", is_flag=True, help="Print the glossary as JSON.")
def show_command(files: Sequence[Path], lang: str | None, as_json: bool) -> None:
    """Show what glossary files contain: entries, variants, translations per
    language, sources, and the terms that would be sent as hotwords.

    \b
    Examples:
      subtitler glossary show glossaries/sex-work-rights.yaml
      subtitler glossary show glossaries/sex-work-rights.yaml --lang es --json
    """
    try:
        glossary = load_glossaries(files)
    except SubtitlerError as err:
        fail(err)
    entries = [
        e
        for e in glossary.entries
        if lang is None
        or language_matches(e.language, lang)
        or any(language_matches(t.language, lang) for t in e.translations)
    ]
    if as_json:
        click.echo(json.dumps(_as_json(glossary, entries), ensure_ascii=False, indent=2))
        return
    for line in _summary(glossary, entries, lang):
        click.echo(line)
    for e in entries:
        click.echo("")
        for line in _show_entry(e, lang):
            click.echo(line)
