"""公众参与情况统计 (/hdjl/cytj/): each feature's year figures side by side per organisation,
with a total line and the same table as CSV; counts only, no submitter's name or contact."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from interaction.statistics import participation
from tests.factories import OrganisationFactory
from tests.interaction.consultations.factories import comment_on, open_consultation
from tests.interaction.interviews import helpers as interviews

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    return (
        OrganisationFactory(name="示例县民政局", slug="cy-mzj", sort_order=1),
        OrganisationFactory(name="示例县财政局", slug="cy-czj", sort_order=2),
    )


def test_the_columns_are_exactly_the_features_figures(orgs):
    year = timezone.localdate().year
    figures = participation.year_figures(organisation_ids=[o.pk for o in orgs], year=year)
    assert list(figures) == list(participation.KEYS)
    assert len(participation.headings()) == len(participation.KEYS) + 1
    assert set(figures.values()) == {0}


def test_lines_per_organisation_and_a_total(orgs):
    mzj, czj = orgs
    year = timezone.localdate().year
    consultation = open_consultation(mzj)
    comment_on(consultation)
    comment_on(consultation)
    event = interviews.live(mzj, interviews.drafter_of(mzj), interviews.chief_of(mzj))
    interviews.ask(event)
    lines = participation.year_lines([mzj, czj], year)
    values = {line.label: dict(zip(participation.KEYS, line.values, strict=True)) for line in lines}
    assert [line.label for line in lines] == ["示例县民政局", "示例县财政局", "合计"]
    assert values["示例县民政局"]["consultations_held"] == 1
    assert values["示例县民政局"]["opinions_received"] == 2
    assert values["示例县民政局"]["questions_received"] == 1
    assert (
        values["示例县民政局"]["interviews_held"]
        == participation.year_figures(organisation_ids=[mzj.pk], year=year)["interviews_held"]
    )
    assert set(values["示例县财政局"].values()) == {0}
    assert values["合计"] == values["示例县民政局"]


def test_the_page_and_its_csv(client, orgs):
    mzj, _ = orgs
    consultation = open_consultation(mzj)
    comment_on(consultation, name="欧阳意见", phone="13900139000")
    year = timezone.localdate().year
    page = client.get(reverse("interaction:participation"), {"year": year}).content.decode()
    assert "公众参与情况统计" in page
    assert "示例县民政局" in page
    assert "合计" in page
    assert "欧阳意见" not in page
    assert "13900139000" not in page
    response = client.get(reverse("interaction:participation-csv"), {"year": year})
    assert response["Content-Disposition"] == f'attachment; filename="hdjl-cytj-{year}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert rows[0] == participation.headings()
    mzj_row = next(r for r in rows if r[0] == "示例县民政局")
    assert mzj_row[1:3] == ["1", "1"]  # one consultation, one opinion
    assert rows[-1][0] == "合计"


def test_a_bad_year_falls_back_to_this_year(client, orgs):
    year = timezone.localdate().year
    for bad in ("abc", "1900", "99999999999999999999"):
        response = client.get(reverse("interaction:participation"), {"year": bad})
        assert response.status_code == 200
        assert f"{year}年意见征集" in response.content.decode()
