"""kernel.spreadsheet: text a spreadsheet would run as a formula is neutralised, numbers
are not (issue #14, item 7)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from kernel.spreadsheet import csv_writer, safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil.example","点击")', '\'=HYPERLINK("http://evil.example","点击")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("  =1+1", "'  =1+1"),
        ("民发〔2025〕3号", "民发〔2025〕3号"),
        ("a=b", "a=b"),
        ("", ""),
        ("-5", "-5"),
        ("+0.25", "+0.25"),
        ("-1.5e3", "-1.5e3"),
        ("-12%", "-12%"),
        (-5, -5),
        (Decimal("-0.50"), Decimal("-0.50")),
        (None, None),
    ],
)
def test_formula_like_text_is_quoted_and_numbers_stay_numbers(value, expected):
    assert safe_cell(value) == expected


def test_the_csv_writer_neutralises_every_cell_of_every_row():
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["=1+1", -5, "-5"])
    writer.writerows([["@x", "正常文本"], ["+y", 3]])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["'=1+1", "-5", "-5"], ["'@x", "正常文本"], ["'+y", "3"]]
