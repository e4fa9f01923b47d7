"""``subtitler check`` as a user runs it: real files, exit codes, messages."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from subtitler.check import CheckOptions, check_file
from subtitler.cli import main
from subtitler.models import Cue, Finding, Severity
from subtitler.profiles import Profile
from tests.kept import kept, last_kept

CLEAN = """1
00:00:01,000 --> 00:00:03,000
Good morning, everyone.

2
00:00:03,500 --> 00:00:06,000
Today we talk about the budget.
"""

# latin-1, CRLF: an unclosed <i>, a broken arrow, overlapping and too-fast cues,
# and a "Thanks for watching!" loop.
MESSY = "\r\n".join(
    [
        "1", "00:00:01,000 --> 00:00:03,000", "Bonjour à tous,", "<i>bienvenue.", "",
        "2", "00:00:02,500 -> 00:00:04,000", "Nous parlons du budget.", "",
        "3", "00:00:04,500 --> 00:00:05,000", "Beaucoup trop rapide pour être lu.", "",
        "4", "00:00:06,000 --> 00:00:08,000", "Thanks for watching!", "",
        "5", "00:00:08,100 --> 00:00:10,000", "Thanks for watching!", "",
        "6", "00:00:10,100 --> 00:00:12,000", "Thanks for watching!", "",
    ]
).encode("latin-1")

MESSY_FINDINGS = [
    (1, 1, "unbalanced-markup", "error"),
    (3, None, "encoding", "warning"),
    (6, 2, "overlap", "error"),
    (7, 2, "srt-syntax", "error"),
    (10, 3, "min-duration", "warning"),
    (10, 3, "reading-speed", "error"),
    (14, 4, "hallucination-phrase", "warning"),
    (18, 5, "repeated-cue", "warning"),
    (18, 5, "hallucination-phrase", "warning"),
    (22, 6, "repeated-cue", "warning"),
    (22, 6, "hallucination-phrase", "warning"),
]


def run(args: Sequence[str], cwd: Path | None = None) -> Result:
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, ["check", *args], catch_exceptions=False)
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, ["check", *args], catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    path = tmp_path / "clean.srt"
    path.write_text(CLEAN, encoding="utf-8")
    return path


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    path = tmp_path / "messy.srt"
    path.write_bytes(MESSY)
    return path


def as_json(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_clean_file_exits_0(clean: Path, tmp_path: Path) -> None:
    result = run([str(clean), "--no-config"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Checked 1 file, 2 cues: no problems.\n"


def test_messy_file_reports_every_defect_at_its_cue_and_line(messy: Path) -> None:
    result = run([str(messy), "--format", "json", "--no-config"])
    assert result.exit_code == 3
    data = as_json(result)
    (file,) = data["files"]
    assert file["path"] == str(messy)
    got = [(f["line"], f["cue"], f["rule"], f["severity"]) for f in file["findings"]]
    assert got == MESSY_FINDINGS
    assert data["summary"]["errors"] == 4
    assert data["summary"]["warnings"] == 7
    assert data["summary"]["exit_code"] == 3
    assert set(file["findings"][0]) >= {"rule", "severity", "cue", "line", "message"}


def test_text_format_lines(messy: Path) -> None:
    result = run([str(messy), "--no-config"])
    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    assert lines[0] == f"{messy}:1: cue 1 [unbalanced-markup] <i> not closed"
    assert lines[1].startswith(f"{messy}:3: [encoding] not UTF-8")
    assert lines[3] == (
        f'{messy}:7: cue 2 [srt-syntax] broken arrow "->"; '
        "read as 00:00:02,500 --> 00:00:04,000"
    )
    assert "Checked 1 file, 6 cues: 4 errors, 7 warnings." in lines
    assert any(line.split() == ["hallucination-phrase", "warning", "3"] for line in lines)


def test_strict_makes_warnings_count(tmp_path: Path) -> None:
    path = tmp_path / "warn.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:01,500\nHi.\n", encoding="utf-8")
    assert run([str(path), "--no-config"]).exit_code == 0
    assert run([str(path), "--no-config", "--strict"]).exit_code == 3


def test_select_and_ignore(messy: Path) -> None:
    only = as_json(run([str(messy), "--format", "json", "--select", "overlap,encoding",
                        "--no-config"]))
    assert {f["rule"] for f in only["files"][0]["findings"]} == {"overlap", "encoding"}
    rest = run([str(messy), "--format", "json", "--no-config", "--ignore", "overlap",
                "--ignore", "srt-syntax,reading-speed,unbalanced-markup"])
    assert rest.exit_code == 0  # only warnings left
    assert "overlap" not in as_json(rest)["summary"]["by_rule"]


def test_profile_and_number_options(tmp_path: Path) -> None:
    path = tmp_path / "a.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:03,000\nThirty-two characters in 2 s ok.\n",
                    encoding="utf-8")
    assert run([str(path), "--no-config"]).exit_code == 0  # 16 cps under netflix
    bbc = run([str(path), "--no-config", "--profile", "bbc"])
    assert bbc.exit_code == 3 and "[reading-speed]" in bbc.stdout
    assert run([str(path), "--no-config", "--profile", "bbc", "--max-cps", "17"]).exit_code == 0
    short = run([str(path), "--no-config", "--max-line-chars", "20"])
    assert "line 1 has 32 characters (max 20)" in short.stdout


def test_several_files_globs_and_folders(tmp_path: Path, clean: Path, messy: Path) -> None:
    result = run([str(tmp_path / "*.srt"), "--no-config", "--format", "json"])
    assert [f["path"] for f in as_json(result)["files"]] == [str(clean), str(messy)]
    folder = run([str(tmp_path), "--no-config"])
    assert "Checked 2 files, 8 cues" in folder.stdout


def test_unreadable_file_exit_1_others_still_checked(tmp_path: Path, messy: Path) -> None:
    missing = tmp_path / "missing.srt"
    binary = tmp_path / "video.srt"
    binary.write_bytes(bytes(range(256)) * 40)
    result = run([str(missing), str(binary), str(messy), "--no-config"])
    assert result.exit_code == 1
    assert f"subtitler: error: {missing}: no such file" in result.stderr
    assert f"subtitler: error: {binary}: not a text file (binary data)" in result.stderr
    assert f"{messy}:1: cue 1 [unbalanced-markup]" in result.stdout
    assert "2 could not be read" in result.stdout
    data = as_json(run([str(missing), "--no-config", "--format", "json"]))
    assert data["files"][0]["error"] == f"{missing}: no such file"


def test_a_fix_that_cannot_be_written_is_not_called_unreadable(tmp_path: Path,
                                                                messy: Path) -> None:
    (tmp_path / "notes.txt").write_text("a person's notes", "utf-8")
    out = tmp_path / "notes.txt" / "fixed.srt"
    result = run([str(messy), "--fix", "-o", str(out), "--no-config"])
    assert result.exit_code == 1
    assert result.stderr == (f"subtitler: error: {out}: cannot write: a parent of it is a "
                             "file, not a folder; move that file away or name another "
                             "folder\n")
    assert "could not be read" not in result.stdout
    assert result.stdout.rstrip().endswith(
        "; 1 could not be written (the input is unchanged).")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "no FILES given"),
        (["{clean}", "--select", "no-such-rule"], "unknown rule id 'no-such-rule'"),
        (["{clean}", "--fix"], "--fix needs either -o FILE or --in-place"),
        (["{clean}", "-o", "x.srt"], "-o and --in-place go with --fix"),
        (["{clean}", "{clean}x", "--fix", "-o", "x.srt"], "-o needs exactly one input file"),
        (["{clean}", "{clean}x", "--media", "{clean}"], "--media needs exactly one"),
        (["{clean}", "--fix", "-o", "{clean}"], "use --in-place"),
    ],
)
def test_usage_errors_exit_2(clean: Path, args: list[str], message: str) -> None:
    result = run([a.format(clean=clean) for a in args] + ["--no-config"])
    assert result.exit_code == 2
    assert result.stderr.startswith("subtitler: error: ")
    assert message in result.stderr
    assert clean.read_text(encoding="utf-8") == CLEAN


def test_unknown_profile_is_a_usage_error(clean: Path) -> None:
    result = run([str(clean), "--profile", "hollywood"])
    assert result.exit_code == 2
    assert "hollywood" in result.stderr


def test_fix_to_output_file(messy: Path, tmp_path: Path) -> None:
    out = tmp_path / "fixed.srt"
    result = run([str(messy), "--fix", "-o", str(out), "--no-config"])
    assert messy.read_bytes() == MESSY  # the input is never touched
    text = out.read_bytes().decode("utf-8")
    assert "\r\n" in text and "Bonjour à tous," in text
    assert f"{messy}:1: cue 1: fixed: end 00:00:03,000 -> 00:00:02,417" in result.stdout
    assert f"{messy}: fixed: written as UTF-8 without BOM" in result.stdout
    assert f"{messy}: wrote {out} (" in result.stdout
    # what it cannot fix is still reported, now at the fixed file's lines
    assert f"{out}:1: cue 1 [unbalanced-markup]" in result.stdout
    assert "[overlap]" not in result.stdout and "[encoding]" not in result.stdout
    assert result.exit_code == 3
    again = run([str(out), "--fix", "--in-place", "--no-config"])
    assert f"{out}: nothing to fix" in again.stdout
    assert kept(out) == []  # nothing to fix: nothing replaced, nothing kept


def test_fix_in_place_keeps_a_backup_and_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "talk.srt"
    original = "2\n00:00:01,000 --> 00:00:04,000\nA.\n\n1\n00:00:03,000 --> 00:00:05,000\nB.\n"
    path.write_text(original, encoding="utf-8")
    path.chmod(0o644)
    result = run([str(path), "--fix", "--in-place", "--no-config"])
    assert result.exit_code == 0, result.output
    assert last_kept(path).decode("utf-8") == original
    assert path.read_text(encoding="utf-8") == (
        "1\n00:00:01,000 --> 00:00:02,917\nA.\n\n2\n00:00:03,000 --> 00:00:05,000\nB.\n\n"
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert "Checked 1 file, 2 cues: no problems." in result.stdout


def test_fix_refuses_a_file_it_cannot_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "lossy.srt"
    data = b"1\nbanana\nwords\n\n2\n00:00:01,000 --> 00:00:02,000\nB.\n"
    path.write_bytes(data)
    result = run([str(path), "--fix", "--in-place", "--no-config"])
    assert result.exit_code == 3
    assert "not fixed: fix lines 2, 3 by hand first" in result.stderr
    assert path.read_bytes() == data
    assert kept(path) == []


def test_config_found_upward(tmp_path: Path, clean: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.subtitler]\nprofile = "bbc"\nmax-cps = 10\n'
        'ignore = ["min-gap"]\n\n[tool.subtitler.severity]\nline-length = "warning"\n',
        encoding="utf-8",
    )
    sub = tmp_path / "deep" / "er"
    sub.mkdir(parents=True)
    result = run([str(clean), "--format", "json"], cwd=sub)
    data = as_json(result)
    assert data["summary"]["profile"]["name"] == "bbc"
    assert data["summary"]["profile"]["max_cps"] == 10.0
    assert {f["rule"] for f in data["files"][0]["findings"]} == {"reading-speed"}
    assert run([str(clean), "--no-config"], cwd=sub).exit_code == 0
    assert run([str(clean), "--max-cps", "30"], cwd=sub).exit_code == 0


def test_subtitler_toml_wins_in_its_folder(tmp_path: Path, clean: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.subtitler]\nmax-cps = 10\n")
    (tmp_path / "subtitler.toml").write_text('strict = true\n[severity]\nreading-speed = "off"\n')
    result = run([str(clean)], cwd=tmp_path)
    assert result.exit_code == 0, result.output


def test_bad_config_is_a_usage_error_naming_the_file(tmp_path: Path, clean: Path) -> None:
    cfg = tmp_path / "subtitler.toml"
    cfg.write_text("max-cps = 17\nprofile = [\n")
    result = run([str(clean)], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"subtitler: error: {cfg}:")
    assert "invalid TOML" in result.stderr
    cfg.write_text('ignore = ["no-such-rule"]\n')
    assert "unknown rule id 'no-such-rule'" in run([str(clean)], cwd=tmp_path).stderr
    cfg.write_text('max-cps = "fast"\n')
    assert "max-cps must be a number" in run([str(clean)], cwd=tmp_path).stderr
    explicit = run([str(clean), "--config", str(tmp_path / "none.toml")])
    assert explicit.exit_code == 2


def test_list_rules_and_help() -> None:
    listing = run(["--list-rules", "--no-config"])
    assert listing.exit_code == 0
    for rule in ("srt-syntax", "overlap", "line-break", "text-over-silence", "term-translation",
                 "script-added"):
        assert f"  {rule} " in listing.stdout
    help_ = run(["--help"])
    assert help_.exit_code == 0
    assert "Exit codes:" in help_.stdout and "--fix" in help_.stdout


def test_library_api_with_an_extra_checker(messy: Path) -> None:
    def glossary_like(cues: Sequence[Cue], profile: Profile) -> list[Finding]:
        return [
            Finding("term-variant", Severity.WARNING, i, "say Thank you", None)
            for i, cue in enumerate(cues, 1)
            if "watching" in cue.text
        ]

    report = check_file(messy, CheckOptions(extra=(glossary_like,)))
    extra = [(f.cue, f.line) for f in report.findings if f.rule == "term-variant"]
    assert extra == [(4, 14), (5, 18), (6, 22)]
    assert report.errors == 4 and report.cue_count == 6


@pytest.mark.slow
def test_media_rules_from_the_command_line(sample_video: Path, tmp_path: Path) -> None:
    path = tmp_path / "late.srt"
    path.write_text("1\n00:10:00,000 --> 00:10:02,000\nThanks for watching!\n", encoding="utf-8")
    result = run([str(path), "--media", str(sample_video), "--no-config"])
    assert f"{path}:1: cue 1 [text-over-silence] shown 00:10:00,000-00:10:02,000" in result.stdout
    assert "[speech-not-covered]" in result.stdout
    assert result.exit_code == 0  # both are warnings by default


@pytest.mark.slow
def test_media_that_is_not_media_exits_1(clean: Path, tmp_path: Path) -> None:
    fake = tmp_path / "fake.mp4"
    fake.write_bytes(b"not a video" * 100)
    result = run([str(clean), "--media", str(fake), "--no-config"])
    assert result.exit_code == 1
    assert f"subtitler: error: {fake}" in result.stderr
