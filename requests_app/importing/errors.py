"""How the import reports a problem: by line, in the words of the spreadsheet's user."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"第{self.line}行：{self.message}"


class ImportFailed(Exception):
    """The file cannot be imported; ``errors`` say why, by line."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
