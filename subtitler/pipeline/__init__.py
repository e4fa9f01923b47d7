"""The pipeline: media -> audio -> transcript -> [script] -> [glossary] -> cues
-> checks -> subtitles + report, and where its outputs go."""

from .process import Pipeline, RunResult, run
from .settings import FileSettings, RunOptions, effective_settings

__all__ = ["FileSettings", "Pipeline", "RunOptions", "RunResult", "effective_settings", "run"]
