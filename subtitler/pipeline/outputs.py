"""Where a run writes, and the rule that nothing a person edited is lost."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ..errors import EditedOutputError, UsageError, WriteError
from ..fsutil import sha256_file, write_bytes_atomic, write_error
from .report import recorded_srt_hashes


@dataclass(frozen=True)
class Targets:
    srt: Path
    report: Path

    @property
    def backup(self) -> Path:
        return self.srt.with_name(self.srt.name + ".bak")


def targets_for(media: Path, output_dir: Path | None = None, srt: Path | None = None) -> Targets:
    """``<stem>.srt`` and ``<stem>.report.json`` beside the media, in
    ``output_dir``, or at an explicit ``srt`` path."""
    if srt is None:
        folder = output_dir if output_dir is not None else media.parent
        srt = folder / f"{media.stem}.srt"
    return Targets(srt, srt.with_name(f"{srt.stem}.report.json"))


class SrtState(Enum):
    MISSING = "missing"
    CURRENT = "current"
    """Exactly the SRT the report describes."""
    INTERRUPTED = "interrupted"
    """The SRT the last run was replacing when it stopped (report written, SRT not)."""
    EDITED = "edited"
    """Not what subtitler wrote: a person's file."""


def srt_state(targets: Targets) -> SrtState:
    if not targets.srt.exists():
        return SrtState.MISSING
    new, old = recorded_srt_hashes(targets.report)
    current = sha256_file(targets.srt)
    if current == new:
        return SrtState.CURRENT
    if current == old:
        return SrtState.INTERRUPTED
    return SrtState.EDITED


def is_ours(targets: Targets) -> bool:
    """True when the SRT is missing or is one subtitler wrote."""
    return srt_state(targets) is not SrtState.EDITED


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


def backup_path(path: Path) -> Path:
    """Where a person's file is kept before subtitler replaces it."""
    return path.with_name(path.name + ".bak")


def keep_backup(path: Path) -> None:
    """Copy ``path`` to ``<name>.bak`` (atomically, with its permissions)."""
    bak = backup_path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise write_error(path, err) from None
    write_bytes_atomic(bak, data)
    shutil.copystat(path, bak)


def guard(targets: Targets, force: bool) -> Seen:
    """Refuse to overwrite an SRT a person changed, unless ``force``; with
    ``force``, keep the old file as ``<name>.srt.bak`` first. Returns the SRT
    as it is now, for ``replace_checked`` to compare with before writing."""
    Seen.now(targets.srt)  # a FIFO or device there: WriteError (it is never read)
    if not is_ours(targets):
        if not force:
            raise EditedOutputError(
                "was changed since subtitler wrote it (or was not written by subtitler); "
                "not overwriting: use --force to replace it (the old file is kept as .srt.bak)",
                path=targets.srt,
            )
        keep_backup(targets.srt)
    return Seen.now(targets.srt)


def check_unchanged(
    seen: Seen, *, force: bool, what: str = "subtitler was working", report: Path | None = None
) -> None:
    """The edited-file check, run again right before a write: if ``seen.path``
    changed since ``seen`` (a person saved an edit meanwhile), refuse, or with
    ``force`` keep the person's file as ``<name>.bak`` first. A change that
    ``report`` records as subtitler's own (another run of the same file) is
    not a person's."""
    if _sha_or_none(seen.path) == seen.sha256:
        return
    if report is not None and srt_state(Targets(seen.path, report)) is SrtState.CURRENT:
        return
    if not force:
        raise EditedOutputError(
            f"was changed while {what}; not overwriting the new version "
            "(run again to redo it, or use --force: the changed file is kept as .bak)",
            path=seen.path,
        )
    if seen.path.exists():
        keep_backup(seen.path)


def replace_checked(
    seen: Seen, data: bytes, *, force: bool = False, like: Path | None = None,
    what: str = "subtitler was working", report: Path | None = None,
) -> None:
    """Write ``data`` over ``seen.path`` (atomically) unless a person changed
    the file since ``seen``: the one place every writer of a person's file
    goes through (run, batch, ``check --fix``, ``glossary apply``)."""
    check_unchanged(seen, force=force, what=what, report=report)
    write_bytes_atomic(seen.path, data, like=like)


def write_run_outputs(
    targets: Targets, seen: Seen, srt_text: str, write_report: Callable[[str | None], None],
    *, force: bool,
) -> None:
    """A run's two writes: the report first (``write_report(previous SRT
    hash)``), then the SRT, each right after the edited-file check. If the run
    stops between them, the old SRT is still recognised as subtitler's through
    the report's ``previous_srt_sha256``."""
    check_unchanged(seen, force=force, report=targets.report)
    seen = Seen.now(seen.path)  # what this run replaces (another run may have written it)
    write_report(seen.sha256)
    replace_checked(seen, srt_text.encode("utf-8"), force=force)


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
