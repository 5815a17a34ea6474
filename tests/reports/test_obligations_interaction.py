"""The supervisor's obligations calendar shows the 互动交流 duties: the 采纳情况反馈 a closed
意见征集 owes (overdue in red) and the quarterly 例行新闻发布会; both are in the CSV, and each
supervisor sees their own organisations only."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog import roles
from interaction.consultations.models import Consultation
from interaction.consultations.workflow import Status
from interaction.interviews.models import Interview
from interaction.interviews.quarters import quarter_bounds, quarter_of
from tests.factories import OrganisationFactory, make_staff
from tests.interaction.consultations.factories import open_consultation
from tests.interaction.interviews import helpers as interviews

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory(name="示例县民政局", slug="ob-mzj")


def overdue_consultation(org) -> Consultation:
    today = timezone.localdate()
    consultation = open_consultation(org, starts_on=today, title="示例县养老服务条例（征求意见稿）")
    # Moved back in time behind the services' back: no service opens a consultation in the past.
    Consultation.objects.filter(pk=consultation.pk).update(
        status=Status.CLOSED,
        starts_on=today - dt.timedelta(days=60),
        ends_on=today - dt.timedelta(days=30),
        feedback_due_on=today - dt.timedelta(days=10),
        feedback_due_provisional=False,
    )
    consultation.refresh_from_db()
    return consultation


def held_press_conference(org) -> Interview:
    drafter, chief = interviews.drafter_of(org), interviews.chief_of(org)
    event = interviews.published(
        org, drafter, chief, kind=Interview.Kind.PRESS, topic="第四季度例行新闻发布会"
    )
    # Held an hour ago (the services announce events ahead only).
    start = timezone.now() - dt.timedelta(hours=1)
    Interview.objects.filter(pk=event.pk).update(
        starts_at=start, ends_at=start + dt.timedelta(minutes=30)
    )
    return event


def calendar_page(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("admin:reports_obligation_calendar")).content.decode()


def test_overdue_feedback_and_press_quarters_on_the_calendar(client, org):
    consultation = overdue_consultation(org)
    held_press_conference(org)
    page = calendar_page(client, make_staff(role=roles.SUPERVISOR, organisations=[org]))
    assert "意见征集采纳情况反馈" in page
    assert consultation.title in page
    assert '<strong class="overdue">已逾期</strong>' in page
    today = timezone.localdate()
    assert f"{today.year}年第{'一二三四'[quarter_of(today) - 1]}季度" in page
    assert "第四季度例行新闻发布会" in page
    assert "已召开" in page
    if quarter_of(today) > 1:  # earlier quarters of this year passed without one
        assert "逾期未召开" in page


def test_an_organisation_without_press_conferences_is_not_listed_as_overdue(client, org):
    page = calendar_page(client, make_staff(role=roles.SUPERVISOR, organisations=[org]))
    assert "逾期未召开" not in page
    assert "本年度和上一年度没有召开新闻发布会的记录" in page


def test_the_calendar_csv_holds_every_section(client, org):
    consultation = overdue_consultation(org)
    held_press_conference(org)
    client.force_login(make_staff(role=roles.SUPERVISOR, organisations=[org]))
    response = client.get(reverse("admin:reports_obligation_calendar_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == ["机构", "类别", "事项", "周期", "截止日期", "状态", "已公开的信息"]
    feedback = [r for r in rows if r[1] == "意见征集采纳情况反馈"]
    assert [(r[2], r[4], r[5]) for r in feedback] == [
        (consultation.title, consultation.feedback_due_on.isoformat(), "已逾期")
    ]
    today = timezone.localdate()
    this_quarter = [r for r in rows if r[1] == "例行新闻发布会" and r[5] == "已召开"]
    assert this_quarter[0][4] == quarter_bounds(today.year, quarter_of(today))[1].isoformat()
    assert this_quarter[0][6] == "第四季度例行新闻发布会"


def test_another_organisations_supervisor_sees_neither(client, org):
    consultation = overdue_consultation(org)
    held_press_conference(org)
    other = OrganisationFactory(name="示例县财政局", slug="ob-czj")
    page = calendar_page(client, make_staff(role=roles.SUPERVISOR, organisations=[other]))
    assert consultation.title not in page
    assert "第四季度例行新闻发布会" not in page
    response = client.get(reverse("admin:reports_obligation_calendar_csv"))
    assert consultation.title not in response.content.decode()


def test_staff_without_the_calendar_permission_get_no_csv(client, org):
    client.force_login(make_staff(role=roles.CASEWORKER, organisations=[org]))
    assert client.get(reverse("admin:reports_obligation_calendar_csv")).status_code == 403
