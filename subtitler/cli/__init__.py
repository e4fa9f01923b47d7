"""Command line: one module per command, options they share, one error path."""

from .main import main

__all__ = ["main"]
