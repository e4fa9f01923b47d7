"""The bad-input corpus: files a hostile (or unlucky) user hands subtitler,
each made here (nothing binary is committed), with the command run on it,
the exit code expected and the one-line message it must print.

``CASES`` is run by ``tests/test_badinput.py`` through the real command line
(a subprocess with a time limit, so a hang fails instead of blocking CI).
Each case names the issue-13 item it covers (``item``).
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests import mediafactory
from tests.kept import kept

ROOT = Path(__file__).resolve().parent.parent
JFK = ROOT / "tests" / "data" / "jfk.wav"
SRT_OK = "1\n00:00:01,000 --> 00:00:04,000\nHello there.\n"

Build = Callable[[Path], list[str]]
"""Makes the inputs in the folder it is given; returns the command's arguments."""
After = Callable[[Path], None]
"""Asserts on what the command left behind (raises AssertionError)."""


@dataclass(frozen=True)
class Case:
    id: str
    item: int
    build: Build
    code: int
    message: str | None
    """A regular expression the ``subtitler: error:`` line must match (None: no error line)."""
    after: After | None = None
    slow: bool = False
    """Loads the speech model."""
    stdout: str | None = None
    """A regular expression stdout must match."""
    env: dict[str, str] = field(default_factory=dict)


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def yaml_glossary(body: str) -> str:
    return "name: bad\nentries:\n" + body


# -- item 2: two inputs, one output -----------------------------------------


def _two_intros(tmp: Path) -> list[str]:
    for folder in ("a", "b"):
        (tmp / folder).mkdir()
    mediafactory.tone(tmp / "a" / "intro.wav", 1.0)
    shutil.copy(JFK, tmp / "b" / "intro.wav")
    return ["run", "a/intro.wav", "b/intro.wav", "-o", "out"]


def _nothing_written(tmp: Path) -> None:
    assert not (tmp / "out").exists(), "run wrote before refusing"


# -- item 3: a UTF-8 file with one bad byte ---------------------------------

MIXED = (
    "1\n00:00:01,000 --> 00:00:04,000\nCafé ouvert\n\n"
    "2\n00:00:05,000 --> 00:00:08,000\n"
).encode() + b"Men\xfa du jour\n"


def _mixed(tmp: Path) -> list[str]:
    write(tmp / "mixed.srt", MIXED)
    return ["check", "mixed.srt", "--fix", "--in-place"]


def _mixed_untouched(tmp: Path) -> None:
    assert (tmp / "mixed.srt").read_bytes() == MIXED
    assert kept(tmp / "mixed.srt") == []


# -- item 4: names ffmpeg would take for a protocol or an option -------------


def _protocol_name(name: str) -> Build:
    def build(tmp: Path) -> list[str]:
        shutil.copy(JFK, tmp / "one.wav")
        shutil.copy(JFK, tmp / "two.wav")
        mediafactory.silence(tmp / "plain.wav", 2.0)
        os.rename(tmp / "plain.wav", tmp / name)
        return ["run", "-o", "out", "--", name]

    return build


# -- item 6: a language the model cannot do ----------------------------------


def _language(code: str, *model: str) -> Build:
    def build(tmp: Path) -> list[str]:
        shutil.copy(JFK, tmp / "talk.wav")
        return ["run", "talk.wav", "--language", code, *model]

    return build


# -- item 8: run's own empty SRT -------------------------------------------


def _empty_srt(tmp: Path) -> list[str]:
    write(tmp / "silent.srt", "")
    return ["check", "silent.srt"]


# -- item 9: manifest outputs outside the manifest's folder -----------------


def _manifest_output(output: str) -> Build:
    def build(tmp: Path) -> list[str]:
        (tmp / "m").mkdir()
        shutil.copy(JFK, tmp / "m" / "talk.wav")
        write(tmp / "m" / "list.csv", f"media,output\ntalk.wav,{output}\n")
        return ["batch", "m/list.csv", "-q"]

    return build


