"""``run`` and ``batch`` read the same settings file as ``check``: the command
line wins over the file, the file over the defaults."""

from __future__ import annotations

import json
import logging
import math
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from subtitler.cli import main
from subtitler.cli.options import run_options
from subtitler.config import load_config
from subtitler.cues.options import KINDS, CueOptions
from subtitler.errors import UsageError
from subtitler.formats.registry import FORMATS, parse_formats
from subtitler.pipeline import RunResult
from subtitler.pipeline.settings import RunOptions, effective_settings
from tests.expect import batch_code, run_code

ROOT = Path(__file__).resolve().parents[1]

SHARED: dict[str, Any] = dict(config_path=None, no_config=False)


def write_settings(folder: Path, body: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text(f'[project]\nname = "talks"\n\n[tool.subtitler]\n{body}', encoding="utf-8")
    return path


def test_the_file_sets_what_the_command_line_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "terms.yaml").write_text("entries:\n  - term: Red Umbrella Fund\n")
    write_settings(
        tmp_path,
        'profile = "bbc"\nmax-cps = 14\nbeam-size = 3\nvad = false\nlanguage = "en"\n'
        'glossary = ["terms.yaml"]\nhotwords = true\nengine = "openai-whisper"\n',
    )
    monkeypatch.chdir(tmp_path)
    o = run_options(**SHARED)
    assert (o.profile.name, o.profile.max_cps, o.profile.max_line_chars) == ("bbc", 14, 37)
    assert (o.decode.beam_size, o.decode.vad, o.decode.language) == (3, False, "en")
    assert o.glossary == ((tmp_path / "terms.yaml").absolute(),)
    assert (o.hotwords, o.engine) == (True, "openai-whisper")
    given = {**SHARED, "profile": "dcmp", "beam_size": 5, "vad": True, "engine": "faster-whisper"}
    o = run_options(**given)
    assert (o.profile.name, o.profile.max_cps) == ("dcmp", 14)  # the file's numbers stay
    assert (o.decode.beam_size, o.decode.vad, o.engine) == (5, True, "faster-whisper")
    o = run_options(**{**SHARED, "no_config": True})
    assert (o.profile.name, o.decode.beam_size, o.glossary) == ("netflix", 5, ())


def test_a_glossary_path_is_relative_to_the_settings_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    cfg = write_settings(tmp_path / "sub", 'glossary = "../g.yaml"\n')
    expected = ((tmp_path / "sub" / ".." / "g.yaml").absolute(),)
    assert load_config(cfg).run.get("glossary") == expected


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('beam-size = "five"\n', "beam-size must be a whole number, not 'five'"),
        ("vad = 1\n", "vad must be true or false, not 1"),
        ("glossary = 3\n", "glossary must be a list of strings"),
    ],
)
def test_a_bad_value_is_a_usage_error_naming_the_file(
    tmp_path: Path, body: str, message: str
) -> None:
    cfg = write_settings(tmp_path, body)
    with pytest.raises(UsageError) as err:
        load_config(cfg)
    assert str(err.value) == f"{cfg}: {message}"


def test_an_unknown_setting_is_named_and_ignored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cfg = write_settings(tmp_path, 'profile = "bbc"\nhtml = true\n')
    with caplog.at_level(logging.WARNING):
        assert load_config(cfg).profile == "bbc"
    assert "unknown setting 'html'" in caplog.text


