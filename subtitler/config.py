"""Settings from a ``[tool.subtitler]`` table, found upward from a folder.

The first folder (the current one, then its parents) that holds a
``subtitler.toml``, or a ``pyproject.toml`` with a ``[tool.subtitler]`` table,
gives the settings. ``subtitler.toml`` holds them at its top level (or in its
own ``[tool.subtitler]`` table). Example::

    [tool.subtitler]
    profile = "bbc"              # netflix (default), netflix-kids, bbc, dcmp, vertical
    max-cps = 17                 # any profile number: max-line-chars, max-lines,
    min-gap-ms = 120             #   min-duration-ms, max-duration-ms, max-linger-ms
    ignore = ["line-break"]      # or select = [...]
    strict = true                # warnings count like errors for the exit code
    extend-hallucination-phrases = ["subscribe to our newsletter"]

    [tool.subtitler.severity]
    repeated-cue = "error"       # "error", "warning" or "off"

``check`` reads the profile, its numbers, the rule settings and ``strict``;
``run`` and ``batch`` read the profile, its numbers and severities too (so
they write the subtitles ``check`` then passes), every setting declared in
``run_settings.RUN_SETTINGS`` (by its key: ``beam-size = 5``,
``glossary = ["terms.yaml"]``, relative to this file) and the cue builder's
``cues`` table (``cues.options.CueOptions``). docs/settings.md lists them all,
with their types, ranges and defaults. A value of the wrong type or out of
range is a usage error naming the file and the key.

Options given on the command line win over the file.
"""

from __future__ import annotations

import difflib
import logging
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cues.options import DEFAULT as DEFAULT_CUES
from .cues.options import KINDS as CUE_KINDS
from .cues.options import CueOptions, field_problem
from .errors import UsageError
from .fsutil import read_input
from .profiles import Profile, get_profile
from .rules.registry import RULE_IDS
from .run_settings import RUN_SETTINGS, Setting

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

log = logging.getLogger(__name__)

CONFIG_NAMES = ("subtitler.toml", "pyproject.toml")
NUMBER_KEYS = frozenset(
    {"max_line_chars", "max_lines", "max_cps", "min_duration_ms", "max_duration_ms",
     "min_gap_ms", "max_linger_ms"}
)
CHECK_KEYS = frozenset(
    {"select", "ignore", "strict", "severity", "hallucination_phrases",
     "extend_hallucination_phrases"}
)


@dataclass(frozen=True)
class RunSettings:
    """What ``run`` and ``batch`` read from the file besides the profile's
    numbers: the declared settings it sets, checked, and its ``cues`` table."""

    given: Mapping[str, Any] = field(default_factory=dict)
    """``run_settings.RUN_SETTINGS`` values by ``Setting.param`` (paths made
    absolute from the settings file's folder); a setting not set is absent."""
    cues: CueOptions = DEFAULT_CUES
    """The ``cues`` table over the cue builder's defaults."""

    def get(self, param: str) -> Any:
        """The file's value of a setting (None: not set)."""
        return self.given.get(param)


RUN_KEYS: dict[str, Setting] = {s.key.replace("-", "_"): s for s in RUN_SETTINGS}
"""The declared settings by file key (with underscores, as keys are compared)."""


@dataclass(frozen=True)
class Config:
    """Settings from one file (all empty when no file was found)."""

    path: Path | None = None
    numbers: Mapping[str, Any] = field(default_factory=dict)
    severity: Mapping[str, str] = field(default_factory=dict)
    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    strict: bool | None = None
    phrases: tuple[str, ...] | None = None
    extend_phrases: tuple[str, ...] = ()
    run: RunSettings = RunSettings()

    @property
    def profile(self) -> str | None:
        """The file's ``profile`` (None: not set)."""
        name: str | None = self.run.get("profile")
        return name

    def build_profile(
        self, name: str | None = None, numbers: Mapping[str, Any] | None = None
    ) -> Profile:
        """The profile ``name`` (else the file's, else netflix) with the file's
        numbers and severities, then ``numbers`` (from options) on top."""
        base = get_profile(name or self.profile or "netflix")
        overrides: dict[str, Any] = dict(self.numbers)
        overrides.update(numbers or {})
        sev = {rule: level for rule, level in self.severity.items() if level != "off"}
        if sev:
            overrides["severity"] = sev
        try:
            return base.with_overrides(overrides)
        except UsageError as err:
            raise UsageError(err.message, path=self.path) from None

    @property
    def off(self) -> frozenset[str]:
        """Rules the file's ``severity`` table turns off."""
        return frozenset(r for r, level in self.severity.items() if level == "off")


def find_config(start: str | Path | None = None) -> Path | None:
    """The settings file that applies in ``start`` (default: the current folder)."""
    folder = Path(start or Path.cwd()).resolve()
    for d in (folder, *folder.parents):
        own = d / "subtitler.toml"
        if own.is_file():
            return own
        py = d / "pyproject.toml"
        if py.is_file() and "subtitler" in _read(py).get("tool", {}):
            return py
    return None


