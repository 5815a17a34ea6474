"""Recurring disclosure obligations: periods, due dates, states, the calendar and linking."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog import roles
from catalog.models import Category
from reports.models import Obligation, ObligationFulfilment
from reports.obligations import rules
from reports.obligations import services as obligation_services
from tests.disclosures.builders import publish_item, staff_pair
from tests.factories import OrganisationFactory, make_staff

D = dt.date


@pytest.mark.parametrize(
    ("frequency", "day", "key", "label", "start", "end"),
    [
        ("quarterly", D(2026, 5, 15), "2026-Q2", "2026年第二季度", D(2026, 4, 1), D(2026, 6, 30)),
        (
            "quarterly",
            D(2025, 12, 31),
            "2025-Q4",
            "2025年第四季度",
            D(2025, 10, 1),
            D(2025, 12, 31),
        ),
        ("monthly", D(2024, 2, 10), "2024-02", "2024年2月", D(2024, 2, 1), D(2024, 2, 29)),
        ("half_yearly", D(2026, 7, 1), "2026-H2", "2026年下半年", D(2026, 7, 1), D(2026, 12, 31)),
        ("yearly", D(2025, 3, 3), "2025", "2025年度", D(2025, 1, 1), D(2025, 12, 31)),
    ],
)
def test_period_containing_a_day(frequency, day, key, label, start, end):
    period = rules.period_containing(frequency, day)
    assert (period.key, period.label, period.start, period.end) == (key, label, start, end)


@pytest.mark.parametrize(
    ("frequency", "day", "months_after", "due"),
    [
        # 社会救助 statistics: by the end of the second month of the next quarter
        ("quarterly", D(2025, 11, 1), 2, D(2026, 2, 28)),  # Q4 2025 → end of February 2026
        ("quarterly", D(2026, 2, 1), 2, D(2026, 5, 31)),  # Q1 2026 → end of May
        ("quarterly", D(2023, 11, 1), 2, D(2024, 2, 29)),  # leap year
        ("yearly", D(2025, 6, 1), 1, D(2026, 1, 31)),  # 年报 by 31 January
        ("monthly", D(2026, 12, 5), 1, D(2027, 1, 31)),
        ("half_yearly", D(2026, 3, 1), 1, D(2026, 7, 31)),
    ],
)
def test_due_date_is_the_end_of_the_month_after_the_period(frequency, day, months_after, due):
    assert rules.due_date(rules.period_containing(frequency, day), months_after) == due


def test_periods_to_watch_are_the_finished_ones_newest_first():
    watched = rules.periods_to_watch("quarterly", 2, D(2026, 4, 10), count=3)
    assert [p.key for p, _ in watched] == ["2026-Q1", "2025-Q4", "2025-Q3"]
    assert [due for _, due in watched] == [D(2026, 5, 31), D(2026, 2, 28), D(2025, 11, 30)]


@pytest.mark.parametrize(
    ("today", "fulfilled", "state"),
    [
        (D(2026, 5, 1), False, rules.State.OPEN),
        (D(2026, 5, 20), False, rules.State.DUE_SOON),
        (D(2026, 5, 31), False, rules.State.DUE_SOON),
        (D(2026, 6, 1), False, rules.State.OVERDUE),
        (D(2026, 6, 1), True, rules.State.DONE),
    ],
)
def test_state_of_a_period(today, fulfilled, state):
    assert rules.state_of(D(2026, 5, 31), fulfilled, today) == state


@pytest.fixture
def setup(db):
    org = OrganisationFactory(name="测试县民政局", slug="ob-mzj")
    column = Category.objects.get(slug="cxdb")
    obligation = Obligation.objects.create(
        organisation=org, name="城乡低保统计", frequency="quarterly", months_after=2, column=column
    )
    author, reviewer = staff_pair(org)
    item = publish_item(
        org,
        author=author,
        reviewer=reviewer,
        title="第一季度低保统计",
        column="cxdb",
        publish_at=timezone.now() - dt.timedelta(days=1),
    )
    return org, obligation, item


def test_dashboard_rows_across_a_quarter_boundary(setup):
    org, obligation, item = setup
    today = D(2026, 6, 5)  # Q1 due 31 May (overdue), Q4 2025 due 28 Feb (overdue)
    rows = obligation_services.dashboard_rows([org], today=today)
    states = {row.period.key: row.state for row in rows}
    assert states["2026-Q1"] == rules.State.OVERDUE
    ObligationFulfilment.objects.create(
        obligation=obligation, period_key="2026-Q1", disclosure=item
    )
    states = {r.period.key: r.state for r in obligation_services.dashboard_rows([org], today=today)}
    assert states["2026-Q1"] == rules.State.DONE
    assert states["2025-Q4"] == rules.State.OVERDUE


def test_only_published_items_of_the_same_organisation_fulfil(setup):
    org, obligation, item = setup
    other = OrganisationFactory(name="测试县财政局", slug="ob-czj")
    author, reviewer = staff_pair(other, prefix="o")
    foreign = publish_item(other, author=author, reviewer=reviewer, title="别的机构", column="cxdb")
    supervisor = make_staff(role=roles.SUPERVISOR, organisations=[org])
    with pytest.raises(obligation_services.ObligationError):
        obligation_services.record_fulfilment(
            actor=supervisor, obligation=obligation, period_key="2026-Q1", disclosure=foreign
        )
    obligation_services.record_fulfilment(
        actor=supervisor, obligation=obligation, period_key="2026-Q1", disclosure=item
    )
    with pytest.raises(obligation_services.ObligationError):
        obligation_services.record_fulfilment(
            actor=supervisor, obligation=obligation, period_key="2026-Q1", disclosure=item
        )


def test_recording_a_fulfilment_needs_the_permission_not_only_the_organisation(setup):
    org, obligation, item = setup
    caseworker = make_staff(role=roles.CASEWORKER, organisations=[org])
    with pytest.raises(obligation_services.ObligationError, match="权限"):
        obligation_services.record_fulfilment(
            actor=caseworker, obligation=obligation, period_key="2026-Q1", disclosure=item
        )
    assert not ObligationFulfilment.objects.exists()
    officer = make_staff(role=roles.INFO_OFFICER, organisations=[org])
    done = obligation_services.record_fulfilment(
        actor=officer, obligation=obligation, period_key="2026-Q1", disclosure=item
    )
    assert done.recorded_by == officer


def test_calendar_and_fulfil_pages(client, setup):
    org, obligation, item = setup
    client.force_login(make_staff(role=roles.SUPERVISOR, organisations=[org]))
    html = client.get(reverse("admin:reports_obligation_calendar")).content.decode()
    assert "城乡低保统计" in html
    assert "登记已公开" in html
    assert "部门预算、决算批复后20日内公开：无超期" in html
    assert reverse("admin:reports_annualreport_dashboard") in html
    period = rules.periods_to_watch("quarterly", 2, timezone.localdate())[0][0]
    url = reverse("admin:reports_obligation_fulfil", args=[obligation.pk, period.key])
    assert "第一季度低保统计" in client.get(url).content.decode()
    response = client.post(url, {"disclosure": item.pk})
    assert response.status_code == 302
    assert ObligationFulfilment.objects.filter(
        obligation=obligation, period_key=period.key
    ).exists()


def test_other_organisations_staff_cannot_see_the_obligation(client, setup):
    _org, obligation, _item = setup
    other = OrganisationFactory(name="测试县财政局", slug="ob-czj2")
    client.force_login(make_staff(role=roles.SUPERVISOR, organisations=[other]))
    html = client.get(reverse("admin:reports_obligation_calendar")).content.decode()
    assert "城乡低保统计" not in html
    url = reverse("admin:reports_obligation_fulfil", args=[obligation.pk, "2026-Q1"])
    assert client.get(url).status_code == 404
