"""Batch runs: many media files, unattended, resumable, one summary."""

from .runner import (
    BatchInterrupted,
    BatchResult,
    FileResult,
    Item,
    Job,
    ManifestError,
    Status,
    discover,
    plan,
    process_job,
    read_manifest,
    run_batch,
    up_to_date,
)

__all__ = ["BatchInterrupted", "BatchResult", "FileResult", "Item", "Job", "ManifestError",
           "Status", "discover", "plan", "process_job", "read_manifest", "run_batch",
           "up_to_date"]
