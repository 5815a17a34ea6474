"""The staff side of annual reports through the admin and the test client.

Every state change is a POST → redirect → state and event changed; refused actions become form
errors or messages, never a 500. Dates: reports for 2025 (deadlines already past) and for the
current year (deadlines still ahead), so the dashboard shows every state.
"""

from __future__ import annotations

import datetime as dt
import html
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from catalog import roles
from reports.annual import services
from reports.models import AnnualReport
from requests_app.outcomes import Outcome
from tests.factories import GovernmentFactory, OrganisationFactory, make_staff
from tests.reports import finish_texts
from tests.reports.test_figures import MARCH, caseworker, close_as, receive

pytestmark = pytest.mark.django_db

D = dt.date
THIS_YEAR = timezone.localdate().year


@pytest.fixture
def supervisor(org_a):
    return make_staff(role=roles.SUPERVISOR, organisations=[org_a])


@pytest.fixture
def staff_client(client, supervisor):
    client.force_login(supervisor)
    return client


@pytest.fixture
def report(org_a, supervisor):
    report = services.create_report(actor=supervisor, organisation=org_a, year=2025)
    return finish_texts(report, supervisor)


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def add_url() -> str:
    return reverse("admin:reports_annualreport_add")


def change_url(report) -> str:
    return reverse("admin:reports_annualreport_change", args=[report.pk])


def action_url(report, action: str) -> str:
    return reverse("admin:reports_annualreport_action", args=[report.pk, action])


def correct_url(report) -> str:
    return reverse("admin:reports_annualreport_correct", args=[report.pk])


def dashboard_url() -> str:
    return reverse("admin:reports_annualreport_dashboard")


