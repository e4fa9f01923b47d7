"""Every setting of ``run`` and ``batch``, declared once.

A ``Setting`` names the ``RunOptions`` field it fills, its type, its range or
choices, its help text, its command-line flags, its settings-file key and the
commands that take it. Everything else is derived from ``RUN_SETTINGS``:

- the click options of ``run`` and ``batch`` (``cli.options.setting_options``);
- the settings file's reading and checks (``config``), with the same ranges
  and choices as the command line;
- ``RunOptions`` built from both, the command line winning over the file and
  the file over the defaults (``cli.options.run_options``), and the report's
  record of it and the fingerprint (``pipeline.settings``);
- the settings table of docs/settings.md (``tools.settings_table``).

The defaults are the fields' own (``RunOptions``, ``DecodeOptions``), as a
library caller gets them. The cue builder's table (``[cues]``) is declared by
``cues.options.CueOptions``; the profile's numbers by ``profiles.Profile``.

Adding a setting: a ``Setting`` here, the ``RunOptions`` field it fills (with
its default), and the code that uses it. Nothing imported here may be slow:
``--help`` builds its options from this module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .errors import UsageError
from .formats.registry import FORMATS
from .profiles import PROFILES

RUN_AND_BATCH = frozenset({"run", "batch"})

MAX_BEAM = 20
WHY_BEAM = (
    "each beam is a hypothesis with its own decoder state, so memory and time grow with it "
    "(a beam of 100000 grew past 10 GB); Whisper's default is 5, and 20 leaves room to try")

MAX_THREADS = 64
WHY_THREADS = (
    "a fixed number, so that a settings file means the same on every machine; thread scaling "
    "flattens long before 64, and an unchecked count reached the OpenMP runtime "
    "(99999999999 threads aborted inside it)")

ENGINE_NAMES = ("faster-whisper", "openai-whisper")
"""The engines ``engines.ENGINES`` registers (named here so that ``--help``
does not import the engines; ``tests/test_cli.py`` checks they agree)."""

SPELLINGS = ("en-GB", "en-US", "off")


@dataclass(frozen=True)
class Setting:
    """One setting: where it goes, what it may be, how it is given."""

    field: str
    """The ``RunOptions`` field it fills; ``decode.beam_size`` is a field of
    ``RunOptions.decode``. Its last part names the click parameter."""
    kind: type
    """``int``, ``float``, ``bool``, ``str`` or ``Path`` (of each item, with ``many``)."""
    help: str
    key: str = ""
    """Settings-file key (default: the field's last part with dashes);
    the long flag is ``--KEY``."""
    short: str | None = None
    """A one-letter flag, e.g. ``-p``."""
    many: bool = False
    """A list: repeatable on the command line, a list in the file."""
    low: float | None = None
    high: float | None = None
    why: str = ""
    """Why the range is what it is (shown in the docs)."""
    choices: tuple[str, ...] = ()
    """The values it takes (compared ignoring case)."""
    values: str = ""
    """The values it takes, as the docs say them, where no range or choices do."""
    switch: Literal["both", "on", "off"] = "both"
    """A ``bool`` setting's flags: ``--KEY/--no-KEY``, only ``--KEY``, or only ``--no-KEY``."""
    metavar: str | None = None
    parse: Callable[[Any], Any] | None = None
    """Turns a checked value (a tuple with ``many``) into the field's;
    ``UsageError`` says what is wrong, without the key."""
    commands: frozenset[str] = RUN_AND_BATCH
    fingerprint: bool = True
    """Part of the settings fingerprint (``batch`` redoes files when it
    changes); False for what does not change the words or the cues."""

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", self.param.replace("_", "-"))

    @property
    def param(self) -> str:
        """The click parameter's name (and ``run_options``' keyword)."""
        return self.field.rsplit(".", 1)[-1]

    @property
    def flags(self) -> tuple[str, ...]:
        """Command-line flags, e.g. ``("-p", "--profile")`` or ``("--vad/--no-vad",)``."""
        long = {"both": f"--{self.key}/--no-{self.key}", "on": f"--{self.key}",
                "off": f"--no-{self.key}"}[self.switch] if self.kind is bool else f"--{self.key}"
        return (self.short, long) if self.short else (long,)

    def check(self, value: Any, folder: Path | None = None) -> Any:
        """``value`` as the field takes it (a path taken from ``folder``, by
        default the current one), or ``UsageError`` naming the key: "KEY must
        be ...", "KEY: what is wrong" (the caller adds the file)."""
        try:
            return self.value_of(value, folder)
        except _Must as err:
            raise UsageError(f"{self.key} {err.message}") from None
        except UsageError as err:
            raise UsageError(f"{self.key}: {err.message}") from None

    def value_of(self, value: Any, folder: Path | None = None) -> Any:
        """``check`` without the key in the message (the command line's, which
        names the option)."""
        items = _items(value) if self.many else (value,)
        checked = tuple(self._check_one(v, folder) for v in items)
        out: Any = checked if self.many else checked[0]
        return out if self.parse is None else self.parse(out)

    def _check_one(self, value: Any, folder: Path | None) -> Any:
        kind = self.kind
        if kind is bool:
            if not isinstance(value, bool):
                raise _Must(f"must be true or false, not {value!r}")
            return value
        if kind in (int, float):
            number = int if kind is int else (int, float)
            if isinstance(value, bool) or not isinstance(value, number):
                what = "a whole number" if kind is int else "a number"
                raise _Must(f"must be {what}, not {value!r}")
            if not self.within(value):
                raise _Must(f"must be from {_num(self.low)} to {_num(self.high)}, not {value!r}")
            return value
        if kind is Path and isinstance(value, Path):
            value = str(value)
        if not isinstance(value, str):
            raise _Must(f"must be a text, not {value!r}")
        if self.choices:
            chosen = {_plain(c): c for c in self.choices}.get(_plain(value))
            if chosen is None:
                raise _Must(f"must be one of {', '.join(self.choices)}, not {value!r}")
            return chosen
        return (Path(folder or ".") / value).absolute() if kind is Path else value

    def within(self, value: float) -> bool:
        low = float("-inf") if self.low is None else self.low
        high = float("inf") if self.high is None else self.high
        return bool(low <= value <= high)

    def type_name(self) -> str:
        """The type as the docs name it."""
        one = {int: "whole number", float: "number", bool: "true/false", str: "text",
               Path: "path"}[self.kind]
        return f"list of {one}s" if self.many else one

    def values_text(self) -> str:
        """The values it takes, as the docs say them."""
        if self.choices:
            return ", ".join(self.choices)
        if self.low is not None or self.high is not None:
            return f"{_num(self.low)} to {_num(self.high)}"
        return self.values


class _Must(UsageError):
    """A value of the wrong type or out of range: "must be ..."."""


def _items(value: Any) -> tuple[Any, ...]:
    """A list setting's items: a list, or one text (``"srt,vtt"``, ``"terms.yaml"``)."""
    if isinstance(value, (str, Path)):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(value)
    raise _Must("must be a list of strings")


def _plain(choice: str) -> str:
    """A choice as compared: "en_gb " is en-GB."""
    return choice.strip().lower().replace("_", "-")


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _formats(names: Sequence[str]) -> tuple[str, ...]:
    from .formats.registry import parse_formats

    return parse_formats(names)


def _profile_names() -> tuple[str, ...]:
    return tuple(sorted(PROFILES))


RUN_SETTINGS: tuple[Setting, ...] = (
    Setting("profile", str, short="-p", choices=_profile_names(),
            help="Subtitle style profile (default: netflix, or the settings file's)."),
    Setting("engine", str, choices=ENGINE_NAMES,
            help="Transcription engine (default: faster-whisper)."),
    Setting("model", str, help="Model: tiny.en or base (bundled), a name (downloaded where "
            "there is a network) or a local model folder/file. Default: the bundled tiny.en "
            "for English, base for any other language detected."),
    Setting("decode.language", str, metavar="CODE",
            help="Spoken language code, e.g. es (a batch manifest's language column wins). "
            "Default: detected for each stretch of speech; given, speech heard as another "
            "language is an error."),
    Setting("decode.beam_size", int, low=1, high=MAX_BEAM, why=WHY_BEAM,
            help="Beam search width (default: 5; beam 1 skipped speech with tiny.en in our "
            "measurements)."),
    Setting("decode.vad", bool,
            help="Transcribe only where the voice-activity detector hears speech (default: "
            "on; off transcribes silence too, not recommended)."),
    Setting("glossary", Path, short="-g", many=True, fingerprint=False,
            help="Glossary file (YAML, CSV/TSV, TBX); repeatable; in a settings file, "
            "relative to its folder. Fixes recognition errors and house spelling, flags "
            "discouraged wording (see --hotwords)."),
    Setting("hotwords", bool,
            help="Send the glossary's terms to the engine to bias recognition (default: off; "
            "measured: no gain on the sample once the glossary corrects the transcript)."),
    Setting("spelling", str, choices=SPELLINGS,
            help="House spelling: convert American/British variants of any word (never in "
            "quotations, names or protected phrases; words spelt both ways with different "
            "meanings are flagged). Default: the glossary's 'spelling', or none."),
    Setting("script_strict", bool, switch="on",
            help="Skipped or added script passages are errors, not warnings."),
    Setting("use_cache", bool, key="cache", switch="off", fingerprint=False,
            help="Do not read or write the transcript cache."),
    Setting("workers", int, low=1, high=MAX_THREADS, why=WHY_THREADS, fingerprint=False,
            help="Chunks of a file transcribed at once, on one loaded model (default: one "
            "per core, or cores/--threads)."),
    Setting("threads", int, low=1, high=MAX_THREADS, why=WHY_THREADS, fingerprint=False,
            help="CPU threads per worker (default: 1, or cores/--workers)."),
    Setting("translate", bool, switch="on",
            help="Also write English subtitles for speech in another language "
            "(<stem>.en.srt): Whisper's machine translation, a draft for a translator "
            "(subtitler review --source), never to publish as it is."),
    Setting("name_with_language", bool, switch="on", commands=frozenset({"run"}),
            fingerprint=False,
            help="Name the files after their language, as players expect: <stem>.es.srt "
            "(batch names files by its inputs)."),
    Setting("formats", str, key="format", short="-f", many=True, metavar="LIST",
            parse=_formats, values=f"{', '.join(FORMATS)} (or one text: \"srt,vtt\")",
            fingerprint=False,
            help=f"Subtitle files to write, comma-separated, from {', '.join(FORMATS)} "
            "(default: srt). Every file comes from the same cues."),
)
"""Every setting ``run`` and ``batch`` take, in the order ``--help`` lists them."""

BY_KEY: dict[str, Setting] = {s.key: s for s in RUN_SETTINGS}


def settings_of(command: str) -> tuple[Setting, ...]:
    """The settings ``command`` takes, in order."""
    return tuple(s for s in RUN_SETTINGS if command in s.commands)
