"""The 政府网站工作年度报表: who may handle it, the workflow with four eyes, versions, the
admin 填报 page, the public pages and the downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog import roles
from catalog.models import PageView
from reports.annual.downloads.models import StoredDownload
from reports.website import services
from reports.website.models import WebsiteReport, WebsiteReportEvent
from reports.website.template import ENTERED_KEYS, ROWS
from tests.factories import GovernmentFactory, OrganisationFactory, make_staff

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1


def complete_entries() -> dict[str, object]:
    values: dict[str, object] = {}
    for key in ENTERED_KEYS:
        kind = ROWS[key].kind
        values[key] = {"int": 3, "bool": "是", "choice": "政府门户网站", "text": ""}[kind]
    values |= {"weibo_name": "示例县发布", "wechat_name": "示例县政府", "problems_found": 5}
    return values


@pytest.fixture
def government():
    return GovernmentFactory(name="示例县人民政府", slug="wz-gov")


@pytest.fixture
def chief(government):
    return make_staff(role=roles.SUPERVISOR, organisations=[government], username="wz_chief")


@pytest.fixture
def second_chief(government):
    return make_staff(role=roles.SUPERVISOR, organisations=[government], username="wz_chief2")


@pytest.fixture
def draft(chief):
    report = services.create_report(actor=chief, year=YEAR)
    return services.enter_figures(actor=chief, report=report, values=complete_entries())


def publish(report, chief, second_chief):
    frozen = services.freeze(actor=chief, report=report)
    return services.publish(actor=second_chief, report=frozen)


def test_only_a_supervisor_of_a_top_level_organisation_handles_the_report(government):
    department = OrganisationFactory(parent=government)
    department_chief = make_staff(role=roles.SUPERVISOR, organisations=[department])
    officer = make_staff(role=roles.INFO_OFFICER, organisations=[government])
    with pytest.raises(services.WebsiteReportError, match="网站主办单位的主管"):
        services.create_report(actor=department_chief, year=YEAR)
    with pytest.raises(services.WebsiteReportError, match="只有主管"):
        services.create_report(actor=officer, year=YEAR)
    assert not WebsiteReport.objects.exists()


def test_one_report_per_finished_year(chief):
    services.create_report(actor=chief, year=YEAR)
    with pytest.raises(services.WebsiteReportError, match="已存在"):
        services.create_report(actor=chief, year=YEAR)
    with pytest.raises(services.WebsiteReportError, match="已结束的年度"):
        services.create_report(actor=chief, year=YEAR + 1)


def test_wrong_entries_are_refused_whole(chief, draft):
    with pytest.raises(services.InvalidEntries) as refused:
        services.enter_figures(
            actor=chief, report=draft, values={"registered_users": "-3", "columns_new": 2}
        )
    assert list(refused.value.problems) == ["registered_users"]
    draft.refresh_from_db()
    assert draft.entered["columns_new"] == 3  # nothing of the refused entry was saved


def test_freezing_needs_every_entry_and_fixes_the_figures(chief, second_chief):
    report = services.create_report(actor=chief, year=YEAR)
    with pytest.raises(services.WebsiteReportError, match="尚未填报"):
        services.freeze(actor=chief, report=report)
    report = services.enter_figures(actor=chief, report=report, values=complete_entries())
    PageView.objects.create(day=dt.date(YEAR, 5, 1), path="/", count=40)
    report = services.freeze(actor=chief, report=report)
    assert report.snapshot["total_visits"] == 40
    PageView.objects.create(day=dt.date(YEAR, 5, 2), path="/", count=60)  # a late flush
    report = services.publish(actor=second_chief, report=report)
    assert report.snapshot["total_visits"] == 40
    with pytest.raises(services.WebsiteReportError):
        services.enter_figures(actor=chief, report=report, values={"columns_new": 1})


def test_reopening_returns_to_live_figures(chief, draft):
    frozen = services.freeze(actor=chief, report=draft)
    reopened = services.reopen(actor=chief, report=frozen)
    assert (reopened.status, reopened.snapshot, reopened.frozen_by) == ("draft", {}, None)


def test_publishing_takes_a_second_person(chief, second_chief, draft):
    frozen = services.freeze(actor=chief, report=draft)
    with pytest.raises(services.WebsiteReportError, match="双人审核"):
        services.publish(actor=chief, report=frozen)
    # Whoever last entered figures may not publish either.
    services.reopen(actor=second_chief, report=frozen)
    edited = services.enter_figures(actor=second_chief, report=frozen, values={"columns_new": 1})
    frozen = services.freeze(actor=chief, report=edited)
    with pytest.raises(services.WebsiteReportError, match="双人审核"):
        services.publish(actor=second_chief, report=frozen)
    third = make_staff(role=roles.SUPERVISOR, organisations=[frozen_org(chief)])
    published = services.publish(actor=third, report=frozen)
    assert published.status == "published"
    assert published.published_by == third
    actions = list(published.events.values_list("action", flat=True))
    assert actions == ["create", "edit", "freeze", "reopen", "edit", "freeze", "publish"]


def frozen_org(user):
    return user.memberships.first().organisation


def test_corrections_are_new_versions_and_the_old_one_stays_readable(
    client, chief, second_chief, draft
):
    first = publish(draft, chief, second_chief)
    with pytest.raises(services.WebsiteReportError, match="更正说明"):
        services.correct(actor=chief, report=first, change_note=" ")
    second = services.correct(actor=chief, report=first, change_note="更正注册用户数。")
    assert (second.version, second.status, second.entered) == (2, "draft", first.entered)
    assert client.get(reverse("website-report:detail", args=[YEAR])).context["report"] == first
    second = services.enter_figures(actor=chief, report=second, values={"registered_users": 99})
    third = make_staff(role=roles.SUPERVISOR, organisations=[frozen_org(chief)])
    publish(second, second_chief, third)
    page = client.get(reverse("website-report:detail", args=[YEAR]))
    assert page.context["report"].version == 2
    assert "更正注册用户数。" in page.content.decode()
    old = client.get(reverse("website-report:version", args=[YEAR, 1]))
    assert old.status_code == 200
    assert "本报表已更正" in old.content.decode()
    with pytest.raises(services.WebsiteReportError, match="已有更正版本"):
        services.correct(actor=chief, report=first, change_note="再次更正。")
    assert WebsiteReportEvent.objects.filter(action="correct", report=second).exists()


def test_the_public_list_is_newest_first_and_hides_drafts(client, chief, second_chief, draft):
    assert client.get(reverse("website-report:detail", args=[YEAR])).status_code == 404
    assert client.get(reverse("website-report:version", args=[YEAR, 1])).status_code == 404
    publish(draft, chief, second_chief)
    older = services.create_report(actor=chief, year=YEAR - 1)
    older = services.enter_figures(actor=chief, report=older, values=complete_entries())
    publish(older, chief, second_chief)
    services.create_report(actor=chief, year=YEAR - 2)  # a draft: not listed
    page = client.get(reverse("website-report:list"))
    assert [r.year for r in page.context["reports"]] == [YEAR, YEAR - 1]
    detail = client.get(reverse("website-report:detail", args=[YEAR])).content.decode()
    for label in (
        "网站基本信息",
        "独立用户访问总量（单位：个）",
        "留言办理",
        "是否明确网站安全责任人",
    ):
        assert label in detail


def test_downloads_are_the_table_and_are_stored_once(client, chief, second_chief, draft):
    report = publish(draft, chief, second_chief)
    url = reverse("website-report:download", args=[YEAR, 1, "csv"])
    response = client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["section", "group", "key", "label", "value"]
    values = {row[2]: row[4] for row in rows[1:]}
    assert len(values) == len(ROWS)
    assert values["problems_found"] == "5"
    assert values["cases_total"] == "6"  # 自然人 3 + 法人 3
    assert StoredDownload.objects.filter(website_report=report, fmt="csv").count() == 1
    client.get(url)
    assert StoredDownload.objects.filter(website_report=report).count() == 1
    xlsx = client.get(reverse("website-report:download", args=[YEAR, 1, "xlsx"]))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    labels = [sheet.cell(r, 2).value for r in range(3, sheet.max_row + 1)]
    assert "网站总访问量（单位：次）" in labels
    pdf = client.get(reverse("website-report:download", args=[YEAR, 1, "pdf"]))
    assert pdf.status_code in (200, 503)  # 503: no CJK font on this machine
    if pdf.status_code == 200:
        assert pdf.content.startswith(b"%PDF")
    assert client.get(reverse("website-report:download", args=[YEAR, 1, "json"])).status_code == 404


def test_a_draft_has_no_public_download(client, draft):
    url = reverse("website-report:download", args=[YEAR, 1, "csv"])
    assert client.get(url).status_code == 404


def test_the_admin_entry_page_keeps_what_was_typed_and_says_what_is_wrong(client, chief, draft):
    client.force_login(chief)
    url = reverse("admin:reports_websitereport_enter", args=[draft.pk])
    assert client.get(url).status_code == 200
    data = dict.fromkeys(ENTERED_KEYS, "") | {
        "site_type": "政府门户网站",
        "registered_users": "abc",
        "problems_found": "2",
        "problems_fixed": "7",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'value="abc"' in text
    assert 'value="7"' in text
    data["registered_users"] = "12"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "问题整改数量不能多于发现问题数量。" in response.content.decode()
    data["problems_fixed"] = "2"
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.entered["registered_users"] == 12
    assert "columns_new" not in draft.entered  # blank clears


def test_the_admin_pages_and_actions(client, chief, second_chief, draft):
    client.force_login(chief)
    change = reverse("admin:reports_websitereport_change", args=[draft.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert "网站总访问量" in page.content.decode()
    client.post(reverse("admin:reports_websitereport_action", args=[draft.pk, "freeze"]))
    client.post(reverse("admin:reports_websitereport_action", args=[draft.pk, "publish"]))
    draft.refresh_from_db()
    assert draft.status == "frozen"  # the same person may not publish
    client.force_login(second_chief)
    client.post(reverse("admin:reports_websitereport_action", args=[draft.pk, "publish"]))
    draft.refresh_from_db()
    assert draft.status == "published"
    download = client.get(reverse("admin:reports_websitereport_download", args=[draft.pk, "xlsx"]))
    assert download.status_code == 200


def test_the_admin_creates_a_report(client, chief):
    client.force_login(chief)
    response = client.post(reverse("admin:reports_websitereport_add"), {"year": str(YEAR)})
    assert response.status_code == 302
    report = WebsiteReport.objects.get()
    assert (report.year, report.entered) == (YEAR, {"site_type": "政府门户网站"})


def test_without_a_cjk_font_the_pdf_answers_a_chinese_page(
    client, chief, second_chief, draft, settings
):
    publish(draft, chief, second_chief)
    settings.REPORT_PDF_FONT = ["/nonexistent/font.ttc"]
    response = client.get(reverse("website-report:download", args=[YEAR, 1, "pdf"]))
    assert response.status_code == 503
    html = response.content.decode()
    assert "<h1>PDF暂不可用</h1>" in html
    assert f'href="/xxgk/wzbb/{YEAR}/v1.xlsx"' in html


def test_the_obligations_calendar_watches_the_website_report_deadline():
    import datetime as dt

    from reports.website.models import deadline_status

    december = deadline_status(dt.date(2026, 12, 6))
    assert [(r["year"], r["due"], r["state"]) for r in december] == [
        (2025, dt.date(2026, 1, 31), "overdue"),
        (2026, dt.date(2027, 1, 31), "open"),
    ]
    assert december[1]["label"] == "56天后到期"
    january = deadline_status(dt.date(2027, 1, 31))
    assert [(r["year"], r["state"]) for r in january] == [(2026, "open")]


def test_a_published_report_shows_as_done_on_the_calendar(client, chief, second_chief, draft):
    from reports.website.models import deadline_status

    publish(draft, chief, second_chief)
    today = dt.date(YEAR + 1, 1, 20)
    [row] = [r for r in deadline_status(today) if r["year"] == YEAR]
    assert row["state"] == "done"
    client.force_login(chief)
    page = client.get(reverse("admin:reports_obligation_calendar")).content.decode()
    assert f"{YEAR}年政府网站工作年度报表" in page
    assert reverse("admin:reports_selfaudit") in page
