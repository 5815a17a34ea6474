"""CSV exports of disclosures carry no live formulas (issue #14, item 7): the catalogue's
open data (/xxgk/ml.csv) and a 公示名单's CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from disclosures.models import Disclosure
from disclosures.rosters.models import Roster, RosterKind
from tests.disclosures.builders import publish_item, staff_pair
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/","点击查看")'


@pytest.fixture
def organisation():
    return OrganisationFactory(name="测试县民政局", slug="fx-mzj")


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_catalogue_csv_exports_a_formula_like_document_number_as_text(client, organisation):
    author, reviewer = staff_pair(organisation)
    item = publish_item(organisation, author=author, reviewer=reviewer, title="@关于低保的通知")
    # A 文号 as it may have been stored before any check (or by an import).
    Disclosure.objects.filter(pk=item.pk).update(document_number=FORMULA)
    response = client.get(reverse("disclosures:catalogue-export", args=["csv"]))
    text = b"".join(response.streaming_content).decode("utf-8")
    cells = [cell for row in csv_rows(text)[1:] for cell in row]
    assert "'" + FORMULA in cells
    assert "'@关于低保的通知" in cells
    assert not [cell for cell in cells if cell and cell[0] in "=+-@\t\r"]


def test_roster_csv_exports_formula_like_cells_as_text_and_numbers_as_numbers(client, organisation):
    author, reviewer = staff_pair(organisation)
    item = publish_item(organisation, author=author, reviewer=reviewer, title="低保对象公示")
    today = timezone.localdate()
    Roster.objects.create(
        disclosure=item,
        kind=RosterKind.SUBSISTENCE,
        columns=["序号", "户主姓名", "家庭住址", "月保障金额（元）"],
        rows=[["1", "张*三", FORMULA, "-50"], ["2", "李*", "+cmd|' /C calc'!A0", "350"]],
        period_start=today,
        period_end=today + dt.timedelta(days=6),
        supervision_phone="0570-1234567",
        objection_method="书面反映。",
    )
    response = client.get(reverse("disclosures_roster_csv", args=[item.pk]))
    assert response.status_code == 200
    rows = csv_rows(response.content.decode("utf-8"))
    assert rows[1] == ["1", "张*三", "'" + FORMULA, "-50"]
    assert rows[2] == ["2", "李*", "'+cmd|' /C calc'!A0", "350"]
