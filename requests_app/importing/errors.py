"""How the import reports a problem: by line, in the words of the spreadsheet's user (the
shared kernel.tables errors)."""

from __future__ import annotations

from kernel.tables import ImportFailed, RowError

__all__ = ["ImportFailed", "RowError"]