@pytest.mark.slow
def test_run_with_bbc_in_pyproject_writes_bbc_cues_that_check_passes_alike(
    sample_video: Path, sample_run: RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    video = tmp_path / "statement.mp4"
    shutil.copy(sample_video, video)
    write_settings(tmp_path, 'profile = "bbc"\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["run", "statement.mp4", "-q"])
    report = json.loads((tmp_path / "statement.report.json").read_text("utf-8"))
    assert report["profile"] == "bbc"
    assert report["options"]["profile"]["max_line_chars"] == 37
    lines = (tmp_path / "statement.srt").read_text("utf-8").splitlines()
    text = [ln for ln in lines if ln and "-->" not in ln and not ln.isdigit()]
    assert max(len(ln) for ln in text) <= 37
    checked = CliRunner().invoke(main, ["check", "statement.srt", "--format", "json"])
    found = json.loads(checked.stdout)["files"][0]["findings"]
    assert checked.exit_code == result.exit_code
    assert {f["rule"] for f in found} == {f["rule"] for f in report["findings"]}


# -- format = [...]: the files run and batch write ------------------------


@pytest.mark.parametrize("value", ['["srt", "vtt"]', '"srt,vtt"', '["SRT", ".vtt", "srt"]'])
def test_format_in_the_file_reads_as_the_option_does(tmp_path: Path, value: str) -> None:
    cfg = write_settings(tmp_path, f"format = {value}\n")
    assert load_config(cfg).run.get("formats") == parse_formats("srt,vtt")


def test_the_command_line_format_wins_over_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_settings(tmp_path, 'format = "vtt,txt"\n')
    monkeypatch.chdir(tmp_path)
    assert run_options(**SHARED).formats == ("vtt", "txt")
    assert run_options(**SHARED, formats=("ass",)).formats == ("ass",)
    assert run_options(**{**SHARED, "no_config": True}).formats == RunOptions().formats


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('format = ["srt", "docx"]\n', "format: unknown format 'docx' (choose from {names})"),
        ("format = []\n", "format: no format given"),
        ("format = 3\n", "format must be a list of strings"),
    ],
)
@pytest.mark.parametrize("command", ["run", "batch"])
def test_a_bad_format_in_the_file_is_a_usage_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, message: str, command: str
) -> None:
    cfg = write_settings(tmp_path, body)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [command, "statement.mp4", "-q"])
    assert result.exit_code == 2
    names = ", ".join(FORMATS)
    assert result.stderr == f"subtitler: error: {cfg}: {message.format(names=names)}\n"
    assert not (tmp_path / "statement.srt").exists()


# -- [tool.subtitler.cues]: the cue builder's weights and thresholds -------


def test_a_cues_table_sets_cue_options_with_either_key_spelling(tmp_path: Path) -> None:
    cfg = write_settings(
        tmp_path,
        "[tool.subtitler.cues]\nsentence-pause-ms = 900\ncue_cost = 6\nfill-cost = 2.5\n",
    )
    cues = load_config(cfg).run.cues
    assert cues == replace(CueOptions(), sentence_pause_ms=900, cue_cost=6.0, fill_cost=2.5)
    assert isinstance(cues.cue_cost, float)  # 6 and 6.0 are one setting


def test_a_cues_table_at_the_top_of_subtitler_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "subtitler.toml").write_text("[cues]\nfragment-words = 2\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert run_options(**SHARED).cues == CueOptions(fragment_words=2)
    assert run_options(**{**SHARED, "no_config": True}).cues == CueOptions()


def test_the_cues_table_is_in_the_report_and_the_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    default = effective_settings(run_options(**{**SHARED, "no_config": True}))
    write_settings(tmp_path, "[tool.subtitler.cues]\ncue-cost = 4\nsentence_pause_ms = 1500\n")
    same = effective_settings(run_options(**SHARED))  # the defaults, written out
    assert same.sha256() == default.sha256()
    write_settings(tmp_path, "[tool.subtitler.cues]\ncue-cost = 5\n")
    changed = effective_settings(run_options(**SHARED))
    assert changed.to_json()["cues"]["cue_cost"] == 5.0
    assert changed.sha256() != default.sha256()


def test_an_unknown_cue_setting_is_named_and_ignored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cfg = write_settings(tmp_path, "[tool.subtitler.cues]\ncue-cots = 9.0\nfill-cost = 1.0\n")
    with caplog.at_level(logging.WARNING):
        assert load_config(cfg).run.cues == CueOptions(fill_cost=1.0)
    assert f"{cfg}: unknown setting 'cues.cue-cots' (ignored; did you mean 'cue-cost'?)" \
        in caplog.text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("sentence-pause-ms = 1.5", "cues.sentence-pause-ms must be a whole number, not 1.5"),
        ('cue-cost = "high"', "cues.cue-cost must be a number, not 'high'"),
        ("cue_cost = true", "cues.cue-cost must be a number, not True"),
        ("fragment-words = false", "cues.fragment-words must be a whole number, not False"),
        ("min-pause-ms = -10", "cues.min-pause-ms must be at least 0, not -10"),
        ("sentence-pause-ms = 0", "cues.sentence-pause-ms must be at least 1, not 0"),
        ("comfort-cps-ratio = 0", "cues.comfort-cps-ratio must be more than 0, not 0"),
        ("reading-cost = -0.5", "cues.reading-cost must be at least 0, not -0.5"),
        ("fill-cost = nan", "cues.fill-cost must be a finite number, not nan"),
        ("fill-cost = inf", "cues.fill-cost must be a finite number, not inf"),
        (f"fill-cost = {10**400}", f"cues.fill-cost must be a finite number, not {10**400}"),
    ],
)
def test_a_bad_cue_setting_is_a_usage_error_naming_file_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, message: str
) -> None:
    cfg = write_settings(tmp_path, f"[tool.subtitler.cues]\n{body}\n")
    monkeypatch.chdir(tmp_path)
    for command in ("run", "batch"):
        result = CliRunner().invoke(main, [command, "statement.mp4", "-q"])
        assert result.exit_code == 2
        assert result.stderr == f"subtitler: error: {cfg}: {message}\n"


