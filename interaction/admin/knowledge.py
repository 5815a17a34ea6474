"""Placeholder: filled in by its feature (#16)."""
