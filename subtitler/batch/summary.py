"""``summary.json`` and ``summary.csv``: rewritten (atomically) after every
file, so a batch stopped half-way still leaves an accurate account."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..fsutil import remove_stale_temps, write_text_atomic
from ..pipeline.settings import RunOptions, effective_settings
from .jobs import BatchResult, FileResult, Job, Status

SUMMARY_VERSION = 1
COLUMNS = (
    "media", "status", "reason", "duration_s", "cues", "errors", "warnings", "time_s",
    "cache_hit", "srt", "report", "source",
)


class SummaryWriter:
    """Collects results in job order and keeps the summary files current."""

    def __init__(self, folder: Path, jobs: Sequence[Job], options: RunOptions) -> None:
        self.folder = folder
        self.jobs = list(jobs)
        self.options = options
        self.results: dict[Job, FileResult] = {}
        self.started = datetime.now(timezone.utc)
        self._t0 = time.perf_counter()

    @property
    def json_path(self) -> Path:
        return self.folder / "summary.json"

    @property
    def csv_path(self) -> Path:
        return self.folder / "summary.csv"

    def start(self) -> None:
        """The first account: every file still to come (``running``). Temp
        files a killed batch left beside the summary go first."""
        for path in (self.json_path, self.csv_path):
            remove_stale_temps(path)
        self._write(self._result("running"))

    def update(self, result: FileResult) -> None:
        self.results[result.job] = result
        self._write(self._result("running"))

    def finish(
        self, *, interrupted: bool, why: str = "the batch was interrupted",
        stopped_by: int | None = None,
    ) -> BatchResult:
        """The final account; ``why`` is the reason given for files not run,
        ``stopped_by`` the exit code of an error that stopped the batch."""
        result = replace(self._result("interrupted" if interrupted else "finished", why),
                         stopped_by=stopped_by)
        self._write(result)
        return result

    def _result(self, state: str, why: str = "not finished yet") -> BatchResult:
        rows = tuple(
            self.results.get(job) or FileResult(job, Status.NOT_RUN, why) for job in self.jobs
        )
        return BatchResult(
            rows, self.json_path, self.csv_path, time.perf_counter() - self._t0,
            interrupted=state == "interrupted",
        )

    def _write(self, result: BatchResult) -> None:
        state = "interrupted" if result.interrupted else (
            "finished" if len(self.results) == len(self.jobs) else "running"
        )
        write_text_atomic(self.json_path, json.dumps(self._json(result, state), indent=2) + "\n")
        write_text_atomic(self.csv_path, to_csv(result.results))

    def _json(self, result: BatchResult, state: str) -> dict[str, Any]:
        o = self.options
        return {
            "version": SUMMARY_VERSION,
            "state": state,
            "started": self.started.isoformat(timespec="seconds"),
            "updated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "elapsed_s": round(result.elapsed_s, 3),
            "exit_code": result.exit_code,
            "engine": o.engine,
            "model": o.model,
            "profile": o.profile.name,
            "settings_sha256": effective_settings(o).sha256(),
            "totals": totals(result.results),
            "files": [r.row() for r in result.results],
        }


def totals(results: Sequence[FileResult]) -> dict[str, Any]:
    counts: dict[str, Any] = {"files": len(results)}
    counts.update({s.value: sum(r.status is s for r in results) for s in Status})
    counts["errors"] = sum(r.errors or 0 for r in results)
    counts["warnings"] = sum(r.warnings or 0 for r in results)
    counts["audio_s"] = round(sum(r.duration_s or 0.0 for r in results), 3)
    return counts


def to_csv(results: Sequence[FileResult]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in results:
        writer.writerow({k: "" if v is None else v for k, v in r.row().items()})
    return out.getvalue()