def test_a_number_too_long_to_read_is_a_usage_error(tmp_path: Path) -> None:
    cfg = write_settings(tmp_path, f"[tool.subtitler.cues]\ncue-cost = 1{'0' * 5000}\n")
    result = CliRunner().invoke(main, ["run", "statement.mp4", "-q", "--config", str(cfg)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"subtitler: error: {cfg}: invalid TOML: ")
    assert result.stderr.count("\n") == 1 and "digits" in result.stderr


def test_cues_that_are_not_a_table_are_a_usage_error(tmp_path: Path) -> None:
    cfg = write_settings(tmp_path, 'cues = "fewer"\n')
    with pytest.raises(UsageError) as err:
        load_config(cfg)
    assert str(err.value) == f"{cfg}: cues must be a table of cue builder settings"


TOML_VALUES = st.one_of(
    st.booleans(), st.integers(-10**6, 10**6), st.integers(), st.floats(allow_nan=True),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=5),
)


@given(name=st.sampled_from(sorted(KINDS)), value=TOML_VALUES)
@example(name="abbreviation_cost", value=2**53 + 1)  # a whole number no float holds
@settings(deadline=None)
def test_any_cue_value_is_taken_as_given_or_refused_by_name(name: str, value: Any) -> None:
    """Whatever a file holds, the setting is taken exactly (as the field's
    type) or refused with a usage error naming it; never a traceback."""
    key = name.replace("_", "-")
    try:
        cues = _config_run_cues(f"[tool.subtitler.cues]\n{key} = {_toml(value)}\n")
    except UsageError as err:
        assert err.message.startswith(f"cues.{key} must be ")
        with pytest.raises(ValueError):
            CueOptions(**{name: value})
        return
    got: float = getattr(cues, name)
    assert type(got) is KINDS[name] and got == value and not isinstance(value, bool)
    assert got >= 0 and math.isfinite(got)


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return json.dumps(value)  # ints, floats and strings as TOML writes them


def _config_run_cues(text: str) -> CueOptions:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "subtitler.toml"
        path.write_text(text, "utf-8")
        return load_config(path).run.cues


# -- real runs on the sample (the transcript cache makes repeats fast) -----


def cue_count(srt: Path) -> int:
    return sum(1 for line in srt.read_text("utf-8").splitlines() if "-->" in line)