def _no_escape(tmp: Path) -> None:
    assert not list(tmp.rglob("x.srt")), "an output was written outside the folder"


# -- item 10: regexes that backtrack for ever --------------------------------

REDOS_GLOSSARY = yaml_glossary(
    "  - term: word\n    source: test\n    variants:\n      - regex: '(a|aa)+$'\n"
    "  - term: words\n    source: test\n    variants:\n      - regex: '(\\w+\\s?)+$'\n"
)
REDOS_SRT = ("1\n00:00:01,000 --> 00:00:04,000\n" + "a" * 40 + "!\n\n"
             "2\n00:00:05,000 --> 00:00:08,000\n" + "word " * 30 + "!\n")


def _redos_apply(tmp: Path) -> list[str]:
    write(tmp / "g.yaml", REDOS_GLOSSARY)
    write(tmp / "in.srt", REDOS_SRT)
    return ["glossary", "apply", "in.srt", "-g", "g.yaml", "-o", "out.srt"]


def _redos_check(tmp: Path) -> list[str]:
    write(tmp / "g.yaml", REDOS_GLOSSARY)
    write(tmp / "in.srt", REDOS_SRT)
    return ["check", "in.srt", "-g", "g.yaml"]


def _redos_lint(tmp: Path) -> list[str]:
    write(tmp / "g.yaml", REDOS_GLOSSARY)
    return ["glossary", "lint", "g.yaml"]


# -- item 11: writes that fail ----------------------------------------------


def _blocker(tmp: Path) -> None:
    write(tmp / "blocker", "a file, not a folder\n")


def _fix_into_file(tmp: Path) -> list[str]:
    _blocker(tmp)
    write(tmp / "in.srt", "1\n00:00:01,000 --> 00:00:01,100\nHello   there.\n")
    return ["check", "in.srt", "--fix", "-o", "blocker/fixed.srt"]


def _apply_into_file(tmp: Path) -> list[str]:
    _blocker(tmp)
    write(tmp / "in.srt", "1\n00:00:01,000 --> 00:00:04,000\nthe criminalization\n")
    write(tmp / "g.yaml", yaml_glossary(
        "  - term: criminalisation\n    source: t\n    variants: [criminalization]\n"))
    return ["glossary", "apply", "in.srt", "-g", "g.yaml", "-o", "blocker/out.srt"]


def _batch_summary_into_file(tmp: Path) -> list[str]:
    _blocker(tmp)
    mediafactory.silence(tmp / "quiet.wav", 1.0)
    return ["batch", "quiet.wav", "--summary-dir", "blocker/sub", "-q"]


def _run_into_file(tmp: Path) -> list[str]:
    _blocker(tmp)
    mediafactory.silence(tmp / "quiet.wav", 1.0)
    return ["run", "quiet.wav", "-o", "blocker/sub", "-q"]


def _output_named_as_a_file(command: str, name: str) -> Build:
    def build(tmp: Path) -> list[str]:
        mediafactory.silence(tmp / "talk.wav", 1.0)
        return [command, "talk.wav", "-o", name]
    return build


def _no_folder_made(tmp: Path) -> None:
    assert sorted(p.name for p in tmp.iterdir()) == ["talk.wav"], "something was written"


# -- item 12: inputs that raised tracebacks ----------------------------------


def _glossary_file(name: str, data: str | bytes, command: str = "lint") -> Build:
    def build(tmp: Path) -> list[str]:
        write(tmp / name, data)
        return ["glossary", command, name]

    return build


def _deep_tbx() -> str:
    depth = 100_000
    return "<martif type='TBX'><text><body>" + "<x>" * depth + "</x>" * depth + \
        "</body></text></martif>\n"


def _srt_check(data: str | bytes, name: str = "in.srt") -> Build:
    def build(tmp: Path) -> list[str]:
        write(tmp / name, data)
        return ["check", name]

    return build


