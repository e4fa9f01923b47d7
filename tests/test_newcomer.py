"""Issue 13, item 15: what a newcomer meets on a fresh checkout: no paths
of one machine in the files, a clean install, nothing written outside the
user's chosen folders."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.badinput import JFK, ROOT

MACHINE_PATH = re.compile(r"/(work|root|home/\w+)/")


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                         check=False)
    if out.returncode != 0:
        pytest.skip("not a git checkout")
    return [ROOT / name for name in out.stdout.splitlines()]


def test_no_machine_specific_paths_in_committed_text() -> None:
    found = []
    for path in tracked_files():
        if path.suffix in {".mp4", ".wav"} or not path.is_file():
            continue
        for no, line in enumerate(path.read_text("utf-8", "replace").splitlines(), 1):
            if MACHINE_PATH.search(line) and path.name != "test_newcomer.py":
                found.append(f"{path.relative_to(ROOT)}:{no}: {line.strip()}")
    assert not found, "\n".join(found)


def test_gitignore_covers_the_readme_venv() -> None:
    lines = (ROOT / ".gitignore").read_text("utf-8").splitlines()
    assert ".venv/" in lines


def test_license_is_an_spdx_string_with_a_setuptools_that_knows_it() -> None:
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert data["project"]["license"] == "MIT"
    requires = " ".join(data["build-system"]["requires"])
    m = re.search(r"setuptools>=(\d+)", requires)
    assert m and int(m.group(1)) >= 77  # SPDX license strings: setuptools 77


@pytest.mark.slow
def test_building_the_metadata_warns_nothing(tmp_path: Path) -> None:
    """What ``pip install`` runs first, with the installed setuptools (which
    must be one the pin allows): no deprecation warning."""
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "subtitler", tmp_path / "subtitler")
    (tmp_path / "meta").mkdir()
    code = ("from setuptools import build_meta as b; import sys; "
            "print(b.prepare_metadata_for_build_wheel(sys.argv[1]))")
    done = subprocess.run([sys.executable, "-W", "always", "-c", code, str(tmp_path / "meta")],
                          cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Deprecat" not in done.stderr and "license" not in done.stderr.lower(), done.stderr
    meta = next((tmp_path / "meta").glob("*.dist-info")) / "METADATA"
    assert "License-Expression: MIT" in meta.read_text("utf-8")


@pytest.mark.slow
@pytest.mark.transcribes_again(reason="a first run, the model loaded in a fresh process")
def test_a_run_writes_nothing_under_the_users_cache_but_its_own(tmp_path: Path) -> None:
    """onnxruntime (the voice-activity detector) writes a telemetry device id
    under ~/.cache unless told not to; subtitler tells it not to."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(JFK, tmp_path / "jfk.wav")
    env = {**os.environ, "HOME": str(home), "PYTHONPATH": str(ROOT),
           "SUBTITLER_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("XDG_CACHE_HOME", None)
    env.pop("ORT_DISABLE_TELEMETRY", None)
    done = subprocess.run([sys.executable, "-m", "subtitler", "run", "jfk.wav", "-q"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    left = [str(p.relative_to(home)) for p in home.rglob("*") if p.is_file()]
    assert left == [], left
