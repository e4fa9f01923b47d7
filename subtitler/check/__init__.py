"""``subtitler check`` as a library: the rules run over subtitle files, and ``--fix``.

    from subtitler.check import CheckOptions, check_paths
    reports = check_paths(["talk.srt"], CheckOptions(profile=get_profile("bbc")))
"""

from .checker import (
    CheckOptions,
    FileReport,
    FixTarget,
    check_document,
    check_file,
    check_paths,
    exit_code,
    expand_paths,
)

__all__ = ["CheckOptions", "FileReport", "FixTarget", "check_document", "check_file",
           "check_paths", "exit_code", "expand_paths"]
