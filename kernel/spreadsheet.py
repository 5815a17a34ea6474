"""Cells of CSV and XLSX exports that a spreadsheet cannot run (CSV/formula injection).

A text cell that begins with ``=``, ``+``, ``-`` or ``@`` (or with a tab or carriage return,
which some programs skip before looking) is read by Excel, WPS and LibreOffice as a formula:
a 文号 of ``=HYPERLINK("http://…","点击")`` in the catalogue export would become a live link in
the reader's spreadsheet. Such text is prefixed with a single quote, as OWASP recommends, so it
shows as the text it is. Numbers stay numbers: ``-5`` (an int, a Decimal, or text that is
nothing but a number) is never touched, so statistics keep their negative figures.

Every CSV and XLSX export of the portal writes its cells through ``safe_cell`` (``csv_writer``
does it for CSV).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")


def safe_cell(value: Any) -> Any:
    """``value`` as a cell no spreadsheet evaluates: formula-like text gets a leading quote."""
    if not isinstance(value, str) or not value:
        return value
    head = value.lstrip(" ")
    if not head.startswith(FORMULA_STARTS) and not value.startswith(FORMULA_STARTS):
        return value
    if _NUMBER.fullmatch(value.strip()):
        return value  # a figure such as "-5" or "+0.25": a number, not a formula
    return "'" + value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


class SafeWriter:
    """``csv.writer`` whose every cell goes through ``safe_cell``."""

    def __init__(self, fileobj, **kwargs) -> None:
        self._writer = csv.writer(fileobj, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(fileobj, **kwargs) -> SafeWriter:
    """A CSV writer for exports: like ``csv.writer``, with formula-like text neutralised."""
    return SafeWriter(fileobj, **kwargs)
