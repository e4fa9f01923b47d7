"""What shapes a run: ``RunOptions`` for every file, and the settings one
file gets (``effective_settings``): the one place that decides a file's
language and script and the fingerprint ``batch`` uses to decide what to redo."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..cues.options import CueOptions
from ..engines.base import DecodeOptions
from ..fsutil import sha256_bytes, sha256_file
from ..profiles import PROFILES, Profile, strict_script
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
        """The options as the report records them; ``decode`` overrides what
        was asked for with what was sent (a glossary's hotwords)."""
        o = self.options
        track = {} if o.audio_track is None else {"audio_track": o.audio_track}
        return {
            **track,
            "glossary": [str(p) for p in o.glossary],
            "hotwords": o.hotwords,
            "script": str(self.script) if self.script is not None else None,
            "script_strict": o.script_strict,
            "spelling": o.spelling,
            "engine": o.engine,
            "model": o.model,
            "profile": {"name": o.profile.name, **o.profile.numbers()},
            "decode": (decode or self.decode).key(),
            "threads": o.threads,
            "workers": o.workers,
            "cache": o.use_cache,
            "refine_onsets": o.refine_onsets,
            "formats": list(o.formats),
            "translate": o.translate,
            "name_with_language": o.name_with_language,
            "cues": o.cues.to_json(),
        }

    def sha256(self) -> str:
        """Fingerprint of every setting that shapes the file's outputs: the
        subtitler version, the options without threads, workers and cache
        use (the chunks, and so the words, do not depend on them), rule
        severities, and the contents of the glossary and script files.
        ``batch`` redoes a file whose report records another one."""
        # paths: their contents count below; formats: each file's own record says
        skip = ("threads", "workers", "cache", "glossary", "script", "formats",
                "name_with_language")
        data = {k: v for k, v in self.to_json().items() if k not in skip}
        o = self.options
        data["version"] = __version__
        data["severity"] = {r: sev.value for r, sev in sorted(self.profile.severity.items())}
        data["glossary_sha256"] = [_content(p) for p in o.glossary]
        data["script_sha256"] = _content(self.script) if self.script else None
        return sha256_bytes(json.dumps(data, sort_keys=True, default=str).encode("utf-8"))


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
