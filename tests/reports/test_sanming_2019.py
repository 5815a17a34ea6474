"""Sanming 民政局's 2019 figures end to end (#19): 484 items imported from the old site,
367 工作动态 and 93 公告通知, then the 2019 annual report drafted from them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from catalog import roles
from disclosures.models import Disclosure
from portal.demo.catalogue_file import write_catalogue_file
from reports.annual import exports, figures
from reports.annual.services import create_report
from tests.disclosures.import_helpers import write_map
from tests.factories import OrganisationFactory, make_staff

pytestmark = pytest.mark.django_db


def test_sanming_2019_report_reads_484_367_93(tmp_path):
    org = OrganisationFactory(slug="smmzj", name="三明市民政局")
    chief = make_staff(role=roles.SUPERVISOR, organisations=[org], username="sm-chief")
    counts = {"工作动态": 367, "公告通知": 93, "人事信息": 12, "统计信息": 12}
    path = tmp_path / "sanming-2019.csv"
    assert write_catalogue_file(path, organisation="smmzj", year=2019, counts=counts) == 484
    mapping = write_map(tmp_path / "map.csv", {"公告通知": "通知公告"})
    call_command(
        "import_catalogue", str(path), "--user", "sm-chief", "--column-map", str(mapping),
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    assert Disclosure.objects.filter(organisation=org, published_at__year=2019).count() == 484

    report = create_report(actor=chief, organisation=org, year=2019)
    assert "全年主动公开政府信息484条，其中工作动态367条、通知公告93条" in report.section_overview
    tables = figures.compute(report)
    assert tables.proactive_total == 484
    assert dict(tables.proactive_by_column)["工作动态"] == 367
    assert dict(tables.proactive_by_column)["通知公告"] == 93
    sentence = exports.proactive_sentence(tables)  # printed above Table A (主动公开) on the report
    assert "484条" in sentence
    assert "工作动态367条" in sentence
    assert "通知公告93条" in sentence
