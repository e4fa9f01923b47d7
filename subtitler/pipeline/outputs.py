"""Where a run writes, and the rule that nothing a person edited is lost."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ..errors import EditedOutputError
from ..fsutil import sha256_file, write_bytes_atomic
from .report import person_versions, recorded_srt_hashes


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
    """Not what subtitler wrote: a person's file (or one the report records
    as a person's, saved by ``subtitler review``)."""


def srt_state(targets: Targets) -> SrtState:
    if not targets.srt.exists():
        return SrtState.MISSING
    new, old = recorded_srt_hashes(targets.report)
    current = sha256_file(targets.srt)
    if current in person_versions(targets.report):
        return SrtState.EDITED
    if current == new:
        return SrtState.CURRENT
    if current == old:
        return SrtState.INTERRUPTED
    return SrtState.EDITED


def is_ours(targets: Targets) -> bool:
    """True when the SRT is missing or is one subtitler wrote."""
    return srt_state(targets) is not SrtState.EDITED


def guard(targets: Targets, force: bool) -> None:
    """Refuse to overwrite an SRT a person changed, unless ``force``; with
    ``force``, keep the old file as ``<name>.srt.bak`` first."""
    if is_ours(targets):
        return
    if not force:
        raise EditedOutputError(
            "was changed since subtitler wrote it (or was not written by subtitler); "
            "not overwriting: use --force to replace it (the old file is kept as .srt.bak)",
            path=targets.srt,
        )
    write_bytes_atomic(targets.backup, targets.srt.read_bytes())
    shutil.copystat(targets.srt, targets.backup)
