"""A roster's 公示 period follows its organisation's 标准目录 row for the column."""

from __future__ import annotations

import datetime as dt

import pytest

from catalog.models import Category
from disclosures.rosters.services import default_period_end
from tests.disclosures.directory.builders import make_row

pytestmark = pytest.mark.django_db
D = dt.date


def test_without_a_row_the_period_is_seven_calendar_days(org_a):
    cxdb = Category.objects.get(slug="cxdb")
    assert default_period_end(D(2025, 9, 26), "subsistence") == D(2025, 10, 2)
    assert default_period_end(
        D(2025, 9, 26), "subsistence", organisation_id=org_a.pk, category=cxdb
    ) == D(2025, 10, 2)


def test_a_row_saying_seven_working_days_counts_on_the_held_calendar(org_a, org_b):
    make_row(org_a, "公示7个工作日", columns=["cxdb"], item_level2="审核信息")
    cxdb, tkgy = Category.objects.get(slug="cxdb"), Category.objects.get(slug="tkgy")
    # 26 Sep, 28 Sep (Sunday, worked), 29, 30 Sep, then 9, 10 and 11 Oct (Saturday, worked).
    assert default_period_end(
        D(2025, 9, 26), "subsistence", organisation_id=org_a.pk, category=cxdb
    ) == D(2025, 10, 11)
    # Another column, or another organisation's roster, keeps the default.
    assert default_period_end(
        D(2025, 9, 26), "extreme_poverty", organisation_id=org_a.pk, category=tkgy
    ) == D(2025, 10, 2)
    assert default_period_end(
        D(2025, 9, 26), "subsistence", organisation_id=org_b.pk, category=cxdb
    ) == D(2025, 10, 2)


def test_a_row_in_calendar_days_sets_the_length(org_a):
    make_row(org_a, "公示期不少于5日", columns=["lsjz"], item_level2="审核信息")
    lsjz = Category.objects.get(slug="lsjz")
    assert default_period_end(
        D(2026, 2, 13), "temporary", organisation_id=org_a.pk, category=lsjz
    ) == D(2026, 2, 17)


def test_the_import_form_fills_the_end_from_the_row(org_a):
    from catalog import roles
    from disclosures.rosters.admin import RosterImportForm
    from tests.factories import make_staff

    make_row(org_a, "公示7个工作日", columns=["cxdb"], item_level2="审核信息")
    form = RosterImportForm(
        {"organisation": org_a.pk, "kind": "subsistence", "period_start": "2026-02-13"},
        user=make_staff(role=roles.SUPERVISOR, organisations=[org_a]),
    )
    form.is_valid()
    assert form.cleaned_data["period_end"] == D(2026, 2, 28)  # 13, 14, 24–28 Feb