def load_config(path: str | Path | None = None, *, start: str | Path | None = None) -> Config:
    """Settings from ``path``, or from the file ``find_config(start)`` finds."""
    found = Path(path) if path is not None else find_config(start)
    if found is None:
        return Config()
    data = _read(found)
    table = data.get("tool", {}).get("subtitler")
    if table is None:
        table = {} if found.name == "pyproject.toml" else data
    if not isinstance(table, dict):
        raise UsageError("[tool.subtitler] must be a table", path=found)
    log.info("settings from %s", found)
    return _parse(table, found)


def _read(path: Path) -> dict[str, Any]:
    data = read_input(path, UsageError, "settings file")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise UsageError("not UTF-8 text", path=path) from None
    except RecursionError:
        raise UsageError("invalid TOML: nested too deeply", path=path) from None
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"line (\d+)", str(err))
        raise UsageError(f"invalid TOML: {err}", path=path, line=int(m[1]) if m else None) from None
    except ValueError as err:  # a whole number of over 4300 digits
        raise UsageError(f"invalid TOML: {err}", path=path) from None
    except OSError as err:
        raise UsageError(f"cannot read: {err.strerror}", path=path) from None


def _parse(table: Mapping[str, Any], path: Path) -> Config:
    keys = {str(k).replace("-", "_"): v for k, v in table.items()}
    numbers = {k: v for k, v in keys.items() if k in NUMBER_KEYS}
    for k, v in numbers.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise UsageError(f"{k.replace('_', '-')} must be a number, not {v!r}", path=path)
    known = NUMBER_KEYS | CHECK_KEYS | RUN_KEYS.keys() | {"cues"}
    for k in sorted(keys.keys() - known):
        _unknown(k, known, path)
    select = keys.get("select")
    strict = keys.get("strict")
    if strict is not None and not isinstance(strict, bool):
        raise UsageError("strict must be true or false", path=path)
    phrases = keys.get("hallucination_phrases")
    return Config(
        path=path,
        numbers=numbers,
        severity=_severity(keys.get("severity", {}), path),
        select=None if select is None else rule_ids(_strings(select, "select", path), path),
        ignore=rule_ids(_strings(keys.get("ignore", []), "ignore", path), path),
        strict=strict,
        phrases=None if phrases is None else _strings(phrases, "hallucination-phrases", path),
        extend_phrases=_strings(keys.get("extend_hallucination_phrases", []), "phrases", path),
        run=_run_settings(keys, path),
    )


def _run_settings(keys: Mapping[str, Any], path: Path) -> RunSettings:
    given: dict[str, Any] = {}
    for key, setting in RUN_KEYS.items():
        if keys.get(key) is not None:
            try:
                given[setting.param] = setting.check(keys[key], path.parent)
            except UsageError as err:
                raise UsageError(err.message, path=path) from None
    return RunSettings(given, _cue_options(keys.get("cues", {}), path))


def _cue_options(table: Any, path: Path) -> CueOptions:
    """The ``cues`` table: any ``CueOptions`` field, typed and range-checked."""
    if not isinstance(table, dict):
        raise UsageError("cues must be a table of cue builder settings", path=path)
    given: dict[str, Any] = {}
    for key, value in table.items():
        name = str(key).replace("-", "_")
        if name not in CUE_KINDS:
            _unknown(name, CUE_KINDS.keys(), path, table="cues.")
            continue
        problem = field_problem(name, value)
        if problem:
            raise UsageError(f"cues.{name.replace('_', '-')} {problem}", path=path)
        given[name] = value
    return CueOptions(**given) if given else DEFAULT_CUES


def _unknown(name: str, known: Iterable[str], path: Path, table: str = "") -> None:
    """Warn that a key is ignored, naming the known one it may be a typo of."""
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f"; did you mean {close[0].replace('_', '-')!r}?" if close else ""
    log.warning("%s: unknown setting %r (ignored%s)", path, table + name.replace("_", "-"), hint)


def _strings(value: Any, key: str, path: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{key} must be a list of strings", path=path)
    return tuple(value)


def _severity(value: Any, path: Path) -> dict[str, str]:
    if not isinstance(value, dict):
        raise UsageError("severity must be a table of rule = level", path=path)
    rule_ids(value, path)
    out: dict[str, str] = {}
    for rule, level in value.items():
        if level not in ("error", "warning", "off"):
            raise UsageError(f"severity of {rule!r} must be error, warning or off", path=path)
        out[str(rule)] = str(level)
    return out


def rule_ids(ids: Any, path: Path | None = None) -> frozenset[str]:
    """``ids`` (each may hold several, comma-separated) checked against the known
    rule ids; unknown ones raise ``UsageError``."""
    out = frozenset(p.strip() for item in ids for p in str(item).split(",") if p.strip())
    unknown = sorted(out - RULE_IDS)
    if unknown:
        msg = f"unknown rule id {', '.join(map(repr, unknown))} (subtitler check --list-rules)"
        raise UsageError(msg, path=path)
    return out
