"""``summary.json`` and ``summary.csv``: rewritten (atomically) after every
file, so a batch stopped half-way still leaves an accurate account.

While it runs a batch holds the summary folder's batch lock
(``.subtitler/batch.lock``; the kernel frees it however the batch ends): a
second batch writing the same summary is refused, and a batch that finds a
summary still saying ``running`` with nobody holding the lock knows the
run before it was killed (``kill -9``, the OOM killer, a power cut) and
says so, in its output and in ``previous_run``."""

from __future__ import annotations

import csv
import io
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import UsageError, WriteError
from ..files import Writes
from ..files.locks import Holder, Lock
from ..files.store import state_dir
from ..fsutil import remove_stale_temps, write_error
from ..pipeline.settings import RunOptions, effective_settings
from .jobs import BatchResult, FileResult, Job, Status

SUMMARY_VERSION = 1
COLUMNS = (
    "media", "status", "reason", "duration_s", "cues", "errors", "warnings", "time_s",
    "cache_hit", "srt", "report", "source",
)


class SummaryWriter:
    """Collects results in job order and keeps the summary files current."""

    def __init__(self, folder: Path, jobs: Sequence[Job], options: RunOptions,
                 inputs: Sequence[Path] = ()) -> None:
        self.folder = folder
        self.jobs = list(jobs)
        self.options = options
        self.results: dict[Job, FileResult] = {}
        self.started = datetime.now(timezone.utc)
        self._t0 = time.perf_counter()
        self.writes = Writes("batch")
        for path in inputs:
            self.writes.add_input(path, "a manifest")
        self.lock: Lock | None = None
        self.previous: dict[str, Any] | None = None
        """The run before this one, when it was killed before it finished."""

    @property
    def json_path(self) -> Path:
        return self.folder / "summary.json"

    @property
    def csv_path(self) -> Path:
        return self.folder / "summary.csv"

    def start(self, notice: Callable[[str], None] | None = None) -> None:
        """Take the batch lock and write the first account: every file still
        to come (``running``). ``UsageError`` when another batch holds the
        lock; ``notice`` hears of a run before this one that was killed.
        Temp files a killed batch left beside the summary go first."""
        self.lock = self._take_lock()
        self.previous = killed_run(self.json_path)
        if self.previous is not None and notice is not None:
            p = self.previous
            notice(f"the batch before this one here (started {p['started']}, pid {p['pid']}) "
                   f"was stopped without finishing (killed?): {p['finished']} of {p['files']} "
                   "files were done; files still up to date are skipped")
        for path in (self.json_path, self.csv_path):
            remove_stale_temps(path)
        self._write(self._result("running"))

    def _take_lock(self) -> Lock:
        folder = self.folder.absolute()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise write_error(self.json_path, err) from None
        try:
            taken = Lock.take(state_dir(folder) / "batch.lock", command="batch")
        except OSError as err:
            raise WriteError(f"cannot write the summary here: {err.strerror or err}",
                             path=folder) from None
        if isinstance(taken, Holder):
            raise UsageError(
                f"another subtitler batch is writing its summary here ({taken.describe()}): "
                "wait for it to finish, or give this one another --summary-dir", path=folder)
        return taken

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

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
        try:
            self._write(result)
        finally:
            self.release()
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
        text = json.dumps(self._json(result, state), indent=2) + "\n"
        self.writes.record(self.json_path, text.encode("utf-8"))
        self.writes.record(self.csv_path, to_csv(result.results).encode("utf-8"))

    def _json(self, result: BatchResult, state: str) -> dict[str, Any]:
        o = self.options
        return {
            "version": SUMMARY_VERSION,
            "state": state,
            "pid": os.getpid(),
            "started": self.started.isoformat(timespec="seconds"),
            "updated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "elapsed_s": round(result.elapsed_s, 3),
            "exit_code": result.exit_code,
            "engine": o.engine,
            "model": o.model,
            "profile": o.profile.name,
            "settings_sha256": effective_settings(o).sha256(),
            "totals": totals(result.results),
            "previous_run": self.previous,
            "files": [r.row() for r in result.results],
        }


def killed_run(path: Path) -> dict[str, Any] | None:
    """What ``summary.json`` at ``path`` says of a run that still says
    ``running`` (called with the batch lock held: that run is not running)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("state") != "running":
        return None
    files = data.get("files")
    rows = files if isinstance(files, list) else []
    done = sum(1 for r in rows if isinstance(r, dict) and r.get("status") != Status.NOT_RUN.value)
    return {"state": "interrupted", "started": data.get("started"), "pid": data.get("pid"),
            "updated": data.get("updated"), "finished": done, "files": len(rows),
            "why": "its summary still said running and no batch held its lock: it was "
                   "killed or the machine stopped"}


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
