"""The version: one place, read by the package metadata (pyproject.toml), the
reports and the settings fingerprint."""

__version__ = "0.1.0"