def _manifest_field(tmp: Path) -> list[str]:
    write(tmp / "list.csv", "media,output\n" + "v" * 200_000 + ".wav,out\n")
    return ["batch", "list.csv", "-q"]


# -- item 13: unbounded inputs -----------------------------------------------


def _fifo(tmp: Path) -> list[str]:
    os.mkfifo(tmp / "pipe.srt")
    return ["check", "pipe.srt"]


def _huge_sparse(tmp: Path) -> list[str]:
    with open(tmp / "huge.srt", "wb") as fh:
        fh.truncate(300 * 1024 * 1024)
    return ["check", "huge.srt"]


def _one_long_cue(tmp: Path) -> list[str]:
    lines = "\n\n".join(f"line {i}" for i in range(150_000))
    write(tmp / "long.srt", "1\n00:00:01,000 --> 00:00:09,000\n" + lines + "\n")
    return ["check", "long.srt", "--select", "line-count"]


def _big_glossary(tmp: Path) -> list[str]:
    rows = "".join(
        f"  - term: term{i}\n    source: s\n    variants: [variant{i}, other{i}]\n"
        for i in range(20_000)
    )
    write(tmp / "big.yaml", yaml_glossary(rows))
    return ["glossary", "lint", "big.yaml"]


def _one_huge_line(tmp: Path) -> list[str]:
    write(tmp / "line.srt", "1\n00:00:01,000 --> 00:00:09,000\n" + "word " * 1_000_000 + "\n")
    return ["check", "line.srt"]


def _many_regexes(tmp: Path) -> list[str]:
    rows = "".join(f"  - term: term{i}\n    source: s\n    variants: [{{regex: 'vari{i}\\w*'}}]\n"
                   for i in range(3000))
    write(tmp / "re.yaml", yaml_glossary(rows))
    return ["glossary", "lint", "re.yaml"]


# -- found trying it as a hostile user -------------------------------------------


def _newline_name(tmp: Path) -> list[str]:
    return ["check", "no\nsuch.srt"]


def _settings_fifo(tmp: Path) -> list[str]:
    os.mkfifo(tmp / "subtitler.toml")
    write(tmp / "t.srt", SRT_OK)
    return ["check", "t.srt", "--config", "subtitler.toml"]


def _long_variant(tmp: Path) -> list[str]:
    write(tmp / "g.yaml", yaml_glossary("  - term: x\n    source: s\n    variants: ['"
                                        + "word " * 10_000 + "']\n"))
    write(tmp / "t.srt", SRT_OK)
    return ["glossary", "apply", "t.srt", "-g", "g.yaml"]


def _batch_fifo(tmp: Path) -> list[str]:
    os.mkfifo(tmp / "live.mp4")
    return ["batch", "live.mp4"]


def _fix_into_fifo(tmp: Path) -> list[str]:
    os.mkfifo(tmp / "out.srt")  # like -o /dev/null: renaming over it would replace it
    write(tmp / "in.srt", "1\n00:00:01,000 --> 00:00:01,100\nHello   there.\n")
    return ["check", "in.srt", "--fix", "-o", "out.srt"]


def _fifo_still_there(tmp: Path) -> None:
    assert stat.S_ISFIFO(os.stat(tmp / "out.srt").st_mode)


def _run_into_fifo(tmp: Path) -> list[str]:
    shutil.copy(JFK, tmp / "talk.wav")
    os.mkfifo(tmp / "talk.srt")
    return ["run", "talk.wav"]


def _huge_script(tmp: Path) -> list[str]:
    shutil.copy(JFK, tmp / "talk.wav")
    write(tmp / "script.txt", "word " * 1_000_000)
    return ["run", "talk.wav", "--script", "script.txt"]


# -- item 14: URLs -------------------------------------------------------------


def _url(command: list[str]) -> Build:
    return lambda tmp: command


URL = "https://example.org/talk.mp4"