class _FormFields(HTMLParser):
    """The name and current value of every field of the page's forms, as a browser sends them."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value") or ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_fields(response) -> dict[str, str]:
    parser = _FormFields()
    parser.feed(response.content.decode())
    return parser.fields


def post_change_form(client, report, data):
    """GET the change page and post its form back as a browser would, with ``data`` filled in."""
    page = client.get(change_url(report))
    assert page.status_code == 200
    fields = form_fields(page)
    unknown = set(data) - set(fields)
    assert not unknown, f"the page has no fields {unknown}"
    return client.post(change_url(report), {**fields, **data, "_save": "保存"})


# --------------------------------------------------------------------------- create


def test_the_add_form_creates_a_draft_with_texts_from_the_figures(staff_client, org_a):
    close_as(caseworker(org_a), receive(org_a, MARCH), Outcome.DISCLOSE)
    response = staff_client.post(
        add_url(), {"organisation": org_a.pk, "year": 2025, "scope": "department", "_save": "保存"}
    )
    assert response.status_code == 302
    report = AnnualReport.objects.get(organisation=org_a, year=2025)
    assert report.status == AnnualReport.Status.DRAFT
    assert "全年新收政府信息公开申请1件" in report.section_overview
    assert list(report.events.values_list("action", flat=True)) == ["create"]


def test_the_add_form_offers_only_the_supervisors_own_organisations(staff_client, org_a, org_b):
    page = text_of(staff_client.get(add_url()))
    assert org_a.name in page
    assert org_b.name not in page
    response = staff_client.post(
        add_url(), {"organisation": org_b.pk, "year": 2025, "scope": "department", "_save": "保存"}
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in text_of(response)
    assert not AnnualReport.objects.exists()


def test_adding_a_report_that_already_exists_is_a_form_error_not_a_server_error(
    staff_client, org_a, report
):
    response = staff_client.post(
        add_url(), {"organisation": org_a.pk, "year": 2025, "scope": "department", "_save": "保存"}
    )
    assert response.status_code == 200
    assert "已存在" in text_of(response)
    assert AnnualReport.objects.count() == 1


def test_adding_a_report_for_a_future_year_is_a_form_error_not_a_server_error(staff_client, org_a):
    response = staff_client.post(
        add_url(),
        {"organisation": org_a.pk, "year": THIS_YEAR + 1, "scope": "department", "_save": "保存"},
    )
    assert response.status_code == 200
    assert "未来年度" in text_of(response)
    assert not AnnualReport.objects.exists()


# --------------------------------------------------------------------------- edit


def test_a_draft_is_edited_through_the_change_form(staff_client, report):
    response = post_change_form(
        staff_client,
        report,
        {
            "section_overview": "2025年，本局认真贯彻落实《条例》。",
            "section_problems": "一是公开内容不够全面。",
            "licensing_decisions": "12",
            "penalty_decisions": "3",
            "coercion_decisions": "1",
            "fee_amount_wan": "1.2345",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.section_overview == "2025年，本局认真贯彻落实《条例》。"
    assert report.section_problems == "一是公开内容不够全面。"
    assert (report.licensing_decisions, report.penalty_decisions, report.coercion_decisions) == (
        12,
        3,
        1,
    )
    assert str(report.fee_amount_wan) == "1.2345"
    assert list(report.events.values_list("action", flat=True)) == ["create", "edit", "edit"]


@pytest.mark.parametrize(
    ("typed", "error"),
    [("-1", "确保该值大于或等于0"), ("一万", "输入一个数字"), ("1.23456", "4")],
)
def test_an_invalid_fee_amount_is_a_chinese_form_error_and_keeps_the_typed_value(
    staff_client, report, typed, error
):
    response = post_change_form(
        staff_client, report, {"fee_amount_wan": typed, "licensing_decisions": "7"}
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "errorlist" in page
    assert error in page.replace(" ", "")
    assert form_fields(response)["fee_amount_wan"] == typed
    assert form_fields(response)["licensing_decisions"] == "7"
    report.refresh_from_db()
    assert report.fee_amount_wan == 0
    assert report.licensing_decisions == 0


def test_a_frozen_report_shows_its_fields_read_only(staff_client, supervisor, report):
    services.freeze(actor=supervisor, report=report)
    fields = form_fields(staff_client.get(change_url(report)))
    assert "section_overview" not in fields
    assert "fee_amount_wan" not in fields


# --------------------------------------------------------------------------- actions


def test_the_change_page_offers_the_actions_of_the_current_state(staff_client, supervisor, report):
    page = text_of(staff_client.get(change_url(report)))
    assert action_url(report, "freeze") in page
    assert action_url(report, "publish") not in page
    services.freeze(actor=supervisor, report=report)
    page = text_of(staff_client.get(change_url(report)))
    assert action_url(report, "publish") in page
    assert action_url(report, "reopen") in page
    assert action_url(report, "freeze") not in page


def test_the_freeze_and_publish_buttons_change_the_state(staff_client, supervisor, report):
    response = staff_client.post(action_url(report, "freeze"))
    assert response.status_code == 302
    assert response["Location"] == change_url(report)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.FROZEN
    assert report.snapshot["table_b"]["new"]["total"] == 0

    response = staff_client.post(action_url(report, "publish"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.PUBLISHED
    assert report.published_by == supervisor
    assert any(m.startswith("已发布") for m in messages_of(response))
    assert list(report.events.values_list("action", flat=True)) == [
        "create",
        "edit",
        "freeze",
        "publish",
    ]


def test_the_reopen_button_returns_a_frozen_report_to_draft(staff_client, supervisor, report):
    services.freeze(actor=supervisor, report=report)
    response = staff_client.post(action_url(report, "reopen"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT


def test_publishing_a_draft_is_refused_with_a_message(staff_client, report):
    response = staff_client.post(action_url(report, "publish"))
    assert response.status_code == 302
    assert any("须先锁定" in m for m in messages_of(response))
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT


def test_publishing_a_table_that_breaks_a_rule_shows_the_problem(staff_client, supervisor, report):
    report = services.freeze(actor=supervisor, report=report)
    snapshot = report.snapshot
    snapshot["table_b"]["new"]["research"] = 2
    snapshot["table_b"]["new"]["total"] = 2
    AnnualReport.objects.filter(pk=report.pk).update(snapshot=snapshot)

    response = staff_client.post(action_url(report, "publish"), follow=True)

    assert response.status_code == 200
    page = text_of(response)
    assert "不能发布" in page
    assert "“科研机构”列：第一项加第二项（2）不等于第三项加第四项（0）" in page
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.FROZEN


def test_an_action_needs_a_post(staff_client, report):
    assert staff_client.get(action_url(report, "freeze")).status_code == 403
    assert staff_client.post(action_url(report, "delete")).status_code == 403
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT


def test_the_change_page_of_a_published_report_links_to_its_public_page(
    staff_client, supervisor, report
):
    services.publish(actor=supervisor, report=services.freeze(actor=supervisor, report=report))
    response = staff_client.get(change_url(report))
    assert response.status_code == 200
    assert "查看公开页面" in text_of(response)


# --------------------------------------------------------------------------- correct


def test_the_correct_view_starts_a_new_version_with_the_change_note(
    staff_client, supervisor, report
):
    v1 = services.publish(actor=supervisor, report=services.freeze(actor=supervisor, report=report))
    page = staff_client.get(correct_url(v1))
    assert page.status_code == 200
    assert "更正说明" in text_of(page)

    empty = staff_client.post(correct_url(v1), {"change_note": ""})
    assert empty.status_code == 200
    assert "errorlist" in text_of(empty)
    assert AnnualReport.objects.count() == 1

    response = staff_client.post(correct_url(v1), {"change_note": "更正第三部分的统计数据。"})
    v2 = AnnualReport.objects.get(supersedes=v1)
    assert response.status_code == 302
    assert response["Location"] == change_url(v2)
    assert v2.version == 2
    assert v2.change_note == "更正第三部分的统计数据。"
    assert v2.status == AnnualReport.Status.DRAFT
    v1.refresh_from_db()
    assert v1.status == AnnualReport.Status.PUBLISHED
    assert list(AnnualReport.objects.current()) == [v1]


def test_a_second_correction_of_the_same_version_is_refused_in_the_form(
    staff_client, supervisor, report
):
    v1 = services.publish(actor=supervisor, report=services.freeze(actor=supervisor, report=report))
    services.correct(actor=supervisor, report=v1, change_note="第一次更正。")
    response = staff_client.post(correct_url(v1), {"change_note": "第二次更正。"})
    assert response.status_code == 200
    assert "已有更正版本" in text_of(response)
    assert AnnualReport.objects.count() == 2


# --------------------------------------------------------------------------- dashboard


@pytest.fixture
def county():
    """A government with four departments, each in a different state for this year."""
    government = GovernmentFactory(name="示例县人民政府", slug="xzf-test")
    departments = {
        key: OrganisationFactory(name=name, slug=f"{key}-test", parent=government)
        for key, name in (
            ("none", "示例县审计局"),
            ("draft", "示例县民政局"),
            ("frozen", "示例县财政局"),
            ("done", "示例县退役军人事务局"),
        )
    }
    return government, departments


def dashboard_rows(client, year: int) -> dict[str, tuple[str, str]]:
    """organisation name -> (deadline, state) as the dashboard shows them."""
    response = client.get(dashboard_url(), {"year": year})
    assert response.status_code == 200
    return {
        row["organisation"].name: (row["deadline"].isoformat(), row["state"])
        for row in response.context["rows"]
    }


def test_the_dashboard_lists_each_organisation_with_its_deadline_and_state(
    client, superuser, county
):
    government, departments = county
    admin = superuser

    def report(org, year, scope="department"):
        report = services.create_report(actor=admin, organisation=org, year=year, scope=scope)
        return finish_texts(report, admin)

    report(departments["draft"], THIS_YEAR)
    services.freeze(actor=admin, report=report(departments["frozen"], THIS_YEAR))
    done = services.freeze(actor=admin, report=report(departments["done"], THIS_YEAR))
    services.publish(actor=admin, report=done)
    report(government, THIS_YEAR, "government")
    client.force_login(admin)

    rows = dashboard_rows(client, THIS_YEAR)

    department_deadline = D(THIS_YEAR + 1, 1, 31).isoformat()
    assert rows["示例县审计局"] == (department_deadline, "未编制")
    assert rows["示例县民政局"][0] == department_deadline
    assert rows["示例县民政局"][1].startswith("草稿")
    assert rows["示例县财政局"][1].startswith("已锁定")
    assert rows["示例县退役军人事务局"] == (department_deadline, "已发布")
    assert rows["示例县人民政府"][0] == D(THIS_YEAR + 1, 3, 31).isoformat()
    assert rows["示例县人民政府"][1].startswith("草稿")
    page = text_of(client.get(dashboard_url(), {"year": THIS_YEAR}))
    assert f"{THIS_YEAR + 1}-03-31" in page
    assert f"{THIS_YEAR + 1}-01-31" in page


def test_the_dashboard_shows_overdue_reports_of_a_past_year(client, superuser, county):
    _, departments = county
    v1 = services.create_report(actor=superuser, organisation=departments["done"], year=2025)
    v1 = finish_texts(v1, superuser)
    services.publish(actor=superuser, report=services.freeze(actor=superuser, report=v1))
    services.create_report(actor=superuser, organisation=departments["draft"], year=2025)
    client.force_login(superuser)

    rows = dashboard_rows(client, 2025)

    assert rows["示例县审计局"] == ("2026-01-31", "已逾期未发布")
    assert rows["示例县民政局"] == ("2026-01-31", "已逾期未发布")
    assert rows["示例县人民政府"] == ("2026-03-31", "已逾期未发布")
    # Published today, after 31 January: published, and marked as late.
    assert rows["示例县退役军人事务局"][1].startswith("已发布")
    assert "逾期发布" in rows["示例县退役军人事务局"][1]


def test_a_pending_correction_does_not_hide_the_published_report_on_the_dashboard(
    client, superuser, county
):
    _, departments = county
    v1 = services.create_report(actor=superuser, organisation=departments["done"], year=2025)
    v1 = finish_texts(v1, superuser)
    v1 = services.publish(actor=superuser, report=services.freeze(actor=superuser, report=v1))
    services.correct(actor=superuser, report=v1, change_note="更正数据。")
    client.force_login(superuser)

    state = dashboard_rows(client, 2025)["示例县退役军人事务局"][1]

    assert state.startswith("已发布")


def test_a_supervisor_sees_only_their_own_organisation_on_the_dashboard(staff_client, org_a, org_b):
    rows = dashboard_rows(staff_client, 2025)
    assert set(rows) == {org_a.name}


# --------------------------------------------------------------------------- who may see what


def test_a_supervisor_of_another_organisation_cannot_see_or_act_on_the_report(
    client, org_b, report
):
    stranger = make_staff(role=roles.SUPERVISOR, organisations=[org_b])
    client.force_login(stranger)

    changelist = text_of(client.get(reverse("admin:reports_annualreport_changelist")))
    assert report.title not in changelist
    response = client.get(change_url(report))
    assert response.status_code in {302, 404}
    assert report.section_overview not in text_of(response)
    assert client.post(action_url(report, "freeze")).status_code == 404
    assert client.get(correct_url(report)).status_code == 404
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT


@pytest.mark.parametrize("role", [roles.INFO_OFFICER, roles.CASEWORKER])
def test_staff_without_the_report_permissions_get_403(client, org_a, report, role):
    user = make_staff(role=role, organisations=[org_a])
    client.force_login(user)
    assert client.get(reverse("admin:reports_annualreport_changelist")).status_code == 403
    assert client.get(change_url(report)).status_code == 403
    assert client.get(add_url()).status_code == 403
    assert client.get(dashboard_url()).status_code == 403


@pytest.mark.parametrize("action", ["freeze", "publish"])
def test_an_info_officer_pressing_an_action_gets_403(client, org_a, supervisor, report, action):
    if action == "publish":
        services.freeze(actor=supervisor, report=report)
    before = AnnualReport.objects.get(pk=report.pk).status
    user = make_staff(role=roles.INFO_OFFICER, organisations=[org_a])
    client.force_login(user)
    assert client.post(action_url(report, action)).status_code == 403
    assert AnnualReport.objects.get(pk=report.pk).status == before
