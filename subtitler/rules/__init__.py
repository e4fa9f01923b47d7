"""Subtitle rules as data, by kind: text, timing, and against the media's speech."""

from .registry import (
    DEFAULT_PHRASES,
    FILE_RULES,
    MEDIA_RULES,
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

__all__ = ["DEFAULT_PHRASES", "FILE_RULES", "MEDIA_RULES", "RULES", "RULE_IDS", "Context",
           "Hit", "Rule", "check_cues", "markup_problems", "media_findings", "normalize",
           "wanted"]
