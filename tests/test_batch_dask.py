"""The Dask path of ``subtitler batch`` writes the same files as a local run."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from subtitler.batch import Status, plan, run_batch
from subtitler.cli import main
from subtitler.pipeline import RunOptions
from tests.expect import batch_code

distributed = pytest.importorskip(
    "distributed", reason='Dask is an optional extra: pip install "dask[distributed]"'
)


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """One worker process, as a separate machine's worker would be."""
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


@pytest.mark.slow
@pytest.mark.transcribes_again(reason="the Dask worker must really transcribe")
def test_dask_writes_the_same_files_as_a_local_run(
    sample_clips: list[Path], cluster: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    cache_env: Path,
) -> None:
    videos = tmp_path / "videos"
    videos.mkdir()
    shutil.copy(sample_clips[0], videos / "one.mp4")
    shutil.copy(sample_clips[3], videos / "two.mp4")
    (videos / "broken.mp4").write_bytes(b"not a video at all")
    options = RunOptions()

    local = run_batch(plan([videos], tmp_path / "local"), options, summary_dir=tmp_path / "local")
    # a fresh cache, inherited by nothing: the worker really transcribes
    monkeypatch.setenv("SUBTITLER_CACHE_DIR", str(tmp_path / "cache-dask"))
    with distributed.Client(cluster) as client:
        client.run(_set_cache, str(tmp_path / "cache-dask"))
        try:
            remote = run_batch(
                plan([videos], tmp_path / "dask"), options, summary_dir=tmp_path / "dask",
                dask=client,
            )
            loaded = client.run(_pipelines_loaded)
        finally:
            client.run(_set_cache, str(cache_env))  # the session's again

    assert [r.status for r in remote.results] == [r.status for r in local.results]
    assert [r.status for r in remote.results] == [Status.FAILED, Status.DONE, Status.DONE]
    assert remote.results[0].reason == local.results[0].reason
    assert remote.exit_code == local.exit_code == 1
    for name in ("one", "two"):
        assert (tmp_path / "dask" / f"{name}.srt").read_bytes() == (
            tmp_path / "local" / f"{name}.srt"
        ).read_bytes()
        report = json.loads((tmp_path / "dask" / f"{name}.report.json").read_text("utf-8"))
        assert report["cache_hit"] is False
    assert list(loaded.values()) == [1]  # one model for both files on the worker


def _set_cache(folder: str) -> None:
    import os

    os.environ["SUBTITLER_CACHE_DIR"] = folder


def _pipelines_loaded() -> int:
    from subtitler.batch import cluster as batch_dask

    return len(batch_dask._PIPELINES)


@pytest.mark.slow
def test_cli_dask_option_against_a_scheduler_address(
    sample_clips: list[Path], cluster: object, tmp_path: Path
) -> None:
    videos = tmp_path / "videos"
    videos.mkdir()
    shutil.copy(sample_clips[1], videos / "one.mp4")
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(videos), "-o", str(out), "--dask", address])
    assert result.exit_code == batch_code(out), result.output
    assert (out / "one.srt").read_text("utf-8").startswith("1\n")
    assert "1 done" in result.output


def test_missing_dask_names_the_pip_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.mp4").write_bytes(b"x")
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    result = CliRunner().invoke(main, ["batch", str(tmp_path), "--dask", "tcp://h:8786", "-q"])
    assert result.exit_code == 2
    assert result.stderr.startswith("subtitler: error: --dask needs Dask, which is not installed")
    assert 'pip install "subtitler[dask]"' in result.stderr
