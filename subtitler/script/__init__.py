"""The script a speaker read: reading it, and aligning its words to the speech."""

from .align import Alignment, Deviation, align_script, deviation_findings
from .read import Script, ScriptWord, parse_script, read_script

__all__ = ["Alignment", "Deviation", "Script", "ScriptWord", "align_script",
           "deviation_findings", "parse_script", "read_script"]
