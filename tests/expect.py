"""The exit code a command must give, from what it wrote: tests assert the
exact code for their input, derived from the documented rule
(docs/run.md#exit-codes), never "0 or 3"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def run_code(*reports: Path) -> int:
    """``subtitler run``'s code for files that were all written: 3 when any
    report holds an error finding, else 0."""
    errors = 0
    for path in reports:
        data: dict[str, Any] = json.loads(path.read_text("utf-8"))
        errors += int(data["summary"]["errors"])
    return 3 if errors else 0


def batch_code(summary_folder: Path) -> int:
    """``subtitler batch``'s code from its ``summary.json``: 1 when a file
    failed or was not run, 3 when one has error findings or no speech, else 0."""
    data = json.loads((summary_folder / "summary.json").read_text("utf-8"))
    files: list[dict[str, Any]] = data["files"]
    statuses = {f["status"] for f in files}
    if statuses & {"failed", "not-run"}:
        return 1
    if "empty" in statuses or any((f.get("errors") or 0) > 0 for f in files):
        return 3
    return 0


def check_code(json_output: str) -> int:
    """``subtitler check --format json``'s code: 3 when any finding is an error."""
    data = json.loads(json_output)
    errors = [f for file in data["files"] for f in file["findings"] if f["severity"] == "error"]
    return 3 if errors else 0


def same_words(original: list[str], shown: list[str]) -> bool:
    """Whether ``shown`` holds the words of ``original``, once each and in
    order, changed only by sentence marks (``cues.punctuate``): a capital
    first letter, a full stop added."""
    if len(original) != len(shown):
        return False
    for o, s in zip(original, shown, strict=True):
        cap = o[:1].upper() + o[1:]
        if s not in (o, o + ".", cap, cap + "."):
            return False
    return True
