"""Glossary file formats: YAML (our schema), CSV/TSV tables and TBX termbases."""