@pytest.fixture
def video(
    sample_video: Path, sample_run: RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The sample in a fresh folder, which is the current one (its words from
    the session's transcript)."""
    copy = tmp_path / "statement.mp4"
    shutil.copy(sample_video, copy)
    monkeypatch.chdir(tmp_path)
    return copy


def run_sample(out: str, *args: str) -> dict[str, Any]:
    """``subtitler run statement.mp4 -o out``; the report, once the exit code
    is checked against it."""
    result = CliRunner().invoke(main, ["run", "statement.mp4", "-q", "-o", out, *args])
    report = Path(out) / "statement.report.json"
    assert result.exit_code == run_code(report), result.output
    data: dict[str, Any] = json.loads(report.read_text("utf-8"))
    return data


@pytest.mark.slow
def test_run_writes_the_formats_the_file_names_unless_the_option_says(video: Path) -> None:
    write_settings(video.parent, 'format = ["srt", "vtt"]\n')
    report = run_sample("a")
    assert report["options"]["formats"] == ["srt", "vtt"]
    files = {p.name for p in Path("a").iterdir() if p.is_file()}
    assert files == {"statement.srt", "statement.vtt", "statement.report.json"}
    vtt = Path("a/statement.vtt").read_text("utf-8")
    assert vtt.startswith("WEBVTT") and vtt.count("-->") == cue_count(Path("a/statement.srt"))
    run_sample("b", "--format", "txt")
    assert {p.name for p in Path("b").iterdir() if p.is_file()} == {"statement.transcript.txt",
                                                     "statement.report.json"}


@pytest.mark.slow
def test_a_cues_table_changes_the_cues_run_makes_and_the_report_says_so(video: Path) -> None:
    default = run_sample("default")
    n_default = cue_count(Path("default/statement.srt"))
    assert default["options"]["cues"] == CueOptions().to_json()
    # a pause of any length ends a sentence, so a cue: more cues
    write_settings(video.parent, "[tool.subtitler.cues]\nsentence-pause-ms = 1\n")
    chopped = run_sample("chopped")
    assert chopped["options"]["cues"] == {**CueOptions().to_json(), "sentence_pause_ms": 1}
    assert cue_count(Path("chopped/statement.srt")) > n_default
    # each cue costs 25 times as much: fewer, fuller cues
    write_settings(video.parent, "[tool.subtitler.cues]\ncue-cost = 100\n")
    fewer = run_sample("fewer")
    assert fewer["options"]["cues"]["cue_cost"] == 100.0
    assert cue_count(Path("fewer/statement.srt")) < n_default
    assert len({default["settings_sha256"], chopped["settings_sha256"],
                fewer["settings_sha256"]}) == 3


@pytest.mark.slow
def test_batch_redoes_a_file_when_the_cues_table_changes_and_only_then(
    sample_clips: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    videos = tmp_path / "videos"
    videos.mkdir()
    shutil.copy(sample_clips[2], videos / "cut.mp4")
    monkeypatch.chdir(tmp_path)

    def batch(body: str) -> str:
        write_settings(tmp_path, body)
        result = CliRunner().invoke(main, ["batch", "videos", "-o", "out", "-q"])
        assert result.exit_code == batch_code(tmp_path / "out"), result.output
        files = json.loads((tmp_path / "out/summary.json").read_text("utf-8"))["files"]
        assert [Path(f["media"]).name for f in files] == ["cut.mp4"]
        return str(files[0]["status"])

    def recorded() -> dict[str, Any]:
        report = json.loads((tmp_path / "out/cut.report.json").read_text("utf-8"))
        return dict(report["options"]["cues"])

    assert batch("[tool.subtitler.cues]\nfill-cost = 3\n") == "done"
    assert recorded()["fill_cost"] == 3.0
    assert batch("[tool.subtitler.cues]\nfill-cost = 3\n") == "up-to-date"
    # the same settings, written otherwise: nothing to redo
    assert batch("[tool.subtitler.cues]\nfill_cost = 3.0\ncue-cost = 4\n") == "up-to-date"
    assert batch("[tool.subtitler.cues]\nfill-cost = 5\n") == "done"
    assert recorded()["fill_cost"] == 5.0
    assert batch("[tool.subtitler.cues]\nfill-cost = 5\n") == "up-to-date"
    assert batch('profile = "netflix"\n') == "done"  # no table: the defaults again
    assert recorded() == CueOptions().to_json()


@pytest.mark.slow
def test_review_run_uses_the_file_and_still_makes_the_srt_it_opens(
    jfk_wav: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(jfk_wav, tmp_path / "jfk.wav")
    write_settings(tmp_path, 'format = "vtt"\n\n[tool.subtitler.cues]\ncue-cost = 7\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["review", "jfk.wav", "--run", "--export", "jfk.html"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "jfk.report.json").read_text("utf-8"))
    assert report["options"]["formats"] == ["srt", "vtt"]
    assert report["options"]["cues"]["cue_cost"] == 7.0
    srt_cues = cue_count(tmp_path / "jfk.srt")
    assert srt_cues > 0 and (tmp_path / "jfk.vtt").read_text("utf-8").count("-->") == srt_cues
    # --no-config: review's run reads no settings either
    for name in ("jfk.srt", "jfk.vtt", "jfk.report.json"):
        (tmp_path / name).unlink()
    result = CliRunner().invoke(main, ["review", "jfk.wav", "--run", "--no-config",
                                       "--export", "jfk.html"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "jfk.report.json").read_text("utf-8"))
    assert report["options"]["formats"] == ["srt"] and not (tmp_path / "jfk.vtt").exists()
    assert report["options"]["cues"] == CueOptions().to_json()
