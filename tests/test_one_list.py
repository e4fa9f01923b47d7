"""One list, derived: the formats (``formats.registry``) and the rules with
their default severities (``rules.registry``); every other list of them is
made from these, and the command line's help does not import the writers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from subtitler.check.checker import expand_paths
from subtitler.cli import main
from subtitler.formats.registry import CHECKABLE_SUFFIXES, FORMATS, SEARCHED
from subtitler.pipeline.burn import SUBTITLE_SUFFIXES
from subtitler.profiles import PROFILES
from subtitler.review.files import EXTENSIONS, extensions_text
from subtitler.rules.registry import ALL_RULES, DEFAULT_SEVERITY, RULE_IDS
from subtitler.run_settings import BY_KEY
from tests.reviewkit import copy_media, open_review, srt_text

ROOT = Path(__file__).resolve().parents[1]


def test_the_searched_formats_are_the_registrys() -> None:
    assert SEARCHED == ("srt", "vtt", "ass", "ssa")
    assert tuple(e for n in SEARCHED for e in FORMATS[n].extensions) == CHECKABLE_SUFFIXES
    assert tuple(FORMATS[n].extension for n in SEARCHED) == SUBTITLE_SUFFIXES
    assert tuple(e for n, f in FORMATS.items() if f.rewrite for e in f.extensions) == EXTENSIONS


def test_check_finds_every_searched_format_in_a_folder(tmp_path: Path) -> None:
    for suffix in (*CHECKABLE_SUFFIXES, ".ttml", ".json", ".txt"):
        (tmp_path / f"talk{suffix}").write_text("", "utf-8")
    found = {Path(p).suffix for p in expand_paths([str(tmp_path)])}
    assert found == set(CHECKABLE_SUFFIXES)


def test_the_format_option_and_setting_name_every_format() -> None:
    setting = BY_KEY["format"]
    assert setting.parse is not None
    assert setting.parse(tuple(FORMATS)) == tuple(FORMATS)
    helped = CliRunner().invoke(main, ["run", "--help"], terminal_width=400).output
    assert f"from {', '.join(FORMATS)} (default: srt)" in helped


def test_the_review_page_gets_the_extensions_from_the_server(
    tmp_path: Path, jfk_wav: Path
) -> None:
    media = copy_media(jfk_wav, tmp_path)
    media.with_suffix(".srt").write_text(srt_text((500, 3000, "And so.")), "utf-8")
    state = open_review(media, media_check=False).state()
    assert state["file"]["extensions"] == extensions_text()
    assert state["file"]["subtitles"] == state["status"]["subtitles"] == "jfk.srt"
    script = (ROOT / "subtitler/review/static/edit.js").read_text("utf-8")
    assert "st.doc.file.extensions" in script and ".vtt" not in script


def test_the_rule_registry_holds_every_rule_and_its_default_severity() -> None:
    assert [r.id for r in ALL_RULES] == list(DEFAULT_SEVERITY)
    assert frozenset(DEFAULT_SEVERITY) == RULE_IDS
    for profile in PROFILES.values():
        severities = profile.severities()
        assert set(severities) == RULE_IDS
        assert all(severities[r.id] is profile.severity_of(r.id) for r in ALL_RULES)
    listing = CliRunner().invoke(main, ["check", "--list-rules", "--no-config"]).output
    assert [line.split()[0] for line in listing.splitlines()[1:]] == [r.id for r in ALL_RULES]


def test_help_imports_no_writer_and_no_engine() -> None:
    code = ("import sys; from subtitler.cli import main; main.main(['run', '--help'])")
    probe = (f"import atexit, json, sys; atexit.register(lambda: print(json.dumps("
             f"sorted(sys.modules)), file=sys.stderr)); {code}")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stderr.splitlines()[-1]))
    for module in ("srt", "subtitler.formats.srt_write", "subtitler.formats.vtt_write",
                   "subtitler.formats.ass", "faster_whisper", "numpy"):
        assert module not in loaded, module


def test_the_spelling_choices_are_the_glossarys() -> None:
    from subtitler.glossary.formats.validate import SPELLINGS as VALIDATED
    from subtitler.glossary.spelling.lists import SPELLINGS as LISTED
    from subtitler.run_settings import SPELLINGS

    assert (*LISTED, "off") == SPELLINGS and VALIDATED == LISTED
