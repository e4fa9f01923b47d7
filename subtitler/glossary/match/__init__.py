"""Matching glossary entries in text: tokens, compiled patterns, candidates and
the gates that decide what a candidate does."""
