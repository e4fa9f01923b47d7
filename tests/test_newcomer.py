"""Issue 13, item 15: what a newcomer meets on a fresh checkout: no paths
of one machine in the files, a clean install, nothing written outside the
user's chosen folders."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
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


def project_copy(tmp_path: Path) -> Path:
    """What a clean clone holds for the build: the package and its metadata
    files (and a stray folder beside them, which must not be packaged)."""
    src = tmp_path / "project"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "subtitler", src / "subtitler",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (src / "scratch").mkdir()
    (src / "scratch" / "__init__.py").write_text("", "utf-8")
    return src


def build(src: Path, hook: str, out: Path) -> tuple[str, str]:
    """Run one PEP 517 hook of the build backend, as pip does, with every
    warning shown: (its result, what it printed on stderr: the warnings)."""
    out.mkdir()
    code = f"from setuptools import build_meta as b; import sys; print(b.{hook}(sys.argv[1]))"
    done = subprocess.run([sys.executable, "-W", "always", "-c", code, str(out)],
                          cwd=src, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1], done.stderr


@pytest.mark.slow
def test_building_the_metadata_warns_nothing(tmp_path: Path) -> None:
    """What ``pip install`` runs first, with the installed setuptools (which
    must be one the pin allows): no deprecation warning."""
    src = project_copy(tmp_path)
    _, warned = build(src, "prepare_metadata_for_build_wheel", tmp_path / "meta")
    assert "Deprecat" not in warned and "license" not in warned.lower(), warned
    meta = (next((tmp_path / "meta").glob("*.dist-info")) / "METADATA").read_text("utf-8")
    assert "License-Expression: MIT" in meta and "License-File: LICENSE" in meta


@pytest.mark.slow
def test_an_editable_install_warns_nothing_and_is_the_folder(tmp_path: Path) -> None:
    """``pip install -e .`` builds this wheel: no "Editable installation ...
    be careful with folders" box, and a path entry to the project, so a new
    module is importable without reinstalling."""
    src = project_copy(tmp_path)
    name, warned = build(src, "build_editable", tmp_path / "wheel")
    assert "Warning" not in warned and "careful" not in warned, warned
    with zipfile.ZipFile(tmp_path / "wheel" / name) as wheel:
        pth = [n for n in wheel.namelist() if n.endswith(".pth")]
        assert len(pth) == 1
        assert wheel.read(pth[0]).decode().split() == [str(src.resolve())]


@pytest.mark.slow
def test_the_wheel_holds_the_package_and_its_data_and_nothing_else(tmp_path: Path) -> None:
    """Every file of the package in git (modules, fonts and their licence,
    the review page) is in the wheel; no other folder of the project is."""
    src = project_copy(tmp_path)
    name, _ = build(src, "build_wheel", tmp_path / "wheel")
    with zipfile.ZipFile(tmp_path / "wheel" / name) as wheel:
        packaged = {n for n in wheel.namelist() if ".dist-info/" not in n}
    tracked = {p.relative_to(ROOT).as_posix() for p in tracked_files()
               if p.relative_to(ROOT).parts[0] == "subtitler" and p.is_file()}
    assert packaged == tracked, (sorted(tracked - packaged), sorted(packaged - tracked))
    assert {"subtitler/media/fonts/LICENSE", "subtitler/review/static/LICENSE.txt",
            "subtitler/review/static/index.html"} <= packaged


@pytest.mark.slow
def test_a_model_name_without_a_network_is_one_readable_line(tmp_path: Path) -> None:
    """``--model small.en`` where it cannot be downloaded: one line, no
    escaped line break, the way out (a local folder) named; exit 1. The hub
    is told to stay offline (and given an empty cache), so the test never
    downloads a model even on a machine with a network."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1",
           "HF_HOME": str(tmp_path / "hf"), "SUBTITLER_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "subtitler", "run", str(JFK), "--model", "small.en",
         "-o", str(tmp_path / "out"), "-q"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "\\n" not in done.stderr, done.stderr
    head = ("subtitler: error: cannot load faster-whisper model 'small.en': it is not a "
            "folder here and could not be downloaded (")
    tail = ("); to work offline, give --model PATH, a local model folder "
            "(or leave --model out: the bundled models)")
    assert lines[0].startswith(head) and lines[0].endswith(tail), lines[0]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


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
