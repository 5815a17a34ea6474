"""The annual report's use cases (reports.annual.services) against the real database.

Cases are built through requests_app.services (see the builders in test_figures), reports
through reports.annual.services; the only direct write is the snapshot tampering that shows what the
publish check does with a frozen table that breaks a rule.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog import roles
from reports.annual import figures, services
from reports.models import AnnualReport
from requests_app import services as case_services
from requests_app.models import ApplicantType, Channel
from requests_app.outcomes import Outcome
from tests.factories import make_staff
from tests.reports import finish_texts
from tests.reports.test_figures import (
    MARCH,
    applicant,
    caseworker,
    close_as,
    pay_fee_and_answer,
    receive,
)

pytestmark = pytest.mark.django_db

D = dt.date
DEPARTMENT = AnnualReport.Scope.DEPARTMENT
GOVERNMENT = AnnualReport.Scope.GOVERNMENT


@pytest.fixture
def supervisor(org_a):
    return make_staff(role=roles.SUPERVISOR, organisations=[org_a])


@pytest.fixture
def worker(org_a):
    return caseworker(org_a)


def create(supervisor, org, year=2025, **kwargs) -> AnnualReport:
    """A drafted report whose markers the 主管 has replaced (see test_completeness for markers)."""
    report = services.create_report(actor=supervisor, organisation=org, year=year, **kwargs)
    return finish_texts(report, supervisor)


def freeze(supervisor, report) -> AnnualReport:
    return services.freeze(actor=supervisor, report=report)


def publish(supervisor, report) -> AnnualReport:
    return services.publish(actor=supervisor, report=report)


def published(supervisor, org, year=2025) -> AnnualReport:
    return publish(supervisor, freeze(supervisor, create(supervisor, org, year)))


def actions(report) -> list[str]:
    return list(report.events.values_list("action", flat=True))


def two_years_of_cases(org, worker) -> None:
    """2024: 3 new, 1 carried out. 2025: 5 new, 1 carried in, 5 closed, 1 carried out, 1 fee."""
    close_as(worker, receive(org, D(2024, 3, 4)), Outcome.DISCLOSE)
    close_as(worker, receive(org, D(2024, 5, 6)), Outcome.WITHHOLD_SECRET)
    close_as(worker, receive(org, D(2024, 12, 23)), Outcome.PARTIAL, on=D(2025, 1, 14))
    close_as(worker, receive(org, MARCH, ApplicantType.COMMERCIAL), Outcome.DISCLOSE)
    pay_fee_and_answer(worker, receive(org, D(2025, 4, 1)), amount=200)
    close_as(worker, receive(org, D(2025, 5, 6)), Outcome.UNABLE_NOT_HELD)
    close_as(worker, receive(org, D(2025, 6, 3)), Outcome.REFUSE_PETITION)
    receive(org, D(2025, 12, 29))


# --------------------------------------------------------------------------- create


def test_create_report_drafts_each_years_texts_from_that_years_own_figures(
    org_a, supervisor, worker
):
    two_years_of_cases(org_a, worker)

    r2024 = create(supervisor, org_a, 2024)
    r2025 = create(supervisor, org_a, 2025)

    assert r2024.section_overview.startswith("2024年，测试县民政局")
    assert "全年新收政府信息公开申请3件，上年结转0件，办结2件" in r2024.section_overview
    assert "其中予以公开和部分公开1件，结转下年度继续办理1件" in r2024.section_overview
    assert r2025.section_overview.startswith("2025年，测试县民政局")
    assert "全年新收政府信息公开申请5件，上年结转1件，办结5件" in r2025.section_overview
    assert "其中予以公开和部分公开3件，结转下年度继续办理1件" in r2025.section_overview
    assert r2024.section_overview != r2025.section_overview
    assert "2024年" not in r2025.section_overview
    assert r2024.section_other == "本年度未收取信息处理费。"
    assert "发出收费通知1件，应收信息处理费200元，实收200元" in r2025.section_other
    assert r2025.status == AnnualReport.Status.DRAFT
    assert r2025.version == 1
    assert actions(r2025) == ["create", "edit"]


def test_create_report_does_not_copy_the_previous_published_report(org_a, supervisor, worker):
    two_years_of_cases(org_a, worker)
    r2024 = create(supervisor, org_a, 2024)
    services.update_report(
        actor=supervisor, report=r2024, values={"section_overview": "2024年度自行撰写的总体情况。"}
    )
    published_2024 = publish(supervisor, freeze(supervisor, r2024))
    r2025 = create(supervisor, org_a, 2025)
    assert published_2024.section_overview not in r2025.section_overview
    assert "新收政府信息公开申请5件" in r2025.section_overview


def test_a_second_report_for_the_same_year_and_scope_is_refused(org_a, supervisor):
    create(supervisor, org_a, 2025)
    with pytest.raises(services.ReportError, match="已存在"):
        create(supervisor, org_a, 2025)


def test_a_report_for_a_future_year_is_refused(org_a, supervisor):
    with pytest.raises(services.ReportError, match="未来年度"):
        create(supervisor, org_a, timezone.localdate().year + 1)


# --------------------------------------------------------------------------- update


def test_a_draft_can_be_edited_and_each_edit_is_logged(org_a, supervisor):
    report = create(supervisor, org_a)
    report = services.update_report(
        actor=supervisor,
        report=report,
        values={
            "section_overview": "总体情况。",
            "licensing_decisions": 12,
            "fee_amount_wan": Decimal("3.5"),
        },
    )
    report.refresh_from_db()
    assert report.section_overview == "总体情况。"
    assert report.licensing_decisions == 12
    assert report.fee_amount_wan == Decimal("3.5")
    assert actions(report) == ["create", "edit", "edit"]


def test_an_edit_of_a_field_that_is_not_editable_is_refused(org_a, supervisor):
    report = create(supervisor, org_a)
    with pytest.raises(TypeError):
        services.update_report(actor=supervisor, report=report, values={"status": "published"})


def test_a_negative_fee_amount_is_refused(org_a, supervisor):
    report = create(supervisor, org_a)
    with pytest.raises(ValidationError):
        services.update_report(
            actor=supervisor, report=report, values={"fee_amount_wan": Decimal("-1")}
        )


def test_frozen_and_published_reports_cannot_be_edited_until_reopened(org_a, supervisor):
    report = freeze(supervisor, create(supervisor, org_a))
    with pytest.raises(services.ReportError, match="不能修改"):
        services.update_report(actor=supervisor, report=report, values={"section_other": "x"})
    report = services.reopen(actor=supervisor, report=report)
    services.update_report(actor=supervisor, report=report, values={"section_other": "x"})
    report = publish(supervisor, freeze(supervisor, report))
    with pytest.raises(services.ReportError, match="不能修改"):
        services.update_report(actor=supervisor, report=report, values={"section_other": "y"})
    report.refresh_from_db()
    assert report.section_other == "x"


# --------------------------------------------------------------------------- freeze and reopen


def test_a_draft_follows_the_cases_and_a_frozen_report_keeps_its_figures(org_a, supervisor, worker):
    open_case = receive(org_a, MARCH)
    report = create(supervisor, org_a)
    assert figures.tables_of(report).b.value("new") == 1

    receive(org_a, D(2025, 6, 2))
    assert figures.tables_of(report).b.value("new") == 2  # a draft is live

    report = freeze(supervisor, report)
    assert report.status == AnnualReport.Status.FROZEN
    assert report.frozen_at is not None
    frozen = figures.tables_of(report)

    receive(org_a, D(2025, 7, 1))
    close_as(worker, open_case, Outcome.DISCLOSE, on=D(2025, 3, 10))
    report.refresh_from_db()
    assert figures.tables_of(report) == frozen
    assert figures.tables_of(report).b.value("new") == 2
    assert figures.tables_of(report).b.value("disclose") == 0

    report = services.reopen(actor=supervisor, report=report)
    assert report.status == AnnualReport.Status.DRAFT
    assert report.snapshot == {}
    assert figures.tables_of(report).b.value("new") == 3
    assert figures.tables_of(report).b.value("disclose") == 1
    assert actions(report) == ["create", "edit", "freeze", "reopen"]


def test_only_a_draft_can_be_frozen_and_only_a_frozen_report_reopened(org_a, supervisor):
    report = create(supervisor, org_a)
    with pytest.raises(services.ReportError):
        services.reopen(actor=supervisor, report=report)
    report = freeze(supervisor, report)
    with pytest.raises(services.ReportError):
        freeze(supervisor, report)


# --------------------------------------------------------------------------- publish


def test_publishing_a_frozen_report_records_who_and_when(org_a, supervisor, worker):
    two_years_of_cases(org_a, worker)
    report = published(supervisor, org_a)
    assert report.status == AnnualReport.Status.PUBLISHED
    assert report.published_by == supervisor
    assert report.published_at is not None
    assert actions(report) == ["create", "edit", "freeze", "publish"]


def test_the_events_of_a_report_chain_from_one_status_to_the_next(org_a, supervisor, worker):
    two_years_of_cases(org_a, worker)
    report = published(supervisor, org_a)
    edges = [(event.from_status, event.to_status) for event in report.events.all()]
    assert edges == [
        (None, "draft"),
        ("draft", "draft"),
        ("draft", "frozen"),
        ("frozen", "published"),
    ]
    assert edges[-1][1] == report.status


def test_publishing_a_draft_is_refused(org_a, supervisor):
    report = create(supervisor, org_a)
    with pytest.raises(services.ReportError, match="须先锁定"):
        publish(supervisor, report)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT


def test_locking_without_section_one_is_refused(org_a, supervisor):
    report = create(supervisor, org_a)
    report = services.update_report(
        actor=supervisor, report=report, values={"section_overview": "  \n"}
    )
    with pytest.raises(services.ReportBlocked, match="“一、总体情况”尚未填写"):
        freeze(supervisor, report)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT


def test_a_frozen_table_that_breaks_a_rule_blocks_publishing_and_lists_the_problem(
    org_a, supervisor, worker
):
    two_years_of_cases(org_a, worker)
    report = freeze(supervisor, create(supervisor, org_a))
    snapshot = report.snapshot
    snapshot["table_b"]["carried_out"]["natural"] += 1
    snapshot["table_b"]["carried_out"]["total"] += 1
    AnnualReport.objects.filter(pk=report.pk).update(snapshot=snapshot)

    with pytest.raises(services.ReportBlocked) as blocked:
        publish(supervisor, report)

    problems = blocked.value.problems
    assert problems
    assert all(p.blocking for p in problems)
    assert any("“自然人”列" in p.message and "第一项加第二项" in p.message for p in problems)
    assert ("B", "carried_out", "natural") in {cell for p in problems for cell in p.cells}
    assert "自然人" in str(blocked.value)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.FROZEN
    assert "publish" not in actions(report)


def test_a_carry_over_warning_does_not_block_publishing(org_a, supervisor, worker):
    two_years_of_cases(org_a, worker)
    published(supervisor, org_a, 2024)
    # A paper application of 30 December registered only after the 2024 report was published.
    case_services.submit_application(
        organisation=org_a,
        data=applicant(),
        query_password="cx-123456",
        channel=Channel.IN_PERSON,
        received_on=D(2024, 12, 30),
        actor=worker,
        notify=False,
    )
    report = freeze(supervisor, create(supervisor, org_a, 2025))

    problems = services.check(report)
    assert problems
    assert not [p for p in problems if p.blocking]
    assert any("上年结转（2）" in p.message and "结转下年度（1）" in p.message for p in problems)
    assert publish(supervisor, report).status == AnnualReport.Status.PUBLISHED


# --------------------------------------------------------------------------- correct


def test_a_correction_is_a_new_version_and_the_published_one_stays_until_it_is_published(
    org_a, supervisor
):
    v1 = create(supervisor, org_a)
    services.update_report(actor=supervisor, report=v1, values={"licensing_decisions": 10})
    v1 = publish(supervisor, freeze(supervisor, v1))

    v2 = services.correct(
        actor=supervisor,
        report=v1,
        change_note="第二部分行政许可处理决定数量填报有误，由10件更正为12件。",
    )

    assert v2.version == 2
    assert v2.supersedes == v1
    assert v2.status == AnnualReport.Status.DRAFT
    assert v2.change_note.startswith("第二部分行政许可")
    assert v2.licensing_decisions == 10
    assert v2.section_overview == v1.section_overview
    assert actions(v2) == ["correct"]
    v1.refresh_from_db()
    assert v1.status == AnnualReport.Status.PUBLISHED
    assert list(AnnualReport.objects.current().filter(organisation=org_a)) == [v1]

    services.update_report(actor=supervisor, report=v2, values={"licensing_decisions": 12})
    v2 = freeze(supervisor, v2)
    assert list(AnnualReport.objects.current().filter(organisation=org_a)) == [v1]
    v2 = publish(supervisor, v2)

    assert list(AnnualReport.objects.current().filter(organisation=org_a)) == [v2]
    assert set(AnnualReport.objects.published().filter(organisation=org_a)) == {v1, v2}
    v1.refresh_from_db()
    assert v1.status == AnnualReport.Status.PUBLISHED
    assert v1.licensing_decisions == 10
    assert figures.tables_of(v1).a.licensing_decisions == 10
    assert figures.tables_of(v2).a.licensing_decisions == 12
    assert str(v2).endswith("（第2版）")


def test_a_correction_needs_a_note_a_published_report_and_no_earlier_correction(org_a, supervisor):
    draft = create(supervisor, org_a, 2024)
    with pytest.raises(services.ReportError, match="已发布"):
        services.correct(actor=supervisor, report=draft, change_note="更正。")
    v1 = published(supervisor, org_a)
    with pytest.raises(services.ReportError, match="更正说明"):
        services.correct(actor=supervisor, report=v1, change_note="   ")
    services.correct(actor=supervisor, report=v1, change_note="更正数据。")
    with pytest.raises(services.ReportError, match="已有更正版本"):
        services.correct(actor=supervisor, report=v1, change_note="再次更正。")
    assert AnnualReport.objects.filter(organisation=org_a, year=2025).count() == 2


# --------------------------------------------------------------------------- permissions


@pytest.mark.parametrize("role", [roles.INFO_OFFICER, roles.REVIEWER, roles.CASEWORKER])
def test_only_a_supervisor_may_create_a_report(org_a, role):
    user = make_staff(role=role, organisations=[org_a])
    with pytest.raises(services.ReportError, match="只有主管"):
        create(user, org_a)
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("role", [roles.INFO_OFFICER, roles.CASEWORKER])
def test_only_a_supervisor_may_freeze_or_publish(org_a, supervisor, role):
    user = make_staff(role=role, organisations=[org_a])
    report = create(supervisor, org_a)
    with pytest.raises(services.ReportError):
        freeze(user, report)
    report = freeze(supervisor, report)
    with pytest.raises(services.ReportError):
        publish(user, report)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.FROZEN


def test_a_supervisor_of_another_organisation_can_do_nothing_with_the_report(
    org_a, org_b, supervisor
):
    stranger = make_staff(role=roles.SUPERVISOR, organisations=[org_b])
    with pytest.raises(services.ReportError, match="本机关"):
        create(stranger, org_a)
    report = create(supervisor, org_a)
    for action in (
        lambda: services.update_report(
            actor=stranger, report=report, values={"section_other": "x"}
        ),
        lambda: freeze(stranger, report),
    ):
        with pytest.raises(services.ReportError, match="本机关"):
            action()
    report = freeze(supervisor, report)
    with pytest.raises(services.ReportError, match="本机关"):
        publish(stranger, report)
    with pytest.raises(services.ReportError, match="本机关"):
        services.reopen(actor=stranger, report=report)
    report = publish(supervisor, report)
    with pytest.raises(services.ReportError, match="本机关"):
        services.correct(actor=stranger, report=report, change_note="更正。")


# --------------------------------------------------------------------------- government level


def test_a_government_report_aggregates_its_member_organisations(org_a, org_b, worker):
    government = org_a.parent
    head = make_staff(role=roles.SUPERVISOR, organisations=[government])
    close_as(worker, receive(org_a, MARCH), Outcome.DISCLOSE)
    other_worker = caseworker(org_b)
    close_as(other_worker, receive(org_b, MARCH, ApplicantType.COMMERCIAL), Outcome.PARTIAL)
    receive(org_b, D(2025, 12, 29))

    whole = create(head, government, scope=GOVERNMENT)
    assert whole.scope == GOVERNMENT
    assert whole.legal_deadline == D(2026, 3, 31)
    assert figures.tables_of(whole).b.value("new") == 3
    assert "全年新收政府信息公开申请3件" in whole.section_overview
    assert "办结2件" in whole.section_overview

    whole.delete()
    some = create(head, government, scope=GOVERNMENT, members=[org_b])
    tables = figures.tables_of(some)
    assert tables.b.value("new") == 2
    assert tables.b.value("partial", "commercial") == 1
    assert tables.b.value("disclose") == 0
    frozen = freeze(head, some)
    assert frozen.snapshot["table_b"]["new"]["total"] == 2
    assert publish(head, frozen).status == AnnualReport.Status.PUBLISHED


def test_a_department_report_counts_only_its_own_cases(org_a, org_b, supervisor, worker):
    close_as(worker, receive(org_a, MARCH), Outcome.DISCLOSE)
    receive(org_b, MARCH)
    report = create(supervisor, org_a)
    assert report.legal_deadline == D(2026, 1, 31)
    assert figures.tables_of(report).b.value("new") == 1


# --------------------------------------------------------------------------- demo


def test_the_demo_reports_are_built_through_the_services_and_seeded_once():
    from portal.demo import annual_reports as reports_demo
    from portal.demo import applications as requests_demo
    from portal.demo import organisations as catalog_demo

    assert reports_demo.seed() == 0  # nothing to attach reports to yet
    catalog_demo.seed()
    requests_demo.seed()

    assert reports_demo.seed() == 6
    assert reports_demo.seed() == 0

    def versions(slug, year=2025):
        return list(
            AnnualReport.objects.filter(organisation__slug=slug, year=year).order_by("version")
        )

    (mzj_2024,) = versions("mzj", 2024)
    (mzj,) = versions("mzj")
    czj_v1, czj_v2 = versions("czj")
    (tyjrj,) = versions("tyjrj")
    (county,) = versions("xzf")
    published = AnnualReport.Status.PUBLISHED
    assert [r.status for r in (mzj_2024, mzj, czj_v1, czj_v2, tyjrj)] == [published] * 5
    assert county.status == AnnualReport.Status.FROZEN
    assert county.scope == GOVERNMENT
    assert czj_v2.supersedes == czj_v1
    assert "13.65万元" in czj_v2.change_note
    assert figures.tables_of(czj_v2).a.fee_amount_wan == Decimal("13.6500")
    assert figures.tables_of(czj_v1).a.fee_amount_wan == Decimal("12.8000")
    assert set(AnnualReport.objects.current().filter(year=2025)) == {mzj, czj_v2, tyjrj}
    for report in (mzj, czj_v1, tyjrj):
        assert timezone.localdate(report.published_at) <= report.legal_deadline
        assert "[请" not in report.section_overview + report.section_problems
    # The figures are the demo cases': 2025 tables of the three departments add up to the county's.
    county_b = figures.tables_of(county).b
    assert county_b.value("new") == sum(
        figures.tables_of(r).b.value("new") for r in (mzj, czj_v2, tyjrj)
    )
    assert county_b.value("new") > 0
    assert [p for p in services.check(county) if p.blocking] == []
