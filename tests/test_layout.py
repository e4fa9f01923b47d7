"""The package's shape: stages by folder, and no import cycle."""

from __future__ import annotations

from tools.imports import PKG, cycles, graph, stage_graph

STAGES = {"media", "engines", "script", "glossary", "cues", "rules", "formats", "check",
          "pipeline", "batch", "cli", "review", "files", "language"}
TOP_MODULES = {"__init__", "__main__", "errors", "models", "profiles", "config", "timefmt",
               "fsutil", "version", "run_settings", "wording"}


def test_the_import_graph_has_no_cycle() -> None:
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_stage_graph_has_no_cycle_either() -> None:
    assert cycles(stage_graph()) == []


def test_stages_are_folders_and_the_top_holds_only_shared_modules() -> None:
    folders = {p.name for p in PKG.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == STAGES
    assert {p.stem for p in PKG.glob("*.py")} == TOP_MODULES


def test_media_and_cue_timing_do_not_import_the_engines() -> None:
    g = graph()
    for name in ("subtitler.media.audio", "subtitler.media.vad", "subtitler.cues.timing"):
        assert not {m for m in g[name] if m.startswith("subtitler.engines")}, name
