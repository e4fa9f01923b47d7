"""Where a run writes, and the rule that nothing a person edited is lost.

A run writes one file per format asked for (``<stem>.srt``, ``<stem>.vtt``...)
and ``<stem>.report.json``, which records each file's SHA-256. A file is
subtitler's own when its hash is the one the report records (or the one the
run it describes was replacing, if it stopped between the report and the
files); any other existing file is a person's, and is never overwritten
without ``--force`` (which keeps it as ``<name>.bak``). A version the report
lists in ``person_versions`` (saved by ``subtitler review``) is a person's
whatever else the report says.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ..errors import EditedOutputError, UsageError, WriteError
from ..formats.registry import FORMATS
from ..fsutil import sha256_bytes, sha256_file, write_bytes_atomic, write_error
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
        return self.srt.with_name(self.srt.stem + FORMATS[fmt].extension)

    @property
    def files(self) -> dict[str, Path]:
        """Format name -> file, in the order asked for."""
        return {fmt: self.path(fmt) for fmt in self.formats}

    @property
    def backup(self) -> Path:
        return backup_of(self.srt)


def backup_of(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def targets_for(
    media: Path, output_dir: Path | None = None, srt: Path | None = None,
    formats: tuple[str, ...] = ("srt",),
) -> Targets:
    """``<stem>.srt`` (and the other formats' files) and ``<stem>.report.json``
    beside the media, in ``output_dir``, or at an explicit ``srt`` path."""
    if srt is None:
        folder = output_dir if output_dir is not None else media.parent
        srt = folder / f"{media.stem}.srt"
    return Targets(srt, srt.with_name(f"{srt.stem}.report.json"), formats)


def named_for(media: Path, output_dir: Path | None, language: str) -> Path:
    """``<stem>.<language>.srt`` (``--name-with-language``), where the
    SRT would go."""
    folder = output_dir if output_dir is not None else media.parent
    return folder / f"{media.stem}.{language}.srt"


class OutputState(Enum):
    MISSING = "missing"
    CURRENT = "current"
    """Exactly the file the report describes."""
    INTERRUPTED = "interrupted"
    """The file the last run was replacing when it stopped (report written, file not)."""
    EARLIER = "earlier"
    """Written by an earlier run whose report this one replaced (the format
    was not asked for since): subtitler's, but not the report's cues."""
    EDITED = "edited"
    """Not what subtitler wrote: a person's file (or one the report records
    as a person's, saved by ``subtitler review``)."""


SrtState = OutputState
"""The name this type had when runs wrote only SRT."""


def file_state(targets: Targets, fmt: str) -> OutputState:
    data = read_report(targets.report)
    return state_of(targets.path(fmt), lambda: recorded_hashes(targets.report, fmt, data),
                    person_versions(data))


def state_of(
    path: Path, recorded: Callable[[], tuple[str | None, str | None, str | None]],
    people: frozenset[str] = frozenset(),
) -> OutputState:
    """Whose ``path`` is, given what a record says subtitler wrote there:
    ``recorded()`` gives the hashes of the file it describes, of the file
    that one replaced, and of an earlier run's file it kept; ``people`` the
    hashes of versions a person saved."""
    if not path.exists():
        return OutputState.MISSING
    new, old, earlier = recorded()
    current = sha256_file(path)
    if current in people:
        return OutputState.EDITED
    if current == new:
        return OutputState.CURRENT
    if current == old:
        return OutputState.INTERRUPTED
    if current == earlier:
        return OutputState.EARLIER
    return OutputState.EDITED


def srt_state(targets: Targets) -> OutputState:
    return file_state(targets, "srt")


def is_ours(targets: Targets) -> bool:
    """True when every target file is missing or one subtitler wrote."""
    return not edited(targets)


def edited(targets: Targets) -> list[str]:
    """The formats whose file a person changed."""
    return [f for f in targets.formats if file_state(targets, f) is OutputState.EDITED]


def guard(targets: Targets, force: bool) -> None:
    """Refuse to overwrite a file a person changed, unless ``force``; with
    ``force``, keep the old file as ``<name>.bak`` first. A FIFO, device or
    folder where a file goes is a ``WriteError`` (it is never read)."""
    for path in targets.files.values():
        Seen.now(path)
    for fmt in edited(targets):
        path = targets.path(fmt)
        if not force:
            raise EditedOutputError(
                "was changed since subtitler wrote it (or was not written by subtitler); "
                f"not overwriting: use --force to replace it (the old file is kept as "
                f"{backup_of(path).name})",
                path=path,
            )
        keep(path)


def keep(path: Path) -> None:
    """Copy ``path`` to ``<name>.bak`` (atomically, with its times and mode)."""
    backup = backup_of(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise write_error(path, err) from None
    write_bytes_atomic(backup, data)
    shutil.copystat(path, backup)


keep_backup = keep
backup_path = backup_of


@dataclass(frozen=True)
class Seen:
    """A file as a writer saw it before its work began: its SHA-256 then
    (None: there was no file). A person's edit since then shows as another hash."""

    path: Path
    sha256: str | None

    @classmethod
    def now(cls, path: Path) -> Seen:
        return cls(path, _sha_or_none(path))


def _sha_or_none(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except (FileNotFoundError, NotADirectoryError):
        return None  # nothing there (writing will say why it cannot, if it cannot)
    except OSError as err:
        raise WriteError(f"cannot write: {err.strerror or err}", path=path) from None


def check_unchanged(seen: Seen, *, force: bool, what: str = "subtitler was working") -> None:
    """The edited-file check, run again right before a write: if ``seen.path``
    changed since ``seen`` (a person saved an edit meanwhile), refuse, or with
    ``force`` keep the person's file as ``<name>.bak`` first."""
    if _sha_or_none(seen.path) == seen.sha256:
        return
    if not force:
        raise EditedOutputError(
            f"was changed while {what}; not overwriting the new version "
            "(run again to redo it, or use --force: the changed file is kept as .bak)",
            path=seen.path,
        )
    if seen.path.exists():
        keep(seen.path)


def replace_checked(
    seen: Seen, data: bytes, *, force: bool = False, like: Path | None = None,
    what: str = "subtitler was working",
) -> None:
    """Write ``data`` over ``seen.path`` (atomically) unless a person changed
    the file since ``seen``: the one place every writer of a person's file
    goes through (run, batch, ``check --fix``, ``glossary apply``)."""
    check_unchanged(seen, force=force, what=what)
    write_bytes_atomic(seen.path, data, like=like)


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


def records(targets: Targets, data: dict[str, bytes]) -> dict[str, dict[str, str | None]]:
    """What the report records of each file about to be written: its path,
    its SHA-256, and that of the file it replaces."""
    out: dict[str, dict[str, str | None]] = {}
    for fmt, content in data.items():
        path = targets.path(fmt)
        out[fmt] = {
            "path": str(path),
            "sha256": sha256_bytes(content),
            "previous_sha256": sha256_file(path) if path.exists() else None,
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


def write_files(
    targets: Targets, data: dict[str, bytes],
    written: dict[str, dict[str, str | None]] | None = None, *, force: bool = False,
) -> None:
    """Write each file atomically, in the order asked for, each right after
    the edited-file check against what ``records`` saw there (``written``)."""
    for fmt, content in data.items():
        path = targets.path(fmt)
        seen = Seen(path, (written or {}).get(fmt, {}).get("previous_sha256"))
        if written is None:
            seen = Seen.now(path)
        replace_checked(seen, content, force=force)
