"""docs/settings.md's tables match the declarations (``python -m tools.settings_table``)."""

from __future__ import annotations

from subtitler.run_settings import RUN_SETTINGS
from tools import settings_table


def test_the_settings_page_is_current() -> None:
    current = settings_table.PAGE.read_text("utf-8")
    assert settings_table.render(current) == current, "run: python -m tools.settings_table"


def test_every_setting_has_a_row_with_its_flags() -> None:
    table = settings_table.run_table()
    for s in RUN_SETTINGS:
        assert f"| `{s.key}` | {', '.join(f'`{f}`' for f in s.flags)} |" in table
