"""Staff edit the 标准目录 in the admin: the 公开时限 is checked as typed, choosers are scoped."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from catalog import roles
from catalog.models import Category
from disclosures.directory.models import DirectoryRow
from reports.models import Obligation
from tests.factories import make_staff

pytestmark = pytest.mark.django_db
ADD = "admin:disclosures_directoryrow_add"


def form_data(org, **overrides):
    data = {
        "organisation": str(org.pk),
        "domain": "社会救助",
        "domain_order": "1",
        "sort_order": "10",
        "item_level1": "统计信息",
        "item_level2": "城乡低保统计数据",
        "content": "保障人数、保障标准、资金支出",
        "basis": "《社会救助暂行办法》",
        "time_limit": "每季度结束后次季度第二个月底前",
        "subject": "县民政局",
        "channels": ["website", "notice_board"],
        "audience": "public",
        "mode": "proactive",
        "levels": ["county"],
        "five_open": "result",
        "columns": [str(Category.objects.get(slug="cxdb").pk)],
    }
    data.update(overrides)
    return data


def test_an_unreadable_time_limit_is_refused_and_what_was_typed_is_kept(client, org_a):
    client.force_login(make_staff(role=roles.SUPERVISOR, organisations=[org_a]))
    response = client.post(reverse(ADD), form_data(org_a, time_limit="尽快公开"))
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "无法识别公开时限“尽快公开”" in page
    assert "可识别的公开时限写法" in page
    assert 'value="尽快公开"' in page
    assert "保障人数、保障标准、资金支出" in page
    assert not DirectoryRow.objects.exists()


def test_a_quarterly_row_saved_in_the_admin_becomes_an_obligation(client, org_a):
    client.force_login(make_staff(role=roles.SUPERVISOR, organisations=[org_a]))
    response = client.post(reverse(ADD), form_data(org_a))
    assert response.status_code == 302
    row = DirectoryRow.objects.get()
    assert (row.rule_kind, row.rule_frequency, row.rule_months_after) == (
        "periodic",
        "quarterly",
        2,
    )
    assert row.channels == ["website", "notice_board"]
    obligation = Obligation.objects.get(directory_row=row)
    assert (obligation.name, obligation.column.slug, obligation.is_active) == (
        "城乡低保统计数据", "cxdb", True,
    )  # fmt: skip

    change = reverse("admin:disclosures_directoryrow_change", args=[row.pk])
    response = client.post(change, form_data(org_a, time_limit="公示7个工作日"))
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.is_active is False


def test_a_row_needs_a_channel_and_a_level(client, org_a):
    client.force_login(make_staff(role=roles.SUPERVISOR, organisations=[org_a]))
    response = client.post(reverse(ADD), form_data(org_a, channels=[], levels=[]))
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"channels", "levels"}


def test_another_departments_organisation_is_not_offered_nor_accepted(client, org_a, org_b):
    client.force_login(make_staff(role=roles.SUPERVISOR, organisations=[org_b]))
    page = html.unescape(client.get(reverse(ADD)).content.decode())
    assert "测试县民政局" not in page
    response = client.post(reverse(ADD), form_data(org_a))
    assert response.status_code == 200
    assert "organisation" in response.context["adminform"].form.errors
    assert not DirectoryRow.objects.exists()


def test_an_information_officer_reads_but_does_not_edit(client, org_a):
    client.force_login(make_staff(role=roles.INFO_OFFICER, organisations=[org_a]))
    assert client.get(reverse("admin:disclosures_directoryrow_changelist")).status_code == 200
    assert client.get(reverse(ADD)).status_code == 403
