"""Where a run writes, and whose the files there are.

A run writes one file per format asked for (``<stem>.srt``, ``<stem>.vtt``...)
and ``<stem>.report.json``, which records each file's SHA-256. Every write
goes through ``files`` (the one guard of a person's folder): a file a
person changed (by its hash: the ledger, and the report's
``person_versions``) is never overwritten without ``--force``, and then
its version is kept (``subtitler restore``). The report's own record of
what subtitler wrote counts only for the version it describes, never for
the one it replaced (a person's restored version is theirs).

Names too long for the file system (a media name of 250 bytes) are
shortened with a hash (``fsutil.fit_name``); the report records the names
used.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ..errors import UsageError
from ..files import Claim, Owner, Writes, owner
from ..formats.registry import FORMATS
from ..fsutil import derived, sha256_bytes, sha256_file
from .report import person_versions, read_report, recorded_hashes


@dataclass(frozen=True)
class Targets:
    """The files of one run: ``srt`` names them all (each format's file is
    ``srt``'s stem and the format's extension, whether or not SRT is asked
    for: ``talk.srt``, ``talk.vtt``, ``talk.transcript.txt``...)."""

    srt: Path
    report: Path
    formats: tuple[str, ...] = ("srt",)

    def path(self, fmt: str) -> Path:
        return derived(self.srt, self.srt.stem, FORMATS[fmt].extension)

    @property
    def files(self) -> dict[str, Path]:
        """Format name -> file, in the order asked for."""
        return {fmt: self.path(fmt) for fmt in self.formats}


def targets_for(
    media: Path, output_dir: Path | None = None, srt: Path | None = None,
    formats: tuple[str, ...] = ("srt",),
) -> Targets:
    """``<stem>.srt`` (and the other formats' files) and ``<stem>.report.json``
    beside the media, in ``output_dir``, or at an explicit ``srt`` path."""
    if srt is None:
        folder = output_dir if output_dir is not None else media.parent
        srt = derived(folder / media.name, media.stem, ".srt")
    return Targets(srt, derived(srt, srt.stem, ".report.json"), formats)


def named_for(media: Path, output_dir: Path | None, language: str) -> Path:
    """``<stem>.<language>.srt`` (``--name-with-language``), where the
    SRT would go."""
    folder = output_dir if output_dir is not None else media.parent
    return folder / f"{media.stem}.{language}.srt"


class OutputState(Enum):
    MISSING = "missing"
    CURRENT = "current"
    """Exactly the file the report describes."""
    OURS = "ours"
    """Subtitler's, but not what the report describes: the file the last run
    was replacing when it stopped, or one an earlier run wrote."""
    EDITED = "edited"
    """A person's: changed since subtitler wrote it, or never written by it."""


def file_state(targets: Targets, fmt: str) -> OutputState:
    data = read_report(targets.report)
    current, _, earlier = recorded_hashes(targets.report, fmt, data)
    path = targets.path(fmt)
    ours = {h for h in (current, earlier) if h is not None}
    who = owner(path, ours, person_versions(data))
    if who is None:
        return OutputState.MISSING
    if who is Owner.PERSON:
        return OutputState.EDITED
    return OutputState.CURRENT if sha256_file(path) == current else OutputState.OURS


def srt_state(targets: Targets) -> OutputState:
    return file_state(targets, "srt")


def is_ours(targets: Targets) -> bool:
    """True when every target file is missing or one subtitler wrote."""
    return not edited(targets)


def edited(targets: Targets) -> list[str]:
    """The formats whose file a person changed."""
    return [f for f in targets.formats if file_state(targets, f) is OutputState.EDITED]


def run_writes(command: str, media: Path, script: Path | None = None,
               glossaries: Iterable[Path] = ()) -> Writes:
    """The ``Writes`` of a run of ``media``: its inputs are never written over."""
    writes = Writes(command)
    writes.add_input(media, "the media file being subtitled")
    writes.add_input(script, "the script")
    for g in glossaries:
        writes.add_input(g, "a glossary")
    return writes


def claim(writes: Writes, targets: Targets, force: bool) -> dict[str, Claim]:
    """Claim every file of ``targets`` (before any work): a file a person
    changed is refused unless ``force``; a FIFO, device or folder where a
    file goes is a ``WriteError``."""
    data = read_report(targets.report)
    people = person_versions(data)
    claims = {}
    for fmt, path in targets.files.items():
        current, _, earlier = recorded_hashes(targets.report, fmt, data)
        ours = {h for h in (current, earlier) if h is not None}
        claims[fmt] = writes.claim(path, force=force, ours=ours, persons=people)
    return claims


def check_collisions(pairs: Iterable[tuple[Path, Path]]) -> None:
    """Refuse (``UsageError``) when two different media files would write one
    SRT: ``pairs`` are (media, srt). Shared by ``run`` and ``batch``."""
    by_srt: dict[Path, Path] = {}
    for media, srt in pairs:
        key = srt.absolute()
        other = by_srt.setdefault(key, media)
        if other.absolute() != media.absolute():
            raise UsageError(
                f"{other} and {media} would both write {srt}: "
                "name one output in a manifest, or rename one",
            )


def records(targets: Targets, data: Mapping[str, bytes]) -> dict[str, dict[str, str | None]]:
    """What the report records of each file about to be written: its path,
    its SHA-256, and that of the file it replaces."""
    out: dict[str, dict[str, str | None]] = {}
    for fmt, content in data.items():
        path = targets.path(fmt)
        out[fmt] = {
            "path": str(path),
            "sha256": sha256_bytes(content),
            "previous_sha256": sha256_file(path) if path.is_file() else None,
        }
    return out


def earlier_records(targets: Targets) -> dict[str, dict[str, str]]:
    """Files of other formats that an earlier run wrote beside these and that
    are still as it wrote them: the next report keeps them known as ours."""
    data = read_report(targets.report)
    known = {**_dict(data.get("earlier_outputs")), **_dict(data.get("outputs"))}
    if "srt" not in known and isinstance(data.get("srt_sha256"), str):
        known["srt"] = {"sha256": data["srt_sha256"]}
    kept: dict[str, dict[str, str]] = {}
    for fmt, record in known.items():
        if fmt in targets.formats or fmt not in FORMATS or not isinstance(record, dict):
            continue
        path = targets.path(fmt)
        sha = record.get("sha256")
        if path.is_file() and isinstance(sha, str) and sha256_file(path) == sha:
            kept[fmt] = {"path": str(path), "sha256": sha}
    return kept


def _dict(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else {}


def write_files(claims: Mapping[str, Claim], data: Mapping[str, bytes]) -> None:
    """Write each file through its claim, in the order asked for (each is
    checked once more right before it is replaced)."""
    for fmt, content in data.items():
        claims[fmt].write(content)