CASES: tuple[Case, ...] = (
    Case("2-run-two-inputs-one-srt", 2, _two_intros, 2,
         r"a/intro\.wav and .*b/intro\.wav would both write .*out/intro\.srt",
         after=_nothing_written),
    Case("3-fix-utf8-with-one-bad-byte", 3, _mixed, 3,
         r"mixed\.srt: not fixed: line 7 .*not UTF-8", after=_mixed_untouched),
    Case("4-name-concat-protocol", 4, _protocol_name("concat:one.wav|two.wav"), 0, None,
         stdout=r"0 cues", slow=True),
    Case("4-name-pipe-protocol", 4, _protocol_name("pipe:0.wav"), 0, None,
         stdout=r"0 cues", slow=True),
    Case("4-name-dash", 4, _protocol_name("-"), 0, None, stdout=r"0 cues", slow=True),
    Case("4-name-file-protocol", 4, _protocol_name("file:one.wav"), 0, None,
         stdout=r"0 cues", slow=True),
    Case("4-name-option-like", 4, _protocol_name("-i.wav"), 0, None,
         stdout=r"0 cues", slow=True),
    Case("6-language-english-only-model", 6, _language("fr", "--model", "tiny.en"), 2,
         r"--language fr: the model tiny\.en .*English only.*multilingual"),
    Case("6-language-unknown-code", 6, _language("xx"), 2,
         r"--language xx: unknown language code"),
    Case("8-empty-srt-passes-check", 8, _empty_srt, 0, None, stdout=r"no problems"),
    Case("9-manifest-output-parent", 9, _manifest_output("../../x.srt"), 2,
         r"list\.csv:2: output .*outside", after=_no_escape),
    Case("9-manifest-output-absolute", 9, _manifest_output("/tmp/subtitler-escape/x.srt"), 2,
         r"list\.csv:2: output .*outside"),
    Case("10-redos-glossary-apply", 10, _redos_apply, 0, None),
    Case("10-redos-check-g", 10, _redos_check, 3, None, stdout=r"Checked 1 file, 2 cues"),
    Case("10-redos-lint", 10, _redos_lint, 3, None, stdout=r"g\.yaml:\d+: .*slow-regex"),
    Case("11-fix-output-under-a-file", 11, _fix_into_file, 1,
         r"blocker/fixed\.srt: cannot write: "),
    Case("11-apply-output-under-a-file", 11, _apply_into_file, 1,
         r"blocker/out\.srt: cannot write: "),
    Case("11-batch-summary-under-a-file", 11, _batch_summary_into_file, 1,
         r"blocker/sub/summary\.json: cannot write: "),
    Case("11-run-output-named-as-a-file", 11, _output_named_as_a_file("run", "talk.en.srt"), 2,
         r"talk\.en\.srt looks like a file name, but -o names the folder", after=_no_folder_made),
    Case("11-batch-output-named-as-a-file", 11, _output_named_as_a_file("batch", "out.vtt"), 2,
         r"out\.vtt looks like a file name, but -o names the folder", after=_no_folder_made),
    Case("11-run-output-under-a-file", 11, _run_into_file, 1,
         r"blocker/sub.*: cannot write: ", slow=True),
    Case("12-csv-cr-only-line-ends", 12,
         _glossary_file("t.en-es.csv", "sex work,trabajo sexual\rsex worker,trabajadora sexual\r"),
         0, None),
    Case("12-csv-huge-field", 12,
         _glossary_file("t.en-es.csv", "a" * 140_000 + ",b\n"), 1,
         r"t\.en-es\.csv:1: a field is longer than"),
    Case("12-yaml-merge-key", 12,
         _glossary_file("m.yaml", "base: &base {source: s}\nentries:\n"
                        "  - <<: *base\n    term: x\n"), 3,
         None, stdout=r"m\.yaml:3: .*merge key"),
    Case("12-yaml-huge-number", 12,
         _glossary_file("n.yaml", yaml_glossary("  - term: x\n    window: " + "9" * 5000 + "\n")),
         3, None, stdout=r"n\.yaml:4: .*too many digits"),
    Case("12-tbx-deeply-nested", 12, _glossary_file("deep.tbx", _deep_tbx()), 3, None,
         stdout=r"deep\.tbx:1: .*nested"),
    Case("12-srt-huge-cue-number", 12,
         _srt_check("9" * 5000 + "\n00:00:01,000 --> 00:00:02,000\nHi\n"), 3, None,
         stdout=r"in\.srt:1: .*cue number"),
    Case("12-srt-huge-hours", 12,
         _srt_check("1\n" + "9" * 5000 + ":00:01,000 --> 00:00:02,000\nHi\n"), 3, None,
         stdout=r"in\.srt:2: .*timing"),
    Case("12-manifest-huge-field", 12, _manifest_field, 2,
         r"list\.csv:2: a field is longer than"),
    Case("13-check-fifo", 13, _fifo, 1, r"pipe\.srt: not a regular file"),
    Case("13-check-dev-zero", 13, lambda tmp: ["check", "/dev/zero"], 1,
         r"/dev/zero: not a regular file"),
    Case("13-check-huge-file", 13, _huge_sparse, 1, r"huge\.srt: .*larger than"),
    Case("13-check-one-cue-150000-lines", 13, _one_long_cue, 3, None,
         stdout=r"line-count"),
    Case("13-lint-20000-entries", 13, _big_glossary, 0, None),
    Case("13-check-one-line-of-a-million-words", 13, _one_huge_line, 3, None,
         stdout=r"line-length"),
    Case("13-lint-3000-regex-variants", 13, _many_regexes, 0, None),
    Case("h-newline-in-a-file-name", 0, _newline_name, 1, r"no\\nsuch\.srt: no such file"),
    Case("h-profile-number-out-of-range", 0, lambda tmp: ["check", "x.srt", "--max-cps", "0"],
         2, r"max_cps must be from 0\.1 to 1000"),
    Case("h-settings-file-is-a-fifo", 0, _settings_fifo, 2,
         r"subtitler\.toml: not a regular file"),
    Case("h-variant-of-10000-words", 0, _long_variant, 1, r"g\.yaml:5: .*at most 50"),
    Case("h-batch-on-a-fifo", 0, _batch_fifo, 1, None,
         stdout=r"live\.mp4: failed: not a regular file"),
    Case("h-fix-output-is-a-fifo", 0, _fix_into_fifo, 1,
         r"out\.srt: cannot write: not a regular file", after=_fifo_still_there),
    Case("h-run-output-is-a-fifo", 0, _run_into_fifo, 1,
         r"talk\.srt: cannot write: not a regular file"),
    Case("h-script-of-a-million-words", 0, _huge_script, 1,
         r"script\.txt: has 1,000,000 words; a script may have at most"),
    Case("h-webvtt-numbers-of-5000-digits", 0,
         _srt_check(f"WEBVTT\n\n{'9' * 5000}\n00:00:01.000 --> 00:00:02.000\nHi\n\n"
                    f"{'9' * 5000}:00:01.000 --> 00:00:02.000\nThere\n", "in.vtt"), 3, None,
         stdout=r"in\.vtt:7: cue 2 \[vtt-syntax\] cannot read the timing line"),
    Case("h-csv-header-pos-pos", 0, _glossary_file("p.csv", "POS,POS\n"), 3, None,
         stdout=r"p\.csv:1: .*without languages"),
    Case("14-run-url", 14, _url(["run", URL]), 1,
         r"https://example\.org/talk\.mp4: URLs are not read.*download"),
    Case("14-check-url", 14, _url(["check", "https://example.org/t.srt"]), 1,
         r"https://example\.org/t\.srt: URLs are not read"),
    Case("14-glossary-url", 14, _url(["glossary", "lint", "http://example.org/g.yaml"]), 1,
         r"http://example\.org/g\.yaml: URLs are not read"),
    Case("14-batch-url", 14, _url(["batch", URL]), 2,
         r"https://example\.org/talk\.mp4: URLs are not read"),
)
