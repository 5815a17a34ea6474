"""Reading an import file: the rows of a CSV or of the first sheet of an XLSX, keyed by column.

Raises ImportFailed for a file that cannot be read or whose header row is wrong; the values of
the cells are left as the file holds them, for validation. The reading itself (encodings,
XLSX, the header row) is kernel.tables, shared with the catalogue import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kernel import tables
from requests_app.importing.columns import COLUMNS, HEADERS


def read_table(path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    """Rows of the first sheet (XLSX) or of the CSV, keyed by normalised header.

    Raises ImportFailed for a file that cannot be read or whose header row is wrong.
    """
    return tables.read_table(path, headers=HEADERS, columns=COLUMNS)
