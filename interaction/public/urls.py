"""Placeholder: filled in by its feature (#16)."""

urlpatterns: list = []
