"""预决算 and “三公”经费: the 20-day rule of 《预算法》第十四条, the public page, the staff gate."""

from __future__ import annotations

import datetime as dt
import html
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from catalog import roles
from reports.series.models import BudgetDisclosure
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

D = dt.date
SVG = "{http://www.w3.org/2000/svg}"
TODAY = timezone.localdate()


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def budget(org, year, kind="budget", *, approved, published, **figures):
    defaults = {
        "abroad": Decimal("0"),
        "vehicle_purchase": Decimal("0"),
        "vehicle_running": Decimal("10.00"),
        "reception": Decimal("3.00"),
    }
    return BudgetDisclosure.objects.create(
        organisation=org,
        year=year,
        kind=kind,
        approved_on=approved,
        published_on=published,
        **{**defaults, **figures},
    )


# --- the 20-day rule --------------------------------------------------------------------------


def test_published_25_days_after_approval_is_late(org_a):
    item = budget(org_a, 2025, approved=D(2025, 2, 1), published=D(2025, 2, 26))
    assert item.gap_days(on=TODAY) == 25
    assert item.is_late(on=TODAY)
    assert list(BudgetDisclosure.objects.late(on=TODAY)) == [item]


def test_published_10_days_after_approval_is_in_time(org_a):
    item = budget(org_a, 2025, approved=D(2025, 2, 1), published=D(2025, 2, 11))
    assert not item.is_late(on=TODAY)
    assert not BudgetDisclosure.objects.late(on=TODAY).exists()


def test_the_twentieth_day_is_still_in_time(org_a):
    item = budget(org_a, 2025, approved=D(2025, 2, 1), published=D(2025, 2, 21))
    assert item.deadline == D(2025, 2, 21)
    assert not item.is_late(on=TODAY)
    assert not BudgetDisclosure.objects.late(on=TODAY).exists()


def test_unpublished_past_20_days_is_late_and_within_them_is_not(org_a):
    overdue = budget(org_a, 2025, approved=TODAY - dt.timedelta(days=21), published=None)
    pending = budget(org_a, 2026, approved=TODAY - dt.timedelta(days=5), published=None)
    assert overdue.is_late(on=TODAY)
    assert not pending.is_late(on=TODAY)
    assert list(BudgetDisclosure.objects.late(on=TODAY)) == [overdue]


def test_totals_split_vehicle_costs(org_a):
    item = budget(
        org_a,
        2025,
        approved=D(2025, 2, 1),
        published=D(2025, 2, 5),
        abroad=Decimal("1.50"),
        vehicle_purchase=Decimal("18.00"),
        vehicle_running=Decimal("12.00"),
        reception=Decimal("3.25"),
    )
    assert item.vehicle_total == Decimal("30.00")
    assert item.total == Decimal("34.75")


def test_database_refuses_negative_figures_and_publication_before_approval(org_a):
    with pytest.raises(IntegrityError):
        budget(org_a, 2025, approved=D(2025, 2, 1), published=None, reception=Decimal("-1"))


def test_database_refuses_publication_before_approval(org_a):
    with pytest.raises(IntegrityError):
        budget(org_a, 2025, approved=D(2025, 2, 1), published=D(2025, 1, 30))


def test_one_budget_per_organisation_year_and_kind(org_a):
    budget(org_a, 2025, approved=D(2025, 2, 1), published=None)
    with pytest.raises(IntegrityError):
        budget(org_a, 2025, approved=D(2025, 2, 3), published=None)


# --- the public page --------------------------------------------------------------------------


@pytest.fixture
def history(org_a):
    return [
        budget(org_a, 2024, approved=D(2024, 2, 1), published=D(2024, 2, 10)),
        budget(
            org_a,
            2024,
            "final",
            approved=D(2025, 8, 1),
            published=D(2025, 8, 10),
            vehicle_running=Decimal("9.40"),
            explanation="公务用车运行费低于预算。",
        ),
        budget(
            org_a,
            2025,
            approved=D(2025, 2, 1),
            published=D(2025, 2, 12),
            vehicle_purchase=Decimal("18.00"),
        ),
        budget(org_a, 2025, "final", approved=TODAY - dt.timedelta(days=3), published=None),
    ]


