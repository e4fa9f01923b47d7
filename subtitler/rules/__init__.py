"""Subtitle rules as data, by kind: text, timing, and against the media's speech."""

from .registry import (
    ALL_RULES,
    DEFAULT_PHRASES,
    DEFAULT_SEVERITY,
    FILE_RULES,
    MEDIA_RULES,
    OTHER_RULES,
    RULE_IDS,
    RULES,
    Context,
    Hit,
    Rule,
    check_cues,
    markup_problems,
    media_findings,
    normalize,
    wanted,
)

__all__ = ["ALL_RULES", "DEFAULT_PHRASES", "DEFAULT_SEVERITY", "FILE_RULES", "MEDIA_RULES",
           "OTHER_RULES", "RULES", "RULE_IDS", "Context",
           "Hit", "Rule", "check_cues", "markup_problems", "media_findings", "normalize",
           "wanted"]
