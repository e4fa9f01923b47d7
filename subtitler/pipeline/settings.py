"""What shapes a run: ``RunOptions`` for every file (built from the declared
settings, ``run_settings``, by ``build_options``), and the settings one
file gets (``effective_settings``): the one place that decides a file's
language and script and the fingerprint ``batch`` uses to decide what to redo."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from ..cues.options import CueOptions
from ..engines.base import DecodeOptions
from ..fsutil import sha256_bytes, sha256_file
from ..profiles import PROFILES, Profile, strict_script
from ..run_settings import RUN_SETTINGS
from ..version import __version__


@dataclass(frozen=True)
class RunOptions:
    """Everything that shapes a run, besides the input."""

    profile: Profile = PROFILES["netflix"]
    engine: str = "faster-whisper"
    model: str | None = None
    decode: DecodeOptions = DecodeOptions()
    threads: int | None = None
    """Threads per worker (None: ``engines.share_cores`` decides)."""
    workers: int | None = None
    """Chunks of one file transcribed at once (None: ``engines.share_cores``)."""
    output_dir: Path | None = None
    force: bool = False
    use_cache: bool = True
    refine_onsets: bool = True
    """Start cues at the voice found in the audio (off: at the word times)."""
    cues: CueOptions = CueOptions()
    """The cue builder's weights and thresholds (recorded in the report)."""
    glossary: tuple[Path, ...] = ()
    """Glossary files: bias recognition, correct the transcript, check terms."""
    hotwords: bool = False
    """Send the glossary's terms to the engine (hotwords / initial prompt).
    Off by default: on the bundled sample it did not help once the glossary's
    corrections ran (docs/glossaries.md#hotwords-recognition-bias-measured-so-off-by-default)."""
    script: Path | None = None
    """The text the speaker read: subtitles carry its words (``process`` can
    override it per file)."""
    script_strict: bool = False
    """Script deviations are errors, not warnings."""
    formats: tuple[str, ...] = ("srt",)
    """Subtitle formats to write (``formats.FORMATS`` names), all from the same cues."""
    audio_track: int | None = None
    """The audio track to subtitle (1-based); None: the one with speech."""
    spelling: str | None = None
    """House spelling applied with the glossary's corrections: "en-GB",
    "en-US", "off"; None: the glossary's own ``spelling``."""
    translate: bool = False
    """Also write English subtitles for speech in another language
    (``<stem>.en.srt``): Whisper's translate task, a machine-translated
    draft for a translator, never to publish as it is (docs/engines.md)."""
    name_with_language: bool = False
    """Name the files after their language, as players expect: ``<stem>.es.srt``."""


@dataclass(frozen=True)
class FileSettings:
    """The settings one file is subtitled with: the run's options, with the
    file's own language and script (a batch manifest's columns) applied."""

    options: RunOptions
    decode: DecodeOptions
    script: Path | None

    @property
    def profile(self) -> Profile:
        """The profile the file is checked under (``script_strict`` applied)."""
        o = self.options
        return strict_script(o.profile) if o.script_strict else o.profile

    def to_json(self, decode: DecodeOptions | None = None) -> dict[str, Any]:
        """The options as the report records them: every ``RunOptions`` field
        but where the files go and whether to overwrite them, with this
        file's script and decoding; ``decode`` overrides what was asked for
        with what was sent (a glossary's hotwords)."""
        o = self.options
        out: dict[str, Any] = {}
        for f in fields(RunOptions):
            value = getattr(o, f.name)
            if f.name in NOT_RECORDED or (f.name in RECORDED_WHEN_SET and value is None):
                continue
            out[REPORT_NAMES.get(f.name, f.name)] = _as_json(value)
        out["script"] = str(self.script) if self.script is not None else None
        out["decode"] = (decode or self.decode).key()
        return out

    def sha256(self) -> str:
        """Fingerprint of every setting that shapes the file's outputs: the
        subtitler version, the options but those declared with
        ``fingerprint=False`` (threads, workers, cache use: the chunks, and
        so the words, do not depend on them; formats: each file's own record
        says), rule severities, and the contents of the glossary and script
        files. ``batch`` redoes a file whose report records another one."""
        skip = {REPORT_NAMES.get(s.field, s.field) for s in RUN_SETTINGS if not s.fingerprint}
        data = {k: v for k, v in self.to_json().items() if k not in skip | {"script"}}
        o = self.options
        data["version"] = __version__
        severity = sorted(self.profile.severities().items())
        data["severity"] = {rule: sev.value for rule, sev in severity}
        data["glossary_sha256"] = [_content(p) for p in o.glossary]
        data["script_sha256"] = _content(self.script) if self.script else None
        return sha256_bytes(json.dumps(data, sort_keys=True, default=str).encode("utf-8"))


NOT_RECORDED = frozenset({"output_dir", "force", "decode", "script"})
"""Fields the report does not record as they are: where the files go and
whether to overwrite them; ``decode`` and ``script`` as the file had them."""
RECORDED_WHEN_SET = frozenset({"audio_track"})
"""Recorded only when set (so records made before they existed stay current)."""
REPORT_NAMES = {"use_cache": "cache"}
"""Fields the report names otherwise."""


def build_options(values: Mapping[str, Any], **others: Any) -> RunOptions:
    """``RunOptions`` from settings' values by ``Setting.field`` (a dotted
    name fills a part: ``decode.beam_size``) and ``others`` as they are."""
    top = dict(others)
    parts: dict[str, dict[str, Any]] = {}
    for name, value in values.items():
        head, _, rest = name.partition(".")
        if rest:
            parts.setdefault(head, {})[rest] = value
        else:
            top[name] = value
    base = RunOptions(**top)
    return replace(base, **{h: replace(getattr(base, h), **p) for h, p in parts.items()})


def _as_json(value: Any) -> Any:
    if isinstance(value, Profile):
        return {"name": value.name, **value.numbers()}
    if isinstance(value, CueOptions):
        return value.to_json()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple):
        return [_as_json(v) for v in value]
    return value


def _content(path: Path) -> str:
    """The fingerprint of a file's contents; one that cannot be read counts
    by its path (a script that went missing is not the same as no script)."""
    try:
        if path.is_file():
            return sha256_file(path)
    except OSError:
        pass
    return f"unreadable: {path}"


def effective_settings(
    options: RunOptions, language: str | None = None, script: Path | None = None
) -> FileSettings:
    """The settings for one file: ``language`` and ``script`` (a file's own,
    e.g. from a manifest) win over the options'."""
    decode = options.decode if language is None else replace(options.decode, language=language)
    return FileSettings(options, decode, script or options.script)
