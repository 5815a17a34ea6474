"""Report and statistics exports carry no live formulas (issue #14, item 7): the annual
report's XLSX and CSV, and a statistics series' CSV, where negative figures stay numbers."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.annual import exports
from reports.series.models import DataPoint, Measure, StatisticsSeries
from tests.factories import OrganisationFactory
from tests.reports import published, supervisor

pytestmark = pytest.mark.django_db

FORMULA_NAME = '=HYPERLINK("http://evil.example/","示例县民政局")'


@pytest.fixture
def report():
    # An organisation name typed by staff becomes the start of the report's title.
    organisation = OrganisationFactory(name=FORMULA_NAME, slug="fx-mzj")
    return published(organisation, supervisor(organisation))


def download(client, report, fmt):
    response = client.get(reverse("reports:download", args=[report.pk, fmt]))
    assert response.status_code == 200
    return response


def test_report_xlsx_writes_a_formula_like_title_as_text(client, report):
    assert report.title.startswith("=")
    book = load_workbook(io.BytesIO(download(client, report, "xlsx").content))
    for sheet in book.worksheets:
        assert sheet["A1"].data_type == "s"
        assert sheet["A1"].value.startswith("'=HYPERLINK(")
        formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
        assert formulas == []
    numbers = [c.value for row in book.worksheets[1].iter_rows() for c in row if c.data_type == "n"]
    assert numbers  # the figures are still numbers
    assert all(isinstance(v, int | float) for v in numbers if v is not None)


def test_report_csv_has_no_formula_like_cell(client, report):
    text = download(client, report, "csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(exports.CSV_HEADER)
    assert not [cell for row in rows for cell in row if cell and cell[0] in "=+@\t\r"]
    assert all(row[5].lstrip("-").replace(".", "", 1).isdigit() for row in rows[1:])


def test_series_csv_quotes_formula_like_headings_and_keeps_negative_figures(client):
    organisation = OrganisationFactory(name="示例县民政局", slug="a-mzj")
    series = StatisticsSeries.objects.create(
        organisation=organisation, slug="dibao", name="城乡最低生活保障情况"
    )
    Measure.objects.create(series=series, key="persons", label="@低保人数", unit="人", sort=0)
    Measure.objects.create(series=series, key="change", label="增减", unit="人", sort=1)
    DataPoint.objects.create(
        series=series,
        year=2025,
        period=1,
        values={"persons": "1000", "change": "-5"},
        is_published=True,
    )
    response = client.get(reverse("statistics:series-csv", args=["a-mzj", "dibao"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][1].startswith("'@低保人数")
    assert rows[1][1:] == ["1000", "-5"]
