"""Every write of a 统计数据 series leaves a SeriesEvent (who, when, what), and the admin writes
data points only through reports.series.services."""

from __future__ import annotations

import ast
import html
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError
from django.urls import reverse

from catalog import roles
from reports.series import admin as series_admin
from reports.series import services as series_services
from reports.series.importer import MeasureSpec, parse_rows
from reports.series.models import DataPoint, Measure, SeriesEvent, StatisticsSeries
from tests.factories import OrganisationFactory, make_staff

SPECS = [MeasureSpec("persons", "低保人数", "人", 0)]
HEADER = ("期间", "低保人数（人）")
GRANTED = [
    "view_statisticsseries",
    "change_statisticsseries",
    "view_datapoint",
    "add_datapoint",
    "change_datapoint",
    "delete_datapoint",
]


def make_series(organisation, slug="dibao"):
    series = StatisticsSeries.objects.create(
        organisation=organisation, slug=slug, name="城乡最低生活保障情况"
    )
    Measure.objects.create(series=series, key="persons", label="低保人数", unit="人")
    return series


def point(series, year, quarter, persons, published=False):
    return DataPoint.objects.create(
        series=series,
        year=year,
        period=quarter,
        values={"persons": str(persons)},
        is_published=published,
    )


@pytest.fixture
def series(org_a):
    return make_series(org_a)


@pytest.fixture
def officer(org_a):
    user = make_staff(role=roles.INFO_OFFICER, organisations=[org_a])
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="reports", codename__in=GRANTED)
    )
    return user


def events(series) -> list[tuple[str, str, dict]]:
    return [(e.action, e.note, e.data) for e in SeriesEvent.objects.filter(series=series)]


@pytest.mark.django_db
def test_an_import_writes_one_event_naming_its_periods_and_counts(officer, series):
    point(series, 2025, 1, 1)
    result = parse_rows(
        [HEADER, ("2025年第一季度", 1200), ("2025Q2", 1180)], kind="quarter", measures=SPECS
    )
    series_services.import_points(actor=officer, series=series, result=result, publish=True)
    [event] = SeriesEvent.objects.filter(series=series)
    assert (event.actor, event.get_action_display()) == (officer, "导入")
    assert event.note == "新增1期，更新1期，并公开"
    assert event.data == {
        "periods": ["2025年第一季度", "2025年第二季度"],
        "created": 1,
        "updated": 1,
        "published": True,
    }


@pytest.mark.django_db
def test_publishing_writes_one_event_per_series_it_touched(officer, series, org_a):
    other = make_series(org_a, slug="tekun")
    point(series, 2025, 2, 1)
    point(series, 2025, 1, 1)
    point(other, 2024, 4, 1)
    count = series_services.publish_points(actor=officer, points=DataPoint.objects.all())
    assert count == 3
    assert events(series) == [
        ("publish", "公开2期", {"periods": ["2025年第一季度", "2025年第二季度"], "count": 2})
    ]
    assert events(other) == [("publish", "公开1期", {"periods": ["2024年第四季度"], "count": 1})]


@pytest.mark.django_db
def test_a_refused_write_leaves_no_event_and_no_change(series):
    hidden = point(series, 2025, 1, 1)
    stranger = make_staff(role=roles.INFO_OFFICER, organisations=[OrganisationFactory()])
    with pytest.raises(series_services.SeriesError, match="本机构"):
        series_services.publish_points(
            actor=stranger, points=DataPoint.objects.filter(pk=hidden.pk)
        )
    with pytest.raises(series_services.SeriesError):
        series_services.delete_points(actor=stranger, points=DataPoint.objects.all())
    assert not SeriesEvent.objects.exists()
    hidden.refresh_from_db()
    assert not hidden.is_published


@pytest.mark.django_db
def test_entering_and_editing_a_period_in_the_admin_are_logged(client, officer, series):
    client.force_login(officer)
    add_url = reverse("admin:reports_datapoint_add") + f"?series={series.pk}"
    entry = {"series": series.pk, "year": "2025", "period": "1", "m_persons": "1200"}
    assert client.post(add_url, entry).status_code == 302
    saved = DataPoint.objects.get(series=series)
    change_url = reverse("admin:reports_datapoint_change", args=[saved.pk])
    edited = {**entry, "m_persons": "1300", "is_published": "on"}
    assert client.post(change_url, edited).status_code == 302
    saved.refresh_from_db()
    assert (saved.values, saved.is_published) == ({"persons": "1300"}, True)
    assert events(series) == [
        (
            "enter",
            "2025年第一季度",
            {"periods": ["2025年第一季度"], "values": {"persons": "1200"}, "published": False},
        ),
        (
            "edit",
            "2025年第一季度",
            {
                "periods": ["2025年第一季度"],
                "before": {"period": "2025年第一季度", "values": {"persons": "1200"}},
                "values": {"persons": "1300"},
                "published": True,
            },
        ),
    ]
    assert {e.actor for e in SeriesEvent.objects.all()} == {officer}


@pytest.mark.django_db
def test_deleting_periods_in_the_admin_is_logged(client, officer, series):
    first, second = point(series, 2025, 1, 1), point(series, 2025, 2, 2)
    client.force_login(officer)
    response = client.post(
        reverse("admin:reports_datapoint_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not DataPoint.objects.exists()
    assert events(series) == [
        ("delete", "删除2期", {"periods": ["2025年第一季度", "2025年第二季度"], "count": 2})
    ]


@pytest.mark.django_db
def test_the_series_page_shows_its_events_read_only_in_chinese(client, officer, series):
    point(series, 2025, 1, 1)
    series_services.publish_points(actor=officer, points=DataPoint.objects.all())
    client.force_login(officer)
    response = client.get(reverse("admin:reports_statisticsseries_change", args=[series.pk]))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "操作记录" in page
    assert "公开1期" in page
    assert "2025年第一季度" in page
    # Shown, not editable: no input for the event's fields, no way to delete it.
    assert 'name="events-0-note"' not in page
    assert 'name="events-0-action"' not in page
    assert 'name="events-0-DELETE"' not in page


@pytest.mark.django_db
def test_the_database_refuses_an_action_outside_the_list(series):
    with pytest.raises(IntegrityError):
        SeriesEvent.objects.create(series=series, action="rewrite")


def test_the_series_admin_writes_no_model_itself():
    """No .save()/.update()/.delete()/.create() call in reports/series/admin.py: its writes of
    data points go through the services (which log them)."""
    source = Path(series_admin.__file__).read_text(encoding="utf-8")
    calls = [
        (node.lineno, node.func.attr)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"save", "update", "delete", "create", "bulk_create"}
    ]
    assert calls == []
