"""The README's generated parts match the code (``python -m tools.readme``)."""

from __future__ import annotations

from tools import readme


def test_the_readme_reference_and_layout_are_current() -> None:
    current = readme.README.read_text("utf-8")
    assert readme.render(current) == current, "run: python -m tools.readme"


def test_every_command_is_in_the_reference_with_its_examples() -> None:
    ref = readme.command_reference()
    for path in readme.command_paths():
        title = " ".join(("subtitler", *path))
        assert f"### `{title}`" in ref
        if path:
            assert "Examples:" in readme.help_text(path), title
