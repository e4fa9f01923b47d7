"""docs/settings.md's tables come from the declarations (``tools.readme``
writes them; ``tests/test_readme.py`` checks every generated page is current)."""

from __future__ import annotations

from subtitler.run_settings import RUN_SETTINGS
from tools import readme, settings_table


def test_the_settings_page_is_generated_from_the_declarations() -> None:
    assert readme.PAGES["docs/settings.md"] == {
        "settings": settings_table.run_table, "cues": settings_table.cues_table}


def test_every_setting_has_a_row_with_its_flags() -> None:
    table = settings_table.run_table()
    for s in RUN_SETTINGS:
        assert f"| `{s.key}` | {', '.join(f'`{f}`' for f in s.flags)} |" in table
