"""The bad-input corpus (``tests/badinput.py``) through the real command line:
each case gives its exact exit code and a one-line ``subtitler: error:``
message (or its expected report), never a traceback, and never hangs (a
case still running after ``LIMIT_S`` fails)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests import cliprocess
from tests.badinput import CASES, Case

LIMIT_S = 120
"""Far above what any case needs (the slowest loads the model); only a hang reaches it."""


def run_cli(args: list[str], cwd: Path, env: dict[str, str] | None = None,
            limit_s: float = LIMIT_S) -> subprocess.CompletedProcess[str]:
    """``python -m subtitler ARGS`` in ``cwd``, in a process of its own (forked
    from one that imported subtitler once: ``tests/cliprocess.py``), no
    standard input, a time limit."""
    return cliprocess.run(args, cwd, env, limit_s)


def check_case(case: Case, tmp_path: Path) -> None:
    args = case.build(tmp_path)
    done = run_cli(args, tmp_path, case.env)
    said = f"exit {done.returncode}\nstdout: {done.stdout[-2000:]}\nstderr: {done.stderr[-2000:]}"
    assert "Traceback" not in done.stderr + done.stdout, said
    assert done.returncode == case.code, said
    errors = [ln for ln in done.stderr.splitlines() if ln.startswith("subtitler: error:")]
    if case.message is None:
        assert not errors, said
    else:
        assert errors, said
        assert re.search(case.message, errors[0]), said
        assert all(not ln.startswith(" ") for ln in done.stderr.splitlines()), said
    if case.stdout is not None:
        assert re.search(case.stdout, done.stdout), said
    if case.after is not None:
        case.after(tmp_path)


FAST = [c for c in CASES if not c.slow]
SLOW = [c for c in CASES if c.slow]


@pytest.mark.parametrize("case", FAST, ids=[c.id for c in FAST])
def test_bad_input(case: Case, tmp_path: Path) -> None:
    check_case(case, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("case", SLOW, ids=[c.id for c in SLOW])
def test_bad_input_with_the_model(case: Case, tmp_path: Path) -> None:
    check_case(case, tmp_path)


def test_every_item_has_a_case() -> None:
    covered = {c.item for c in CASES}
    assert covered >= {2, 3, 4, 6, 8, 9, 10, 11, 12, 13, 14}
