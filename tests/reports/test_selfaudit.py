"""The self-audit on hand-built data: each check, the vetoes, the dashboard, CSV and the mail."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from catalog import roles
from catalog.models import Category
from disclosures import services
from disclosures.models import Genre
from disclosures.service_guides import services as guide_services
from disclosures.service_guides.models import ServiceGuide
from interaction.models import Mailbox
from interaction.workflow import Category as LetterCategory
from reports.models import (
    BrokenLink,
    BudgetDisclosure,
    LinkCheckRun,
    Obligation,
    SelfAuditMailing,
)
from reports.selfaudit import checks
from tests.disclosures.builders import publish_item, staff_pair
from tests.disclosures.test_guides import fields as guide_fields
from tests.factories import OrganisationFactory, make_staff
from tests.interaction.factories import WRITER_NAME, mailbox_of, make_letter

DASHBOARD = "admin:reports_selfaudit"


def days_ago(n: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=n)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def org(db):
    org = OrganisationFactory(name="测试县民政局", slug="sa-mzj")
    mailbox_of(org)  # a working 领导信箱
    return org


@pytest.fixture
def pair(org):
    return staff_pair(org)


def publish(org, pair, title, *, column="gzdt", age=1, **values):
    author, reviewer = pair
    return publish_item(
        org, author=author, reviewer=reviewer, title=title, column=column,
        publish_at=days_ago(age), **values,
    )  # fmt: skip


def finding(audit, code):
    return next(f for f in audit.result.findings if f.rule.code == code)


def test_home_page_not_updated_for_two_weeks_is_a_veto(org, pair, today):
    assert checks.check_home(org, today).vetoed  # nothing published at all
    publish(org, pair, "三周前的动态", age=21)
    stale = checks.check_home(org, today)
    assert stale.vetoed
    assert stale.pages[0].public_url == org.get_absolute_url()
    publish(org, pair, "本周的动态", age=2)
    assert not checks.check_home(org, today).vetoed


def test_five_empty_columns_are_a_veto_four_are_not(org, pair, today):
    publish(org, pair, "动态", age=1)
    empty = list(Category.objects.filter(slug__in=["cxdb", "tkgy", "lsjz", "yljz"]))
    org.columns.set([Category.objects.get(slug="gzdt"), *empty])
    _, found = checks.check_columns(org, today)
    assert len(found.pages) == 4
    assert not found.vetoed
    org.columns.add(Category.objects.get(slug="hydj"))
    _, found = checks.check_columns(org, today)
    assert found.vetoed
    assert len(found.pages) == 5
    assert "空白栏目达5个" in found.reasons[0]
    assert found.pages[0].admin_url == reverse("admin:disclosures_disclosure_freshness")


def test_a_notice_column_without_update_for_six_months_is_a_veto(org, pair, today):
    org.columns.set(Category.objects.filter(slug__in=["gzdt", "tzgg"]))
    publish(org, pair, "动态", age=1)
    publish(org, pair, "七个月前的通知", column="tzgg", age=215)
    stale, _ = checks.check_columns(org, today)
    assert stale.vetoed
    assert [p.title for p in stale.pages] == [str(Category.objects.get(slug="tzgg"))]
    publish(org, pair, "新通知", column="tzgg", age=3)
    stale, _ = checks.check_columns(org, today)
    assert not stale.vetoed
    assert not stale.pages


def test_a_letter_unanswered_for_more_than_three_months_is_a_veto(org, today):
    make_letter(org, received_on=today - dt.timedelta(days=40))
    assert not checks.check_interaction(org, today).vetoed
    old = make_letter(org, received_on=today - dt.timedelta(days=100))
    found = checks.check_interaction(org, today)
    assert found.vetoed
    assert [p.title for p in found.pages] == [f"来信 {old.number}"]
    assert found.pages[0].admin_url == reverse("admin:interaction_letter_change", args=[old.pk])
    assert WRITER_NAME not in str(found)  # the writer never appears in a finding


def test_no_working_interaction_channel_is_a_veto(org, today):
    assert not checks.check_interaction(org, today).vetoed
    Mailbox.objects.filter(organisation=org).update(is_active=False)
    found = checks.check_interaction(org, today)
    assert found.vetoed
    assert "没有启用的领导信箱" in found.reasons[0]


def test_letters_and_site_error_reports_answered_late(org, today):
    late = make_letter(org, received_on=today - dt.timedelta(days=40))
    make_letter(org, received_on=today)
    error_report = make_letter(
        org, category=LetterCategory.SITE_ERROR, received_on=today - dt.timedelta(days=30)
    )
    letters = checks.check_late_letters(org, today, site_errors=False)
    errors = checks.check_late_letters(org, today, site_errors=True)
    assert [p.title for p in letters.pages] == [f"来信 {late.number}"]
    assert [p.title for p in errors.pages] == [f"来信 {error_report.number}"]
    assert letters.points == 1
    assert errors.points == 1


def test_normative_documents_without_an_interpretation(org, pair, today):
    doc = publish(org, pair, "关于低保标准的通知", column="gfxwj", genre=Genre.NORMATIVE)
    found = checks.check_interpretations(org, today)
    assert [p.title for p in found.pages] == [doc.title]
    assert found.points == 2
    assert found.pages[0].admin_url == reverse("admin:disclosures_disclosure_change", args=[doc.pk])
    publish(org, pair, "图解低保标准", column="zcjd", genre=Genre.INTERPRETATION, interprets=doc)
    assert not checks.check_interpretations(org, today).pages


def test_service_guides_missing_elements(org, pair, today):
    author, reviewer = pair
    guide = guide_services.create_guide(
        actor=author,
        organisation=org,
        fields=guide_fields(),
        steps=[guide_services.Step("申请")],
        materials=[guide_services.Material("身份证", "original", 1, "")],
    )
    services.submit_disclosure(actor=author, disclosure=guide.disclosure)
    services.publish_disclosure(actor=reviewer, disclosure=guide.disclosure)
    assert not checks.check_guides(org).pages
    # an imported guide: no materials, no legal basis
    guide.materials.all().delete()
    ServiceGuide.objects.filter(pk=guide.pk).update(legal_basis=" ")
    found = checks.check_guides(org)
    assert len(found.pages) == 1
    assert found.pages[0].note == "缺少：设定依据、办理材料"
    assert found.pages[0].admin_url.endswith(f"/serviceguide/{guide.pk}/change/")


def test_budgets_not_published_within_twenty_days(org, today):
    BudgetDisclosure.objects.create(
        organisation=org, year=today.year, kind="budget", approved_on=today - dt.timedelta(days=30)
    )
    BudgetDisclosure.objects.create(
        organisation=org,
        year=today.year,
        kind="final",
        approved_on=today - dt.timedelta(days=60),
        published_on=today - dt.timedelta(days=45),
    )
    found = checks.check_budgets(org, today)
    assert len(found.pages) == 1
    assert "尚未公开" in found.pages[0].note


def test_annual_report_missing_is_late(org, today):
    found = checks.check_annual_report(org, today)
    assert len(found.pages) == 1
    assert found.points == 5


def test_overdue_obligations_are_deductions(org, today):
    Obligation.objects.create(
        organisation=org,
        name="城乡低保统计",
        frequency="quarterly",
        months_after=2,
        column=Category.objects.get(slug="cxdb"),
    )
    audit = checks.audit_organisation(org, today=today)
    found = finding(audit, "schedule")
    assert found.pages
    assert found.points == min(10, 2 * len(found.pages))


def test_broken_links_of_the_last_run_count_for_the_organisation(org, today):
    other = OrganisationFactory(name="测试县财政局", slug="sa-czj")
    assert finding(checks.audit_organisation(org, today=today), "links").reasons
    run = LinkCheckRun.objects.create(started_at=timezone.now(), status="done")
    BrokenLink.objects.create(
        run=run, url="https://gone.example/a", internal=False, status=404,
        found_on=["http://testserver/xxgk/xx/1/"], organisation_ids=[org.pk],
    )  # fmt: skip
    BrokenLink.objects.create(
        run=run, url="https://gone.example/b", internal=False, error="无法连接",
        organisation_ids=[other.pk],
    )  # fmt: skip
    found = finding(checks.audit_organisation(org, today=today), "links")
    assert [p.title for p in found.pages] == ["https://gone.example/a"]
    assert found.points == 1


def test_the_score_and_verdict_of_an_organisation(org, pair, today):
    publish(org, pair, "动态", age=1)
    audit = checks.audit_organisation(org, today=today)
    assert not audit.result.vetoes
    assert audit.score == 100 - sum(f.points for f in audit.result.findings)
    make_letter(org, received_on=today - dt.timedelta(days=120))
    audit = checks.audit_organisation(org, today=today)
    assert audit.verdict == "不合格"


# ---------------------------------------------------------------- the dashboard


@pytest.fixture
def other(db):
    return OrganisationFactory(name="测试县财政局", slug="sa-czj")


def test_the_dashboard_shows_a_supervisor_their_organisation_only(client, org, other):
    client.force_login(make_staff(role=roles.SUPERVISOR, organisations=[org]))
    response = client.get(reverse(DASHBOARD))
    assert response.status_code == 200
    html = response.content.decode()
    assert "测试县民政局" in html
    assert "测试县财政局" not in html
    assert "首页长期未更新" in html
    assert "不合格" in html


def test_a_superuser_sees_every_organisation(client, superuser, org, other):
    client.force_login(superuser)
    html = client.get(reverse(DASHBOARD)).content.decode()
    assert "测试县民政局" in html
    assert "测试县财政局" in html


def test_others_may_not_open_the_dashboard(client, org):
    response = client.get(reverse(DASHBOARD))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    client.force_login(make_staff(role=roles.INFO_OFFICER, organisations=[org]))
    assert client.get(reverse(DASHBOARD)).status_code == 403
    assert client.get(reverse("admin:reports_selfaudit_csv")).status_code == 403
    assert client.get(reverse("admin:reports_selfaudit_links_csv")).status_code == 403


def test_the_dashboard_downloads_as_csv(client, org, other, today):
    make_letter(org, received_on=today - dt.timedelta(days=100))
    make_letter(other, received_on=today - dt.timedelta(days=100))
    client.force_login(make_staff(role=roles.SUPERVISOR, organisations=[org]))
    response = client.get(reverse("admin:reports_selfaudit_csv"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("机构,得分,结论,类别,检查项")
    assert any("互动回应差" in line and "来信" in line for line in lines)
    assert "测试县财政局" not in text
    assert WRITER_NAME not in text


def test_broken_links_download_is_scoped(client, org, other):
    run = LinkCheckRun.objects.create(started_at=timezone.now(), status="done")
    BrokenLink.objects.create(run=run, url="https://a.example/", internal=False, status=404,
                              organisation_ids=[org.pk])  # fmt: skip
    BrokenLink.objects.create(run=run, url="https://b.example/", internal=False, status=500,
                              organisation_ids=[other.pk])  # fmt: skip
    client.force_login(make_staff(role=roles.SUPERVISOR, organisations=[org]))
    assert "失效链接 1 个" in client.get(reverse(DASHBOARD)).content.decode()
    text = client.get(reverse("admin:reports_selfaudit_links_csv")).content.decode("utf-8-sig")
    assert "https://a.example/" in text
    assert "https://b.example/" not in text


# ---------------------------------------------------------------- the weekly mail


def test_the_weekly_mail_goes_to_supervisors_once_a_week(org, other, today, settings):
    settings.PORTAL_URL = "https://gk.example.gov.cn"
    boss = make_staff(role=roles.SUPERVISOR, organisations=[org], username="sa-boss")
    boss.email = "boss@example.gov.cn"
    boss.save()
    officer = make_staff(role=roles.INFO_OFFICER, organisations=[org], username="sa-officer")
    officer.email = "officer@example.gov.cn"
    officer.save()
    make_letter(org, received_on=today - dt.timedelta(days=100))

    call_command("send_self_audit", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["boss@example.gov.cn"]
    assert "测试县民政局" in message.subject
    assert "不合格" in message.subject
    assert "互动回应差" in message.body
    assert "单项否决项（" in message.body
    assert "https://gk.example.gov.cn/admin/reports/linkcheckrun/selfaudit/" in message.body
    assert WRITER_NAME not in message.body
    assert SelfAuditMailing.objects.filter(organisation=org).count() == 1
    assert SelfAuditMailing.objects.get(organisation=other).recipients == 0

    call_command("send_self_audit", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1  # same ISO week: nothing sent
    call_command("send_self_audit", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 2
    assert SelfAuditMailing.objects.filter(organisation=org).count() == 1