def test_three_public_page_shows_budget_against_final_per_year(client, history):
    response = client.get(reverse("statistics:three-public", args=["a-mzj"]))
    assert response.status_code == 200
    page = text_of(response)
    assert "测试县民政局“三公”经费预决算" in page
    assert "2025年" in page
    assert "2024年" in page
    assert "31.00" in page  # 2025 budget: 18 + 10 + 3
    assert "12.40" in page  # 2024 final: 9.40 + 3
    assert "尚未公开" in page  # 2025 final not yet published
    assert "公务用车运行费低于预算。" in page
    assert page.index("2025年") < page.index("2024年")


def test_three_public_chart_has_text_alternative_and_one_point_per_published_figure(
    client, history
):
    page = text_of(client.get(reverse("statistics:three-public", args=["a-mzj"])))
    root = ET.fromstring(page[page.index("<svg") : page.index("</svg>") + 6])
    assert "“三公”经费预算与决算" in root.find(f"{SVG}title").text
    assert "2024年至2025年" in root.find(f"{SVG}desc").text
    assert len(root.findall(f".//{SVG}circle")) == 3  # 2 budgets, 1 final
    legend = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "legend"]
    assert legend == ["预算", "决算"]


def test_organisation_without_published_budgets_gets_an_honest_empty_page(client, org_a, org_b):
    budget(org_b, 2025, approved=TODAY, published=None)
    for slug in ("a-mzj", "b-czj"):
        response = client.get(reverse("statistics:three-public", args=[slug]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "暂无“三公”经费预决算信息" in html
        assert "<svg" not in html
    assert client.get(reverse("statistics:three-public", args=["nope"])).status_code == 404


# --- staff ------------------------------------------------------------------------------------


def _staff(org):
    user = make_staff(role=roles.SUPERVISOR, organisations=[org])
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="reports",
            codename__in=[
                "view_budgetdisclosure",
                "change_budgetdisclosure",
                "add_budgetdisclosure",
            ],
        )
    )
    return user


def test_admin_list_flags_late_and_overdue_unpublished(client, org_a):
    budget(org_a, 2024, approved=D(2024, 2, 1), published=D(2024, 2, 26))
    budget(org_a, 2025, approved=D(2025, 2, 1), published=D(2025, 2, 11))
    budget(org_a, 2023, "final", approved=TODAY - dt.timedelta(days=30), published=None)
    client.force_login(_staff(org_a))
    page = text_of(client.get(reverse("admin:reports_budgetdisclosure_changelist")))
    assert "25日（超过20日时限）" in page
    assert "10日" in page
    assert "10日（超过" not in page
    assert "未公开，已过30日（超过20日时限）" in page
    late_only = text_of(
        client.get(reverse("admin:reports_budgetdisclosure_changelist"), {"late": "yes"})
    )
    assert "25日（超过20日时限）" in late_only
    assert "10日" not in late_only


def test_staff_of_another_organisation_cannot_see_or_edit(client, org_a, org_b):
    item = budget(org_a, 2025, approved=D(2025, 2, 1), published=D(2025, 2, 11))
    client.force_login(_staff(org_b))
    listing = text_of(client.get(reverse("admin:reports_budgetdisclosure_changelist")))
    assert "测试县民政局" not in listing
    change = reverse("admin:reports_budgetdisclosure_change", args=[item.pk])
    assert client.get(change).status_code in (302, 404)
    client.post(
        change,
        {
            "organisation": org_b.pk,
            "year": 2025,
            "kind": "budget",
            "approved_on": "2025-02-01",
            "reception": "99",
        },
    )
    item.refresh_from_db()
    assert item.reception == Decimal("3.00")


def test_staff_enter_a_budget_for_their_organisation_only(client, org_a, org_b):
    client.force_login(_staff(org_a))
    data = {
        "year": "2026",
        "kind": "budget",
        "approved_on": "2026-02-09",
        "published_on": "2026-02-18",
        "abroad": "0",
        "vehicle_purchase": "0",
        "vehicle_running": "10.5",
        "reception": "-1",
    }
    add = reverse("admin:reports_budgetdisclosure_add")
    refused = client.post(add, {**data, "organisation": org_a.pk})
    assert refused.status_code == 200
    assert not BudgetDisclosure.objects.exists()
    other = client.post(add, {**data, "organisation": org_b.pk, "reception": "3"})
    assert other.status_code == 200
    assert not BudgetDisclosure.objects.exists()
    ok = client.post(add, {**data, "organisation": org_a.pk, "reception": "3"})
    assert ok.status_code == 302
    assert BudgetDisclosure.objects.get().total == Decimal("13.50")
